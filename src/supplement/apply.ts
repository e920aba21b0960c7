/**
 * Carries out a change set on the old source. Every location is resolved against the old text as
 * published (old numbering) before anything is changed; then the edits are made in one pass.
 * The result is one Markdown file (includes expanded).
 */
import type { Heading, List, ListItem, RootContent, Table, TableCell } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parseDocument } from 'yaml';
import { type Change, type ElementRef, type SectionRef, cellMd } from './changes.js';
import { type BlockUnit, type SectionUnit, type SourceTree, allSections, itemOpenings, openingText, headingParts, lastNode, makeHeading, md, mdNodes, subtreeNodes } from './tree.js';
import { stringifyMarkdown } from '../source/markdown.js';
import type { ReferenceEntry } from '../source/metadata.js';
import { referenceEntryText } from '../model/prepare.js';
import { ordinalOn, printedOn, resolveSide } from './sides.js';
import { type Edit, applyEdits, keepUnchanged, referencesYaml, sourceText, splicedSource } from './splice.js';
import { type Deleted, keptNumbers, numberedNode, withNumberText } from './deleted.js';

export interface ApplyProblem { index: number; message: string }

export interface ApplyResult { text: string; problems: ApplyProblem[] }

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

class Resolver {
  private readonly sections: SectionUnit[];
  constructor(readonly tree: SourceTree) {
    this.sections = allSections(tree.sections);
  }

  /** Locations are found by the numbers of the publication they name (sides.ts resolveSide). */
  section(r: SectionRef, side = resolveSide(r)): SectionUnit | string {
    const number = printedOn(r, 'number', side);
    const found = r.kind === 'unnumbered'
      ? this.sections.find((s) => !s.number && s.title === r.title)
      : this.sections.find((s) => printedOn(s, 'number', side) === number);
    return found ?? `the old text has no ${r.kind === 'unnumbered' ? `section "${r.title}"` : `${r.kind} ${number}`}`;
  }

  /** The unit an element location names; `index`: the list item a quoted item location found. */
  block(e: ElementRef): { section: SectionUnit; unit: BlockUnit; index?: number } | string {
    if (e.type === 'section') return 'a section where an element was expected';
    const side = resolveSide(e.section, e.type === 'block' ? e : {});
    const labelled = (b: BlockUnit, kind: string) => e.type === 'block' && b.kind === kind && printedOn(b, 'label', side) === printedOn(e, 'label', side);
    if (e.type === 'block' && (e.kind === 'table' || e.kind === 'figure' || e.kind === 'term')) {
      for (const s of this.sections) {
        const unit = s.blocks.find((b) => labelled(b, e.kind));
        if (unit) return { section: s, unit };
      }
      const label = printedOn(e, 'label', side);
      return `the old text has no ${e.kind === 'term' ? `definition ${label}` : label}`;
    }
    const s = this.section(e.section, side);
    if (typeof s === 'string') return s;
    let unit: BlockUnit | undefined;
    if (e.type === 'item' && e.quote) {
      const found = itemOpenings(s).filter((o) => o.text.startsWith(e.quote!));
      if (found.length !== 1) return `${found.length ? 'more than one item' : 'no item'} of the lists of ${s.number || s.title} begins "${e.quote}"`;
      return { section: s, unit: found[0].list, index: found[0].index };
    }
    if (e.type === 'item') unit = s.blocks.find((b) => b.kind === 'list' && ordinalOn(b, side) === ordinalOn(e, side));
    else if (e.kind === 'note' || e.kind === 'example' || e.kind === 'footnote') unit = s.blocks.find((b) => labelled(b, e.kind));
    else if (e.quote) {
      const found = s.blocks.filter((b) => b.kind === 'paragraph' && openingText(b).startsWith(e.quote!));
      if (found.length !== 1) return `${found.length ? 'more than one paragraph' : 'no paragraph'} of ${s.number || s.title} begins "${e.quote}"`;
      unit = found[0];
    } else unit = s.blocks.find((b) => b.kind === e.kind && ordinalOn(b, side) === ordinalOn(e, side));
    return unit ? { section: s, unit } : `the old text has no such element in ${s.number || s.title}`;
  }
}

type Plan = Map<RootContent, RootContent[]>;
type Fail = (message: string) => void;

