/**
 * A change set as a supplement source (Markdown, a common-text source like any other) and back.
 *
 *   # 1) Subclause 7.4.1 {.unnumbered}
 *   (Resolves defect report 3.)
 *   In 7.4.1, replace "654539" with "65539".
 *   Replace the second paragraph of 7.4.1 with the following:
 *   <the new paragraph>
 *
 * Inside the content, a cross-reference to the base text is written as a link to `xref:<anchor>`
 * (the supplement does not hold the base text's anchors), new headings carry their number
 * ("6.1a Title") and are unnumbered, a new annex shows "Annex B – Title" and its obligation line.
 *
 * Each publication of the supplement names a location as that publication prints it (sides.ts):
 *
 *   :itu[Delete Table 2.]{reason="…"}:iso[Delete Table 1.]{reason="…"}
 *   :::itu{reason="…"}        a change to an element of the ITU publication only (a whole group,
 *   Replace …                 heading included, when all its changes are), numbered 1), 2) … in
 *   :::                       each publication among the groups it prints
 */
import type { Heading, Link, List, Paragraph, Root, RootContent } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import { parseDocument } from 'yaml';
import { type Change, type ElementRef, type SectionRef, MARKUP } from './changes.js';
import { Wording } from './wording.js';
import { type HeadingAttrs, headingParts, makeHeading, md, mdNodes } from './tree.js';
import { parseMarkdown, stringifyMarkdown, TEXT_DIRECTIVES } from '../source/markdown.js';
import { escapeMarkdown } from '../model/view.js';
import { annexLetter } from '../model/prepare.js';
import type { SupplementMeta } from '../source/metadata.js';
import { SIDES, type Side } from '../model/types.js';
import { changeOnSide, mergeSides, sectionOnSide } from './sides.js';
import { printedNumber, sharedContent, withoutPrintedNumber, withPrintedNumber } from './labels.js';
import { insertedLabel, numberedContent, withoutCountedNumbers } from './placeholders.js';

export interface WriteOptions {
  /** The new source's front matter (YAML text): the supplement keeps its metadata and references. */
  yaml: string;
  supplement: SupplementMeta;
  /** anchor → label in the new text ("clause 6.2", "Table 3"), for cross-references to the base text. */
  labels: Map<string, string>;
  /** Fixed body strings (annexIntegral, annexNonIntegral). */
  bodyStrings: Record<string, string>;
  /** The new text's footnote definitions by identifier: new text citing one reproduces it. */
  footnotes?: Map<string, RootContent>;
  /** The footnotes the supplement has reproduced so far (each is defined once). */
  printedFootnotes?: Set<string>;
}

const XREF = 'xref:';

function clone<T>(x: T): T {
  return structuredClone(x);
}

