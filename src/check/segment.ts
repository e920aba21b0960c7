/**
 * Segmentation of a publication into front matter, body (clauses → units) and back matter.
 *
 * Body start: the common-text title block ('INTERNATIONAL STANDARD …', style Rec_No or ISO
 * equivalent). An ITU file has it twice (front-matter block before the Summary, and body page 1),
 * so we take the LAST occurrence that comes before the first clause-1 heading; without a title
 * block the body starts at clause 1. Back matter starts at the ITU back page ('SERIES OF ITU-T
 * RECOMMENDATIONS') or the ISO back page ('ICS …' / 'Price based on … pages').
 */
import type { ReadBlock, ReadDocument, ReadParagraph, ReadTable } from '../reader/index.js';
import { normalise } from './normalize.js';
import { styleRoles, type StyleRole, type StyleRoles } from './roles.js';
import { plural } from '../util/plural.js';

export type UnitKind =
  | 'paragraph'
  | 'note'
  | 'example'
  | 'list item'
  | 'table'
  | 'table title'
  | 'figure title'
  | 'equation'
  | 'footnote'
  | 'obligation'
  | 'subheading';

export interface Unit {
  kind: UnitKind;
  /** Text as read (tables: rows joined by \n, cells by \t). */
  text: string;
  /** Normalised text: what is compared. */
  norm: string;
  /** 'NOTE 2', 'Table 3', 'a)', 'EXAMPLE' … ('' when there is nothing better). */
  label: string;
  /** 1-based position among the units of the same kind in its clause. */
  ordinal: number;
  table?: ReadTable;
  /** Index of the body block the unit comes from. */
  block: number;
}

export interface Clause {
  /** '7.4.1', 'Annex B', 'B.2', 'SECTION 1'; '' for unnumbered headings (Bibliography) and the title block. */
  number: string;
  title: string;
  /** How the clause is named in reports: '7.4.1', 'Annex B', 'Bibliography', 'title block'. */
  label: string;
  /** Alignment key: number and normalised title. */
  key: string;
  level: number;
  /** The heading paragraph as read ('' for the title block). */
  heading: string;
  headingNorm: string;
  units: Unit[];
  block: number;
}

export interface MaskedPart {
  blocks: number;
  summary: string;
}

export interface Segmented {
  frontMatter: MaskedPart;
  /** Unnumbered or clause-0 Introduction found in the front matter: compared like a clause. */
  introduction: Clause[];
  body: Clause[];
  backMatter: MaskedPart;
  /** A supplement's numbering of its instruction headings (GROUP_NUMBER), each publication's own. */
  instructionNumbering?: MaskedPart;
  toc: { entries: number };
  bodyStart: number;
  /** Why the body starts where it does (for the report). */
  bodyStartReason: string;
}

export interface SegmentOptions {
  strictTypography?: boolean;
  /** Style → role map (roles.ts); default: the bundled templates'. */
  styles?: StyleRoles;
}

const TITLE_BLOCK = /^INTERNATIONAL\s+STANDARD\b/i;
// a Recommendation proposed for common publication has only the ITU-T line, in capitals (the cover's "Recommendation ITU-T …" is not one)
const TITLE_BLOCK_ITU = /^RECOMMENDATION\s+ITU-T\s/;
const BACK_PAGE = /^(SERIES OF ITU-T RECOMMENDATIONS|ICS\s+\d|Price based on \d+ pages)/i;
const INTRODUCTION = /^(0\s+)?Introduction$/i;
const ANNEX_TEXT = /^(Annex|Appendix)\s+([A-Z]{1,2}|[IVXL]+)(?=\s|$|\b)/;
const ANNEX_SUB = /^(([A-Z]{1,2}|[IVXL]+)(\.\d+)+)\s/;
const NUMBERED = /^(\d+(\.\d+)*)\.?(\t|\s)/;
const NOTE_LABEL = /^(NOTE(\s+\d+)?)\s*[–—-]/;
const EXAMPLE_LABEL = /^(EXAMPLE(\s+\d+)?)\b/;
const LIST_LABEL = /^(([a-z]|\d{1,2}|[ivx]+)\)|[–•\-])\t/;
// a caption whose style says it is one: its label is what comes before the dash ("Table 3", "Figure A.1"), or all of it
const CAPTION_LABEL = /^(\S+\s+[A-Z]?[\d.\-–]*\d[a-z]?)(?=\s*[–—-]|$)/;