/**
 * What the changes do to the old source's nodes, collected first and carried out in one pass at the
 * end, so that an instruction finds its place by the old text whatever the instructions before it did.
 */
class ChangePlan {
  readonly replace: Plan = new Map();
  readonly after: Plan = new Map();
  readonly before: Plan = new Map();
  readonly lists = new Map<List, { replace: Map<number, ListItem[]>; after: Map<number, ListItem[]> }>();
  readonly yamlDoc;
  private readonly references: { add: string[]; remove: string[] } = { add: [], remove: [] };
  private readonly tableEdits = new Map<Table, Edit[]>();
  private readonly supplementYaml;
  private readonly r: Resolver;

  constructor(private readonly tree: SourceTree, private readonly supplement: { yaml: string; references: Map<string, ReferenceEntry> }) {
    this.r = new Resolver(tree);
    this.yamlDoc = parseDocument(tree.yaml);
    this.supplementYaml = parseDocument(supplement.yaml);
  }

  add(c: Change, fail: Fail): void {
    switch (c.op) {
      case 'replaceString': return this.replaceString(c, fail);
      case 'replace': case 'delete': case 'addAfter': case 'designateNote': return this.element(c, fail);
      case 'addAtStart': return this.addAtStart(c, fail);
      case 'replaceTitle': return this.replaceTitle(c, fail);
      case 'addSection': return this.addSection(c, fail);
      case 'addReference': case 'deleteReference': return this.reference(c, fail);
      case 'tableCell': case 'deleteRow': case 'addRow': return this.tableRow(c, fail);
      case 'codeLine': return this.codeLine(c, fail);
    }
  }

  /**
   * The published numbers after deleted sections and elements kept (deleted.ts): the printed number
   * written on the one line that carries it, every other character as it was.
   */
  keepNumbers(changes: Change[]) {
    for (const k of keptNumbers(this.tree, deletedBy(this.tree, changes))) {
      const node = k.section ? k.section.heading : numberedNode(k.unit!, k.kind);
      if (!node) continue;
      const current = this.replace.get(node);
      const h = current?.length === 1 ? current[0] : undefined;
      if (h?.type === 'heading') {
        // a retitled heading: the number goes into its new attributes
        const { title, attrs } = headingParts(h);
        attrs.pairs.number ??= k.number;
        this.replace.set(node, [makeHeading(h.depth, title, attrs)]);
        continue;
      }
      const raw = current ? undefined : sourceText(this.tree, node);
      if (raw !== undefined) this.replace.set(node, [{ type: 'html', value: withNumberText(raw, k.kind, k.number) }]);
    }
  }

  /** A quoted line of a code block replaced where the source has it, its indentation kept. */
  private codeLine(c: Extract<Change, { op: 'codeLine' }>, fail: Fail) {
    const b = this.r.block(c.at);
    if (typeof b === 'string') return fail(b);
    const node = b.unit.nodes[0];
    const current = this.replace.get(node);
    const text = current?.length === 1 && current[0].type === 'html' ? current[0].value : current ? undefined : sourceText(this.tree, node);
    const lines = text?.split('\n') ?? [];
    const hits = lines.map((l, i) => (l.trim() === c.old ? i : -1)).filter((i) => i > 0);
    if (hits.length !== 1) return fail(`${hits.length ? 'more than one line' : 'no line'} of the code block reads "${c.old}"`);
    lines[hits[0]] = lines[hits[0]].replace(c.old, () => c.new);
    this.replace.set(node, [{ type: 'html', value: lines.join('\n') }]);
  }

