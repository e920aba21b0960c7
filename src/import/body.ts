/**
 * The body, clause by clause, as check segments it (src/check/segment.ts: the same clauses and units
 * the proof compares) → Markdown: headings with their roles, paragraphs, notes and examples, lists,
 * tables, figures, footnotes, code and term entries. A unit that cannot be given its structure is
 * kept as a plain paragraph and listed in the report.
 */
import type { BlockContent, FootnoteDefinition, Heading, PhrasingContent, RootContent, Table, TableRow } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import type { ReadDocument, ReadParagraph, ReadTable } from '../reader/index.js';
import type { Clause, Unit } from '../check/segment.js';
import { listLabel, toFlow, type FlowItem } from './flow.js';
import { raw, type InlineConverter } from './inline.js';
import type { ImportReport } from './report.js';
import type { TargetIds } from './targets.js';
import { withoutEmptyColumns } from './grid.js';
import { captionParts, ownLead } from './captions.js';
import { markFootnotes, placeFootnotes, withoutMarks } from './footnotes.js';

/** Units written through flowItem, whose footnote references can stand where the original has them. */
const FLOWING = new Set(['paragraph', 'list item', 'note', 'example', 'equation']);

export interface Picture {
  /** Part name in the package ('word/media/image3.png'). */
  part: string;
  /** Path in the source, relative to it ('figures/figure-1.png'). */
  file: string;
}

export interface BodyContext {
  doc: ReadDocument;
  report: ImportReport;
  inline: InlineConverter;
  ids: TargetIds;
  footnotes: FootnoteDefinition[];
  pictures: Picture[];
  /** Heading or caption nodes waiting for their {#id}: written only when something links to the id. */
  anchors: { node: { children: PhrasingContent[] }; id: string; attrs: string[] }[];
  /** The build's caption count (per annex inside annexes): a printed number it would not give is written as {number=…}. */
  captions: { prefix: string; table: number; figure: number };
  /** Clauses whose content the build generates (normative references): their units are not written. */
  generated: Set<Clause>;
}

/** Stands for the blank placeholder picture in `pictures` (import.ts writes its bytes). */
export const PLACEHOLDER = '(placeholder)';

const NOTE_LABEL = /^(NOTE|EXAMPLE)(\s+\d+)?\s*[–—-]\s*/;
/** A lead-in printed otherwise than a build writes it ("Note – ", "NOTE 1\t"): kept whole, {label="…"}. */
const OWN_LEAD = /^(NOTE|Note|EXAMPLE|Example)(\s+\d+)?(\s*[–—-]\s*|\t)/;
const CODE_STYLE = /^(Plain Text|ASN\.?1|Code|HTML Preformatted|Source|Syntax|PL_)/i;
const TERM = /^(\d+(?:\.\d+)+)\t([^\n:]{1,120}?):\s+([\s\S]*)$/;

/** State of one clause's walk: the flow items so far and the note being collected. */
interface ClauseWalk {
  clause: Clause;
  depth: number;
  /** Term entries written so far: the build numbers them <clause>.1, <clause>.2 … */
  terms_: number;
  out: RootContent[];
  items: FlowItem[];
  note?: { name: 'note' | 'example'; items: FlowItem[]; own?: string };
  pending: string[];
  /** The last block written was a "Table:" caption (a table without one gets "Table: {.unnumbered}"). */
  captioned: boolean;
  code?: string[];
  /** "Table:" captions written, to undo those no table follows (a figure drawn as a table, titled as a table below it). */
  tableCaptions?: { node: RootContent; u: Unit; counted: boolean }[];
  terms: boolean;
  report: ImportReport;
  /** The notes and examples written, with the number they are printed with ('' for none) and the stretch of text they are in. */
  notes: { node: ContainerDirective; printed: string; stretch: number; own?: string }[];
  /** Subheadings written so far: each starts a section of the source, in which a build numbers notes afresh. */
  stretch?: number;
  /** The label of the note being collected ("NOTE 2", "NOTE", "EXAMPLE"). */
  noteLabel?: string;
}

export function clauseHeading(clause: Clause, depth: number, ctx: BodyContext, attrs: string[]): Heading {
  const heading: Heading = { type: 'heading', depth: Math.min(6, Math.max(1, depth)) as Heading['depth'], children: ctx.inline.convert(clause.title.replace(/\s*\n\s*/g, ' ')) };
  const id = ctx.ids.clause.get(clause);
  ctx.anchors.push({ node: heading, id: id ?? '', attrs });
  return heading;
}

