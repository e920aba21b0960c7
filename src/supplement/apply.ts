/**
 * Carries out a change set on the old source. Every location is resolved against the old text as
 * published (old numbering) before anything is changed; then the edits are made in one pass.
 * The result is one Markdown file (includes expanded).
 */
import type { Heading, List, ListItem, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parseDocument } from 'yaml';
import type { Change, ElementRef, SectionRef } from './changes.js';
import { type BlockUnit, type SectionUnit, type SourceTree, allSections, headingParts, lastNode, makeHeading, md, mdNodes, subtreeNodes } from './tree.js';
import { stringifyMarkdown } from '../source/markdown.js';
import type { ReferenceEntry } from '../source/metadata.js';
import { referenceEntryText } from '../model/prepare.js';
import { ordinalOn, printedOn, resolveSide } from './sides.js';

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

  block(e: ElementRef): { section: SectionUnit; unit: BlockUnit } | string {
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
    if (e.type === 'item') unit = s.blocks.find((b) => b.kind === 'list' && ordinalOn(b, side) === ordinalOn(e, side));
    else if (e.kind === 'note' || e.kind === 'example') unit = s.blocks.find((b) => labelled(b, e.kind));
    else unit = s.blocks.find((b) => b.kind === e.kind && ordinalOn(b, side) === ordinalOn(e, side));
    return unit ? { section: s, unit } : `the old text has no such element in ${s.number || s.title}`;
  }
}

