/**
 * A source as a tree of addressable units for supplements: sections (by heading) holding blocks
 * (paragraphs, lists, notes, tables with their caption, figures with their caption, code), each kept
 * as the Markdown nodes it came from, so that a change can be written as Markdown and carried out on
 * the old source. Includes are expanded (a corrected source is one file). Numbers and labels are
 * set afterwards from the publications' own numbering (numbering.ts), for each publication.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Heading, List, Root, RootContent, Paragraph, Text } from 'mdast';
import { parseMarkdown, stringifyMarkdown } from '../source/markdown.js';
import { parseAttributes } from '../source/parse.js';
import type { ReferenceEntry } from '../source/metadata.js';
import type { Side } from '../model/types.js';

/**
 * The number or label each publication prints, set only when the two differ or the element is in one
 * publication only (a side left out: not printed there). Without it, `number`/`label` is printed in both.
 */
export type BySide = Partial<Record<Side, string>>;

/** A unit's ordinal in each publication ("the third paragraph" where a one-side paragraph comes first), set only when they differ. */
export type OrdinalBySide = Partial<Record<Side, number>>;

export type BlockKind = 'paragraph' | 'term' | 'list' | 'note' | 'example' | 'table' | 'figure' | 'code' | 'footnote' | 'block';

export interface BlockUnit {
  kind: BlockKind;
  nodes: RootContent[];
  /** Canonical Markdown of the unit: what is compared. */
  md: string;
  /** 1-based position among the units of the same kind in its section (paragraph, list, code, block). */
  ordinal: number;
  ordinals?: OrdinalBySide;
  /** "NOTE 2", "Table 3", "Figure A.1", term number "3.2.1" (in the first publication it is printed in). */
  label?: string;
  sides?: BySide;
}

export interface HeadingAttrs { id?: string; classes: string[]; pairs: Record<string, string> }

export interface SectionUnit {
  depth: number;
  heading: Heading;
  title: string;
  attrs: HeadingAttrs;
  /** Anchor, else the title: how versions are matched. */
  key: string;
  /** '' when unnumbered (in the first publication it is printed in). */
  number: string;
  sides?: BySide;
  kind: 'clause' | 'subclause' | 'annex' | 'unnumbered';
  role?: string;
  blocks: BlockUnit[];
  children: SectionUnit[];
  parent?: SectionUnit;
  /** The defect reports named on this heading or an ancestor's. */
  defects: string[];
}

export interface SourceTree {
  file: string;
  root: Root;
  /** The YAML front matter text. */
  yaml: string;
  sections: SectionUnit[];
  /** Blocks before the first heading. */
  preamble: BlockUnit[];
  /** The reference registry of the source (set by the loader). */
  references?: Map<string, ReferenceEntry>;
}

const ROLE_CLASSES = ['summary', 'introduction', 'normative-references', 'terms', 'bibliography'];

export function md(nodes: RootContent[]): string {
  return stringifyMarkdown({ type: 'root', children: nodes }).trim();
}

/**
 * Markdown text as nodes. A fragment cut from a source (a paragraph citing "[^2]") no longer has its
 * footnote definitions, and the parser would read "[^2]" as text: a stand-in definition for each label
 * it cites keeps the references references; the stand-ins are dropped again.
 */
export function mdNodes(text: string): RootContent[] {
  const defined = new Set([...text.matchAll(/^\[\^([^\]\s]+)\]:/gm)].map((m) => m[1]));
  const cited = [...new Set([...text.matchAll(/\[\^([^\]\s]+)\](?!:)/g)].map((m) => m[1]))].filter((l) => !defined.has(l));
  const standIns = cited.map((l) => `[^${l}]: 0`).join('\n\n');
  const nodes = parseMarkdown(standIns ? `${text}\n\n${standIns}\n` : text).children.filter((n) => n.type !== 'yaml');
  // a definition of a label the text only cites is a stand-in
  return standIns ? nodes.filter((n) => !(n.type === 'footnoteDefinition' && cited.includes(n.label ?? n.identifier))) : nodes;
}

function firstText(p: Paragraph): string {
  const f = p.children[0];
  return f?.type === 'text' ? f.value : '';
}

function isImagePara(n: RootContent): boolean {
  return n.type === 'paragraph' && n.children.length > 0 && n.children.every((c) => c.type === 'image' || (c.type === 'text' && !c.value.trim()));
}

function isTerm(n: RootContent): boolean {
  if (n.type !== 'paragraph') return false;
  const [a, b] = n.children;
  return a?.type === 'strong' && b?.type === 'text' && /^:\s/.test(b.value);
}

/** The file each node of an expanded tree was read from (positions are relative to it). */
const ORIGIN = new WeakMap<RootContent, string>();

export function originOf(n: RootContent): string | undefined {
  return ORIGIN.get(n);
}

