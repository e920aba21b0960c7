/**
 * The corrected source as a minimal edit of the old one: each change replaces the characters of the
 * nodes it touches (found by their source positions) and leaves every other byte as it was: the front
 * matter, table padding, escapes, attributes, `::include` lines. An included file that a change
 * touches is written into the corrected source in place of its `::include` line (a corrected source
 * is one file beside the old one, and the old included files stay as published); an untouched one
 * keeps its line, unless the corrected source goes to another folder (`inline`), where the line would
 * no longer find the file.
 */
import path from 'node:path';
import type { List, ListItem, RootContent, TableRow } from 'mdast';
import { parseDocument } from 'yaml';
import { stringifyMarkdown } from '../source/markdown.js';
import { type IncludeSite, type SourceTree, md, originOf, sourceFiles } from './tree.js';

export type Plan = Map<RootContent, RootContent[]>;

export interface ListPlan { replace: Map<number, ListItem[]>; after: Map<number, ListItem[]> }

export interface PlannedEdits {
  replace: Plan;
  after: Plan;
  before: Plan;
  lists: Map<List, ListPlan>;
  /** The new front matter text (without the fences), when a change edits it. */
  yaml?: string;
}

export interface Edit { start: number; end: number; text: string }

const offset = (n: { position?: { start: { offset?: number }; end: { offset?: number } } }, at: 'start' | 'end') => n.position?.[at].offset;

/** Markdown of new nodes, as the source would hold them. */
function nodesText(nodes: RootContent[]): string {
  return nodes.length ? md(nodes) : '';
}

/** A list's items as Markdown, numbered from `start` when ordered. */
function itemsText(list: List, items: ListItem[], start: number): string {
  return stringifyMarkdown({ type: 'root', children: [{ ...list, start, children: items }] }).trimEnd();
}

/** The list's own text with the items a plan changes edited in place. */
function listText(text: string, list: List, plan: ListPlan): string {
  const base = offset(list, 'start')!;
  const edits: Edit[] = [];
  const sep = list.spread ? '\n\n' : '\n';
  list.children.forEach((item, i) => {
    const s = offset(item, 'start')! - base;
    const e = offset(item, 'end')! - base;
    const replaced = plan.replace.get(i);
    const added = plan.after.get(i) ?? [];
    const start = (list.start ?? 1) + i;
    if (replaced && !replaced.length && !added.length) {
      // a deleted item takes the line break before the next item with it (or, the last one, the one before it)
      const next = list.children[i + 1];
      const prev = list.children[i - 1];
      if (next) edits.push({ start: s, end: offset(next, 'start')! - base, text: '' });
      else edits.push({ start: prev ? offset(prev, 'end')! - base : s, end: e, text: '' });
      return;
    }
    const own = replaced ? itemsText(list, replaced, start) : text.slice(base + s, base + e);
    const after = added.length ? itemsText(list, added, start + (replaced?.length ?? 1)) : '';
    if (replaced || after) edits.push({ start: s, end: e, text: [own, after].filter(Boolean).join(sep) });
  });
  return applyEdits(text.slice(base, offset(list, 'end')!), edits);
}

