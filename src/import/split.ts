/**
 * A long imported text is split as an editor would split it: the main file keeps the front matter,
 * the Summary and the Introduction, then one `::include{file="clauses/…"}` line per top-level clause
 * or annex, each in a file of its own under clauses/ (a one-side block that starts with a clause or
 * annex heading is one too). A footnote's definition goes into the file that references it (the
 * Markdown parser reads a reference only with its definition in the same file). The split source
 * builds to the same DOCX as the unsplit one.
 *
 * When: `--split auto` (the default) splits a text of more than SPLIT_LINES lines of Markdown with at
 * least SPLIT_CLAUSES top-level clauses and annexes; `--split always` splits any text, `never` none.
 */
import type { FootnoteDefinition, Heading, Root, RootContent } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { slug } from './targets.js';
import { writeMarkdown } from './markdown.js';

export type SplitMode = 'auto' | 'always' | 'never';
export const SPLIT_MODES: readonly SplitMode[] = ['auto', 'always', 'never'];

/** A Markdown text longer than this many lines is split (`--split auto`). */
export const SPLIT_LINES = 3000;
/** … when it has at least this many top-level clauses and annexes. */
export const SPLIT_CLAUSES = 3;

export interface SplitSource {
  markdown: string;
  /** The included files: path relative to the main file → text. */
  parts: { file: string; data: string }[];
}

const headingText = (h: Heading) => h.children.map((c) => ('value' in c ? c.value : '')).join('');

/** The level-1 heading a node starts with: the heading itself, or the first child of a one-side block. */
function topHeading(n: RootContent): Heading | undefined {
  if (n.type === 'heading') return n.depth === 1 ? n : undefined;
  if (n.type === 'containerDirective' && (n.name === 'itu' || n.name === 'iso')) {
    const first = n.children[0];
    return first?.type === 'heading' && first.depth === 1 ? first : undefined;
  }
  return undefined;
}

/** A file name for a clause: its number as the build gives it ("06-overview-directory"), "annex-a-…" for an annex. */
class FileNames {
  private clause = 0;
  private annex = 0;
  private readonly taken = new Set<string>();

  name(h: Heading, oneSide: boolean): string {
    const text = headingText(h);
    const attrs = /\{([^}]*)\}\s*$/.exec(text)?.[1] ?? '';
    const title = slug(text.replace(/\{[^}]*\}\s*$/, ''), 4);
    let stem: string;
    if (/annex=/.test(attrs)) stem = oneSide ? `annex-${title}` : `annex-${String.fromCharCode(97 + this.annex++)}-${title}`;
    else if (/\.(unnumbered|bibliography|summary|introduction)\b/.test(attrs) || oneSide) stem = title;
    else stem = `${String(++this.clause).padStart(2, '0')}-${title}`;
    let file = `clauses/${stem}.md`;
    for (let i = 2; this.taken.has(file); i++) file = `clauses/${stem}-${i}.md`;
    this.taken.add(file);
    return file;
  }
}

/** Identifiers of the footnotes a node references. */
function footnoteRefs(n: unknown, out: Set<string>): Set<string> {
  if (!n || typeof n !== 'object') return out;
  const node = n as { type?: string; identifier?: string; children?: unknown[] };
  if (node.type === 'footnoteReference' && node.identifier) out.add(node.identifier);
  for (const c of node.children ?? []) footnoteRefs(c, out);
  return out;
}

/** Images are relative to the file that shows them: one level up from clauses/. */
function rebaseImages(n: unknown): void {
  if (!n || typeof n !== 'object') return;
  const node = n as { type?: string; url?: string; children?: unknown[] };
  if (node.type === 'image' && node.url && !/^([a-z]+:|\/)/i.test(node.url)) node.url = `../${node.url}`;
  for (const c of node.children ?? []) rebaseImages(c);
}

/** The body nodes in groups: what comes before the first clause, then one group per top-level clause or annex. */
function groups(children: RootContent[]): { head: RootContent[]; clauses: { heading: Heading; oneSide: boolean; nodes: RootContent[] }[] } {
  const head: RootContent[] = [];
  const clauses: { heading: Heading; oneSide: boolean; nodes: RootContent[] }[] = [];
  let inBody = false;
  for (const n of children) {
    const h = topHeading(n);
    // the Summary and the Introduction stay in the main file
    if (h && !/\{[^}]*\.(summary|introduction)\b[^}]*\}\s*$/.test(headingText(h))) {
      inBody = true;
      clauses.push({ heading: h, oneSide: n.type === 'containerDirective', nodes: [n] });
    } else if (inBody) clauses[clauses.length - 1].nodes.push(n);
    else head.push(n);
  }
  return { head, clauses };
}

export function shouldSplit(mode: SplitMode, markdown: string, children: RootContent[]): boolean {
  if (mode === 'never') return false;
  const clauses = children.filter((n) => topHeading(n)).length;
  if (mode === 'always') return clauses > 0;
  return markdown.split('\n').length > SPLIT_LINES && clauses >= SPLIT_CLAUSES;
}

/** The main file and one file per top-level clause; `children` starts with the YAML node and ends with the footnote definitions. */
export function splitSource(children: RootContent[]): SplitSource {
  const notes = children.filter((n): n is FootnoteDefinition => n.type === 'footnoteDefinition');
  const { head, clauses } = groups(children.filter((n) => n.type !== 'footnoteDefinition'));
  const names = new FileNames();
  const parts: SplitSource['parts'] = [];
  const placed = new Set<FootnoteDefinition>();
  const withNotes = (nodes: RootContent[]) => {
    const refs = footnoteRefs({ children: nodes }, new Set());
    const own = notes.filter((d) => refs.has(d.identifier) && !placed.has(d));
    for (const d of own) placed.add(d);
    return [...nodes, ...own];
  };
  const includes: LeafDirective[] = [];
  const mainNodes = withNotes(head);
  for (const c of clauses) {
    const file = names.name(c.heading, c.oneSide);
    for (const n of c.nodes) rebaseImages(n);
    parts.push({ file, data: writeMarkdown({ type: 'root', children: withNotes(c.nodes) } as Root) });
    includes.push({ type: 'leafDirective', name: 'include', attributes: { file }, children: [] });
  }
  // a definition nobody references stays with the main file, where the unsplit source had it
  const rest = notes.filter((d) => !placed.has(d));
  return { markdown: writeMarkdown({ type: 'root', children: [...mainNodes, ...includes, ...rest] } as Root), parts };
}
