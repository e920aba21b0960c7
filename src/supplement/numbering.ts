/**
 * The numbers a supplement names elements by: the prepare pass's own numbering (numberDocument in
 * model/prepare.ts), once per publication, carried over to the Markdown unit tree (tree.ts). There is
 * no second count: whatever prepare prints ("Table 2" in the ITU publication when an ITU-only table
 * comes first, "NOTE 2" when a note sits in a list item before it) is what an instruction says.
 *
 * The join between the two trees: both are parsed from the same text, so a unit's first Markdown node
 * (its table node for a captioned table, as the model's table block) and the model block or section
 * it became start at the same file, line and column. Position is the key rather than order because
 * the model reshapes the stream (a caption joins its table, a one-side block wraps its contents,
 * term-like paragraphs outside {.terms} stay paragraphs); loadRoot records each expanded node's file.
 */
import path from 'node:path';
import type { RootContent } from 'mdast';
import { bodyStrings as prepareStrings, numberDocument, type Numbers, type Strings } from '../model/prepare.js';
import { SIDES, type Block, type Section, type Side, type SourceDocument } from '../model/types.js';
import { metadataView, type MetadataView } from '../model/view.js';
import { templatesFor, type Templates } from '../profile/index.js';
import { type BlockUnit, type BySide, type SectionUnit, type SourceTree, allSections, countOrdinals, originOf } from './tree.js';

/** The templates a document is built with: its front matter's `templates:` folder, then the bundled ones. */
export function documentTemplates(doc: SourceDocument): Templates {
  return templatesFor(doc);
}

/** The body strings (templates/common/body.yaml) resolved as preparePublication resolves them. */
export function bodyStrings(templates: Templates, doc?: SourceDocument): Strings {
  return prepareStrings(templates, (doc ? metadataView(doc.meta, templates, false) : {}) as MetadataView);
}


/** Where a node or a model block starts: file, line and column, the key that joins the two (an included file's line 12 is not the main file's). */
export const positionKey = (file: string, line: number, column: number) => `${path.resolve(file)}:${line}:${column}`;

/** The position key of a node of a tree loaded from `file` (loadRoot records an included node's own file). */
export function nodeKey(file: string, n: RootContent): string {
  const p = n.position?.start;
  return p ? positionKey(originOf(n) ?? file, p.line, p.column) : '';
}

/** Every section and block of the model by where it starts; a one-side wrapper is left out (it starts where its first block does). */
function modelIndex(doc: SourceDocument): { sections: Map<string, Section>; blocks: Map<string, Block> } {
  const sections = new Map<string, Section>();
  const blocks = new Map<string, Block>();
  const walkBlocks = (bs: Block[]) => bs.forEach((b) => {
    if (b.type !== 'only') blocks.set(positionKey(b.pos.file, b.pos.line, b.pos.column), b);
    if (b.type === 'only' || b.type === 'note' || b.type === 'example') walkBlocks(b.blocks);
    else if (b.type === 'list') b.items.forEach(walkBlocks);
  });
  const walk = (s: Section) => {
    sections.set(positionKey(s.pos.file, s.pos.line, s.pos.column), s);
    walkBlocks(s.blocks);
    s.children.forEach(walk);
  };
  [doc.summary, doc.introduction, ...doc.sections].forEach((s) => s && walk(s));
  return { sections, blocks };
}

/** One value printed in both publications, or the value of each (a side left out: not printed there). */
function bySide(values: BySide, present: readonly Side[]): { value: string; sides?: BySide } {
  const first = values[present[0]] ?? '';
  if (present.length === SIDES.length && present.every((s) => values[s] === first)) return { value: first };
  return { value: first, sides: Object.fromEntries(present.map((s) => [s, values[s] ?? ''])) };
}

function numberSection(s: SectionUnit, m: Section | undefined, numbers: Record<Side, Numbers>) {
  if (!m) return;
  // the Summary is printed in the Recommendation only
  if (s.role === 'summary') { s.sides = { itu: '' }; s.kind = 'unnumbered'; return; }
  const inBody = SIDES.some((side) => numbers[side].section.has(m));
  // the Introduction and the Summary are never numbered; a body section is absent from a publication it is not in
  const present = inBody ? SIDES.filter((side) => numbers[side].section.has(m)) : SIDES;
  const { value, sides } = bySide(Object.fromEntries(present.map((side) => [side, numbers[side].section.get(m) ?? ''])), present);
  s.number = value;
  s.sides = sides;
  s.kind = !value ? 'unnumbered' : m.annex ? 'annex' : s.parent ? 'subclause' : 'clause';
}

function blockLabel(b: Block, n: Numbers): string | undefined {
  if (b.type === 'table' || b.type === 'figure') return n.caption.get(b);
  if (b.type === 'note' || b.type === 'example') return n.note.get(b);
  if (b.type === 'term') return n.term.get(b);
  return undefined;
}