export function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The edits of each file: a node replaced, deleted, or with new content before or after it. */
function fileEdits(tree: SourceTree, plan: PlannedEdits, texts: Map<string, string>, includes: IncludeSite[]): Map<string, Edit[]> {
  const out = new Map<string, Edit[]>();
  const nodes = tree.root.children.filter((n) => n.type !== 'yaml');
  nodes.forEach((n, i) => {
    const replaced = plan.replace.get(n);
    const list = n.type === 'list' && !replaced ? plan.lists.get(n) : undefined;
    const before = plan.before.get(n) ?? [];
    const after = plan.after.get(n) ?? [];
    if (!replaced && !list && !before.length && !after.length) return;
    const file = originOf(n) ?? tree.file;
    const text = texts.get(file)!;
    const start = offset(n, 'start')!;
    const end = offset(n, 'end')!;
    const own = replaced ? nodesText(replaced) : list ? listText(text, n as List, list) : text.slice(start, end);
    const parts = [nodesText(before), own, nodesText(after)].filter(Boolean);
    const edits = out.get(file) ?? [];
    out.set(file, edits);
    if (parts.length) { edits.push({ start, end, text: parts.join('\n\n') }); return; }
    // deleted: with the blank lines after it, up to what comes next in the same file (a node or an ::include line)
    const next = Math.min(...nodes.slice(i + 1).filter((x) => (originOf(x) ?? tree.file) === file).map((x) => offset(x, 'start')!),
      ...includes.filter((x) => x.from === file && x.start >= end).map((x) => x.start));
    if (Number.isFinite(next)) edits.push({ start, end: next, text: '' });
    else edits.push({ start: afterPrevious(text, start), end, text: '' });
  });
  return out;
}

/** The last node of a file deleted: the blank lines before it go too, the line break ending the text before stays. */
function afterPrevious(text: string, start: number): number {
  let i = start;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i < start ? i + 1 : start;
}