// Fallbacks for DOCX files that commontext did not write: Word's built-in style names and those of
// the ITU and ISO Word templates that our templates do not use (toc 4, Heading_i, Note 2, Annex 3 …).
const TOC_STYLE = /^(toc \d|table of figures|TOC Heading)$/i;
const HEADING_STYLE = /^heading\s*(\d)$/i;
const ANNEX_STYLE = /^(annex|appendix)/i;

function isToc(p: ReadParagraph, role: StyleRole | undefined): boolean {
  return role ? role.toc : TOC_STYLE.test(p.style);
}

interface HeadingInfo {
  number: string;
  title: string;
  level: number;
}

/** Is this paragraph a clause heading? Decided by the style's role, else by style names and ITU annex/section wording. */
export function headingOf(p: ReadParagraph, styles: StyleRoles = styleRoles()): HeadingInfo | undefined {
  return headingWith(p, styles.of(p.style));
}

function headingWith(p: ReadParagraph, role: StyleRole | undefined): HeadingInfo | undefined {
  const text = p.text.replace(/\u00A0/g, ' ').trim();
  if (!text || isToc(p, role)) return undefined;
  // a style our templates name is a heading exactly when its role is one
  if (role) return roleHeading(text, role);
  return styleHeading(text, p.style);
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** "Annex A" + title (two lines, as written, or "Annex A – Title" on one). */
function annexHeading(ls: string[]): HeadingInfo | undefined {
  const first = ls[0] ?? '';
  const annex = ANNEX_TEXT.exec(first);
  if (!annex) return undefined;
  const title = ls.slice(1).join(' ') || first.slice(annex[0].length).replace(/^\s*[–-]\s*/, '');
  return { number: `${annex[1]} ${annex[2]}`, title, level: 1 };
}

function sectionHeading(first: string): HeadingInfo | undefined {
  const m = /^SECTION\s+(\d+)\s*[–-]?\s*(.*)$/i.exec(first);
  return m ? { number: `SECTION ${m[1]}`, title: m[2], level: 0 } : undefined;
}

/** "7.4.1\tTitle" / "A.2\tTitle": the number decides the level. */
function numberedHeading(text: string): HeadingInfo | undefined {
  const n = NUMBERED.exec(text) ?? ANNEX_SUB.exec(text);
  return n ? { number: n[1], title: text.slice(n[0].length).trim(), level: n[1].split('.').length } : undefined;
}

function roleHeading(text: string, role: StyleRole): HeadingInfo | undefined {
  const ls = lines(text);
  const annex = role.annex ? annexHeading(ls) : undefined;
  if (annex) return annex;
  if (role.heading) {
    const section = /^SECTION\s+\d+/.test(ls[0] ?? '') ? sectionHeading(ls[0]) : undefined;
    return section ?? numberedHeading(text) ?? { number: '', title: text, level: role.heading };
  }
  // the Bibliography's title; where annexes share its style, an annex heading has two lines (label, title)
  if (role.unnumbered && (!role.annex || ls.length === 1)) return { number: '', title: text, level: 1 };
  return undefined;
}

function styleHeading(text: string, style: string): HeadingInfo | undefined {
  const h = HEADING_STYLE.exec(style);
  const annexStyle = ANNEX_STYLE.test(style);
  const ls = lines(text);
  const first = ls[0] ?? '';
  const annex = annexStyle || h ? annexHeading(ls) : undefined;
  if (annex) return annex;
  if (/^Section_No/i.test(style) || (h && /^SECTION\s+\d+/.test(first))) {
    const section = sectionHeading(first);
    if (section) return section;
  }
  if (!h && !annexStyle) return undefined;
  const numbered = numberedHeading(text);
  if (numbered) return numbered;
  if (h) return { number: '', title: text, level: Number(h[1]) };
  if (/^(Bibliography|Index)$/i.test(text)) return { number: '', title: text, level: 1 };
  return undefined;
}

type KindAndLabel = { kind: UnitKind; label: string };

function unitKind(p: ReadParagraph, text: string, role: StyleRole | undefined, prev: Unit | undefined): KindAndLabel {
  // ITU indents a note inside a list with the list's style: there the label says it is a note
  const listed = role?.unit === 'list item' && (NOTE_LABEL.test(text) || EXAMPLE_LABEL.test(text));
  if (role?.unit && !listed) return roleUnit(p, text, role, prev);
  return heuristicUnit(p, text);
}

/** The unit a style's role names; the text only supplies the label ("NOTE 2", "Table 3", "a)"). */
function roleUnit(p: ReadParagraph, text: string, role: StyleRole, prev: Unit | undefined): KindAndLabel {
  switch (role.unit) {
    case 'note':
    case 'example':
      return noteUnit(text, role, prev);
    case 'table title':
    case 'figure title':
      return { kind: role.unit, label: CAPTION_LABEL.exec(text)?.[1].replace(/\s+/g, ' ') ?? '' };
    case 'list item':
      return { kind: 'list item', label: p.numberText ?? LIST_LABEL.exec(text)?.[1] ?? '' };
    case 'obligation':
      // the line right under the annex heading; the same style further down is not one (real files centre other lines with it)
      return prev ? heuristicUnit(p, text) : { kind: 'obligation', label: 'obligation line' };
    default:
      return { kind: role.unit!, label: '' };
  }
}

function noteUnit(text: string, role: StyleRole, prev: Unit | undefined): KindAndLabel {
  const example = role.examples ? EXAMPLE_LABEL.exec(text) : null;
  if (example) return { kind: 'example', label: example[1].replace(/\s+/g, ' ') };
  const note = role.unit === 'note' ? NOTE_LABEL.exec(text) : null;
  if (note) return { kind: 'note', label: note[1].replace(/\s+/g, ' ') };
  // a note's second paragraph (or list) has no label of its own: it belongs to the note before it
  if (prev && (prev.kind === 'note' || prev.kind === 'example')) return { kind: prev.kind, label: prev.label };
  return role.unit === 'note' ? { kind: 'note', label: 'NOTE' } : { kind: 'example', label: '' };
}

/** A paragraph of a style our templates do not name (or the body style): told by its text and Word style names. */
function heuristicUnit(p: ReadParagraph, text: string): KindAndLabel {
  const style = p.style;
  let m: RegExpExecArray | null;
  if ((m = NOTE_LABEL.exec(text)) || /^Note/i.test(style)) return { kind: 'note', label: m ? m[1].replace(/\s+/g, ' ') : 'NOTE' };
  if ((m = EXAMPLE_LABEL.exec(text))) return { kind: 'example', label: m[1].replace(/\s+/g, ' ') };
  if (/^\((This (annex|appendix)|This annex is only applicable)/i.test(text)) return { kind: 'obligation', label: 'obligation line' };
  if ((m = /^(Table\s+[A-Z]?[\d.\-–]*\d[a-z]?)\s*[–—-]/.exec(text)) || /^Table_?(No)?Title|^Table_No/i.test(style)) {
    return { kind: 'table title', label: m ? m[1].replace(/\s+/g, ' ') : '' };
  }
  if ((m = /^(Figure\s+[A-Z]?[\d.\-–]*\d[a-z]?)\s*[–—-]/.exec(text)) || /^Fig(ure)?_?(No)?Title|^Figure_No/i.test(style)) {
    return { kind: 'figure title', label: m ? m[1].replace(/\s+/g, ' ') : '' };
  }
  if (/^(Equation|Formula)/i.test(style)) return { kind: 'equation', label: '' };
  if (/^enumlev|^List/i.test(style) || p.numberText !== undefined || /^([a-z]|\d{1,2}|[ivx]+)\)\t|^[–•\-]\t/.test(text)) {
    m = LIST_LABEL.exec(text);
    return { kind: 'list item', label: p.numberText ?? (m ? m[1] : '') };
  }
  if (/^Heading_?i|^Headingb/i.test(style)) return { kind: 'subheading', label: '' };
  return { kind: 'paragraph', label: '' };
}

function tableText(t: ReadTable): string {
  return t.rows.map((r) => r.cells.map((c) => c.text).join('\t')).join('\n');
}

function tableNorm(t: ReadTable, strict: boolean): string {
  return t.rows.map((r) => r.cells.map((c) => normalise(c.text, strict)).join('\t')).join('\n');
}

function isEmpty(b: ReadBlock): boolean {
  if (b.kind === 'paragraph') return b.text.trim() === '' && !b.footnotes?.length;
  return b.rows.every((r) => r.cells.every((c) => c.text.trim() === ''));
}

function blockFirstText(b: ReadBlock): string {
  if (b.kind === 'paragraph') return b.text.trim();
  for (const r of b.rows) for (const c of r.cells) if (c.text.trim()) return c.text.trim();
  return '';
}

function titleBlockHit(b: ReadBlock, styles: StyleRoles): boolean {
  const hit = (p: ReadParagraph) => !!styles.of(p.style)?.titleBlock || titleBlockLine(p.text.trim());
  if (b.kind === 'paragraph') return hit(b);
  return b.rows.some((r) => r.cells.some((c) => c.paragraphs.some(hit)));
}

/** "INTERNATIONAL STANDARD …" in any case; "RECOMMENDATION ITU-T …" in capitals only. */
const titleBlockLine = (text: string) => TITLE_BLOCK.test(text) || TITLE_BLOCK_ITU.test(text);

/** One-line description of a masked stretch of blocks: size and the first few recognisable titles. */
function summarise(blocks: ReadBlock[], what: string, styles: StyleRoles): string {
  const paras = blocks.filter((b) => b.kind === 'paragraph' && b.text.trim()) as ReadParagraph[];
  const tables = blocks.filter((b) => b.kind === 'table').length;
  const titles: string[] = [];
  for (const p of paras) {
    const t = p.text.trim();
    const role = styles.of(p.style);
    if (isToc(p, role)) continue;
    // a title by role, else Word's heading and Title styles, else a line in capitals
    const isTitle = (role?.title || /^(heading|Title)/i.test(p.style) || (t === t.toUpperCase() && /[A-Z]{3}/.test(t))) && t.length <= 60;
    if (isTitle && !titles.includes(t)) titles.push(t.replace(/\s+/g, ' '));
    if (titles.length >= 6) break;
  }
  if (!paras.length && !tables) return `no ${what}`;
  return `${plural(paras.length, 'paragraph')}${tables ? `, ${plural(tables, 'table')}` : ''}${titles.length ? `: ${titles.join(' · ')}` : ''}`;
}

/**
 * A supplement's instruction heading ("1)⇥Clause 6", "1.2)⇥Annex B"; src/supplement/front.ts): its number
 * is each publication's own (ISO prints none; ITU nests the locations under one "1)⇥Changes to …" heading),
 * so the heading is compared by the location it names alone; a heading with numbered headings under it
 * ("1)" before "1.1)") is that publication's own, not compared (`instructionNumbering`).
 */
export const GROUP_NUMBER = /^(\d+(?:\.\d+)*)\)\t/;

