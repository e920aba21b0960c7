/**
 * Word's automatic numbering is not in the document text: it lives in numbering.xml (and in the
 * styles that link to it). To compare a file with automatic numbers against one with literal
 * numbers, we rebuild the number each numbered paragraph shows ('7.4.1', 'a)', 'Annex B').
 */
import { XmlScanner, Tok } from './xml.js';

interface Level {
  start: number;
  fmt: string;
  text: string;
  suff: string;
  isLgl: boolean;
  restart?: number;
}

interface AbstractNum {
  levels: Map<number, Level>;
  styleLink?: string;
  numStyleLink?: string;
}

interface Num {
  abstractId: string;
  startOverrides: Map<number, number>;
  levelOverrides: Map<number, Level>;
}

export interface StyleInfo {
  id: string;
  name: string;
  type: string;
  basedOn?: string;
  numId?: string;
  ilvl?: number;
  /** The style's own run colour ('FFFFFF', 'auto'), when it sets one. */
  color?: string;
  /** The style's own w:vanish (hidden text), when it sets it. */
  vanish?: boolean;
  /** The style's own paragraph shading fill, when it sets one. */
  fill?: string;
}

const onOff = (v: string | undefined) => v !== '0' && v !== 'false' && v !== 'off';

/**
 * Whether text in this paragraph style prints invisibly: hidden (w:vanish), or white on an unshaded
 * paragraph (T.88 (08/2018) carries its old running headers in 4 pt white "head" / "foot" paragraphs),
 * each property inherited along w:basedOn until a style sets it.
 */
export function invisibleStyle(styles: Map<string, StyleInfo>, id: string): boolean {
  const chain: StyleInfo[] = [];
  for (let st = styles.get(id); st && !chain.includes(st); st = st.basedOn ? styles.get(st.basedOn) : undefined) chain.push(st);
  const first = <K extends 'color' | 'vanish' | 'fill'>(k: K) => chain.find((st) => st[k] !== undefined)?.[k];
  const fill = first('fill');
  const unshaded = fill === undefined || /^(auto|FFFFFF)$/i.test(fill);
  return first('vanish') === true || (/^FFFFFF$/i.test(first('color') ?? '') && unshaded);
}

export function parseStyles(xml: string | undefined): { styles: Map<string, StyleInfo>; defaultParagraph?: string } {
  const styles = new Map<string, StyleInfo>();
  let defaultParagraph: string | undefined;
  if (!xml) return { styles };
  const s = new XmlScanner(xml);
  let cur: StyleInfo | undefined;
  for (let t = s.next(); t !== Tok.End; t = s.next()) {
    if (t === Tok.Close) {
      if (s.name === 'w:style') cur = undefined;
      continue;
    }
    switch (s.name) {
      case 'w:style':
        cur = { id: s.attr('w:styleId') ?? '', name: '', type: s.attr('w:type') ?? 'paragraph' };
        if (cur.type === 'paragraph' && (s.attr('w:default') === '1' || s.attr('w:default') === 'true')) defaultParagraph = cur.id;
        styles.set(cur.id, cur);
        break;
      case 'w:name':
        if (cur) cur.name = s.attr('w:val') ?? '';
        break;
      case 'w:basedOn':
        if (cur) cur.basedOn = s.attr('w:val');
        break;
      case 'w:numId':
        if (cur) cur.numId = s.attr('w:val');
        break;
      case 'w:ilvl':
        if (cur) cur.ilvl = Number(s.attr('w:val') ?? 0);
        break;
      case 'w:color':
        if (cur) cur.color = s.attr('w:val');
        break;
      case 'w:vanish':
        if (cur) cur.vanish = onOff(s.attr('w:val'));
        break;
      case 'w:shd':
        if (cur) cur.fill = s.attr('w:fill');
        break;
    }
  }
  for (const st of styles.values()) if (!st.name) st.name = st.id;
  return { styles, defaultParagraph };
}

