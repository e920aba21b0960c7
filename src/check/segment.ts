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
  toc: { entries: number };
  bodyStart: number;
  /** Why the body starts where it does (for the report). */
  bodyStartReason: string;
}

export interface SegmentOptions {
  strictTypography?: boolean;
}

const TITLE_BLOCK = /^INTERNATIONAL\s+STANDARD\b/i;
const BACK_PAGE = /^(SERIES OF ITU-T RECOMMENDATIONS|ICS\s+\d|Price based on \d+ pages)/i;
const TOC_STYLE = /^(toc \d|table of figures|TOC Heading)$/i;
const HEADING_STYLE = /^heading\s*(\d)$/i;
const ANNEX_TEXT = /^(Annex|Appendix)\s+([A-Z]{1,2}|[IVXL]+)(?=\s|$|\b)/;
const ANNEX_SUB = /^(([A-Z]{1,2}|[IVXL]+)(\.\d+)+)\s/;
const NUMBERED = /^(\d+(\.\d+)*)\.?(\t|\s)/;

function isToc(p: ReadParagraph): boolean {
  return TOC_STYLE.test(p.style);
}

interface HeadingInfo {
  number: string;
  title: string;
  level: number;
}

/** Is this paragraph a clause heading? Recognised by style first, then by ITU annex/section wording. */
export function headingOf(p: ReadParagraph): HeadingInfo | undefined {
  const text = p.text.replace(/\u00A0/g, ' ').trim();
  if (!text || isToc(p)) return undefined;
  const style = p.style;
  // ISO template: annex subclauses are styled a2 … a6 (level 2 … 6)
  const h = HEADING_STYLE.exec(style) ?? /^a([2-6])$/.exec(style);
  if (/^Biblio Title$/i.test(style)) return { number: '', title: text, level: 1 };
  const annexStyle = /^(annex|appendix)/i.test(style);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines[0] ?? '';
  const annex = ANNEX_TEXT.exec(first);
  if (annex && (annexStyle || h || /_NoTitle|_No$/i.test(style))) {
    const title = lines.slice(1).join(' ') || first.slice(annex[0].length).replace(/^\s*[–-]\s*/, '');
    return { number: `${annex[1]} ${annex[2]}`, title, level: 1 };
  }
  if (/^Section_No/i.test(style) || (h && /^SECTION\s+\d+/.test(first))) {
    const m = /^SECTION\s+(\d+)\s*[–-]?\s*(.*)$/i.exec(first);
    if (m) return { number: `SECTION ${m[1]}`, title: m[2], level: 0 };
  }
  if (h || annexStyle) {
    const n = NUMBERED.exec(text) ?? ANNEX_SUB.exec(text);
    if (n) {
      const number = n[1];
      return { number, title: text.slice(n[0].length).trim(), level: number.split('.').length };
    }
    if (h) return { number: '', title: text, level: Number(h[1]) };
    if (/^(Bibliography|Index)$/i.test(text)) return { number: '', title: text, level: 1 };
  }
  return undefined;
}

function unitKind(p: ReadParagraph, text: string): { kind: UnitKind; label: string } {
  const style = p.style;
  let m: RegExpExecArray | null;
  if ((m = /^(NOTE(\s+\d+)?)\s*[–—-]/.exec(text)) || /^Note/i.test(style)) return { kind: 'note', label: m ? m[1].replace(/\s+/g, ' ') : 'NOTE' };
  if ((m = /^(EXAMPLE(\s+\d+)?)\b/.exec(text))) return { kind: 'example', label: m[1].replace(/\s+/g, ' ') };
  if (/^\((This (annex|appendix)|This annex is only applicable)/i.test(text)) return { kind: 'obligation', label: 'obligation line' };
  if ((m = /^(Table\s+[A-Z]?[\d.\-–]*\d[a-z]?)\s*[–—-]/.exec(text)) || /^Table_?(No)?Title|^Table_No/i.test(style)) {
    return { kind: 'table title', label: m ? m[1].replace(/\s+/g, ' ') : '' };
  }
  if ((m = /^(Figure\s+[A-Z]?[\d.\-–]*\d[a-z]?)\s*[–—-]/.exec(text)) || /^Fig(ure)?_?(No)?Title|^Figure_No/i.test(style)) {
    return { kind: 'figure title', label: m ? m[1].replace(/\s+/g, ' ') : '' };
  }
  if (/^(Equation|Formula)/i.test(style)) return { kind: 'equation', label: '' };
  if (/^enumlev|^List/i.test(style) || p.numberText !== undefined || /^([a-z]|\d{1,2}|[ivx]+)\)\t|^[–•\-]\t/.test(text)) {
    m = /^(([a-z]|\d{1,2}|[ivx]+)\)|[–•\-])\t/.exec(text);
    return { kind: 'list item', label: p.numberText ?? (m ? m[1] : '') };
  }
  if (/^Heading_b|^Heading_i|^Headingb|^Headingi/i.test(style)) return { kind: 'subheading', label: '' };
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

function titleBlockHit(b: ReadBlock): boolean {
  if (b.kind === 'paragraph') return TITLE_BLOCK.test(b.text.trim());
  return b.rows.some((r) => r.cells.some((c) => c.paragraphs.some((p) => TITLE_BLOCK.test(p.text.trim()))));
}