  /** A cell's words replaced, a row deleted, rows added: edits of the table's own text, made at the end (text()). */
  private tableRow(c: Extract<Change, { op: 'tableCell' | 'deleteRow' | 'addRow' }>, fail: Fail) {
    const b = this.r.block(c.at);
    if (typeof b === 'string') return fail(b);
    const t = b.unit.nodes.find((n): n is Table => n.type === 'table');
    const i = t ? t.children.findIndex((r, k) => k > 0 && toString(r.children[0] ?? '') === c.row) : -1;
    if (!t || i < 0) return fail(`the table has no row whose first cell reads "${c.row}"`);
    const edits = this.tableEdits.get(t) ?? [];
    this.tableEdits.set(t, edits);
    const row = t.children[i];
    const at = (n: { position?: { start: { offset?: number }; end: { offset?: number } } }, e: 'start' | 'end') => n.position![e].offset!;
    if (c.op === 'deleteRow') {
      const next = t.children[i + 1];
      edits.push(next ? { start: at(row, 'start'), end: at(next, 'start'), text: '' } : { start: at(t.children[i - 1], 'end'), end: at(row, 'end'), text: '' });
      return;
    }
    if (c.op === 'addRow') {
      const rows = c.content.find((n): n is Table => n.type === 'table')?.children.slice(1) ?? [];
      if (!rows.length) return fail('give the new rows as a table (the header row, then the rows to add)');
      edits.push({ start: at(row, 'end'), end: at(row, 'end'), text: rows.map((r) => `\n| ${r.children.map(cellMd).join(' | ')} |`).join('') });
      return;
    }
    const k = c.column === undefined ? -1 : t.children[0].children.findIndex((h) => toString(h) === c.column);
    if (c.column !== undefined && k < 0) return fail(`the table has no column "${c.column}"`);
    const scope = k >= 0 ? row.children[k] : row;
    // the cell's text cut from its table's (a table in an included file: only the table knows its file)
    const text = scope ? (sourceText(this.tree, t) ?? '').slice(at(scope, 'start') - at(t, 'start'), at(scope, 'end') - at(t, 'start')) : '';
    const found = text.indexOf(c.old);
    const canonical = found < 0 ? canonicalCellEdit(k >= 0 ? [row.children[k]] : row.children, c.old, c.new) : undefined;
    if (canonical) return void edits.push(canonical);
    if (found < 0 || found !== text.lastIndexOf(c.old)) return fail(`"${c.old}" occurs ${found < 0 ? 'nowhere' : 'more than once'} in the row "${c.row}"${c.column !== undefined ? ` and the column "${c.column}"` : ''}`);
    edits.push({ start: at(scope, 'start') + found, end: at(scope, 'start') + found + c.old.length, text: c.new });
  }

  private static push(m: Plan, k: RootContent, v: RootContent[]) {
    m.set(k, [...(m.get(k) ?? []), ...v]);
  }

  private listPlan(l: List) {
    let p = this.lists.get(l);
    if (!p) this.lists.set(l, (p = { replace: new Map(), after: new Map() }));
    return p;
  }

  private replaceString(c: Extract<Change, { op: 'replaceString' }>, fail: Fail) {
    let units: BlockUnit[];
    if (c.scope === 'element') {
      const b = this.r.block(c.at);
      if (typeof b === 'string') return fail(b);
      units = [b.unit];
    } else {
      const s = this.r.section((c.at as { section: SectionRef }).section);
      if (typeof s === 'string') return fail(s);
      units = s.blocks.filter((b) => b.md.includes(c.old));
    }
    const hits = units.filter((u) => u.md.includes(c.old));
    if (hits.length !== 1 || hits[0].md.indexOf(c.old) !== hits[0].md.lastIndexOf(c.old)) return fail(`"${c.old}" occurs ${hits.length ? 'more than once' : 'nowhere'} there; quote a longer string that occurs once`);
    const u = hits[0];
    // the words replaced where the source has them, every other character kept (an html node is written as it is)
    const raw = (n: RootContent) => { const t = this.replace.get(n); return !t ? sourceText(this.tree, n) : t.length === 1 && t[0].type === 'html' ? t[0].value : undefined; };
    const once = (t?: string) => t !== undefined && t.indexOf(c.old) >= 0 && t.indexOf(c.old) === t.lastIndexOf(c.old);
    const where = u.nodes.find((n) => once(raw(n)));
    if (where) {
      this.replace.set(where, [{ type: 'html', value: raw(where)!.replace(c.old, () => c.new) }]);
      return;
    }
    const current = this.replace.get(u.nodes[0]);
    const text = current ? md(current) : u.md;
    if (!text.includes(c.old)) return fail(`"${c.old}" is no longer there (an earlier instruction changed it)`);
    this.replace.set(u.nodes[0], mdNodes(text.replace(c.old, () => c.new)));
    u.nodes.slice(1).forEach((n) => this.replace.set(n, []));
  }