function labelUnit(u: BlockUnit, m: Block | undefined, numbers: Record<Side, Numbers>) {
  const first = u.nodes[0];
  if (first.type === 'containerDirective' && (first.name === 'itu' || first.name === 'iso')) {
    // a one-side block is one unit, printed in its publication only
    u.sides = { [first.name]: '' };
    return;
  }
  // "**x**: y" is a term entry only inside a {.terms} clause; elsewhere the publication prints a paragraph
  if (u.kind === 'term' && m?.type !== 'term') u.kind = 'paragraph';
  if (!m || !['table', 'figure', 'note', 'example', 'term'].includes(m.type)) return;
  const values = Object.fromEntries(SIDES.map((side) => [side, blockLabel(m, numbers[side])]));
  const present = SIDES.filter((side) => values[side] !== undefined);
  if (!present.length) return;
  const { value, sides } = bySide(values, present);
  u.label = value;
  u.sides = sides;
}

/** Model block types counted by ordinal ("the second paragraph"), which are the unit kinds of the same name. */
const ORDINAL_KINDS = new Set(['paragraph', 'list', 'code']);

/**
 * Ordinals as each publication counts them: a paragraph (list, code block) of a one-side block before
 * a unit counts in that publication only, so "the second paragraph" of one is the third of the other.
 */
function countBySide(tree: SourceTree, s: SectionUnit, blocks: Map<string, Block>) {
  const before: Record<Side, Record<string, number>> = { itu: {}, iso: {} };
  for (const u of s.blocks) {
    const first = u.nodes[0];
    if (first.type === 'containerDirective' && (first.name === 'itu' || first.name === 'iso')) {
      const counts = before[first.name];
      for (const c of first.children) {
        const m = blocks.get(nodeKey(tree.file, c as RootContent));
        if (m && ORDINAL_KINDS.has(m.type)) counts[m.type] = (counts[m.type] ?? 0) + 1;
      }
      continue;
    }
    if (!ORDINAL_KINDS.has(u.kind)) continue;
    const ordinals = Object.fromEntries(SIDES.map((side) => [side, u.ordinal + (before[side][u.kind] ?? 0)]));
    if (SIDES.some((side) => ordinals[side] !== u.ordinal)) u.ordinals = ordinals;
  }
}

/**
 * Footnote numbers as each publication prints them: footnotes are numbered in the order of their first
 * reference, and a reference in text of the other publication only (`:::iso`, `:iso[…]`) is not counted.
 */
function footnoteNumbers(tree: SourceTree): Record<Side, Map<string, string>> {
  const out = Object.fromEntries(SIDES.map((side) => [side, new Map<string, string>()])) as Record<Side, Map<string, string>>;
  for (const side of SIDES) {
    const seen = out[side];
    const walk = (n: { type: string; name?: string; identifier?: string; children?: unknown[] }) => {
      if ((n.type === 'containerDirective' || n.type === 'textDirective') && (n.name === 'itu' || n.name === 'iso') && n.name !== side) return;
      if (n.type === 'footnoteDefinition') return;
      if (n.type === 'footnoteReference' && n.identifier && !seen.has(n.identifier)) seen.set(n.identifier, String(seen.size + 1));
      for (const c of (n.children ?? []) as typeof n[]) walk(c);
    };
    tree.root.children.forEach((n) => walk(n as never));
    // a footnote's own text may cite another footnote: numbered after the one citing it
    for (const [id] of seen) {
      const def = allSections(tree.sections).flatMap((s) => s.blocks).find((b) => b.kind === 'footnote' && (b.nodes[0] as { identifier?: string }).identifier === id);
      def?.nodes.forEach((n) => ((n as { children?: unknown[] }).children ?? []).forEach((c) => walk(c as never)));
    }
  }
  return out;
}

function labelFootnote(u: BlockUnit, numbers: Record<Side, Map<string, string>>) {
  const id = (u.nodes[0] as { identifier?: string }).identifier ?? '';
  const values = Object.fromEntries(SIDES.map((side) => [side, numbers[side].get(id)]));
  const present = SIDES.filter((side) => values[side] !== undefined);
  if (!present.length) return;
  const { value, sides } = bySide(values, present);
  u.label = value;
  u.sides = sides;
}

/** Sets every section's number and every unit's label from the document's own numbering, per publication. */
export function numberTree(tree: SourceTree, doc: SourceDocument, strings: Strings): void {
  const numbers = Object.fromEntries(SIDES.map((side) => [side, numberDocument(doc, side, strings)])) as Record<Side, Numbers>;
  const index = modelIndex(doc);
  const footnotes = footnoteNumbers(tree);
  for (const s of allSections(tree.sections)) {
    numberSection(s, index.sections.get(nodeKey(tree.file, s.heading)), numbers);
    for (const u of s.blocks) {
      if (u.kind === 'footnote') { labelFootnote(u, footnotes); continue; }
      // a captioned table starts, in the model, at its table (the caption is the unit's first node)
      const anchor = u.kind === 'table' ? u.nodes[u.nodes.length - 1] : u.nodes[0];
      labelUnit(u, index.blocks.get(nodeKey(tree.file, anchor)), numbers);
    }
    countOrdinals(s.blocks);
    countBySide(tree, s, index.blocks);
  }
}
