/**
 * mdast → Markdown text with remark-stringify, in the style of a hand-written source: "-" bullets,
 * "*" emphasis, ATX headings, GFM tables and footnotes, ":::" containers. The directive extension's
 * escaping of ":" is left out: the parser reads an unknown ":word" back as literal text (spec §3), so
 * "urn:oid" needs no backslash.
 */
import { unified } from 'unified';
import remarkStringify from 'remark-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import { directiveToMarkdown } from 'mdast-util-directive';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { gfmFootnoteToMarkdown } from 'mdast-util-gfm-footnote';
import type { Root } from 'mdast';
import type { Processor } from 'unified';

function remarkImportExtensions(this: Processor) {
  const data = this.data() as Record<string, unknown[]>;
  const directive = { ...directiveToMarkdown(), unsafe: [] };
  (data.toMarkdownExtensions ??= []).push(gfmTableToMarkdown(), gfmFootnoteToMarkdown(), directive);
}

const writer = unified()
  .use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', fences: true, listItemIndent: 'one', rule: '-' })
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkImportExtensions)
  .freeze();

export function writeMarkdown(tree: Root): string {
  return writer.stringify(tree) as string;
}