/** The units of a clause, with the picture-only paragraphs between them that segmentation skips. */
/** depth: the level of the clause's heading in the source (subheadings go one below it). */
export function clauseContent(clause: Clause, end: number, ctx: BodyContext, terms: boolean, depth = clause.level): RootContent[] {
  const w: ClauseWalk = { clause, depth, out: [], items: [], pending: [], captioned: false, terms, report: ctx.report, notes: [], terms_: 0 };
  const byBlock = new Map<number, Unit[]>();
  for (const u of clause.units) byBlock.set(u.block, [...(byBlock.get(u.block) ?? []), u]);
  for (let b = clause.block + 1; b < end; b++) {
    const block = ctx.doc.body[b];
    const units = byBlock.get(b) ?? [];
    if (block.kind === 'paragraph' && block.images?.length) {
      if (units.some((u) => u.kind !== 'figure title')) ctx.report.add('picture', clause.label, 'a picture inside a paragraph of text is placed after the paragraph, as a figure without caption', block.text);
      w.pending.push(...block.images);
    }
    for (const u of units) unit(w, u, ctx);
    if (units.some((u) => u.kind !== 'figure title')) uncaptionedPictures(w, ctx);
  }
  flushAll(w, ctx);
  keepNoteNumbers(w);
  strayTableCaptions(w, ctx);
  return w.out;
}

/** A "Table:" caption with no table directly after it would not build: kept as the paragraph it is printed as, and reported. */
function strayTableCaptions(w: ClauseWalk, ctx: BodyContext): void {
  for (const c of w.tableCaptions ?? []) {
    const at = w.out.indexOf(c.node);
    if (at < 0 || w.out[at + 1]?.type === 'table') continue;
    w.out[at] = { type: 'paragraph', children: ctx.inline.convert(c.u.text.trim()) };
    ctx.anchors.splice(ctx.anchors.findIndex((a) => a.node === c.node), 1);
    if (c.counted) ctx.captions.table--;
    ctx.report.add('not-reproducible', w.clause.label, 'a table title with no table after it (a table above it?): kept as a paragraph', c.u.text);
  }
}

/** A caption by its style, or by its form "Table 3 – Title": "Table 2-45 provides …" in a body paragraph is text. */
function isCaption(u: Unit, p: ReadParagraph | undefined): boolean {
  return /title|caption|_No/i.test(p?.style ?? '') || /^(Table|Figure)\s+[A-Z]?[\d.\-–]*\d[a-z]?\s+[–—-]\s/.test(u.text.trim());
}

function unit(w: ClauseWalk, u: Unit, ctx: BodyContext): void {
  const block = ctx.doc.body[u.block];
  const p = block.kind === 'paragraph' ? block : undefined;
  if (u.kind === 'footnote') return; // written with the paragraph that references it
  if (FLOWING.has(u.kind)) u = { ...u, text: markFootnotes(u.text, p) };
  if (p && CODE_STYLE.test(p.style) && u.kind === 'paragraph') {
    flushNote(w);
    (w.code ??= []).push(p.text);
    return;
  }
  flushCode(w);
  if (u.kind === 'note' || u.kind === 'example') return noteUnit(w, u, p, ctx);
  flushNote(w);
  if ((u.kind === 'table title' || u.kind === 'figure title') && !isCaption(u, p)) u = { ...u, kind: 'paragraph' };
  switch (u.kind) {
    case 'table title':
      if (/^Figure\s/.test(u.text.trim()) && figureBelowTable(w, u, ctx)) return;
      return caption(w, u, ctx, 'Table');
    case 'figure title':
      return figure(w, u, ctx);
    case 'table':
      return table(w, u.table!, ctx);
    case 'obligation':
      // the annex heading says integral / non-integral: the build writes the first line; a second one ("only applicable to ISO/IEC …") is text
      if (u === w.clause.units.find((x) => x.kind === 'obligation')) return;
      break;
    case 'subheading':
      flushItems(w);
      w.stretch = (w.stretch ?? 0) + 1;
      w.out.push(subheading(w, u, ctx));
      return;
    case 'equation':
      ctx.report.add('not-reproducible', w.clause.label, 'an equation is kept as its text (the source format has no equations)', withoutMarks(u.text));
      break;
  }
  w.items.push(flowItem(u, p, ctx, w.terms ? termNumber(w, u) : false));
}

/** A term entry is written as one when the build would give it the printed number; else it stays a paragraph as printed. */
function termNumber(w: ClauseWalk, u: Unit): boolean {
  const m = TERM.exec(u.text.replace(/\n/g, ' ').trim());
  if (!m) return false;
  if (m[1] === `${w.clause.number}.${w.terms_ + 1}`) {
    w.terms_++;
    return true;
  }
  w.report.add('kept-as-text', w.clause.label, `term ${m[1]} is not numbered as a build numbers terms (${w.clause.number}.${w.terms_ + 1}); kept as a paragraph`, m[2]);
  return false;
}