  /** Replace, delete, add after or designate a section, a block or a list item. */
  private element(c: Extract<Change, { op: 'replace' | 'delete' | 'addAfter' | 'designateNote' }>, fail: Fail) {
    if (c.at.type === 'section') {
      if (c.op !== 'delete') return fail('replace a section by deleting it and adding the new one');
      const s = this.r.section(c.at.section);
      if (typeof s === 'string') return fail(s);
      for (const n of subtreeNodes(s)) this.replace.set(n, []);
      return;
    }
    const b = this.r.block(c.at);
    if (typeof b === 'string') return fail(b);
    if (c.at.type === 'item') return this.listItem(c, b.unit.nodes[0] as List, b.index === undefined ? c.at : { index: b.index, item: c.at.quote ?? c.at.item }, fail);
    const [first, ...rest] = b.unit.nodes;
    if (c.op === 'replace' && first.type === 'footnoteDefinition') {
      // a footnote's new text: the definition keeps its label
      this.replace.set(first, [{ ...first, children: c.content as typeof first.children }]);
    } else if (c.op === 'replace' && keepUnchanged(this.tree, b.unit.nodes, this.withoutCarried(c.content))) {
      // node for node (a caption and its table): what did not change keeps its characters
      keepUnchanged(this.tree, b.unit.nodes, this.withoutCarried(c.content))!.forEach((nodes, i) => this.replace.set(b.unit.nodes[i], nodes));
    } else if (c.op === 'delete' || c.op === 'replace') {
      this.replace.set(first, c.op === 'replace' ? this.withoutCarried(c.content) : []);
      rest.forEach((n) => this.replace.set(n, []));
    } else ChangePlan.push(this.after, b.unit.nodes[b.unit.nodes.length - 1], this.withoutCarried(c.content));
  }

  /**
   * New content without the footnotes the supplement reproduces for the reader (writeSupplement adds
   * the text of each footnote it cites): the old text has them already, word for word.
   */
  private withoutCarried(content: RootContent[]): RootContent[] {
    const old = new Set(allSections(this.tree.sections).flatMap((s) => s.blocks).filter((b) => b.kind === 'footnote').map((b) => b.md));
    return content.filter((n) => n.type !== 'footnoteDefinition' || !old.has(md([n])));
  }

  private listItem(c: Extract<Change, { op: 'replace' | 'delete' | 'addAfter' | 'designateNote' }>, list: List, at: { index: number; item: string }, fail: Fail) {
    if (!list.children[at.index]) return fail(`the list has no item ${at.item}`);
    const p = this.listPlan(list);
    // a new footnote cited by the items goes after the list
    const content = this.withoutCarried('content' in c ? c.content : []);
    const notes = content.filter((n) => n.type === 'footnoteDefinition');
    if (notes.length) ChangePlan.push(this.after, list, notes);
    const items = content.filter((n) => n.type !== 'footnoteDefinition').flatMap((n) => (n.type === 'list' ? n.children : [{ type: 'listItem', spread: false, children: [n] } as ListItem]));
    if (c.op === 'delete') p.replace.set(at.index, []);
    else if (c.op === 'replace') p.replace.set(at.index, items);
    else p.after.set(at.index, [...(p.after.get(at.index) ?? []), ...items]);
  }

  private addAtStart(c: Extract<Change, { op: 'addAtStart' }>, fail: Fail) {
    const s = this.r.section(c.at);
    if (typeof s === 'string') return fail(s);
    ChangePlan.push(this.after, s.heading, this.withoutCarried(c.content));
  }

  private replaceTitle(c: Extract<Change, { op: 'replaceTitle' }>, fail: Fail) {
    const s = this.r.section(c.at);
    if (typeof s === 'string') return fail(s);
    const h = mdNodes(`${'#'.repeat(s.depth)} ${c.title}`)[0] as Heading;
    const old = headingParts(s.heading).attrs;
    const { title, attrs } = headingParts(h);
    if (old.classes.includes('unnumbered') && !attrs.classes.includes('unnumbered')) attrs.classes.push('unnumbered');
    this.replace.set(s.heading, [makeHeading(s.depth, title, attrs)]);
  }