/** One-line description of a masked stretch of blocks: size and the first few recognisable titles. */
function summarise(blocks: ReadBlock[], what: string): string {
  const paras = blocks.filter((b) => b.kind === 'paragraph' && b.text.trim()) as ReadParagraph[];
  const tables = blocks.filter((b) => b.kind === 'table').length;
  const titles: string[] = [];
  for (const p of paras) {
    const t = p.text.trim();
    if (isToc(p)) continue;
    const isTitle = (/^(Heading_b|heading|Rec_No|Title)/i.test(p.style) || (t === t.toUpperCase() && /[A-Z]{3}/.test(t))) && t.length <= 60;
    if (isTitle && !titles.includes(t)) titles.push(t.replace(/\s+/g, ' '));
    if (titles.length >= 6) break;
  }
  if (!paras.length && !tables) return `no ${what}`;
  return `${paras.length} paragraphs${tables ? `, ${tables} tables` : ''}${titles.length ? `: ${titles.join(' · ')}` : ''}`;
}

function buildClauses(blocks: ReadBlock[], offset: number, strict: boolean, first: Clause): Clause[] {
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
    if (b.kind === 'table') {
      if (isEmpty(b)) continue;
      const prev = cur.units[cur.units.length - 1];
      const label = prev?.kind === 'table title' && prev.label ? prev.label : '';
      push({ kind: 'table', text: tableText(b), norm: tableNorm(b, strict), label, table: b, block });
      continue;
    }
    if (isToc(b)) continue;
    const h = headingOf(b);
    if (h) {
      const label = h.number || h.title;
      const headingNorm = normalise(b.text, strict);
      cur = {
        number: h.number,
        title: h.title,
        label,
        key: `${h.number}|${normalise(h.title, false).toLowerCase()}`,
        level: h.level,
        heading: b.text,
        headingNorm,
        units: [],
        block,
      };
      clauses.push(cur);
      counts.clear();
      continue;
    }
    if (!isEmpty(b)) {
      const text = b.text;
      const { kind, label } = unitKind(b, text.trim());
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

export function segment(doc: ReadDocument, options: SegmentOptions = {}): Segmented {
  const strict = !!options.strictTypography;
  const blocks = doc.body;
  // First clause-1 heading outside the TOC (or the first heading at all).
  let firstClause = -1;
  let anyHeading = -1;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.kind !== 'paragraph') continue;
    const h = headingOf(b);
    if (!h) continue;
    if (anyHeading < 0 && h.number) anyHeading = i;
    if (h.number === '1' || h.number === '1.1' || h.number === 'SECTION 1') {
      firstClause = i;
      break;
    }
  }
  // No numbered clause at all (a corrigendum's body is instructions): look for the last title block.
  if (firstClause < 0) firstClause = anyHeading >= 0 ? anyHeading : blocks.length;
  let start = firstClause;
  let reason = 'clause 1 (no title block found)';
  for (let i = firstClause - 1; i >= 0; i--) {
    if (titleBlockHit(blocks[i])) {
      start = i;
      // Include lines of the same block typed before it (same style), e.g. if the two lines were swapped.
      const st = (blocks[i] as ReadParagraph).style;
      while (start > 0 && st && blocks[start - 1].kind === 'paragraph' && (blocks[start - 1] as ReadParagraph).style === st && !isEmpty(blocks[start - 1])) start--;
      reason = 'title block "INTERNATIONAL STANDARD …"';
      break;
    }
  }
  if (start >= blocks.length) start = 0;
  // The title block may begin with other lines of the block just before 'INTERNATIONAL STANDARD'; it
  // ends at the first heading. Back matter: from the back page on.
  let end = blocks.length;
  for (let i = start; i < blocks.length; i++) {
    if (BACK_PAGE.test(blockFirstText(blocks[i]))) {
      end = i;
      break;
    }
  }
  const front = blocks.slice(0, start);
  const bodyBlocks = blocks.slice(start, end);
  const back = blocks.slice(end);

  // Introduction inside the front matter ('Introduction' or '0 Introduction'): shared text, so compared.
  let introduction: Clause[] = [];
  for (let i = front.length - 1; i >= 0; i--) {
    const b = front[i];
    if (b.kind !== 'paragraph' || isToc(b)) continue;
    const t = b.text.trim();
    if (/^(0\s+)?Introduction$/i.test(t.replace(/\s+/g, ' '))) {
      const intro = emptyClause('Introduction', i);
      intro.heading = b.text;
      intro.headingNorm = normalise(b.text, strict);
      introduction = buildClauses(front.slice(i + 1), i + 1, strict, intro);
      break;
    }
  }
  const tocEntries = blocks.filter((b) => b.kind === 'paragraph' && isToc(b) && b.text.trim()).length;
  const body = buildClauses(bodyBlocks, start, strict, emptyClause('title block', start));
  return {
    frontMatter: { blocks: front.length, summary: summarise(front, 'front matter') },
    introduction,
    body,
    backMatter: { blocks: back.length, summary: summarise(back, 'back matter') },
    toc: { entries: tocEntries },
    bodyStart: start,
    bodyStartReason: reason,
  };
}
