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
  return unescapeNeedless(writer.stringify(tree) as string);
}

// "[0]" that no link definition, footnote, image or directive can take; "*" between spaces, which opens no emphasis
const BRACKET = /(?<!!|:[A-Za-z][\w-]*)\\\[(?!\^)([^[\]\n]*)\](?![([:{])/g;
// (never at the start of a line, where "* " is a list item)
const STAR = /(?<=\S )\\\*(?= |$)/g;
// remark-stringify writes ":this[]" before a colon; the source format reads ":this:" as :this and a colon
const THIS_COLON = /(:[Tt]his)\[\](?=:)/g;
// an empty attribute is written bare ("{label}"); the README writes it number="" / label=""
const EMPTY_ATTRIBUTE = /^(:::(?:note|example))\{(number|label)\}$/;

/**
 * remark-stringify escapes "[" and "*" wherever they might start a construct; in a source without
 * link definitions most of them cannot, and a hand-written source would not have the backslash.
 * Code blocks are left as they are.
 */
function unescapeNeedless(md: string): string {
  let fenced = false;
  return md.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || /^\s*(```|~~~)/.test(line)) return line;
    return line.replace(BRACKET, '[$1]').replace(STAR, '*').replace(THIS_COLON, '$1').replace(EMPTY_ATTRIBUTE, '$1{$2=""}');
  }).join('\n');
}
