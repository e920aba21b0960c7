/**
 * The change set between two versions of a source (pure). Sections are matched by anchor, else by
 * title, among siblings; blocks inside a matched section by their Markdown; list items inside a
 * changed list; words inside a changed paragraph. Every change is located by the published (old)
 * numbering. The same model is produced by reading a supplement back (instructions.ts) and carried
 * out by apply.ts.
 */
import { diffArrays } from 'diff';
import type { List, ListItem, RootContent, Table, TableCell, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Metadata, ReferenceEntry } from '../source/metadata.js';
import { referenceEntryText } from '../model/prepare.js';
import { type BlockKind, type BlockUnit, type BySide, type OrdinalBySide, type SectionUnit, type SourceTree, allSections, md, mdNodes, quotedItem, quotedOpening } from './tree.js';
import { comparableMd, comparablePairs } from './deleted.js';
import { type InsertedElement, type LabelWords, Placeholders, insertedElements } from './placeholders.js';

/** A location by the old numbering; `sides`: the number in each publication when they differ (tree.ts BySide). */
export interface SectionRef {
  kind: 'clause' | 'subclause' | 'annex' | 'unnumbered' | 'references';
  number: string;
  title: string;
  sides?: BySide;
}

export type ElementRef =
  | { type: 'section'; section: SectionRef }
  /** sides: the label in each publication when they differ, or the publication a one-side element is in; ordinals: the ordinal in each, when they differ. */
  /** quote: a paragraph's opening words, by which it is found (tree.ts quotedOpening). */
  | { type: 'block'; section: SectionRef; kind: BlockKind; ordinal: number; ordinals?: OrdinalBySide; label?: string; sides?: BySide; quote?: string }
  | { type: 'item'; section: SectionRef; ordinal: number; ordinals?: OrdinalBySide; item: string; index: number; quote?: string };

/** inserted: the tables, figures, notes and terms of the content that are new, with their numbers (placeholders.ts). */
export type Change = { group: SectionRef; defects: string[] } & (
  | { op: 'replaceString'; at: ElementRef; old: string; new: string; scope?: 'section' | 'element' }
  | { op: 'replace'; at: ElementRef; content: RootContent[]; inserted?: InsertedElement[] }
  | { op: 'delete'; at: ElementRef }
  | { op: 'addAfter'; at: ElementRef; content: RootContent[]; inserted?: InsertedElement[] }
  | { op: 'addAtStart'; at: SectionRef; content: RootContent[]; inserted?: InsertedElement[] }
  | { op: 'designateNote'; at: ElementRef; content: RootContent[] }
  | { op: 'replaceTitle'; at: SectionRef; title: string }
  /** content: the new sections' nodes, headings at their depth in the new source. */
  /** number: the new section's own number when it is known without renumbering (a subclause added after the last one); else the location's number + suffix ("5.1a"). */
  | { op: 'addSection'; where: 'after' | 'before' | 'in'; at: SectionRef; kind: 'clause' | 'subclause' | 'annex'; depth: number; content: RootContent[]; suffix: string; number?: string; inserted?: InsertedElement[] }
  /** newSubclause: the kind of references (identical, paired, additional) of a subclause the old clause does not have, which this one brings. */
  | { op: 'addReference' | 'deleteReference'; at: SectionRef; id: string; text: string; newSubclause?: string }
  /** Table rows, named by the text of their first cell ("the row "Attester""); column: the header of the changed cell's column, when the words occur elsewhere in the row. */
  | { op: 'tableCell'; at: ElementRef; row: string; column?: string; old: string; new: string }
  | { op: 'deleteRow'; at: ElementRef; row: string }
  /** content: a table of the header row and the new rows. */
  | { op: 'addRow'; at: ElementRef; row: string; content: RootContent[] }
  /** A line of a code block, quoted without its indentation (which stays). */
  | { op: 'codeLine'; at: ElementRef; old: string; new: string }
);

export interface DiffOptions {
  defects?: string[];
  /** anchor → label in the old text ("clause 6"): a quoted string must occur once in the text as printed, cross-references included. */
  labels?: Map<string, string>;
  /** The label of a note alone in its (sub)clause ("NOTE", body.yaml `note`): such a note is designated NOTE 1 when one is added after it. */
  soleNote?: string;
  /** The label words of tables, figures and notes (body.yaml): with them, inserted ones are numbered by the convention (placeholders.ts). */
  labelWords?: LabelWords;
}

