/**
 * Fixed texts: the Markdown a template produced → publication blocks. A trailing `{.role}` chooses a
 * paragraph's role; `::source{part=…}`, `::toc` and `::pagebreak` place the user's parts, the table
 * of contents and page breaks.
 */
import type { PhrasingContent, RootContent } from 'mdast';
import { parseMarkdown } from '../source/markdown.js';
import { makePara, type Para, type PubBlock, type Run } from './publication.js';

/** Parsed template output, by its text: a rebuild renders the same front matter again (trees are only read). */
const parsed = new Map<string, RootContent[]>();

/** Called for each heading or paragraph of a template, in order (e.g. to list the Foreword in the contents). */
export type OnParagraph = (p: Para) => void;

export function templateToBlocks(markdown: string, parts: Record<string, () => PubBlock[]>, onParagraph?: OnParagraph): PubBlock[] {
  let children = parsed.get(markdown);
  if (!children) {
    children = parseMarkdown(markdown).children;
    if (parsed.size > 64) parsed.clear();
    parsed.set(markdown, children);
  }
  return convert(children, markdown, parts, onParagraph);
}

function convert(nodes: RootContent[], source: string, parts: Record<string, () => PubBlock[]>, onParagraph?: OnParagraph): PubBlock[] {
  const out: PubBlock[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'heading':
      case 'paragraph': {
        const { runs, role } = withRole(inlines(node.children, source, {}));
        const p = makePara(role ?? (node.type === 'heading' ? 'front-heading' : 'front-body'), runs);
        onParagraph?.(p);
        out.push(p);
        break;
      }
      case 'list':
        node.children.forEach((item, i) => {
          for (const child of item.children) {
            if (child.type !== 'paragraph') continue;
            const { runs, role } = withRole(inlines(child.children, source, {}));
            out.push(makePara(role ?? 'list1', [{ text: node.ordered ? `${String.fromCharCode(97 + i)})\t` : '–\t' }, ...runs]));
          }
        });
        break;
      case 'table':
        out.push({
          kind: 'table',
          rows: node.children.map((row, r) => ({
            header: r === 0,
            cells: row.children.map((cell) => [makePara(r === 0 ? 'table-head' : 'table-text', inlines(cell.children, source, {}))]),
          })),
        });
        break;
      case 'leafDirective':
        if (node.name === 'source') out.push(...(parts[node.attributes?.part ?? '']?.() ?? []));
        else if (node.name === 'toc') out.push({ kind: 'toc' });
        else if (node.name === 'pagebreak') out.push({ kind: 'pagebreak' });
        break;
      default:
        break;
    }
  }
  return out;
}

/** Takes a trailing "{.role}" off the last run. */
function withRole(runs: Run[]): { runs: Run[]; role?: string } {
  const last = runs[runs.length - 1];
  const m = last && /\s*\{\.([\w-]+)\}\s*$/.exec(last.text);
  if (!m) return { runs };
  const text = last.text.slice(0, m.index);
  return { runs: text ? [...runs.slice(0, -1), { ...last, text }] : runs.slice(0, -1), role: m[1] };
}

function inlines(nodes: PhrasingContent[], source: string, style: Partial<Run>): Run[] {
  const out: Run[] = [];
  for (const n of nodes) {
    switch (n.type) {
      case 'text': out.push({ ...style, text: n.value.replace(/\n/g, ' ') }); break;
      case 'emphasis': out.push(...inlines(n.children, source, { ...style, italic: true })); break;
      case 'strong': out.push(...inlines(n.children, source, { ...style, bold: true })); break;
      case 'break': out.push({ ...style, text: '\n' }); break;
      case 'inlineCode': out.push({ ...style, text: n.value }); break;
      case 'link': out.push(...inlines(n.children, source, { ...style, url: n.url })); break;
      default: {
        // text directives such as ":2021" in "ISO/IEC 8824-1:2021" are literal text here
        const s = n.position?.start.offset;
        const e = n.position?.end.offset;
        if (s != null && e != null) out.push({ ...style, text: source.slice(s, e) });
      }
    }
  }
  // merge neighbours with the same look, so that a paragraph's text is a few runs, not dozens
  const merged: Run[] = [];
  for (const r of out) {
    const prev = merged[merged.length - 1];
    if (prev && prev.bold === r.bold && prev.italic === r.italic && prev.url === r.url && !prev.footnote && !r.footnote) prev.text += r.text;
    else merged.push({ ...r });
  }
  return merged;
}