/** Whether the group-numbered heading at `i` ("1)") has group-numbered headings under it ("1.1)"): the next one says. */
function wrapsGroups(blocks: ReadBlock[], i: number, number: string): boolean {
  for (let j = i + 1; j < blocks.length; j++) {
    const b = blocks[j];
    const m = b.kind === 'paragraph' ? GROUP_NUMBER.exec(b.text) : null;
    if (m) return m[1] === `${number}.1`;
  }
  return false;
}

/** What a publication numbers of its instruction headings, not compared: the headings over the others, and the numbers. */
export function numberingSummary(wrappers: string[], numbers: string[]): string {
  if (!wrappers.length && !numbers.length) return 'none';
  const range = numbers.length ? `${numbers[0]}${numbers.length > 1 ? `–${numbers[numbers.length - 1]}` : ''}` : '';
  return [...wrappers.map((t) => `"${t.replace(/\s+/g, ' ')}"`), range && `locations numbered ${range}`].filter(Boolean).join(' · ');
}

/** The instruction numbering of a body: its wrapper headings and the numbers of the others. */
function instructionNumbering(blocks: ReadBlock[], styles: StyleRoles): MaskedPart {
  const wrappers: string[] = [];
  const numbers: string[] = [];
  blocks.forEach((b, i) => {
    const m = b.kind === 'paragraph' ? GROUP_NUMBER.exec(b.text) : null;
    if (!m || !headingWith(b as ReadParagraph, styles.of((b as ReadParagraph).style))) return;
    if (wrapsGroups(blocks, i, m[1])) wrappers.push((b as ReadParagraph).text);
    else numbers.push(`${m[1]})`);
  });
  return { blocks: wrappers.length + numbers.length, summary: numberingSummary(wrappers, numbers) };
}

