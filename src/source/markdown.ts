/**
 * The Markdown dialect of the source format: CommonMark + GFM tables and footnotes (strikethrough
 * off, autolinks off, as the spec says) + generic directives + YAML front matter. One processor,
 * built once, for the sources and for the templates.
 */
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmTableFromMarkdown, gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { gfmFootnoteFromMarkdown, gfmFootnoteToMarkdown } from 'mdast-util-gfm-footnote';
import type { Root, Text } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';

/** GFM without strikethrough, task lists and autolink literals: tables and footnotes only. */
function remarkTablesAndFootnotes(this: Processor) {
  const data = this.data() as Record<string, unknown[]>;
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmFootnote());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmFootnoteFromMarkdown());
  (data.toMarkdownExtensions ??= []).push(gfmTableToMarkdown(), gfmFootnoteToMarkdown());
}

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkTablesAndFootnotes)
  .use(remarkDirective)
  .use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', fences: true, listItemIndent: 'one' })
  .freeze();

export function parseMarkdown(text: string): Root {
  const tree = processor.parse(text) as Root;
  if (text.includes('his:')) thisBeforeColon(tree, text);
  return tree;
}

const THIS_BEFORE_COLON = /(?<![\w:])(:[Tt]his)(?=:)/g;

/**
 * ":this:" is :this followed by a colon ("The following terms are defined in :this:"): micromark reads
 * no directive whose name is followed by ":", so the text is made the directive here, in the tree
 * (written back, it is ":this:" again). A node whose text differs from its source (an escape such as
 * "\\:this:", an entity) is left as it is: it was written so on purpose, or its offsets would be off.
 */
function thisBeforeColon(node: { children?: unknown[] }, source: string): void {
  if (!node.children) return;
  node.children = (node.children as (Text | { children?: unknown[] })[]).flatMap((child) => {
    if ((child as Text).type !== 'text') { thisBeforeColon(child as { children?: unknown[] }, source); return [child]; }
    const text = child as Text;
    const start = text.position?.start;
    const end = text.position?.end;
    if (!start || !end || start.offset === undefined || !text.value.includes('his:') || text.value.search(THIS_BEFORE_COLON) < 0 || source.slice(start.offset, end.offset) !== text.value) return [text];
    return splitThis(text, start as Required<typeof start>);
  });
}

/** A text node cut at each ":this" that a colon follows, as text and `this` directives with their own positions. */
function splitThis(text: Text, start: { line: number; column: number; offset: number }): (Text | TextDirective)[] {
  const at = (i: number) => {
    const lines = text.value.slice(0, i).split('\n');
    return { line: start.line + lines.length - 1, column: lines.length === 1 ? start.column + i : lines[lines.length - 1].length + 1, offset: start.offset + i };
  };
  const out: (Text | TextDirective)[] = [];
  let last = 0;
  for (const m of text.value.matchAll(THIS_BEFORE_COLON)) {
    if (m.index > last) out.push({ type: 'text', value: text.value.slice(last, m.index), position: { start: at(last), end: at(m.index) } });
    out.push({ type: 'textDirective', name: m[1].slice(1), attributes: {}, children: [], position: { start: at(m.index), end: at(m.index + m[1].length) } });
    last = m.index + m[1].length;
  }
  out.push({ type: 'text', value: text.value.slice(last), position: { start: at(last), end: at(text.value.length) } });
  return out;
}

export function stringifyMarkdown(tree: Root): string {
  return processor.stringify(tree) as string;
}

/** Directive names the source format knows (spec §3; the block-level ones are ::include and ::pagebreak); every other `:word` is literal text. */
export const TEXT_DIRECTIVES = new Set(['this', 'This', 'ref', 'itu', 'iso']);
export const CONTAINER_DIRECTIVES = new Set(['note', 'example', 'itu', 'iso']);