export interface NumberingDefs {
  abstracts: Map<string, AbstractNum>;
  nums: Map<string, Num>;
}

export function parseNumbering(xml: string | undefined): NumberingDefs {
  const abstracts = new Map<string, AbstractNum>();
  const nums = new Map<string, Num>();
  if (!xml) return { abstracts, nums };
  const s = new XmlScanner(xml);
  let abs: AbstractNum | undefined;
  let num: Num | undefined;
  let lvl: Level | undefined;
  let overrideLevel = -1;
  for (let t = s.next(); t !== Tok.End; t = s.next()) {
    if (t === Tok.Close) {
      if (s.name === 'w:abstractNum') abs = undefined;
      else if (s.name === 'w:num') num = undefined;
      else if (s.name === 'w:lvl') lvl = undefined;
      else if (s.name === 'w:lvlOverride') overrideLevel = -1;
      continue;
    }
    switch (s.name) {
      case 'w:abstractNum':
        abs = { levels: new Map() };
        abstracts.set(s.attr('w:abstractNumId') ?? '', abs);
        break;
      case 'w:num':
        num = { abstractId: '', startOverrides: new Map(), levelOverrides: new Map() };
        nums.set(s.attr('w:numId') ?? '', num);
        break;
      case 'w:abstractNumId':
        if (num) num.abstractId = (s.attr('w:val') ?? '');
        break;
      case 'w:lvlOverride':
        overrideLevel = Number(s.attr('w:ilvl') ?? 0);
        break;
      case 'w:startOverride':
        if (num && overrideLevel >= 0) num.startOverrides.set(overrideLevel, Number((s.attr('w:val') ?? '')));
        break;
      case 'w:lvl': {
        lvl = { start: 1, fmt: 'decimal', text: '', suff: 'tab', isLgl: false };
        const il = Number(s.attr('w:ilvl') ?? 0);
        if (num && overrideLevel >= 0) num.levelOverrides.set(il, lvl);
        else abs?.levels.set(il, lvl);
        break;
      }
      case 'w:start':
        if (lvl) lvl.start = Number((s.attr('w:val') ?? ''));
        break;
      case 'w:numFmt':
        if (lvl) lvl.fmt = (s.attr('w:val') ?? '');
        break;
      case 'w:lvlText':
        if (lvl) lvl.text = (s.attr('w:val') ?? '');
        break;
      case 'w:suff':
        if (lvl) lvl.suff = (s.attr('w:val') ?? '');
        break;
      case 'w:isLgl':
        if (lvl) lvl.isLgl = s.attr('w:val') !== '0' && s.attr('w:val') !== 'false';
        break;
      case 'w:lvlRestart':
        if (lvl) lvl.restart = Number((s.attr('w:val') ?? ''));
        break;
      case 'w:styleLink':
        if (abs) abs.styleLink = (s.attr('w:val') ?? '');
        break;
      case 'w:numStyleLink':
        if (abs) abs.numStyleLink = (s.attr('w:val') ?? '');
        break;
    }
  }
  return { abstracts, nums };
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const t: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [v, s] of t) while (n >= v) { out += s; n -= v; }
  return out;
}