function newClause(h: HeadingInfo, b: ReadParagraph, block: number, strict: boolean, skip = 0): Clause {
  return {
    number: h.number,
    title: h.title,
    label: h.number || h.title,
    key: `${h.number}|${normalise(h.title, false).toLowerCase()}`,
    level: h.level,
    heading: b.text,
    headingNorm: normalise(b.text.slice(skip), strict),
    units: [],
    block,
  };
}

function buildClauses(blocks: ReadBlock[], offset: number, strict: boolean, first: Clause, styles: StyleRoles): Clause[] {
  const clauses: Clause[] = [first];
  let cur = first;
  const counts = new Map<string, number>();
  const push = (u: Omit<Unit, 'ordinal'>) => {
    const k = u.kind;
    const n = (counts.get(k) ?? 0) + 1;
    counts.set(k, n);
    cur.units.push({ ...u, ordinal: n });
  };
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const block = offset + i;
    const prev = cur.units[cur.units.length - 1];
    if (b.kind === 'table') {
      if (isEmpty(b)) continue;
      const label = prev?.kind === 'table title' && prev.label ? prev.label : '';
      push({ kind: 'table', text: tableText(b), norm: tableNorm(b, strict), label, table: b, block });
      continue;
    }
    // one look-up per paragraph: the role serves the TOC test, the heading test and the unit kind
    const role = styles.of(b.style);
    if (isToc(b, role)) continue;
    const h = headingWith(b, role);
    const group = h ? GROUP_NUMBER.exec(b.text) : null;
    if (group && wrapsGroups(blocks, i, group[1])) continue;
    if (h) {
      cur = group ? newClause({ ...h, title: b.text.slice(group[0].length).trim() }, b, block, strict, group[0].length) : newClause(h, b, block, strict);
      clauses.push(cur);
      counts.clear();
      continue;
    }
    if (!isEmpty(b)) {
      const text = b.text;
      const { kind, label } = unitKind(b, text.trim(), role, prev);
      push({ kind, text, norm: normalise(text, strict), label, block });
    }
    // Footnotes are units of the clause that references them, right after the paragraph.
    for (const f of b.footnotes ?? []) {
      const ft = f.text.replace(/^\s+/, '');
      push({ kind: 'footnote', text: ft, norm: normalise(ft, strict), label: '', block });
    }
  }
  return clauses;
}

