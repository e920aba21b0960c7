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

/** Registers a fixed text's footnote (`Unique ID[^*]` with its `[^*]: …` definition) and returns its number; the label is its mark. */
export type OnFootnote = (paras: Para[]) => number;

export function templateToBlocks(markdown: string, parts: Record<string, () => PubBlock[]>, onParagraph?: OnParagraph, onFootnote?: OnFootnote): PubBlock[] {
  let children = parsed.get(markdown);
  if (!children) {
    children = parseMarkdown(markdown).children;
    if (parsed.size > 64) parsed.clear();
    parsed.set(markdown, children);
  }
  const notes = new FixedFootnotes(children, markdown, onFootnote);
  return convert(children, markdown, parts, onParagraph, notes);
}

/** The footnotes a template defines, each registered (numbered) at its first reference. */
class FixedFootnotes {
  private readonly numbers = new Map<string, number>();
  private readonly definitions = new Map<string, RootContent[]>();
  constructor(children: RootContent[], private readonly source: string, private readonly register?: OnFootnote) {
    for (const n of children) if (n.type === 'footnoteDefinition') this.definitions.set(n.label ?? n.identifier, n.children);
  }

  /** The reference run of footnote `label`, or undefined when the template does not define it (it stays literal text). */
  reference(label: string): Run | undefined {
    const definition = this.definitions.get(label);
    if (!definition || !this.register) return undefined;
    let n = this.numbers.get(label);
    if (n === undefined) {
      n = this.register(convert(definition, this.source, {}).filter((b): b is Para => b.kind === 'p').map((p) => ({ ...p, role: 'footnote' })));
      this.numbers.set(label, n);
    }
    return { text: '', footnote: n, footnoteMark: label };
  }
}

function convert(nodes: RootContent[], source: string, parts: Record<string, () => PubBlock[]>, onParagraph?: OnParagraph, notes?: FixedFootnotes): PubBlock[] {
  const out: PubBlock[] = [];
  let look: string | undefined;
  for (const node of nodes) {
    switch (node.type) {
      case 'heading':
      case 'paragraph': {
        const { runs, role } = withRole(inlines(node.children, source, {}, notes));
        const asked = tableLook(runs);
        if (asked) { look = asked; break; }
        const p = makePara(role ?? (node.type === 'heading' ? 'front-heading' : 'front-body'), runs);
        onParagraph?.(p);
        out.push(p);
        break;
      }
      case 'list':
        node.children.forEach((item, i) => {
          for (const child of item.children) {
            if (child.type !== 'paragraph') continue;
            const { runs, role } = withRole(inlines(child.children, source, {}, notes));
            out.push(makePara(role ?? 'list1', [{ text: node.ordered ? `${String.fromCharCode(97 + i)})\t` : '–\t' }, ...runs]));
          }
        });
        break;
      case 'table':
        out.push({
          kind: 'table',
          ...(look ? { look } : {}),
          rows: node.children.map((row, r) => ({
            header: r === 0,
            cells: row.children.map((cell) => [cellPara(cell.children, r === 0 ? 'table-head' : 'table-text', source, notes)]),
          })),
        });
        look = undefined;
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

/** A table cell's paragraph: its role the cell's trailing "{.role}", else the header's or the rows' own. */
function cellPara(children: PhrasingContent[], fallback: string, source: string, notes?: FixedFootnotes): Para {
  const { runs, role } = withRole(inlines(children, source, {}, notes));
  return makePara(role ?? fallback, runs);
}

/** "{table=history}" alone on a line: the next table has that look of the DOCX data's `tables:`. */
function tableLook(runs: Run[]): string | undefined {
  return runs.length === 1 ? /^\{table=([\w-]+)\}$/.exec(runs[0]!.text.trim())?.[1] : undefined;
}

/** Takes a trailing "{.role}" off the last run. */
function withRole(runs: Run[]): { runs: Run[]; role?: string } {
  const last = runs[runs.length - 1];
  const m = last && /\s*\{\.([\w-]+)\}\s*$/.exec(last.text);
  if (!m) return { runs };
  const text = last.text.slice(0, m.index);
  return { runs: text ? [...runs.slice(0, -1), { ...last, text }] : runs.slice(0, -1), role: m[1] };
}

function inlines(nodes: PhrasingContent[], source: string, style: Partial<Run>, notes?: FixedFootnotes): Run[] {
  const out: Run[] = [];
  for (const n of nodes) {
    switch (n.type) {
      case 'text': out.push({ ...style, text: n.value.replace(/\n/g, ' ') }); break;
      case 'emphasis': out.push(...inlines(n.children, source, { ...style, italic: true }, notes)); break;
      case 'strong': out.push(...inlines(n.children, source, { ...style, bold: true }, notes)); break;
      case 'break': out.push({ ...style, text: '\n' }); break;
      case 'inlineCode': out.push({ ...style, text: n.value }); break;
      case 'link': out.push(...inlines(n.children, source, { ...style, url: n.url }, notes)); break;
      case 'footnoteReference': {
        const ref = notes?.reference(n.label ?? n.identifier);
        if (ref) { out.push(ref); break; }
        out.push(...literal(n, source, style));
        break;
      }
      default:
        // text directives such as ":2021" in "ISO/IEC 8824-1:2021" are literal text here
        out.push(...literal(n, source, style));
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

/** A node as the template wrote it. */
function literal(n: PhrasingContent, source: string, style: Partial<Run>): Run[] {
  const s = n.position?.start.offset;
  const e = n.position?.end.offset;
  return s != null && e != null ? [{ ...style, text: source.slice(s, e) }] : [];
}
