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
import type { Root } from 'mdast';

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
  return processor.parse(text) as Root;
}

export function stringifyMarkdown(tree: Root): string {
  return processor.stringify(tree) as string;
}

/** Directive names the source format knows (spec §3; the block-level ones are ::include and ::pagebreak); every other `:word` is literal text. */
export const TEXT_DIRECTIVES = new Set(['this', 'This', 'ref', 'itu', 'iso']);
export const CONTAINER_DIRECTIVES = new Set(['note', 'example', 'itu', 'iso']);