  private addSection(c: Extract<Change, { op: 'addSection' }>, fail: Fail) {
    const s = this.r.section(c.at);
    if (typeof s === 'string') return fail(s);
    const already = alreadyThere(this.tree, s, c);
    if (already) return fail(already);
    const depth = c.where === 'in' ? s.depth + 1 : s.depth;
    const nodes = c.content.map((n) => (n.type === 'heading' ? { ...n, depth: Math.min(6, Math.max(1, n.depth - c.depth + depth)) as Heading['depth'] } : n));
    if (c.where === 'before') ChangePlan.push(this.before, s.heading, nodes);
    else ChangePlan.push(this.after, lastNode(s), nodes);
  }

  /** A normative reference added (its entry taken from the supplement's front matter) or deleted. */
  private reference(c: Extract<Change, { op: 'addReference' | 'deleteReference' }>, fail: Fail) {
    if (c.op === 'addReference') {
      const entry = [...this.supplement.references.values()].find((e) => norm(referenceEntryText(e)) === norm(c.text)) ?? (c.id ? this.supplement.references.get(c.id) : undefined);
      if (!entry) return fail(`no entry of the supplement's "references" reads "${c.text}"; add it to its front matter`);
      this.yamlDoc.setIn(['references', entry.id], this.supplementYaml.getIn(['references', entry.id], true));
      this.references.add.push(entry.id);
      return;
    }
    const refs = this.yamlDoc.get('references') as { items?: unknown[] } | undefined;
    const target = [...(this.tree.references ?? new Map<string, ReferenceEntry>()).values()].find((e) => norm(referenceEntryText(e)) === norm(c.text));
    if (!target || !refs) return fail(`the old text's normative references have no entry "${c.text}"`);
    this.yamlDoc.deleteIn(['references', target.id]);
    this.references.remove.push(target.id);
  }

  /** The new front matter: the old text with the reference entries edited, or (a mapping it cannot edit in place) rewritten. */
  private frontMatter(): string | undefined {
    const { add, remove } = this.references;
    if (!add.length && !remove.length) return undefined;
    const spliced = referencesYaml(this.tree.yaml, this.supplement.yaml, add, remove.filter((id) => !add.includes(id)));
    return (spliced ?? this.yamlDoc.toString({ lineWidth: 0 })).trimEnd();
  }

  /** The corrected source: every planned change carried out on the old source's text (splice.ts), or on its nodes. */
  text(inline: boolean): string {
    for (const [t, edits] of this.tableEdits) {
      if (this.replace.has(t)) continue;
      const start = t.position!.start.offset!;
      this.replace.set(t, [{ type: 'html', value: applyEdits(sourceText(this.tree, t)!, edits.map((e) => ({ ...e, start: e.start - start, end: e.end - start }))) }]);
    }
    const yaml = this.frontMatter();
    const spliced = splicedSource(this.tree, { replace: this.replace, after: this.after, before: this.before, lists: this.lists, yaml }, inline);
    if (spliced !== undefined) return spliced;
    for (const [list, plan] of this.lists) {
      const items: ListItem[] = [];
      list.children.forEach((it, i) => {
        items.push(...(plan.replace.get(i) ?? [it]));
        items.push(...(plan.after.get(i) ?? []));
      });
      if (!this.replace.get(list)) this.replace.set(list, [{ ...list, children: items }]);
    }
    const body: RootContent[] = [];
    for (const n of this.tree.root.children) {
      if (n.type === 'yaml') continue;
      body.push(...(this.before.get(n) ?? []), ...(this.replace.get(n) ?? [n]), ...(this.after.get(n) ?? []));
    }
    return stringifyMarkdown({ type: 'root', children: [{ type: 'yaml', value: yaml ?? this.tree.yaml }, ...body] });
  }
}

/**
 * A quote with markup that the cell's source writes otherwise (`__format__` for the quoted `**format**`):
 * the one cell whose Markdown holds it once gets its content rewritten as that Markdown, replaced.
 */