function emptyClause(label: string, block: number): Clause {
  return { number: '', title: '', label, key: `|${label}`, level: 0, heading: '', headingNorm: '', units: [], block };
}

/** The first clause-1 heading outside the TOC; without one, the first numbered heading; else the end. */
function firstClauseOf(blocks: ReadBlock[], styles: StyleRoles): number {
  let anyHeading = -1;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.kind !== 'paragraph') continue;
    const h = headingWith(b, styles.of(b.style));
    if (!h) continue;
    if (anyHeading < 0 && h.number) anyHeading = i;
    if (h.number === '1' || h.number === '1.1' || h.number === 'SECTION 1') return i;
  }
  // No numbered clause 1 (a corrigendum's body is instructions): the last title block before the first heading.
  return anyHeading >= 0 ? anyHeading : blocks.length;
}

/** Where the body starts: the last title block before clause 1 (with the lines of its block typed before it), else clause 1. */
function bodyStartOf(blocks: ReadBlock[], styles: StyleRoles): { start: number; reason: string } {
  const firstClause = firstClauseOf(blocks, styles);
  for (let i = firstClause - 1; i >= 0; i--) {
    if (!titleBlockHit(blocks[i], styles)) continue;
    let start = i;
    // The block's other lines: the same style (e.g. if the two lines were swapped), or any title-block role.
    const st = (blocks[i] as ReadParagraph).style;
    const byRole = !!styles.of(st)?.titleBlock;
    const sameBlock = (b: ReadBlock) => b.kind === 'paragraph' && !isEmpty(b) && (b.style === st || (byRole && !!styles.of(b.style)?.titleBlock));
    while (start > 0 && st && sameBlock(blocks[start - 1])) start--;
    return { start, reason: 'title block "INTERNATIONAL STANDARD …"' };
  }
  return { start: firstClause >= blocks.length ? 0 : firstClause, reason: 'clause 1 (no title block found)' };
}