function letters(n: number): string {
  // Word repeats the letter: a..z, aa..zz, aaa...
  if (n <= 0) return String(n);
  const ch = String.fromCharCode(97 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

function format(n: number, fmt: string): string {
  switch (fmt) {
    case 'lowerLetter': return letters(n);
    case 'upperLetter': return letters(n).toUpperCase();
    case 'lowerRoman': return roman(n);
    case 'upperRoman': return roman(n).toUpperCase();
    case 'decimalZero': return n < 10 ? `0${n}` : String(n);
    case 'none': return '';
    default: return String(n);
  }
}

/** Symbol-font bullets are private-use code points; show them as the bullet a reader sees. */
function bulletText(text: string): string {
  return text.replace(/[\uF0B7\uF0A7\uF0FC\uF0D8\uF076\uF06E\uF0A8]/g, '•').replace(/[\uE000-\uF8FF]/g, '•');
}

/**
 * Numbering state for one part (the body): counters per abstract numbering, as Word keeps them
 * (several w:num sharing an abstractNum continue one sequence unless a startOverride restarts it).
 */
export class Numbering {
  private abstracts: Map<string, AbstractNum>;
  private nums: Map<string, Num>;
  private counters = new Map<string, number[]>();
  private seenNum = new Set<string>();

  /** One Numbering per part: counters start afresh, the parsed definitions are shared. */
  constructor(defs: NumberingDefs, private styles: Map<string, StyleInfo>) {
    this.abstracts = defs.abstracts;
    this.nums = defs.nums;
  }

  /** numId/ilvl a paragraph inherits from its style chain when it has no w:numPr of its own. */
  fromStyle(styleId: string | undefined): { numId?: string; ilvl?: number } {
    for (let i = 0, id = styleId; id && i < 20; i++) {
      const st = this.styles.get(id);
      if (!st) break;
      if (st.numId !== undefined) return { numId: st.numId, ilvl: st.ilvl };
      id = st.basedOn;
    }
    return {};
  }

  private abstractFor(numId: string): { absId: string; abs: AbstractNum } | undefined {
    const num = this.nums.get(numId);
    if (!num) return undefined;
    let absId = num.abstractId;
    let abs = this.abstracts.get(absId);
    // numStyleLink: the definition lives in the abstractNum whose styleLink names that style.
    if (abs?.numStyleLink) {
      const st = this.styles.get(abs.numStyleLink);
      const linkedNum = st?.numId ? this.nums.get(st.numId) : undefined;
      if (linkedNum && this.abstracts.get(linkedNum.abstractId)) {
        absId = linkedNum.abstractId;
        abs = this.abstracts.get(absId);
      }
    }
    return abs ? { absId, abs } : undefined;
  }

  /** Advance the counters for a numbered paragraph and return the text Word would show, or undefined. */
  next(numId: string, ilvl: number): { text: string; suffix: string } | undefined {
    if (!numId || numId === '0') return undefined;
    const found = this.abstractFor(numId);
    if (!found) return undefined;
    const { absId, abs } = found;
    const num = this.nums.get(numId)!;
    const level = (l: number) => num.levelOverrides.get(l) ?? abs.levels.get(l);
    const lvl = level(ilvl);
    if (!lvl) return undefined;
    let c = this.counters.get(absId);
    if (!c) {
      c = [];
      this.counters.set(absId, c);
    }
    if (!this.seenNum.has(numId)) {
      this.seenNum.add(numId);
      for (const [l, start] of num.startOverrides) {
        c[l] = start - 1;
        for (let k = l + 1; k < 9; k++) c[k] = undefined as unknown as number;
      }
    }
    c[ilvl] = c[ilvl] === undefined ? lvl.start : c[ilvl] + 1;
    for (let k = ilvl + 1; k < 9; k++) {
      const lk = level(k);
      // Deeper levels restart after a higher level, unless lvlRestart says otherwise (0 = never).
      if (lk?.restart === 0 || (lk?.restart !== undefined && lk.restart - 1 > ilvl)) continue;
      c[k] = undefined as unknown as number;
    }
    let text = lvl.text.replace(/%([1-9])/g, (_m, d: string) => {
      const l = Number(d) - 1;
      const lv = level(l);
      const value = c![l] ?? lv?.start ?? 1;
      return format(value, lvl.isLgl && l !== ilvl ? 'decimal' : lv?.fmt ?? 'decimal');
    });
    if (lvl.fmt === 'bullet') text = bulletText(text);
    const suffix = lvl.suff === 'space' ? ' ' : lvl.suff === 'nothing' ? '' : '\t';
    return { text, suffix };
  }
}