/** Applies `changes` to the old source tree; `references`: the supplement's reference registry, `yaml`: its front matter. */
export function applyChanges(tree: SourceTree, changes: Change[], supplement: { yaml: string; references: Map<string, ReferenceEntry> }): ApplyResult {
  const r = new Resolver(tree);
  const problems: ApplyProblem[] = [];
  const replace = new Map<RootContent, RootContent[]>();
  const after = new Map<RootContent, RootContent[]>();
  const before = new Map<RootContent, RootContent[]>();
  const listPlans = new Map<List, { replace: Map<number, ListItem[]>; after: Map<number, ListItem[]> }>();
  const yamlDoc = parseDocument(tree.yaml);
  const supplementYaml = parseDocument(supplement.yaml);
  const push = (m: Map<RootContent, RootContent[]>, k: RootContent, v: RootContent[]) => m.set(k, [...(m.get(k) ?? []), ...v]);
  const listPlan = (l: List) => {
    let p = listPlans.get(l);
    if (!p) listPlans.set(l, (p = { replace: new Map(), after: new Map() }));
    return p;
  };
  const itemsOf = (content: RootContent[]): ListItem[] => content.flatMap((n) => (n.type === 'list' ? n.children : [{ type: 'listItem', spread: false, children: [n] } as ListItem]));

  changes.forEach((c, index) => {
    const fail = (message: string) => problems.push({ index, message });
    switch (c.op) {
      case 'replaceString': {
        let units: BlockUnit[];
        if (c.scope === 'element') {
          const b = r.block(c.at);
          if (typeof b === 'string') return fail(b);
          units = [b.unit];
        } else {
          const s = r.section((c.at as { section: SectionRef }).section);
          if (typeof s === 'string') return fail(s);
          units = s.blocks.filter((b) => b.md.includes(c.old));
        }
        const hits = units.filter((u) => u.md.includes(c.old));
        if (hits.length !== 1 || hits[0].md.indexOf(c.old) !== hits[0].md.lastIndexOf(c.old)) return fail(`"${c.old}" occurs ${hits.length ? 'more than once' : 'nowhere'} there; quote a longer string that occurs once`);
        const u = hits[0];
        const current = replace.get(u.nodes[0]);
        const text = current ? md(current) : u.md;
        if (!text.includes(c.old)) return fail(`"${c.old}" is no longer there (an earlier instruction changed it)`);
        replace.set(u.nodes[0], mdNodes(text.replace(c.old, c.new)));
        u.nodes.slice(1).forEach((n) => replace.set(n, []));
        return;
      }
      case 'replace': case 'delete': case 'addAfter': case 'designateNote': {
        if (c.at.type === 'section') {
          if (c.op !== 'delete') return fail('replace a section by deleting it and adding the new one');
          const s = r.section(c.at.section);
          if (typeof s === 'string') return fail(s);
          for (const n of subtreeNodes(s)) replace.set(n, []);
          return;
        }
        const b = r.block(c.at);
        if (typeof b === 'string') return fail(b);
        if (c.at.type === 'item') {
          const list = b.unit.nodes[0] as List;
          if (!list.children[c.at.index]) return fail(`the list has no item ${c.at.item}`);
          const p = listPlan(list);
          if (c.op === 'delete') p.replace.set(c.at.index, []);
          else if (c.op === 'replace') p.replace.set(c.at.index, itemsOf(c.content));
          else p.after.set(c.at.index, [...(p.after.get(c.at.index) ?? []), ...itemsOf(c.content)]);
          return;
        }
        const [first, ...rest] = b.unit.nodes;
        if (c.op === 'delete' || c.op === 'replace') {
          replace.set(first, c.op === 'replace' ? c.content : []);
          rest.forEach((n) => replace.set(n, []));
        } else push(after, b.unit.nodes[b.unit.nodes.length - 1], c.content);
        return;
      }
      case 'addAtStart': {
        const s = r.section(c.at);
        if (typeof s === 'string') return fail(s);
        push(after, s.heading, c.content);
        return;
      }
      case 'replaceTitle': {
        const s = r.section(c.at);
        if (typeof s === 'string') return fail(s);
        const h = mdNodes(`${'#'.repeat(s.depth)} ${c.title}`)[0] as Heading;
        const old = headingParts(s.heading).attrs;
        const { title, attrs } = headingParts(h);
        if (old.classes.includes('unnumbered') && !attrs.classes.includes('unnumbered')) attrs.classes.push('unnumbered');
        replace.set(s.heading, [makeHeading(s.depth, title, attrs)]);
        return;
      }
      case 'addSection': {
        const s = r.section(c.at);
        if (typeof s === 'string') return fail(s);
        const depth = c.where === 'in' ? s.depth + 1 : s.depth;
        const nodes = c.content.map((n) => (n.type === 'heading' ? { ...n, depth: Math.min(6, Math.max(1, n.depth - c.depth + depth)) as Heading['depth'] } : n));
        if (c.where === 'before') push(before, s.heading, nodes);
        else push(after, lastNode(s), nodes);
        return;
      }
      case 'addReference': case 'deleteReference': {
        const entry = [...supplement.references.values()].find((e) => norm(referenceEntryText(e)) === norm(c.text)) ?? (c.id ? supplement.references.get(c.id) : undefined);
        if (c.op === 'addReference') {
          if (!entry) return fail(`no entry of the supplement's "references" reads "${c.text}"; add it to its front matter`);
          const node = supplementYaml.getIn(['references', entry.id], true);
          yamlDoc.setIn(['references', entry.id], node);
        } else {
          const refs = yamlDoc.get('references') as { items?: { key: { value?: string } | string }[] } | undefined;
          const oldEntries = tree.references ?? new Map<string, ReferenceEntry>();
          const target = [...oldEntries.values()].find((e) => norm(referenceEntryText(e)) === norm(c.text));
          if (!target || !refs) return fail(`the old text's normative references have no entry "${c.text}"`);
          yamlDoc.deleteIn(['references', target.id]);
        }
        return;
      }
    }
  });

  for (const [list, plan] of listPlans) {
    const items: ListItem[] = [];
    list.children.forEach((it, i) => {
      items.push(...(plan.replace.get(i) ?? [it]));
      items.push(...(plan.after.get(i) ?? []));
    });
    const prev = replace.get(list);
    if (!prev) replace.set(list, [{ ...list, children: items }]);
  }

  const body: RootContent[] = [];
  for (const n of tree.root.children) {
    if (n.type === 'yaml') continue;
    body.push(...(before.get(n) ?? []));
    body.push(...(replace.get(n) ?? [n]));
    body.push(...(after.get(n) ?? []));
  }
  const text = stringifyMarkdown({ type: 'root', children: [{ type: 'yaml', value: yamlDoc.toString().trimEnd() }, ...body] });
  return { text, problems };
}

export { toString };