/** A paragraph or list item, its footnotes referenced at its end. */
function flowItem(u: Unit, p: ReadParagraph | undefined, ctx: BodyContext, terms: boolean): FlowItem {
  const text = u.text.replace(/\n/g, ' ').trim();
  const lab = u.kind === 'list item' || /^enumlev/i.test(p?.style ?? '') ? listLabel(text) : undefined;
  const level = Number(/(\d)$/.exec(p?.style ?? '')?.[1] ?? 1);
  const term = terms && !lab ? TERM.exec(text) : null;
  const children: PhrasingContent[] = term
    ? [{ type: 'strong', children: [{ type: 'text', value: term[2] }] }, { type: 'text', value: ': ' }, ...ctx.inline.convert(term[3])]
    : ctx.inline.convert(lab ? lab.rest : text);
  const placed = placeFootnotes(children, footnoteRefs(p, ctx));
  return lab ? { kind: 'item', level, ordered: lab.ordered, label: lab.label, children: placed } : { kind: 'paragraph', children: placed };
}

function footnoteRefs(p: ReadParagraph | undefined, ctx: BodyContext): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const f of p?.footnotes ?? []) {
    const id = String(ctx.footnotes.length + 1);
    ctx.footnotes.push({ type: 'footnoteDefinition', identifier: id, label: id, children: [{ type: 'paragraph', children: ctx.inline.convert(f.text.replace(/\s*\n\s*/g, ' ').trim()) }] });
    out.push({ type: 'footnoteReference', identifier: id, label: id });
  }
  return out;
}

function noteUnit(w: ClauseWalk, u: Unit, p: ReadParagraph | undefined, ctx: BodyContext): void {
  const text = u.text.trim();
  const own = NOTE_LABEL.test(text) ? null : OWN_LEAD.exec(text);
  const labelled = NOTE_LABEL.exec(text) ?? own;
  const name = u.kind === 'example' ? 'example' : 'note';
  if (labelled || !w.note || w.note.name !== name) {
    flushNote(w);
    flushItems(w);
    // no label and no note open (an equation between a note's paragraphs): printed without lead-in, {label=""}
    const lead = own ? own[0] : labelled ? undefined : '';
    w.note = { name, items: [], ...(lead !== undefined ? { own: lead } : {}) };
    w.noteLabel = labelled ? labelled[0].replace(/\s*[–—-]\s*$/, '').replace(/\s+/g, ' ') : name === 'note' ? 'NOTE' : 'EXAMPLE';
  }
  const body = labelled ? text.slice(labelled[0].length) : text;
  // a note's own paragraphs may be a list ("–\t…" in the note style): read as list items, as in the text
  const item = flowItem({ ...u, kind: labelled ? 'paragraph' : 'list item', text: body }, p, ctx, false);
  w.note.items.push(item);
}

/**
 * Where a build would number notes (or examples) otherwise than printed, each keeps its printed
 * number: {number="…"}. A build numbers them per section of the source, and a subheading starts one.
 */
function keepNoteNumbers(w: ClauseWalk): void {
  for (let stretch = 0; stretch <= (w.stretch ?? 0); stretch++) keepStretchNoteNumbers(w.notes.filter((n) => n.stretch === stretch && n.own === undefined));
  // a lead-in of its own is printed as it stands and takes no place in the count
  for (const n of w.notes) if (n.own !== undefined) n.node.attributes = { label: n.own };
}

function keepStretchNoteNumbers(inStretch: ClauseWalk['notes']): void {
  for (const name of ['note', 'example']) {
    const notes = inStretch.filter((n) => n.node.name === name);
    const built = (i: number) => (notes.length > 1 ? String(i + 1) : '');
    if (notes.every((n, i) => n.printed === built(i))) continue;
    for (const n of notes) n.node.attributes = { number: n.printed };
  }
}

/** Report of a list kept as written text, with its labels. */
function literalReport(w: ClauseWalk): (labels: string[]) => void {
  return (labels) => w.report.add('kept-as-text', w.clause.label, `a list whose labels a build would not print (${labels.slice(0, 4).join(' ')}${labels.length > 4 ? ' …' : ''}) is kept as paragraphs starting with their labels`);
}