export function sectionRef(s: SectionUnit): SectionRef {
  return { kind: s.kind, number: s.number, title: s.title, ...(s.sides ? { sides: s.sides } : {}) };
}

/** Characters that make a quote Markdown rather than plain words. */
export const MARKUP = /[\\`*_[\]{}<>|:^#~]/;

/**
 * Markdown a quote may hold as it is: whole inline elements (emphasis, code, a cross-reference), the
 * same text when read and written again; never a footnote mark, a cell bar or a half of an element.
 */
export function wholeMarkup(t: string): boolean {
  if (/\[\^|\||\n/.test(t)) return false;
  const nodes = mdNodes(t);
  return nodes.length === 1 && nodes[0].type === 'paragraph' && md(nodes) === t;
}

/**
 * A word-level replacement inside one paragraph (or note, or table): the smallest run of whole words that
 * occurs once and can be found by eye. `markup`: the quotes may hold whole inline elements (wholeMarkup;
 * a table cell's "**format**"), widened until they do; else a quote with markup gives none.
 */
export function stringReplacement(oldMd: string, newMd: string, unique: (quote: string) => boolean = () => true, markup = false): { old: string; new: string } | undefined {
  if (oldMd === newMd) return undefined;
  // with markup, a footnote mark is a token of its own: the words before it can be quoted without it
  const words = markup ? /\[\^[^\]\s]+\]|\S+?(?=\[\^[^\]\s]+\])|\S+|\s+/g : /\S+|\s+/g;
  const ot = oldMd.match(words) ?? [];
  const nt = newMd.match(words) ?? [];
  let i = 0;
  while (i < ot.length && i < nt.length && ot[i] === nt[i]) i++;
  let s = 0;
  while (s < ot.length - i && s < nt.length - i && ot[ot.length - 1 - s] === nt[nt.length - 1 - s]) s++;
  let j = ot.length - s;
  for (let step = 0; step < 60; step++) {
    const o = ot.slice(i, j).join('');
    const n = nt.slice(i, nt.length - (ot.length - j)).join('');
    const once = o !== '' && oldMd.indexOf(o) === oldMd.lastIndexOf(o) && unique(o);
    // a reader must find the quoted words at a glance: "clause 6", not "6" (a number alone needs four digits, as "654539")
    const findable = /\p{L}{3,}/u.test(o) || o.replace(/[^\p{L}\p{N}]/gu, '').length >= 4;
    if (once && findable && o === o.trim() && n === n.trim() && n !== '') {
      if (o.includes('"') || n.includes('"') || o.length > 160 || n.length > 160) return undefined;
      if (!MARKUP.test(o) && !MARKUP.test(n)) return { old: o, new: n };
      if (!markup) return undefined;
      if (wholeMarkup(o) && wholeMarkup(n)) return { old: o, new: n };
    }
    const leftOk = i > 0;
    const rightOk = j < ot.length;
    if (!leftOk && !rightOk) return undefined;
    if (leftOk && (step % 2 === 0 || !rightOk)) { i--; if (i > 0 && /^\s/.test(ot[i]) && !/^\s/.test(ot[i - 1])) i--; }
    else { j++; if (j < ot.length && /^\s/.test(ot[j - 1]) && !/^\s/.test(ot[j])) j++; }
  }
  return undefined;
}

type Quoted = { old: string; new: string; scope: 'section' | 'element' };

/**
 * A word replacement as an instruction quotes it: once in the clause as printed and once in the whole
 * published text ("In 5.2, …", so that a reader searching the publication finds it once), else once in
 * the element ("In Table 3, …").
 */
function quoted(ctx: Ctx, o: SectionUnit, r: BlockUnit, oldMd: string, newMd: string): Quoted | undefined {
  const once = (t: string, q: string) => t.indexOf(q) >= 0 && t.indexOf(q) === t.lastIndexOf(q);
  const shown = (t: string) => printedText(t, ctx.options.labels);
  const inBody = ctx.body === undefined ? () => true : (q: string) => ctx.body!.indexOf(q) === ctx.body!.lastIndexOf(q);
  const wide = r.kind !== 'term' ? stringReplacement(oldMd, newMd, inBody) : undefined;
  if (wide && r.md.includes(wide.old) && once(shown(o.blocks.map((b) => b.md).join('\n\n')), wide.old)) return { ...wide, scope: 'section' };
  const s = stringReplacement(oldMd, newMd);
  return s && r.md.includes(s.old) && once(shown(r.md), s.old) ? { ...s, scope: 'element' } : undefined;
}

/**
 * The word replacements that turn one unit into the other: each separate change its own instruction
 * (quotes that do not overlap), else one quote spanning them; undefined when the unit is better replaced.
 */
function wordChanges(ctx: Ctx, o: SectionUnit, r: BlockUnit, a: BlockUnit): Quoted[] | undefined {
  // a table's Markdown pads every cell to its column's width: compare it with the padding folded
  const fold = (t: string) => (r.kind === 'table' ? t.replace(/ {2,}/g, ' ') : t);
  const [om, nm] = [fold(r.md), fold(a.md)];
  const ot = om.match(/\S+|\s+/g) ?? [];
  const parts = diffArrays(ot, nm.match(/\S+|\s+/g) ?? []);
  const hunks: { at: number; removed: string[]; added: string[] }[] = [];
  let i = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (!part.added && !part.removed) { i += part.count; continue; }
    const h = { at: i, removed: part.removed ? part.value : [], added: part.added ? part.value : [] };
    if (part.removed && parts[p + 1]?.added) h.added = parts[++p].value;
    i += h.removed.length;
    hunks.push(h);
  }
  if (hunks.length > 1 && hunks.length <= 4) {
    // each hunk alone on the old text: its own quote, which must not overlap the others'
    const each = hunks.map((h) => quoted(ctx, o, r, om, [...ot.slice(0, h.at), ...h.added, ...ot.slice(h.at + h.removed.length)].join('')));
    const spans = each.map((q) => (q ? [om.indexOf(q.old), om.indexOf(q.old) + q.old.length] : [-1, -1]));
    const apart = spans.every((sp, k) => sp[0] >= 0 && (k === 0 || sp[0] >= spans[k - 1][1]));
    if (each.every(Boolean) && apart) return each as Quoted[];
  }
  const one = quoted(ctx, o, r, om, nm);
  return one ? [one] : undefined;
}

/** Markdown with its empty-link cross-references as the reader sees them ("[](#protocol)" → "clause 6"). */
function printedText(md: string, labels?: Map<string, string>): string {
  return labels ? md.replace(/\[([^\]]*)\]\(#([^)\s]+)\)/g, (_, text: string, id: string) => text || labels.get(id) || '') : md;
}

function itemLabel(list: List, i: number): string {
  return list.ordered ? `${String.fromCharCode(97 + (i % 26)).repeat(Math.floor(i / 26) + 1)})` : String(i + 1);
}

/** body: the whole old text as printed (both publications' text), in which a quote of "In 5.2, …" must occur once. */
interface Ctx { out: Change[]; options: DiffOptions; body?: string; placeholders?: Placeholders }

/** The new numbered elements among `added`, inserted at `point` of the old text: `{ inserted }` to spread into the change, or nothing. */
function numbered(ctx: Ctx, added: BlockUnit[], content: RootContent[], section: SectionUnit, point: number): { inserted?: InsertedElement[] } {
  const found = ctx.placeholders ? insertedElements(ctx.placeholders, added, content, section, point) : [];
  return found.length ? { inserted: found } : {};
}

/** The units of a replaced stretch that replace none: of each kind, those beyond the number removed. */
function beyondReplaced(removed: BlockUnit[], added: BlockUnit[]): BlockUnit[] {
  const kinds = new Set(added.map((u) => u.kind));
  return [...kinds].flatMap((k) => added.filter((u) => u.kind === k).slice(removed.filter((u) => u.kind === k).length));
}

function defectsOf(ctx: Ctx, s?: SectionUnit): string[] {
  return [...new Set([...(s?.defects ?? []), ...(ctx.options.defects ?? [])])];
}

function blockRef(section: SectionUnit, u: BlockUnit): ElementRef {
  // a paragraph is found by its opening words, not counted
  const quote = u.kind === 'paragraph' ? quotedOpening(section, u) : undefined;
  return { type: 'block', section: sectionRef(section), kind: u.kind, ordinal: u.ordinal, ...(u.ordinals ? { ordinals: u.ordinals } : {}), label: u.label, ...(u.sides ? { sides: u.sides } : {}), ...(quote ? { quote } : {}) };
}

/** Compares the blocks of two matched sections. */
function diffBlocks(ctx: Ctx, o: SectionUnit, n: SectionUnit) {
  const group = sectionRef(o);
  const defects = defectsOf(ctx, n);
  const parts = diffArrays(o.blocks.map(comparableMd), n.blocks.map(comparableMd));
  let oi = 0;
  let ni = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (!part.added && !part.removed) { oi += part.count!; ni += part.count!; continue; }
    let removed: BlockUnit[] = [];
    let added: BlockUnit[] = [];
    if (part.removed) { removed = o.blocks.slice(oi, oi + part.count!); oi += part.count!; if (parts[p + 1]?.added) { p++; added = n.blocks.slice(ni, ni + parts[p].count!); ni += parts[p].count!; } }
    else { added = n.blocks.slice(ni, ni + part.count!); ni += part.count!; }
    const prev = o.blocks[oi - removed.length - 1];
    if (!removed.length) {
      const content = added.flatMap((b) => b.nodes);
      // the existing note is the only one of its (sub)clause in both publications: it is printed "NOTE"
      const soleNote = prev?.kind === 'note' && !prev.sides && prev.label === ctx.options.soleNote;
      if (added.length === 1 && added[0].kind === 'note' && soleNote) {
        ctx.out.push({ op: 'designateNote', group, defects, at: blockRef(o, prev), content });
      } else if (prev) ctx.out.push({ op: 'addAfter', group, defects, at: blockRef(o, prev), content, ...numbered(ctx, added, content, o, ctx.placeholders?.afterUnit(prev) ?? -1) });
      else ctx.out.push({ op: 'addAtStart', group, defects, at: group, content, ...numbered(ctx, added, content, o, ctx.placeholders?.atStart(o) ?? -1) });
      continue;
    }
    if (removed.length === 1 && added.length === 1 && removed[0].kind === added[0].kind) {
      const [r, a] = [removed[0], added[0]];
      // a few words changed in a paragraph, a definition, a note or example, or a table cell: "In 5.2,
      // replace …" (or "In Table 3, …" when the words occur elsewhere in the clause), not the whole unit
      if (r.kind === 'table' && diffRows(ctx, o, r, a, group, defects)) continue;
      if (r.kind === 'paragraph' || r.kind === 'term' || r.kind === 'note' || r.kind === 'example' || r.kind === 'table') {
        const words = wordChanges(ctx, o, r, a);
        if (words) {
          ctx.out.push(...words.map((w) => ({ op: 'replaceString' as const, group, defects, at: onlyWhereQuoted(blockRef(o, r), r.md, w.old), ...w })));
          continue;
        }
      }
      if (r.kind === 'list' && diffItems(ctx, o, r, a, group, defects)) continue;
      if (r.kind === 'code' && diffCodeLines(ctx, o, r, a, group, defects)) continue;
    }
    if (!added.length) {
      for (const r of removed) { ctx.placeholders?.deleted(r, o); ctx.out.push({ op: 'delete', group, defects, at: blockRef(o, r) }); }
      continue;
    }
    const content = added.flatMap((b) => b.nodes);
    const point = ctx.placeholders?.afterUnit(removed[removed.length - 1]) ?? -1;
    ctx.out.push({ op: 'replace', group, defects, at: blockRef(o, removed[0]), content, ...numbered(ctx, beyondReplaced(removed, added), content, o, point) });
    for (const r of removed.slice(1)) { ctx.placeholders?.deleted(r, o); ctx.out.push({ op: 'delete', group, defects, at: blockRef(o, r) }); }
  }
}

const SIDE_TEXT = /:(itu|iso)\[((?:[^\[\]]|\[[^\[\]]*\])*)\](\{[^{}]*\})?/g;

/** A paragraph's text as publication `side` prints it: the other's `:itu[…]` / `:iso[…]` text left out. */
function sideText(text: string, side: 'itu' | 'iso'): string {
  return text.replace(SIDE_TEXT, (_, name: string, inner: string) => (name === side ? inner : ''));
}

/**
 * Words quoted in one publication's text only (`:itu[…]`): the change is an instruction of that
 * publication's supplement only; the other does not print these words.
 */
function onlyWhereQuoted(at: ElementRef, text: string, quoted: string): ElementRef {
  if (at.type !== 'block' || at.sides) return at;
  const printed = (['itu', 'iso'] as const).filter((side) => sideText(text, side).includes(quoted));
  return printed.length === 1 ? { ...at, sides: { [printed[0]]: at.label ?? '' } } : at;
}

export const cellMd = (c: TableCell) => md([{ type: 'paragraph', children: c.children }]);
const rowMd = (r: TableRow) => r.children.map(cellMd).join(' | ');

/** The text a row is named by: its first cell, when no other row's first cell reads the same. */
export function rowName(t: Table, i: number): string | undefined {
  const name = toString(t.children[i].children[0] ?? '');
  const unique = t.children.slice(1).filter((r) => toString(r.children[0] ?? '') === name).length === 1;
  return unique && name && !name.includes('"') ? name : undefined;
}

/** The cell-level change of one row: the fewest words, with the column's header when they occur elsewhere in the row. */
function cellChanges(ot: Table, or: number, nr: TableRow): Omit<Extract<Change, { op: 'tableCell' }>, 'group' | 'defects' | 'at'>[] | undefined {
  const row = rowName(ot, or);
  const old = ot.children[or];
  if (!row || old.children.length !== nr.children.length) return undefined;
  const out = [];
  for (let k = 0; k < old.children.length; k++) {
    const [a, b] = [cellMd(old.children[k]), cellMd(nr.children[k])];
    if (a === b) continue;
    if (k === 0) return undefined;
    // a cell with markup: the quotes hold whole elements ("**format**"), the instruction prints them so (instructions.ts)
    const whole = a && b && !(a + b).includes('"') && (!MARKUP.test(a + b) || (wholeMarkup(a) && wholeMarkup(b)));
    const s = stringReplacement(a, b, () => true, true) ?? (whole ? { old: a, new: b } : undefined);
    if (!s) return undefined;
    const inRow = rowMd(old);
    const column = inRow.indexOf(s.old) === inRow.lastIndexOf(s.old) ? undefined : toString(ot.children[0].children[k] ?? '');
    if (column !== undefined && (!column || column.includes('"'))) return undefined;
    out.push({ op: 'tableCell' as const, row, ...(column !== undefined ? { column } : {}), ...s });
  }
  return out;
}

/**
 * Row-level changes inside one table (caption and header row unchanged): cells by row and column,
 * rows deleted and added by the row before them; false when the table is better replaced as a whole.
 */
function diffRows(ctx: Ctx, s: SectionUnit, r: BlockUnit, a: BlockUnit, group: SectionRef, defects: string[]): boolean {
  const ot = r.nodes.find((n): n is Table => n.type === 'table');
  const nt = a.nodes.find((n): n is Table => n.type === 'table');
  if (!ot || !nt || md(r.nodes.filter((n) => n !== ot)) !== md(a.nodes.filter((n) => n !== nt)) || rowMd(ot.children[0]) !== rowMd(nt.children[0])) return false;
  if (JSON.stringify(ot.align) !== JSON.stringify(nt.align)) return false;
  const parts = diffArrays(ot.children.slice(1).map(rowMd), nt.children.slice(1).map(rowMd));
  const at = blockRef(s, r);
  const out: Change[] = [];
  let oi = 1;
  let ni = 1;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (!part.added && !part.removed) { oi += part.count; ni += part.count; continue; }
    const removed = part.removed ? part.count : 0;
    const next = part.removed && parts[p + 1]?.added ? parts[++p] : part.added ? part : undefined;
    const added = next ? next.count : 0;
    const paired = Math.min(removed, added);
    for (let k = 0; k < paired; k++) {
      const cells = cellChanges(ot, oi + k, nt.children[ni + k]);
      if (!cells) return false;
      out.push(...cells.map((c) => ({ ...c, group, defects, at })));
    }
    for (let k = paired; k < removed; k++) {
      const row = rowName(ot, oi + k);
      if (!row) return false;
      out.push({ op: 'deleteRow', group, defects, at, row });
    }
    if (added > paired) {
      const after = rowName(ot, oi + removed - 1);
      if (oi + removed - 1 < 1 || !after || removed > paired) return false;
      out.push({ op: 'addRow', group, defects, at, row: after, content: [{ ...nt, children: [nt.children[0], ...nt.children.slice(ni + paired, ni + added)] }] });
    }
    oi += removed;
    ni += added;
  }
  ctx.out.push(...out);
  return true;
}

/**
 * Lines changed one for one in a code block (an ASN.1 module): each quoted, when it occurs once in the
 * block and keeps its indentation; false when the block is better replaced as a whole.
 */
function diffCodeLines(ctx: Ctx, s: SectionUnit, r: BlockUnit, a: BlockUnit, group: SectionRef, defects: string[]): boolean {
  const [oc, nc] = [r.nodes[0], a.nodes[0]];
  if (oc.type !== 'code' || nc.type !== 'code' || oc.lang !== nc.lang || oc.meta !== nc.meta) return false;
  const ol = oc.value.split('\n');
  const nl = nc.value.split('\n');
  if (ol.length !== nl.length) return false;
  const out: Change[] = [];
  for (let i = 0; i < ol.length; i++) {
    if (ol[i] === nl[i]) continue;
    const [o, n] = [ol[i].trim(), nl[i].trim()];
    const indent = (l: string) => l.slice(0, l.length - l.trimStart().length);
    if (!o || !n || indent(ol[i]) !== indent(nl[i]) || ol.filter((l) => l.includes(o)).length !== 1 || (o + n).includes('" with "')) return false;
    out.push({ op: 'codeLine', group, defects, at: blockRef(s, r), old: o, new: n });
  }
  ctx.out.push(...out);
  return out.length > 0;
}

/** Item-level changes inside one list; false when the list is better replaced as a whole. */
function diffItems(ctx: Ctx, s: SectionUnit, r: BlockUnit, a: BlockUnit, group: SectionRef, defects: string[]): boolean {
  const ol = r.nodes[0] as List;
  const nl = a.nodes[0] as List;
  if (ol.ordered !== nl.ordered || ol.spread !== nl.spread || (ol.start ?? 1) !== (nl.start ?? 1)) return false;
  const itemMd = (l: List) => l.children.map((it) => md(it.children as RootContent[]));
  const parts = diffArrays(itemMd(ol), itemMd(nl));
  const out: Change[] = [];
  let oi = 0;
  let ni = 0;
  // a dash item has no label to name it by: its opening words
  const quote = (i: number) => (ol.ordered ? undefined : quotedItem(s, r, i));
  const ref = (i: number): ElementRef => ({ type: 'item', section: sectionRef(s), ordinal: r.ordinal, ...(r.ordinals ? { ordinals: r.ordinals } : {}), item: itemLabel(ol, i), index: i, ...(quote(i) ? { quote: quote(i) } : {}) });
  // new items printed with the labels they take in the publication (item c) of a replacement is "3.")
  const asList = (items: ListItem[], at: number): RootContent[] => [{ ...nl, ...(nl.ordered ? { start: (ol.start ?? 1) + at } : {}), children: items }];
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (!part.added && !part.removed) { oi += part.count!; ni += part.count!; continue; }
    let removed = 0;
    let added: ListItem[] = [];
    if (part.removed) { removed = part.count!; oi += removed; if (parts[p + 1]?.added) { p++; added = nl.children.slice(ni, ni + parts[p].count!); ni += parts[p].count!; } }
    else { added = nl.children.slice(ni, ni + part.count!); ni += part.count!; }
    const first = oi - removed;
    if (!removed) {
      if (first === 0) return false;
      out.push({ op: 'addAfter', group, defects, at: ref(first - 1), content: asList(added, first) });
    } else if (!added.length) {
      for (let i = first; i < oi; i++) out.push({ op: 'delete', group, defects, at: ref(i) });
    } else {
      out.push({ op: 'replace', group, defects, at: ref(first), content: asList(added, first) });
      for (let i = first + 1; i < oi; i++) out.push({ op: 'delete', group, defects, at: ref(i) });
    }
  }
  ctx.out.push(...out);
  return true;
}

function subtree(s: SectionUnit): RootContent[] {
  return [s.heading, ...s.blocks.flatMap((b) => b.nodes), ...s.children.flatMap(subtree)];
}

function sameTitle(o: SectionUnit, n: SectionUnit): boolean {
  const strip = (s: SectionUnit) => JSON.stringify({ ...s.attrs, pairs: { ...comparablePairs(s), defect: undefined } });
  return o.title === n.title && strip(o) === strip(n);
}

/**
 * A heading without an anchor whose title changed and whose content did not: the same section
 * retitled ("Replace the title of 9.2 with …"), not one deleted and another added.
 */
function retitled(a: SectionUnit, b: SectionUnit): boolean {
  if (a.attrs.id || b.attrs.id || a.depth !== b.depth) return false;
  const content = (s: SectionUnit) => JSON.stringify([s.blocks.map((u) => u.md), s.children.map((c) => c.key)]);
  return (a.blocks.length > 0 || a.children.length > 0) && content(a) === content(b);
}

function insertedSuffix(i: number): string {
  return String.fromCharCode(97 + i);
}

/** Compares two sibling lists of sections. */
function diffSections(ctx: Ctx, olds: SectionUnit[], news: SectionUnit[], parentOld?: SectionUnit, parentNew?: SectionUnit) {
  const parts = diffArrays(olds, news, { comparator: (a, b) => a.key === b.key || retitled(a, b) });
  let oi = 0;
  let ni = 0;
  for (const part of parts) {
    if (!part.added && !part.removed) {
      for (let k = 0; k < part.count!; k++) {
        const o = olds[oi++];
        const n = news[ni++];
        if (!sameTitle(o, n)) {
          // a changed heading (title or attributes other than defect): replace the title line
          ctx.out.push({ op: 'replaceTitle', group: sectionRef(o), defects: defectsOf(ctx, n), at: sectionRef(o), title: md([n.heading]).replace(/^#+\s*/, '') });
        }
        diffBlocks(ctx, o, n);
        diffSections(ctx, o.children, n.children, o, n);
      }
      continue;
    }
    if (part.removed) {
      for (let k = 0; k < part.count!; k++) {
        const o = olds[oi++];
        ctx.out.push({ op: 'delete', group: sectionRef(o), defects: defectsOf(ctx, parentNew ?? o), at: { type: 'section', section: sectionRef(o) } });
      }
      continue;
    }
    const added = news.slice(ni, ni + part.count!);
    ni += part.count!;
    const prev = olds[oi - 1];
    const next = olds[oi];
    added.forEach((n, k) => {
      const kind = n.attrs.pairs.annex ? 'annex' : n.parent ? 'subclause' : 'clause';
      const content = subtree(n);
      const base = { group: prev ? sectionRef(prev) : next ? sectionRef(next) : sectionRef(parentOld!), defects: defectsOf(ctx, n), kind, depth: n.depth, content, ...(kind === 'annex' ? {} : sectionElements(ctx, n, content, prev, next, parentOld)) } as const;
      // after the last subclause nothing is renumbered: the new one takes the next number (5.3 → 5.4)
      const last = !next && prev?.kind === 'subclause' && /\.\d+$/.test(prev.number);
      if (prev && last) ctx.out.push({ op: 'addSection', ...base, where: 'after', at: sectionRef(prev), suffix: '', number: prev.number.replace(/\d+$/, (d) => String(Number(d) + k + 1)) });
      else if (prev) ctx.out.push({ op: 'addSection', ...base, where: 'after', at: sectionRef(prev), suffix: prev.kind === 'annex' || prev.kind === 'unnumbered' ? '' : insertedSuffix(k) });
      else if (next) ctx.out.push({ op: 'addSection', ...base, where: 'before', at: sectionRef(next), suffix: '' });
      else ctx.out.push({ op: 'addSection', ...base, where: 'in', at: sectionRef(parentOld!), suffix: '' });
    });
  }
}

/**
 * The tables and figures of a new (sub)clause, numbered across the text: inserted before published
 * ones, they take placeholders after the one before them (its notes and terms are its own).
 */
function sectionElements(ctx: Ctx, n: SectionUnit, content: RootContent[], prev?: SectionUnit, next?: SectionUnit, parent?: SectionUnit): { inserted?: InsertedElement[] } {
  const p = ctx.placeholders;
  const where = prev ?? next ?? parent;
  if (!p || !where) return {};
  const point = prev ? p.afterSubtree(prev) : next ? p.atStart(next) - 1 : p.afterSubtree(parent!);
  const units = allSections([n]).flatMap((s) => s.blocks).filter((u) => u.kind === 'table' || u.kind === 'figure');
  return numbered(ctx, units, content, where, point);
}

function referenceGroups(meta: Metadata): [string, ReferenceEntry[]][] {
  const refs = [...meta.references.values()].filter((r) => r.normative);
  return [
    ['identical', refs.filter((r) => r.itu && r.iso && r.relation === 'identical' && !r.label)],
    ['paired', refs.filter((r) => r.itu && r.iso && r.relation === 'paired' && !r.label)],
    ['additional', refs.filter((r) => !(r.itu && r.iso) || r.label)],
  ];
}

function groupOf(r: ReferenceEntry): string {
  if (r.itu && r.iso && !r.label) return r.relation;
  return 'additional';
}

/** The subclause (2.1, 2.2, 2.3) of the old normative references clause where a reference of this kind sits. */
function referenceSubclause(oldMeta: Metadata, clause: string, r: ReferenceEntry): SectionRef {
  const groups = referenceGroups(oldMeta);
  let i = 0;
  for (const [name, entries] of groups) {
    if (entries.length || name === groupOf(r)) i++;
    if (name === groupOf(r)) break;
  }
  return { kind: 'references', number: `${clause}.${i}`, title: '' };
}

function diffReferences(ctx: Ctx, o: SourceTree, oldMeta: Metadata, newMeta: Metadata) {
  const refsSection = o.sections.find((s) => s.role === 'normative-references');
  if (!refsSection) return;
  const group: SectionRef = { kind: 'references', number: refsSection.number, title: refsSection.title };
  const defects = defectsOf(ctx);
  const same = (a: ReferenceEntry, b: ReferenceEntry) => JSON.stringify(a) === JSON.stringify(b);
  for (const r of oldMeta.references.values()) {
    if (!r.normative) continue;
    const n = newMeta.references.get(r.id);
    if (!n || !n.normative || !same(r, n)) ctx.out.push({ op: 'deleteReference', group, defects, at: referenceSubclause(oldMeta, refsSection.number, r), id: r.id, text: referenceEntryText(r) });
  }
  const opened = new Set<string>();
  for (const n of newMeta.references.values()) {
    if (!n.normative) continue;
    const r = oldMeta.references.get(n.id);
    if (r && r.normative && same(r, n)) continue;
    const at = referenceSubclause(oldMeta, refsSection.number, n);
    // the old clause has no subclause for this kind of reference: the first one added brings it
    const heading = !referenceGroups(oldMeta).find(([name]) => name === groupOf(n))![1].length && !opened.has(at.number) ? groupOf(n) : undefined;
    if (heading) opened.add(at.number);
    ctx.out.push({ op: 'addReference', group, defects, at, id: n.id, text: referenceEntryText(n), ...(heading ? { newSubclause: heading } : {}) });
  }
}

/** The change set from the old tree to the new one, in the order of the old text. */
export function diffTrees(o: SourceTree, n: SourceTree, oldMeta: Metadata, newMeta: Metadata, options: DiffOptions = {}): Change[] {
  const ctx: Ctx = { out: [], options, body: printedText(allSections(o.sections).flatMap((s) => s.blocks.map((b) => b.md)).join('\n\n'), options.labels), ...(options.labelWords ? { placeholders: new Placeholders(o, options.labelWords) } : {}) };
  const refsAt = o.sections.findIndex((s) => s.role === 'normative-references');
  // references first when the clause comes first in the text (it always does in practice)
  const before: Change[] = [];
  if (refsAt >= 0) { diffReferences(ctx, o, oldMeta, newMeta); before.push(...ctx.out); ctx.out = []; }
  diffSections(ctx, o.sections, n.sections);
  // put the reference changes where clause 2 sits among the other groups
  const refsNumber = refsAt >= 0 ? o.sections[refsAt].number : '';
  const idx = ctx.out.findIndex((c) => compareNumbers(c.group.number, refsNumber) > 0 && c.group.kind !== 'unnumbered');
  if (idx < 0) ctx.out.push(...before); else ctx.out.splice(idx, 0, ...before);
  return ctx.out;
}

function compareNumbers(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  const n = (s: string) => (/^\d+$/.test(s) ? Number(s) : 1000 + s.charCodeAt(0));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const d = n(pa[i]) - n(pb[i]);
    if (d) return d;
  }
  return 0;
}