/** An `::include` of a source: where the directive stands (offsets in `from`'s text) and the file it reads. */
export interface IncludeSite { from: string; start: number; end: number; file: string }

/** The files a source was read from: each one's text, and its includes. */
export interface SourceFiles { texts: Map<string, string>; includes: IncludeSite[] }

const FILES = new WeakMap<Root, SourceFiles>();

/** The texts and includes loadRoot read for a tree. */
export function sourceFiles(root: Root): SourceFiles | undefined {
  return FILES.get(root);
}

/** Reads a source and expands its includes (recursively) in place; records where each node came from (originOf). */
export function loadRoot(file: string, read: (f: string) => string = (f) => readFileSync(f, 'utf8'), text?: string): Root {
  const main = text ?? read(file);
  const root = parseMarkdown(main);
  const files: SourceFiles = { texts: new Map([[file, main]]), includes: [] };
  FILES.set(root, files);
  const expand = (nodes: RootContent[], from: string, depth: number): RootContent[] => {
    const out: RootContent[] = [];
    for (const n of nodes) {
      if (n.type === 'leafDirective' && n.name === 'include' && depth < 20) {
        const rel = n.attributes?.file ?? '';
        const inc = path.resolve(path.dirname(from), rel);
        const incText = read(inc);
        files.texts.set(inc, incText);
        files.includes.push({ from, start: n.position?.start.offset ?? 0, end: n.position?.end.offset ?? 0, file: inc });
        const sub = parseMarkdown(incText).children.filter((c) => c.type !== 'yaml');
        // images in an included file are relative to that file: make them relative to the main file
        const prefix = path.relative(path.dirname(file), path.dirname(inc));
        if (prefix) rebaseImages(sub, prefix);
        out.push(...expand(sub, inc, depth + 1));
      } else {
        if ('children' in n && n.type === 'containerDirective') (n as { children: RootContent[] }).children = expand(n.children as RootContent[], from, depth);
        ORIGIN.set(n, from);
        out.push(n);
      }
    }
    return out;
  };
  root.children = expand(root.children, file, 0);
  return root;
}