function flushNote(w: ClauseWalk): void {
  if (!w.note) return;
  const node: ContainerDirective = { type: 'containerDirective', name: w.note.name, attributes: {}, children: toFlow(w.note.items, literalReport(w)) as ContainerDirective['children'] };
  w.notes.push({ node, printed: (w.noteLabel ?? '').replace(/^\S+\s*/, ''), stretch: w.stretch ?? 0, ...(w.note.own !== undefined ? { own: w.note.own } : {}) });
  w.out.push(node);
  w.note = undefined;
}

function flushItems(w: ClauseWalk): void {
  if (w.items.length) w.out.push(...toFlow(w.items, literalReport(w)));
  w.items = [];
}

function flushCode(w: ClauseWalk): void {
  if (!w.code) return;
  flushItems(w);
  w.out.push({ type: 'code', value: w.code.join('\n') });
  w.code = undefined;
}

function flushAll(w: ClauseWalk, ctx: BodyContext): void {
  flushCode(w);
  flushNote(w);
  flushItems(w);
  uncaptionedPictures(w, ctx);
}

/** Pictures with no figure title under them: figures that are neither numbered nor titled ("Figure: {.unnumbered}"). */
function uncaptionedPictures(w: ClauseWalk, ctx: BodyContext): void {
  if (!w.pending.length) return;
  flushNote(w);
  flushItems(w);
  for (const part of w.pending) {
    const file = pictureFile(part, `${slugOf(w.clause.label)}-picture-${ctx.pictures.length + 1}`, w, ctx);
    w.out.push({ type: 'paragraph', children: [{ type: 'image', url: file, alt: '' }] });
    w.out.push({ type: 'paragraph', children: [raw('Figure: {.unnumbered}')] });
  }
  w.pending = [];
}

const slugOf = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';

/** The file a picture is extracted to; a format the build cannot embed gets a placeholder PNG in the source. */
function pictureFile(part: string, name: string, w: ClauseWalk, ctx: BodyContext): string {
  const ext = part.slice(part.lastIndexOf('.') + 1).toLowerCase();
  const base = `figures/${slugOf(name)}`;
  ctx.pictures.push({ part, file: `${base}.${ext}` });
  if (/^(png|jpe?g|gif)$/.test(ext)) return `${base}.${ext}`;
  const file = `${base}.placeholder.png`;
  ctx.pictures.push({ part: PLACEHOLDER, file });
  ctx.report.add('picture', w.clause.label, `the picture ${base}.${ext} is ${ext.toUpperCase()}, which a build cannot embed; the source shows ${file} (a blank placeholder) until it is converted to PNG`);
  return file;
}

function captionTitle(u: Unit): string {
  return captionParts(u).title;
}

/** "Table: Title" / "Figure: Title", with {#id} when something links to the label, {number=…} when a build would number it otherwise. */
function caption(w: ClauseWalk, u: Unit, ctx: BodyContext, word: 'Table' | 'Figure'): void {
  flushItems(w);
  const node = { type: 'paragraph' as const, children: [{ type: 'text' as const, value: `${word}: ` }, ...ctx.inline.convert(captionTitle(u))] };
  const id = ctx.ids.caption.get(u);
  const label = captionParts(u).label;
  const printed = label.replace(/^\S+\s+/, '');
  const kind = word === 'Table' ? 'table' : 'figure';
  const expected = `${ctx.captions.prefix}${ctx.captions[kind] + 1}`;
  const attrs: string[] = [];
  const lead = ownLead(u);
  const counted = !lead && (!label || printed === expected);
  if (counted) ctx.captions[kind]++;
  else attrs.push(lead ? `label="${lead}"` : `number="${printed}"`);
  ctx.anchors.push({ node, id: id ?? '', attrs });
  w.out.push(node);
  if (word === 'Table') (w.tableCaptions ??= []).push({ node, u, counted });
  w.captioned = word === 'Table';
}

/** The picture above a figure title (the last one: pictures before it are figures without caption), then the title. */
function figure(w: ClauseWalk, u: Unit, ctx: BodyContext): void {
  flushItems(w);
  const part = w.pending.pop();
  if (!part && figureBelowTable(w, u, ctx)) return;
  if (!part) {
    ctx.report.add('picture', w.clause.label, `${u.label || 'a figure'} has no picture the import can extract (a drawing canvas or an OLE object?); its title is kept as a paragraph`, u.text);
    // a line break in the title would be a soft break ("&#x20;" before it): one line, as a build prints a paragraph's soft breaks
    w.items.push({ kind: 'paragraph', children: ctx.inline.convert(u.text.replace(/\s*\n\s*/g, ' ').trim()) });
    return;
  }
  uncaptionedPictures(w, ctx);
  const file = pictureFile(part, u.label || `figure-${ctx.pictures.length + 1}`, w, ctx);
  w.out.push({ type: 'paragraph', children: [{ type: 'image', url: file, alt: captionTitle(u) }] });
  caption(w, u, ctx, 'Figure');
}