/** Relative image paths of an included file's text, made relative to the file that takes its text in. */
function rebaseImages(text: string, prefix: string): string {
  if (!prefix) return text;
  return text.replace(/(!\[[^\]]*\]\()([^)\s]+)/g, (all, open: string, url: string) => (/^[a-z][a-z0-9+.-]*:|^\//i.test(url) ? all : `${open}${path.posix.join(prefix, url)}`));
}

/** The corrected source: the old main file with every edit made and the touched includes written in. */
export function splicedSource(tree: SourceTree, plan: PlannedEdits, inline: boolean): string | undefined {
  const files = sourceFiles(tree.root);
  if (!files) return undefined;
  const edits = fileEdits(tree, plan, files.texts, files.includes);
  const touched = (file: string): boolean => edits.has(file) || files.includes.some((i) => i.from === file && touched(i.file));
  const render = (file: string): string => {
    const own = [...(edits.get(file) ?? [])];
    for (const inc of files.includes.filter((i) => i.from === file)) {
      const rel = path.relative(path.dirname(tree.file), inc.file).split(path.sep).join('/');
      // an include kept in text that is written into the main file: its path is made relative to the main file
      if (!inline && !touched(inc.file)) { if (file !== tree.file) own.push({ start: inc.start, end: inc.end, text: `::include{file="${rel}"}` }); continue; }
      const body = stripFrontMatter(render(inc.file)).trim();
      const prefix = path.relative(path.dirname(tree.file), path.dirname(inc.file)).split(path.sep).join('/');
      own.push({ start: inc.start, end: inc.end, text: rebaseImages(body, prefix) });
    }
    return applyEdits(files.texts.get(file)!, own);
  };
  const main = render(tree.file);
  if (plan.yaml === undefined) return main;
  const fm = tree.root.children[0];
  if (fm?.type !== 'yaml') return main;
  // the front matter is before every body edit: its offsets still hold
  return `${main.slice(0, offset(fm, 'start')!)}---\n${plan.yaml}\n---${main.slice(offset(fm, 'end')!)}`;
}

function stripFrontMatter(text: string): string {
  const m = /^---\r?\n[^]*?\r?\n---\r?\n/.exec(text);
  return m ? text.slice(m[0].length) : text;
}

type YamlPair = { key: { value?: unknown; range?: [number, number, number] }; value?: { range?: [number, number, number] } };

/** The entries of the `references` mapping of a YAML text, each with the lines it takes. */
function referenceLines(text: string): Map<string, { start: number; end: number }> | undefined {
  const doc = parseDocument(text);
  const map = doc.get('references', true) as { items?: YamlPair[]; flow?: boolean } | undefined;
  if (!map?.items || map.flow) return undefined;
  const out = new Map<string, { start: number; end: number }>();
  for (const p of map.items) {
    const k = p.key.range;
    const v = p.value?.range ?? k;
    if (!k || !v) return undefined;
    const start = text.lastIndexOf('\n', k[0] - 1) + 1;
    const nl = text.indexOf('\n', Math.max(v[1] - 1, k[0]));
    out.set(String(p.key.value), { start, end: nl < 0 ? text.length : nl + 1 });
  }
  return out;
}

/**
 * The old front matter with normative references added (each entry's lines as the supplement's front
 * matter has them, after the entry that precedes it there) and deleted; undefined when either mapping
 * is not a plain block mapping (the caller then rewrites the YAML).
 */
export function referencesYaml(oldYaml: string, supplementYaml: string, add: string[], remove: string[]): string | undefined {
  const old = referenceLines(oldYaml);
  const sup = referenceLines(supplementYaml);
  if (!old || (add.length && !sup) || !old.size) return undefined;
  const edits: Edit[] = [];
  for (const id of remove) {
    const r = old.get(id);
    if (!r) return undefined;
    edits.push({ start: r.start, end: r.end, text: '' });
  }
  const order = [...(sup?.keys() ?? [])];
  for (const id of add) {
    const r = sup!.get(id);
    if (!r) return undefined;
    let lines = supplementYaml.slice(r.start, r.end);
    if (!lines.endsWith('\n')) lines += '\n';
    if (old.has(id)) { edits.push({ ...old.get(id)!, text: lines }); continue; }
    const prev = order.slice(0, order.indexOf(id)).reverse().find((k) => old.has(k) && !add.includes(k));
    const at = prev ? old.get(prev)!.end : [...old.values()][0].start;
    edits.push({ start: at, end: at, text: lines });
  }
  return applyEdits(oldYaml, edits);
}

/** A node's characters in the file it was read from. */
export function sourceText(tree: SourceTree, n: RootContent): string | undefined {
  const text = sourceFiles(tree.root)?.texts.get(originOf(n) ?? tree.file);
  const s = offset(n, 'start');
  const e = offset(n, 'end');
  return text !== undefined && s !== undefined && e !== undefined ? text.slice(s, e) : undefined;
}

/** A table row as the source writes one. */
function rowSource(r: TableRow): string {
  return `| ${r.children.map((c) => md([{ type: 'paragraph', children: c.children }])).join(' | ')} |`;
}

/**
 * New text for an old node, keeping the old node's characters where they are the same: the node
 * itself when its Markdown is unchanged, else (a table with the same header) each unchanged row.
 */
function keptText(tree: SourceTree, old: RootContent, now: RootContent): string | undefined {
  const raw = sourceText(tree, old);
  if (raw === undefined) return undefined;
  if (md([old]) === md([now])) return raw;
  if (old.type !== 'table' || now.type !== 'table' || md([{ ...old, children: [old.children[0]] }]) !== md([{ ...now, children: [now.children[0]] }])) return undefined;
  const base = offset(old, 'start')!;
  const slice = (n: { position?: { start: { offset?: number }; end: { offset?: number } } }) => raw.slice(offset(n, 'start')! - base, offset(n, 'end')! - base);
  const second = old.children[1];
  // the header row and the delimiter row under it, as written
  const head = second ? raw.slice(0, offset(second, 'start')! - base).trimEnd() : raw;
  const rows = new Map(old.children.slice(1).map((r) => [rowSource(r), slice(r)]));
  return [head, ...now.children.slice(1).map((r) => rows.get(rowSource(r)) ?? rowSource(r))].join('\n');
}

/** The nodes replacing old ones, one for one: each written with the old characters it keeps (as raw html nodes). */
export function keepUnchanged(tree: SourceTree, olds: RootContent[], news: RootContent[]): RootContent[][] | undefined {
  if (olds.length !== news.length) return undefined;
  return olds.map((o, i) => {
    const kept = keptText(tree, o, news[i]);
    return kept === undefined ? [news[i]] : [{ type: 'html', value: kept }];
  });
}