function rebaseImages(nodes: RootContent[], prefix: string) {
  const walk = (n: { type: string; url?: string; children?: unknown[] }) => {
    if (n.type === 'image' && n.url && !/^[a-z]+:|^\//i.test(n.url)) n.url = path.posix.join(prefix.split(path.sep).join('/'), n.url);
    for (const c of (n.children ?? []) as typeof n[]) walk(c);
  };
  nodes.forEach((n) => walk(n as never));
}

export function headingParts(h: Heading): { title: string; attrs: HeadingAttrs } {
  const text = md([{ type: 'paragraph', children: h.children }]);
  const m = /\s*\{([^{}]*)\}\s*$/.exec(text);
  const attrs = m ? parseAttributes(m[1]) : undefined;
  if (m && attrs) return { title: text.slice(0, m.index).trim(), attrs };
  return { title: text.trim(), attrs: { classes: [], pairs: {} } };
}

export function attrsText(a: HeadingAttrs): string {
  const parts = [...(a.id ? [`#${a.id}`] : []), ...a.classes.map((c) => `.${c}`), ...Object.entries(a.pairs).map(([k, v]) => `${k}="${v}"`)];
  return parts.length ? ` {${parts.join(' ')}}` : '';
}

export function makeHeading(depth: number, title: string, attrs: HeadingAttrs): Heading {
  const node = mdNodes(`${'#'.repeat(depth)} ${title}${attrsText(attrs)}`)[0];
  return node as Heading;
}

/** Groups a node sequence into block units (a `Table:` caption with its table, an image with its `Figure:` caption). */
export function toUnits(nodes: RootContent[]): BlockUnit[] {
  const out: BlockUnit[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    let kind: BlockKind = 'block';
    let group = [n];
    if (n.type === 'paragraph' && firstText(n).startsWith('Table:') && nodes[i + 1]?.type === 'table') { kind = 'table'; group = [n, nodes[++i]]; }
    else if (n.type === 'table') kind = 'table';
    else if (isImagePara(n)) {
      kind = 'figure';
      const next = nodes[i + 1];
      if (next?.type === 'paragraph' && firstText(next).startsWith('Figure:')) group = [n, nodes[++i]];
    } else if (isTerm(n)) kind = 'term';
    else if (n.type === 'paragraph') kind = 'paragraph';
    else if (n.type === 'list') kind = 'list';
    else if (n.type === 'code') kind = 'code';
    else if (n.type === 'footnoteDefinition') kind = 'footnote';
    else if (n.type === 'containerDirective' && (n.name === 'note' || n.name === 'example')) kind = n.name;
    else if (n.type === 'definition' || n.type === 'thematicBreak') continue;
    out.push({ kind, nodes: group, md: md(group), ordinal: 0 });
  }
  countOrdinals(out);
  return out;
}

/** Numbers the units of each kind 1, 2 … in order: "the second paragraph". */
export function countOrdinals(units: BlockUnit[]): void {
  const counts: Record<string, number> = {};
  for (const u of units) u.ordinal = (counts[u.kind] = (counts[u.kind] ?? 0) + 1);
}

export function buildTree(file: string, root: Root): SourceTree {
  const yaml = root.children[0]?.type === 'yaml' ? root.children[0].value : '';
  const body = root.children.filter((n) => n.type !== 'yaml');
  const sections: SectionUnit[] = [];
  const stack: SectionUnit[] = [];
  let pending: RootContent[] = [];
  let preamble: BlockUnit[] = [];
  const flush = () => {
    const units = toUnits(pending);
    if (stack.length) stack[stack.length - 1].blocks = units;
    else preamble = units;
    pending = [];
  };
  for (const n of body) {
    if (n.type === 'heading') {
      flush();
      const { title, attrs } = headingParts(n);
      while (stack.length && stack[stack.length - 1].depth >= n.depth) stack.pop();
      const parent = stack[stack.length - 1];
      const s: SectionUnit = {
        depth: n.depth, heading: n, title, attrs, key: attrs.id ? `#${attrs.id}` : title, number: '', kind: 'unnumbered',
        role: attrs.classes.find((c) => ROLE_CLASSES.includes(c)), blocks: [], children: [], parent,
        defects: [...(parent?.defects ?? []), ...(attrs.pairs.defect ?? '').split(/[ ,]+/).filter(Boolean)],
      };
      if (parent) parent.children.push(s); else sections.push(s);
      stack.push(s);
    } else pending.push(n);
  }
  flush();
  return { file, root, yaml, sections, preamble };
}

/**
 * The opening of a paragraph as printed, up to its first element that is not plain, bold or italic
 * text (a cross-reference, a citation, ":this"), whose printed words the source does not hold.
 */
export function openingText(u: BlockUnit | { nodes: RootContent[] }): string {
  const p = u.nodes[0];
  if (p?.type !== 'paragraph') return '';
  let out = '';
  for (const c of p.children) {
    if (c.type === 'text') out += c.value;
    else if ((c.type === 'strong' || c.type === 'emphasis') && c.children.every((x) => x.type === 'text')) out += c.children.map((x) => (x as Text).value).join('');
    else break;
  }
  return out.replace(/\s+/g, ' ');
}

/**
 * The fewest opening words (three at least, or the whole opening) that begin this paragraph and no
 * other of its section: how a reader finds it ("the paragraph beginning "The Directory is""); undefined
 * when no opening tells it apart.
 */
export function quotedOpening(section: SectionUnit, u: BlockUnit): string | undefined {
  return fewestWords(openingText(u), section.blocks.filter((b) => b !== u && b.kind === 'paragraph').map(openingText));
}

/** The opening of each item of the section's lists (their first paragraph), by list and item. */
export function itemOpenings(section: SectionUnit): { list: BlockUnit; index: number; text: string }[] {
  return section.blocks.filter((b) => b.kind === 'list').flatMap((b) => (b.nodes[0] as List).children.map((it, index) => ({ list: b, index, text: openingText({ nodes: it.children as RootContent[] }) })));
}

/** A dash item's opening words, told apart from every other item of the section's lists. */
export function quotedItem(section: SectionUnit, list: BlockUnit, index: number): string | undefined {
  const all = itemOpenings(section);
  const mine = all.find((o) => o.list === list && o.index === index);
  return mine && fewestWords(mine.text, all.filter((o) => o !== mine).map((o) => o.text));
}

function fewestWords(mine: string, others: string[]): string | undefined {
  const words = mine.split(' ').filter(Boolean);
  if (!words.length) return undefined;
  for (let n = Math.min(3, words.length); n <= words.length && n <= 12; n++) {
    const quote = words.slice(0, n).join(' ');
    if (quote.includes('"')) return undefined;
    if (!others.some((o) => o.startsWith(quote))) return quote;
  }
  return undefined;
}

/** Every section, depth first. */
export function allSections(sections: SectionUnit[]): SectionUnit[] {
  return sections.flatMap((s) => [s, ...allSections(s.children)]);
}

/** The last mdast node of a section's subtree (its heading when it has no content). */
export function lastNode(s: SectionUnit): RootContent {
  const c = s.children[s.children.length - 1];
  if (c) return lastNode(c);
  const b = s.blocks[s.blocks.length - 1];
  return b ? b.nodes[b.nodes.length - 1] : s.heading;
}

/** Every mdast node of a section's subtree. */
export function subtreeNodes(s: SectionUnit): RootContent[] {
  return [s.heading, ...s.blocks.flatMap((b) => b.nodes), ...s.children.flatMap(subtreeNodes)];
}

export function textOf(n: Text | RootContent): string {
  return 'value' in n && typeof n.value === 'string' ? n.value : '';
}