/** A figure title right under a table (T.88 draws figures as tables): the table and "Figure: Title" after it, a figure drawn as a table. */
function figureBelowTable(w: ClauseWalk, u: Unit, ctx: BodyContext): boolean {
  const at = w.out.length - 1;
  const before = w.out[at - 1];
  // only where the build reprints the title: "Figure 39 –Title" (no space) stays the paragraph it is
  if (!/^\S+ \S+ – \S/.test(u.text.replace(/\s+/g, ' ').trim())) return false;
  if (w.items.length || w.pending.length || w.out[at]?.type !== 'table' || !isUnnumberedTableCaption(before)) return false;
  w.out.splice(at - 1, 1);
  caption(w, u, ctx, 'Figure');
  return true;
}

const isUnnumberedTableCaption = (n: RootContent | undefined) => n?.type === 'paragraph' && n.children.length === 1 && n.children[0].type === 'html' && n.children[0].value === 'Table: {.unnumbered}';

function cellText(c: ReadTable['rows'][number]['cells'][number]): string {
  return c.paragraphs.map((p) => p.text.replace(/\n/g, ' ').trim()).filter(Boolean).join(' ');
}

function rowColumns(r: ReadTable['rows'][number]): number {
  return r.cells.reduce((n, c) => n + (c.span ?? 1), 0);
}

/** A row's cells, a merged cell followed by "<" cells (the source's merge marker) and the row padded to the table's width. */
/** A cell's Markdown: "^" for an empty one merged down (w:vMerge), "\\<" / "\\^" for a cell that holds that character. */
function cellContent(c: ReadTable['rows'][number]['cells'][number], ctx: BodyContext): PhrasingContent[] {
  const text = cellText(c);
  if (c.vMerge === 'continue' && !text) return [raw('^')];
  if (text === '<' || text === '^') return [raw(`\\${text}`)];
  return ctx.inline.convert(text);
}

function rowCells(r: ReadTable['rows'][number], width: number, ctx: BodyContext): TableRow['children'] {
  const cells: TableRow['children'] = [];
  for (const c of r.cells) {
    cells.push({ type: 'tableCell', children: cellContent(c, ctx) });
    for (let i = 1; i < (c.span ?? 1); i++) cells.push({ type: 'tableCell', children: [raw('<')] });
  }
  while (cells.length < width) cells.push({ type: 'tableCell', children: [] });
  return cells;
}

function table(w: ClauseWalk, read: ReadTable, ctx: BodyContext): void {
  const t = withoutEmptyColumns(read);
  if (w.items.length) w.captioned = false;
  flushItems(w);
  const width = Math.max(...t.rows.map((r) => rowColumns(r)));
  if (t.rows.some((r) => rowColumns(r) !== width)) ctx.report.add('not-reproducible', w.clause.label, 'a table whose rows fill different numbers of columns (cells merged down, or a short row): the rows are padded with empty cells');
  if (t.rows.some((r) => r.cells.some((c) => c.paragraphs.filter((p) => p.text.trim()).length > 1))) {
    ctx.report.add('not-reproducible', w.clause.label, 'a table cell with several paragraphs: they are joined into one (GFM cells hold one line)');
  }
  const rows: TableRow[] = t.rows.map((r) => ({ type: 'tableRow', children: rowCells(r, width, ctx) }));
  const node: Table = { type: 'table', align: [], children: rows };
  if (!w.captioned) w.out.push({ type: 'paragraph', children: [raw('Table: {.unnumbered}')] });
  w.captioned = false;
  w.out.push(node);
}

function subheading(w: ClauseWalk, u: Unit, ctx: BodyContext): Heading {
  const heading: Heading = { type: 'heading', depth: Math.min(6, Math.max(1, w.depth) + 1) as Heading['depth'], children: ctx.inline.convert(u.text.trim()) };
  ctx.anchors.push({ node: heading, id: '', attrs: ['.unnumbered'] });
  return heading;
}

/** Writes the {#id …} groups: an id only where a link points to it. */
export function placeAnchors(ctx: BodyContext): void {
  const placed = new Set<string>();
  for (const a of ctx.anchors) {
    const id = a.id && ctx.ids.targets.used.has(a.id) ? a.id : undefined;
    if (id) placed.add(id);
    const parts = [...(id ? [`#${id}`] : []), ...a.attrs];
    if (parts.length) a.node.children.push(raw(` {${parts.join(' ')}}`));
  }
  ctx.inline.unlink(placed);
}

export type { BlockContent };