function canonicalCellEdit(cells: TableCell[], old: string, replacement: string): Edit | undefined {
  const hits = cells.filter((cell) => { const t = cellMd(cell); return t.indexOf(old) >= 0 && t.indexOf(old) === t.lastIndexOf(old); });
  const cell = hits.length === 1 ? hits[0] : undefined;
  const [first, last] = [cell?.children[0], cell?.children[cell.children.length - 1]];
  if (!cell || !first?.position || !last?.position) return undefined;
  return { start: first.position.start.offset!, end: last.position.end.offset!, text: cellMd(cell).replace(old, () => replacement) };
}

/**
 * When the section an instruction adds is already where it would go (a sibling with its anchor or its
 * title): the supplement has been applied to this text before, and applying it again would add it twice.
 */
function alreadyThere(tree: SourceTree, s: SectionUnit, c: Extract<Change, { op: 'addSection' }>): string | undefined {
  const h = c.content.find((n): n is Heading => n.type === 'heading');
  if (!h) return undefined;
  const { title, attrs } = headingParts(h);
  const siblings = c.where === 'in' ? s.children : s.parent ? s.parent.children : tree.sections;
  const same = siblings.find((x) => (attrs.id && x.attrs.id === attrs.id) || norm(x.title) === norm(title));
  if (!same) return undefined;
  return `the old text already has the section this adds ("${same.title}"${same.number ? `, ${same.number}` : ''}) at that place: the supplement seems to be applied already; apply it to the text as published before it`;
}

/**
 * The location of an instruction's group heading must be in the old text, and the element an
 * instruction changes must be in it (the group is the section, or holds it): else the heading and the
 * instruction disagree, and the supplement is not what it says.
 */
function groupProblem(r: Resolver, c: Change): string | undefined {
  const missing = groupMissing(r, c.group);
  if (missing || c.op === 'addSection' || c.op === 'addReference' || c.op === 'deleteReference') return missing;
  const g = r.section(c.group) as SectionUnit;
  const target = targetSection(r, c.at);
  if (typeof target === 'string') return undefined; // reported by the instruction itself
  for (let t: SectionUnit | undefined = target; t; t = t.parent) if (t === g) return undefined;
  const name = (x: SectionUnit) => (x.number ? `${x.kind} ${x.number}` : `"${x.title}"`);
  return `the instruction changes ${name(target)}, which is not in ${name(g)}, the location its heading names; put it under a heading naming ${name(target)}`;
}

/** The section an instruction changes: its own, or the one holding the table, figure or definition it names. */
function targetSection(r: Resolver, at: ElementRef | SectionRef): SectionUnit | string {
  if (!('type' in at)) return r.section(at);
  if (at.type === 'block' && (at.kind === 'table' || at.kind === 'figure' || at.kind === 'term')) {
    const b = r.block(at);
    return typeof b === 'string' ? b : b.section;
  }
  return r.section(at.section);
}

function groupMissing(r: Resolver, group: SectionRef): string | undefined {
  const g = r.section(group);
  return typeof g === 'string' ? `the location heading names a place the old text does not have (${g.replace(/^the old text has no /, '')})` : undefined;
}

/** What a change set deletes from the old text: the sections and the block units its locations name. */
export function deletedBy(tree: SourceTree, changes: Change[]): Deleted {
  const r = new Resolver(tree);
  const d: Deleted = { sections: new Set(), units: new Set() };
  for (const c of changes) {
    if (c.op !== 'delete' || c.at.type === 'item') continue;
    const found = c.at.type === 'section' ? r.section(c.at.section) : r.block(c.at);
    if (typeof found === 'string') continue;
    if ('unit' in found) d.units.add(found.unit);
    else d.sections.add(found);
  }
  return d;
}

/** Applies `changes` to the old source tree; `references`: the supplement's reference registry, `yaml`: its front matter. */
export function applyChanges(tree: SourceTree, changes: Change[], supplement: { yaml: string; references: Map<string, ReferenceEntry> }, options: { inline?: boolean } = {}): ApplyResult {
  const plan = new ChangePlan(tree, supplement);
  const problems: ApplyProblem[] = [];
  const resolver = new Resolver(tree);
  changes.forEach((c, index) => {
    const fail = (message: string) => { problems.push({ index, message }); };
    const wrongGroup = groupProblem(resolver, c);
    if (wrongGroup) fail(wrongGroup);
    else plan.add(c, fail);
  });
  plan.keepNumbers(changes);
  return { text: plan.text(options.inline ?? false), problems };
}

export { toString };