/** The Introduction inside the front matter (its title's role, or 'Introduction' / '0 Introduction'): shared text, so compared. */
function introductionOf(front: ReadBlock[], strict: boolean, styles: StyleRoles): Clause[] {
  for (let i = front.length - 1; i >= 0; i--) {
    const b = front[i];
    if (b.kind !== 'paragraph') continue;
    const role = styles.of(b.style);
    if (isToc(b, role)) continue;
    if (role?.introduction || INTRODUCTION.test(b.text.trim().replace(/\s+/g, ' '))) {
      // named as it is printed ("0 Introduction" → "Introduction"); aligned with the other file's whatever its wording
      const intro = emptyClause(b.text.trim().replace(/^0\s+/, '').replace(/\s+/g, ' '), i);
      intro.key = '|introduction';
      intro.heading = b.text;
      intro.headingNorm = normalise(b.text, strict);
      return buildClauses(front.slice(i + 1), i + 1, strict, intro, styles);
    }
  }
  return [];
}

export function segment(doc: ReadDocument, options: SegmentOptions = {}): Segmented {
  const strict = !!options.strictTypography;
  const styles = options.styles ?? styleRoles();
  const blocks = doc.body;
  const { start, reason } = bodyStartOf(blocks, styles);
  // The title block ends at the first heading. Back matter: from the back page on.
  let end = blocks.length;
  for (let i = start; i < blocks.length; i++) {
    if (BACK_PAGE.test(blockFirstText(blocks[i]))) {
      end = i;
      break;
    }
  }
  const front = blocks.slice(0, start);
  const back = blocks.slice(end);
  const tocEntries = blocks.filter((b) => b.kind === 'paragraph' && isToc(b, styles.of(b.style)) && b.text.trim()).length;
  return {
    frontMatter: { blocks: front.length, summary: summarise(front, 'front matter', styles) },
    introduction: introductionOf(front, strict, styles),
    body: buildClauses(blocks.slice(start, end), start, strict, emptyClause('title block', start), styles),
    instructionNumbering: instructionNumbering(blocks.slice(start, end), styles),
    backMatter: { blocks: back.length, summary: summarise(back, 'back matter', styles) },
    toc: { entries: tocEntries },
    bodyStart: start,
    bodyStartReason: reason,
  };
}