function definedAnchors(nodes: RootContent[]): Set<string> {
  const out = new Set<string>();
  const text = md(nodes);
  for (const m of text.matchAll(/\{[^{}\n]*#([\w:.-]+)[^{}\n]*\}/g)) out.add(m[1]);
  return out;
}

function mapLinks(nodes: RootContent[], f: (l: Link) => void) {
  const walk = (n: { type: string; children?: unknown[] }) => {
    if (n.type === 'link') f(n as Link);
    for (const c of (n.children ?? []) as typeof n[]) walk(c);
  };
  nodes.forEach((n) => walk(n as never));
}

/** Base-text cross-references → `xref:` links showing the label. */
function exportLinks(nodes: RootContent[], labels: Map<string, string>, own: Set<string>) {
  mapLinks(nodes, (l) => {
    if (!l.url.startsWith('#') || own.has(l.url.slice(1))) return;
    const id = l.url.slice(1);
    if (l.children.length) l.title = 'text';
    else l.children = [{ type: 'text', value: labels.get(id) ?? id }];
    l.url = `${XREF}${id}`;
  });
}

function importLinks(nodes: RootContent[]) {
  mapLinks(nodes, (l) => {
    if (!l.url.startsWith(XREF)) return;
    l.url = `#${l.url.slice(XREF.length)}`;
    if (l.title !== 'text') l.children = [];
    l.title = null;
  });
}

function nextLetter(letter: string): string {
  let n = 0;
  for (const c of letter) n = n * 26 + (c.charCodeAt(0) - 64);
  return annexLetter(n);
}

/**
 * The number an added section is printed with, the same in the instructions, the corrected text and the
 * revision DOCX: its own number when it was written on the heading or needs no renumbering (6.6 after
 * the last, 6.5), else a placeholder after the published number before it ("8.3.3a", "14a"; "8.3.0a"
 * before the first).
 */
export function addedNumber(w: Wording, c: Extract<Change, { op: 'addSection' }>, own?: string): string {
  // before the first one (there is no published one before it): after a "0" in its place, "5.0a" before 5.1
  const before = c.where === 'before' ? c.at.number.replace(/[^.]+$/, '0') : c.at.number;
  return own ?? c.number ?? w.t('insertedNumber', { number: before || '0', suffix: c.suffix || 'a' });
}

/** New sections as they appear in the supplement: numbered titles on unnumbered headings, one level below the group. */
function exportSections(w: Wording, c: Extract<Change, { op: 'addSection' }>, o: WriteOptions): RootContent[] {
  const out: RootContent[] = [];
  const counters: number[] = [];
  const numbers: string[] = [];
  for (const n of c.content) {
    if (n.type !== 'heading') { out.push(clone(n)); continue; }
    const rel = n.depth - c.depth;
    const { title, attrs } = headingParts(n);
    const a: HeadingAttrs = { ...attrs, classes: [...attrs.classes], pairs: { ...attrs.pairs } };
    let shown = title;
    if (rel === 0) {
      if (attrs.pairs.annex) {
        const letter = c.at.kind === 'annex' ? nextLetter(c.at.number) : 'A';
        numbers[0] = letter;
        shown = w.t('annexHeading', { letter, title });
        delete a.pairs.annex;
        out.push(makeHeading(2, shown, { ...a, classes: [...a.classes, 'unnumbered'] }));
        if (attrs.pairs.annex !== 'unstated') out.push(...mdNodes(escapeMarkdown(o.bodyStrings[attrs.pairs.annex === 'integral' ? 'annexIntegral' : 'annexNonIntegral'])));
        continue;
      }
      numbers[0] = attrs.classes.includes('unnumbered') ? '' : addedNumber(w, c, attrs.pairs.number);
    } else {
      counters[rel] = (counters[rel] ?? 0) + 1;
      counters.length = rel + 1;
      numbers[rel] = numbers[rel - 1] && !attrs.classes.includes('unnumbered') ? `${numbers[rel - 1]}.${counters[rel]}` : '';
    }
    numbers.length = rel + 1;
    if (numbers[rel]) shown = `${numbers[rel]} ${title}`;
    if (!a.classes.includes('unnumbered')) a.classes.push('unnumbered');
    out.push(makeHeading(2 + rel, shown, a));
  }
  return out;
}

function content(w: Wording, change: Change, o: WriteOptions): RootContent[] {
  // the new tables, figures, notes and terms with the numbers the convention gives them (placeholders.ts)
  const c = 'inserted' in change ? { ...change, content: numberedContent(w, change.content, change.inserted) } as Change : change;
  let nodes: RootContent[];
  switch (c.op) {
    case 'addSection': nodes = exportSections(w, c, o); break;
    case 'replaceTitle': {
      const h = mdNodes(`## ${c.title}`)[0] as Heading;
      const { title, attrs } = headingParts(h);
      nodes = [makeHeading(2, title, { ...attrs, classes: [...new Set([...attrs.classes, 'unnumbered'])] })];
      break;
    }
    case 'addReference': case 'deleteReference': {
      nodes = mdNodes(`- ${escapeMarkdown(c.text.replace(/\n\t/g, ' '))}`);
      // a new subclause of references: its heading, as the publication titles it ("2.2 Additional references")
      const title = c.op === 'addReference' && c.newSubclause ? o.bodyStrings[`references${c.newSubclause[0].toUpperCase()}${c.newSubclause.slice(1)}`] : undefined;
      if (title) nodes.unshift(makeHeading(2, `${c.at.number} ${escapeMarkdown(title)}`, { classes: ['unnumbered'], pairs: {} }));
      break;
    }
    case 'replace': case 'addAfter': case 'addAtStart': case 'designateNote': case 'addRow':
      nodes = clone(c.content);
      // a footnote's new text is given as its paragraphs: "Replace footnote 2 in 7.1 with the following:"
      if (c.op === 'replace' && nodes.length === 1 && nodes[0].type === 'footnoteDefinition') nodes = nodes[0].children as RootContent[];
      break;
    default: nodes = [];
  }
  exportLinks(nodes, o.labels, definedAnchors(nodes));
  return [...nodes, ...citedFootnotes(nodes, o)];
}

/**
 * The footnotes new text cites and does not define: reproduced after it, so that the supplement prints
 * them (and builds); each once in the supplement (apply leaves out a footnote the old text has word for word).
 */
function citedFootnotes(nodes: RootContent[], o: WriteOptions): RootContent[] {
  const defined = new Set<string>();
  const cited: string[] = [];
  const walk = (n: { type: string; identifier?: string; children?: unknown[] }) => {
    if (n.type === 'footnoteDefinition' && n.identifier) defined.add(n.identifier);
    if (n.type === 'footnoteReference' && n.identifier && !cited.includes(n.identifier)) cited.push(n.identifier);
    for (const c of (n.children ?? []) as typeof n[]) walk(c);
  };
  nodes.forEach((n) => walk(n as never));
  const out: RootContent[] = [];
  for (const id of cited) {
    const def = o.footnotes?.get(id);
    if (defined.has(id) || !def || o.printedFootnotes?.has(id)) continue;
    o.printedFootnotes?.add(id);
    out.push(clone(def));
    walk(def as never);
  }
  return out;
}

export function instructionText(w: Wording, c: Change): string {
  switch (c.op) {
    case 'replaceString': {
      const inn = c.scope !== 'element' ? w.section(c.at.section) : w.element(c.at);
      return w.t('replaceString', { in: inn, old: c.old, new: c.new });
    }
    case 'replace': return w.t('replaceElement', { what: w.element(c.at) });
    case 'delete': return w.t('deleteElement', { what: w.element(c.at) });
    case 'addAfter': {
      const label = insertedLabel(w, c);
      return label ? w.t('addNewAfter', { label, what: w.element(c.at) }) : w.t(c.at.type === 'item' ? 'addItemAfter' : 'addAfter', { what: w.element(c.at) });
    }
    case 'addAtStart': {
      const label = insertedLabel(w, c);
      return label ? w.t('addNewAtStart', { label, in: w.section(c.at) }) : w.t('addAtStart', { in: w.section(c.at) });
    }
    case 'designateNote': return w.t('designateNote', {});
    case 'replaceTitle': return w.t('replaceTitle', { what: w.sectionObject(c.at) });
    case 'addSection': {
      const kind = w.t(c.kind === 'annex' ? 'kindAnnex' : c.kind === 'clause' ? 'kindClause' : 'kindSubclause');
      if (c.where === 'after') return w.t('addSectionAfter', { kind, what: w.section(c.at) });
      if (c.where === 'before') return w.t('addSectionBefore', { kind, what: w.section(c.at) });
      return w.t('addSectionIn', { kind, in: w.section(c.at) });
    }
    case 'addReference': return c.newSubclause ? w.t('addReferenceSubclause', { number: c.at.number, clause: c.at.number.split('.')[0] }) : w.t('addReference', { in: c.at.number });
    case 'deleteReference': return w.t('deleteReference', { in: c.at.number });
    case 'tableCell': return w.t(c.column !== undefined ? 'tableCellColumn' : 'tableCell', { table: w.element(c.at), row: c.row, column: c.column, old: c.old, new: c.new });
    case 'deleteRow': return w.t('deleteRow', { table: w.element(c.at), row: c.row });
    case 'addRow': return w.t('addRow', { table: w.element(c.at), row: c.row });
    case 'codeLine': return w.t('codeLine', { what: w.element(c.at), old: c.old, new: c.new });
  }
}

function sameRef(a: SectionRef, b: SectionRef) {
  return a.kind === b.kind && a.number === b.number && a.title === b.title;
}

function para(text: string): RootContent {
  return { type: 'paragraph', children: [{ type: 'text', value: text }] };
}

type BySideText = Partial<Record<Side, string>>;

/** The sides a text is printed in, in order. */
const sidesOf = (texts: BySideText) => SIDES.filter((s) => texts[s] !== undefined);

/** Markdown of a text printed alike in both publications, or of each one's own text: `:itu[…]{reason}:iso[…]{reason}`. */
function perSide(w: Wording, texts: BySideText): string {
  const present = sidesOf(texts);
  if (present.every((s) => texts[s] === texts[present[0]])) return escapeMarkdown(texts[present[0]] ?? '');
  return present.map((s) => `:${s}[${escapeMarkdown(texts[s]!)}]{reason="${w.t('sideNumbering')}"}`).join('');
}

/** The group heading ("1) Clause 6"), numbered in each publication it is printed in, with each one's own location when they differ. */
function groupHeading(w: Wording, group: SectionRef, index: Partial<Record<Side, number>>, terms: boolean): Heading {
  const texts = Object.fromEntries(SIDES.filter((s) => index[s]).map((s) => {
    const g = sectionOnSide(group, s) ?? group;
    return [s, w.t('groupHeading', { index: index[s], heading: w.heading(g) })];
  })) as BySideText;
  return makeHeading(1, perSide(w, texts), { classes: terms ? ['unnumbered', 'terms'] : ['unnumbered'], pairs: {} });
}

/** Text printed in one publication only. */
function oneSide(w: Wording, side: Side, children: RootContent[]): ContainerDirective {
  return { type: 'containerDirective', name: side, attributes: { reason: w.t('sideOnly') }, children: children as ContainerDirective['children'] };
}

/**
 * One instruction and its text. Written once when both publications read it alike; with each one's
 * own location when they number it differently; inside a `:::itu` (`:::iso`) block when it concerns
 * one publication only (unless `inBlock`: its whole group already is).
 */
function writeChange(w: Wording, c: Change, options: WriteOptions, inBlock: boolean): RootContent[] {
  const texts = Object.fromEntries(SIDES.flatMap((s) => {
    const v = changeOnSide(c, s);
    return v ? [[s, instructionText(w, v)]] : [];
  })) as BySideText;
  const present = sidesOf(texts);
  const out: RootContent[] = [];
  if (c.defects.length) out.push(para(w.t('defects', { list: c.defects.join(w.t('defectsJoin')) })));
  const alike = present.every((s) => texts[s] === texts[present[0]]);
  if (hasMarkupQuotes(c)) out.push(markupInstruction(w, c, present, options));
  else out.push(alike ? para(texts[present[0]] ?? instructionText(w, c)) : mdNodes(perSide(w, texts))[0]);
  out.push(...labelled(w, c, content(w, c, options), present));
  return present.length === 1 && !inBlock ? [oneSide(w, present[0], out)] : out;
}

/** A table cell's change whose quotes hold markup ("**format**", a cross-reference): the instruction is written as Markdown, so that it prints them as the cell does. */
function hasMarkupQuotes(c: Change): c is Extract<Change, { op: 'tableCell' }> {
  return c.op === 'tableCell' && (MARKUP.test(c.old) || MARKUP.test(c.new));
}

/** The instruction's Markdown: its fixed words and locations escaped, its quotes as they are. */
function markupText(w: Wording, c: Extract<Change, { op: 'tableCell' }>): string {
  const [o, n] = ['\u0001', '\u0002'];
  const text = w.t(c.column !== undefined ? 'tableCellColumn' : 'tableCell', { table: w.element(c.at), row: c.row, column: c.column, old: o, new: n });
  return escapeMarkdown(text).replace(o, () => c.old).replace(n, () => c.new);
}

/** A cell instruction with markup quotes, once or in each publication's words; its cross-references as `xref:` links showing the label. */
function markupInstruction(w: Wording, c: Extract<Change, { op: 'tableCell' }>, present: Side[], options: WriteOptions): RootContent {
  const texts = Object.fromEntries(present.map((s) => [s, markupText(w, changeOnSide(c, s) as typeof c)])) as BySideText;
  const alike = present.every((s) => texts[s] === texts[present[0]]);
  const node = mdNodes(alike ? texts[present[0]]! : present.map((s) => `:${s}[${texts[s]}]{reason="${w.t('sideNumbering')}"}`).join(''))[0];
  exportLinks([node], options.labels, new Set());
  return node;
}

/**
 * The content with the labels each publication prints (labels.ts): once when they agree, else a copy
 * for each publication in a one-side block.
 */
function labelled(w: Wording, c: Change, nodes: RootContent[], present: Side[]): RootContent[] {
  const numbers = present.map((s) => printedNumber(w, changeOnSide(c, s)!));
  if (numbers.every((p) => !p)) return nodes;
  if (numbers.every((p) => p?.number === numbers[0]?.number)) return withPrintedNumber(w, nodes, numbers[0]!);
  return present.map((s, i) => ({ type: 'containerDirective', name: s, attributes: { reason: w.t('sideNumbering') }, children: (numbers[i] ? withPrintedNumber(w, nodes, numbers[i]!) : nodes) as ContainerDirective['children'] }) as ContainerDirective);
}

/** Whether the group holds definitions: its heading is then a {.terms} one, so that they read as term entries. */
function holdsTerms(w: Wording, changes: Change[], c: Change, options: WriteOptions): boolean {
  const term = /^\*\*[^*]+\*\*:\s/m;
  const quiet = { ...options, footnotes: undefined };
  return term.test(md(content(w, c, quiet))) || changes.some((x) => sameRef(x.group, c.group) && x.op !== 'addSection' && term.test(md((x as { content?: RootContent[] }).content ?? [])));
}

/** The supplement source: front matter (the new text's, with `supplement:`) and the numbered instructions. */
export function writeSupplement(changes: Change[], options: WriteOptions, w = new Wording()): string {
  options = { ...options, printedFootnotes: new Set() };
  const doc = parseDocument(options.yaml);
  doc.set('supplement', doc.createNode(Object.fromEntries(Object.entries(options.supplement).filter(([, v]) => v !== undefined))));
  const body: RootContent[] = [];
  // each publication numbers the groups it prints: a group of ITU-only changes is not in the ISO publication
  const counters: Record<Side, number> = { itu: 0, iso: 0 };
  for (let i = 0; i < changes.length;) {
    let j = i;
    while (j < changes.length && sameRef(changes[j].group, changes[i].group)) j++;
    const run = changes.slice(i, j);
    i = j;
    const found = SIDES.filter((s) => run.some((c) => changeOnSide(c, s)));
    const sides = found.length ? found : SIDES;
    const index = Object.fromEntries(sides.map((s) => [s, ++counters[s]]));
    const nodes = [groupHeading(w, run[0].group, index, holdsTerms(w, changes, run[0], options)), ...run.flatMap((c) => writeChange(w, c, options, sides.length === 1))];
    body.push(...(sides.length === 1 ? [oneSide(w, sides[0], nodes)] : nodes));
  }
  // lineWidth 0: keep the editor's one-line entries ({ edition: …, … }) as they were written
  const root: Root = { type: 'root', children: [{ type: 'yaml', value: doc.toString({ lineWidth: 0 }).trimEnd() }, ...body] };
  return stringifyMarkdown(root);
}

// ---------------------------------------------------------------------------------------------
// Reading a supplement back

export interface ParsedInstruction {
  change: Change;
  /** Line of the instruction in the supplement, for messages. */
  line: number;
  column: number;
}

export interface ReadResult {
  instructions: ParsedInstruction[];
  problems: { line: number; column: number; message: string }[];
  yaml: string;
}

/** An instruction as read: per publication that prints it, its placeholders and its group's location. */
type Draft = { key: string; m: Partial<Record<Side, Record<string, string>>>; group: Partial<Record<Side, SectionRef>>; defects: string[]; content: RootContent[]; line: number; column: number };

// the table instructions first: "In Table 1, in the row …, replace …" also reads as a replaceString
// "Add the following new subclause after 2.1:" reads as a new section when it names a kind of section, else as a new element ("new Table 2a")
export const INSTRUCTION_KEYS = ['designateNote', 'tableCellColumn', 'tableCell', 'deleteRow', 'addRow', 'codeLine', 'replaceString', 'replaceTitle', 'replaceElement', 'deleteElement', 'addItemAfter', 'addAfter', 'addAtStart',
  'addSectionAfter', 'addSectionBefore', 'addSectionIn', 'addNewAfter', 'addNewAtStart', 'addReferenceSubclause', 'addReference', 'deleteReference'];

const SECTION_KINDS = ['kindClause', 'kindSubclause', 'kindAnnex'];

/** Whether `text` reads as instruction `key` (a new section's instruction names a kind of section). */
function reads(w: Wording, key: string, text: string): boolean {
  const m = w.match(key, text);
  return !!m && (!key.startsWith('addSection') || SECTION_KINDS.some((k) => w.t(k) === m.kind));
}

const isSideText = (n: { type: string; name?: string }) => n.type === 'textDirective' && (n.name === 'itu' || n.name === 'iso');

/** A paragraph's or heading's text in each publication (`:itu[…]` text in the ITU one only); `only`: it sits in a one-side block. */
function sideTexts(n: Paragraph | Heading, only?: Side): BySideText {
  if (only) return { [only]: literalText(n) };
  if (!n.children.some(isSideText)) { const t = literalText(n); return { itu: t, iso: t }; }
  const texts = Object.fromEntries(SIDES.map((s) => [s, n.children.filter((c) => !isSideText(c) || (c as { name: string }).name === s).map((c) => literalText(c as RootContent)).join('')]));
  return Object.fromEntries(Object.entries(texts).filter(([, t]) => t.trim() !== ''));
}

/** The template key an instruction matches in every publication that prints it. */
function instructionKey(w: Wording, texts: BySideText): string | undefined {
  const present = sidesOf(texts);
  return present.length ? INSTRUCTION_KEYS.find((k) => present.every((s) => reads(w, k, texts[s]!))) : undefined;
}

/** The top-level nodes, with the instructions of a one-side block (`:::itu` opening with a group heading or an instruction) taken out of it. */
function readItems(w: Wording, root: Root): { node: RootContent; side?: Side }[] {
  return root.children.flatMap((node) => {
    const first = node.type === 'containerDirective' && (node.name === 'itu' || node.name === 'iso') ? node.children[0] : undefined;
    const t = first?.type === 'paragraph' || (first?.type === 'heading' && first.depth === 1) ? toString(first).replace(/\s*\{[^{}]*\}\s*$/, '') : '';
    if (!t || !(instructionKey(w, { itu: t }) || w.match('defects', t) || w.match('groupHeading', t))) return [{ node }];
    return (node as ContainerDirective).children.map((c) => ({ node: c as RootContent, side: (node as ContainerDirective).name as Side }));
  });
}

/** A paragraph's Markdown as publication `side` prints it (`only`: it sits in a one-side block), cross-references back to the base text's. */
function sideMarkdown(n: Paragraph, side: Side, only?: Side): string {
  const p = structuredClone(n);
  importLinks([p]);
  const children = only || !p.children.some(isSideText) ? p.children : p.children.filter((c) => !isSideText(c) || (c as { name: string }).name === side).flatMap((c) => (isSideText(c) ? (c as unknown as Paragraph).children : [c]));
  return md([{ type: 'paragraph', children }]);
}

/** Whether Markdown text holds inline elements (emphasis, code, a link), not words alone. */
const holdsMarkup = (t: string) => (mdNodes(t)[0] as Paragraph | undefined)?.children.some((c) => c.type !== 'text') ?? false;

/** A cell instruction's quotes as Markdown when they hold markup ("**format**"): as the cell's source has them, not as printed. */
function withMarkupQuotes(w: Wording, key: string, n: Paragraph, m: Record<string, Record<string, string>>, only?: Side): void {
  for (const s of Object.keys(m) as Side[]) {
    const q = w.match(key, sideMarkdown(n, s, only));
    if (q && (holdsMarkup(q.old) || holdsMarkup(q.new))) m[s] = { ...m[s], old: q.old, new: q.new };
  }
}

/** The location a group heading names in each publication, or a message. */
function readGroup(w: Wording, n: Heading, side?: Side): Partial<Record<Side, SectionRef>> | string {
  const texts = sideTexts(n, side);
  const out: Partial<Record<Side, SectionRef>> = {};
  for (const s of sidesOf(texts)) {
    const m = w.match('groupHeading', texts[s]!.replace(/\s*\{[^{}]*\}\s*$/, ''));
    const g = m ? w.parseHeading(m.heading) : undefined;
    if (!g) return `the heading "${headingParts(n).title}" does not name a location ("${w.t('groupHeading', { index: 1, heading: w.t('headingSubclause', { number: '7.4.1' }) })}")`;
    out[s] = g;
  }
  return out;
}

export function readSupplement(text: string, bodyStrings: Record<string, string>, w = new Wording()): ReadResult {
  const root = parseMarkdown(text);
  const problems: ReadResult['problems'] = [];
  const yaml = root.children[0]?.type === 'yaml' ? root.children[0].value : '';
  const drafts: Draft[] = [];
  let group: Partial<Record<Side, SectionRef>> | undefined;
  let defects: string[] = [];
  let current: Draft | undefined;
  const where = (n: RootContent) => ({ line: n.position?.start.line ?? 1, column: n.position?.start.column ?? 1 });
  for (const { node: n, side } of readItems(w, root)) {
    if (n.type === 'yaml') continue;
    if (n.type === 'heading' && n.depth === 1) {
      current = undefined;
      const g = readGroup(w, n, side);
      group = typeof g === 'string' ? undefined : g;
      if (typeof g === 'string') problems.push({ ...where(n), message: g });
      continue;
    }
    if (n.type === 'paragraph') {
      const texts = sideTexts(n, side);
      const d = w.match('defects', texts[sidesOf(texts)[0]] ?? '');
      if (d) { defects = d.list.split(w.t('defectsJoin').trim()).map((x) => x.trim()).filter(Boolean); current = undefined; continue; }
      const key = instructionKey(w, texts);
      if (key) {
        if (!group) { problems.push({ ...where(n), message: 'an instruction before the first location heading ("1) Subclause …")' }); continue; }
        const m = Object.fromEntries(sidesOf(texts).map((s) => [s, w.match(key, texts[s]!)!]));
        if (key === 'tableCell' || key === 'tableCellColumn') withMarkupQuotes(w, key, n, m, side);
        current = { key, m, group, defects, content: [], ...where(n) };
        drafts.push(current);
        defects = [];
        continue;
      }
    }
    if (!current) { problems.push({ ...where(n), message: `this is neither an instruction nor the text of one; instructions read like "${w.t('replaceElement', { what: w.t('paragraph', { ordinal: w.ordinal(2), in: '7.4.1' }) })}"` }); continue; }
    current.content.push(n);
  }
  const instructions: ParsedInstruction[] = [];
  for (const d of drafts) {
    const change = draftChange(w, d, bodyStrings);
    if (typeof change === 'string') problems.push({ line: d.line, column: d.column, message: change });
    else instructions.push({ change, line: d.line, column: d.column });
  }
  return { instructions, problems, yaml };
}

/** The change of an instruction: read in each publication that prints it, then joined (sides.ts). */
function draftChange(w: Wording, d: Draft, bodyStrings: Record<string, string>): Change | string {
  const views: Partial<Record<Side, Change>> = {};
  for (const s of SIDES) {
    const m = d.m[s];
    if (!m) continue;
    const group = d.group[s] ?? Object.values(d.group)[0]!;
    const c = toChange(w, { key: d.key, m, group, defects: d.defects, content: sharedContent(d.content, w.t('sideNumbering'), s) }, bodyStrings);
    if (typeof c === 'string') return c;
    const p = 'content' in c ? printedNumber(w, c) : undefined;
    const own = p && 'content' in c ? { ...c, content: withoutPrintedNumber(w, c.content, p) } as Change : c;
    // new elements: a number the count gives anyway is taken off, a placeholder ("Table 2a") stays
    views[s] = own.op === 'addAfter' || own.op === 'addAtStart' || own.op === 'replace' || own.op === 'addSection' ? { ...own, content: withoutCountedNumbers(w, own.content) } : own;
  }
  return mergeSides(views);
}

type SideDraft = { key: string; m: Record<string, string>; group: SectionRef; defects: string[]; content: RootContent[] };

function toChange(w: Wording, d: SideDraft, bodyStrings: Record<string, string>): Change | string {
  const base = { group: d.group, defects: d.defects };
  const content = structuredClone(d.content);
  importLinks(content);
  const el = (text: string): ElementRef | string => w.parseElement(text) ?? `"${text}" is not a location this tool knows (e.g. "${w.t('paragraph', { ordinal: w.ordinal(2), in: '7.4.1' })}", "${w.t('note', { label: `${w.labels.note} 2`, in: '7.3' })}", "${w.t('table', { label: `${w.labels.table} 3` })}")`;
  const needContent = () => (content.length ? undefined : 'the instruction ends with ":" but no text follows it');
  switch (d.key) {
    case 'replaceString': {
      const e = w.parseElement(d.m.in);
      const s = e && e.type !== 'section' ? undefined : w.parseSection(d.m.in);
      const at: ElementRef | string = s ? { type: 'block', section: s, kind: 'paragraph', ordinal: 0 } : el(d.m.in);
      if (typeof at === 'string') return at;
      return { ...base, op: 'replaceString', at, old: d.m.old, new: d.m.new, scope: s ? 'section' : 'element' };
    }
    case 'replaceElement': case 'deleteElement': case 'addAfter': case 'addItemAfter': case 'addNewAfter': {
      const at = el(d.m.what);
      if (typeof at === 'string') return at;
      if (d.key === 'deleteElement') return { ...base, op: 'delete', at };
      if (needContent()) return needContent()!;
      return { ...base, op: d.key === 'replaceElement' ? 'replace' : 'addAfter', at, content };
    }
    case 'designateNote': {
      if (needContent()) return needContent()!;
      return { ...base, op: 'designateNote', at: { type: 'block', section: d.group, kind: 'note', ordinal: 0, label: w.labels.note }, content };
    }
    case 'addAtStart': case 'addNewAtStart': {
      const s = w.parseSection(d.m.in);
      if (!s) return `"${d.m.in}" is not a clause, subclause or annex`;
      return { ...base, op: 'addAtStart', at: s, content };
    }
    case 'replaceTitle': {
      const s = w.parseSectionObject(d.m.what);
      const h = content.find((n): n is Heading => n.type === 'heading');
      if (!s || !h) return 'give the new title as a heading after the instruction';
      const { title, attrs } = headingParts(h);
      return { ...base, op: 'replaceTitle', at: s, title: `${title}${attrsWithout(attrs, 'unnumbered')}` };
    }
    case 'addSectionAfter': case 'addSectionBefore': case 'addSectionIn': {
      const s = d.key === 'addSectionIn' ? w.parseSection(d.m.in) : w.parseSection(d.m.what);
      if (!s) return `"${d.m.what ?? d.m.in}" is not a clause, subclause or annex`;
      const kind = d.m.kind === w.t('kindAnnex') ? 'annex' : d.m.kind === w.t('kindClause') ? 'clause' : 'subclause';
      return { ...base, op: 'addSection', where: d.key === 'addSectionAfter' ? 'after' : d.key === 'addSectionBefore' ? 'before' : 'in', at: s, kind, depth: 2, content: importSections(w, content, bodyStrings), suffix: '' };
    }
    case 'tableCell': case 'tableCellColumn': case 'deleteRow': case 'addRow': {
      const at = el(d.m.table);
      if (typeof at === 'string') return at;
      if (d.key === 'deleteRow') return { ...base, op: 'deleteRow', at, row: d.m.row };
      if (d.key === 'addRow') return needContent() ?? { ...base, op: 'addRow', at, row: d.m.row, content };
      return { ...base, op: 'tableCell', at, row: d.m.row, ...(d.key === 'tableCellColumn' ? { column: d.m.column } : {}), old: d.m.old, new: d.m.new };
    }
    case 'codeLine': {
      const at = el(d.m.what);
      return typeof at === 'string' ? at : { ...base, op: 'codeLine', at, old: d.m.old, new: d.m.new };
    }
    case 'addReference': case 'addReferenceSubclause': case 'deleteReference': {
      const text = content.filter((n) => n.type !== 'heading').map(literalText).join(' ');
      const op = d.key === 'deleteReference' ? 'deleteReference' : 'addReference';
      return { ...base, op, at: { kind: 'references', number: d.m.in ?? d.m.number, title: '' }, id: '', text };
    }
  }
  return `unknown instruction`;
}

/** Text as printed: "ISO/IEC 9594-3:2017" is text, though the Markdown parser reads ":2017" as a directive (the build gives such text back as written). */
function literalText(n: RootContent): string {
  if (n.type === 'textDirective' && !TEXT_DIRECTIVES.has(n.name)) return `:${n.name}${n.children.length ? `[${n.children.map(literalText).join('')}]` : ''}`;
  if ('children' in n) return (n.children as RootContent[]).map(literalText).join('');
  return 'value' in n && typeof n.value === 'string' ? n.value : '';
}

function attrsWithout(a: HeadingAttrs, cls: string): string {
  const b = { ...a, classes: a.classes.filter((c) => c !== cls) };
  const parts = [...(b.id ? [`#${b.id}`] : []), ...b.classes.map((c) => `.${c}`), ...Object.entries(b.pairs).map(([k, v]) => `${k}="${v}"`)];
  return parts.length ? ` {${parts.join(' ')}}` : '';
}

const NUMBER_PREFIX = /^((?:\d+|[A-Z]+)[a-z]*(?:\.\d+[a-z]*)*)\s+/;

/** New sections back to source form: numbers and the added .unnumbered removed, annexes restored. Depths stay relative to 2. */
function importSections(w: Wording, nodes: RootContent[], bodyStrings: Record<string, string>): RootContent[] {
  const out: RootContent[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.type !== 'heading') { out.push(n); continue; }
    const { title, attrs } = headingParts(n);
    const a: HeadingAttrs = { ...attrs, classes: [...attrs.classes], pairs: { ...attrs.pairs } };
    let t = title;
    const annex = n.depth === 2 ? w.match('annexHeading', toString(n).replace(/\s*\{[^{}]*\}\s*$/, '')) : undefined;
    if (annex) {
      t = headingTitleAfter(title, annex.title, bodyStrings.labelSeparator);
      const next = nodes[i + 1];
      const ob = next?.type === 'paragraph' ? toString(next) : '';
      a.pairs.annex = ob === bodyStrings.annexNonIntegral ? 'non-integral' : 'integral';
      if (ob === bodyStrings.annexIntegral || ob === bodyStrings.annexNonIntegral) i++;
      a.classes = a.classes.filter((c) => c !== 'unnumbered');
    } else {
      const m = NUMBER_PREFIX.exec(title);
      const numbered = m && (/\./.test(m[1]) || /^\d+[a-z]+$/.test(m[1]));
      if (numbered) { t = title.slice(m![0].length); a.classes = a.classes.filter((c) => c !== 'unnumbered'); }
      // the number the supplement gave an inserted section ("8.3.3a") stays in the corrected text, so that no published number changes
      if (numbered && /[a-z]$/.test(m![1])) a.pairs.number = m![1];
    }
    out.push(makeHeading(n.depth, t, a));
  }
  return out;
}

/** The Markdown of the title part of "Annex B – Title" (keeps inline markup); `separator` is body.yaml's labelSeparator. */
function headingTitleAfter(markdownTitle: string, plainTitle: string, separator: string): string {
  const i = markdownTitle.indexOf(separator);
  return i >= 0 ? markdownTitle.slice(i + separator.length) : plainTitle;
}

export { List };
