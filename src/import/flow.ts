/**
 * Paragraphs and list items in reading order → Markdown flow content: consecutive list items become
 * one list, nested by their level (enumlev1, enumlev2 …); "a)" / "1)" items an ordered list, "–"
 * items a dash list.
 */
import type { BlockContent, List, ListItem, Paragraph, PhrasingContent } from 'mdast';
import { markedList } from './lists.js';

export type FlowItem =
  | { kind: 'paragraph'; children: PhrasingContent[] }
  | { kind: 'item'; level: number; ordered: boolean; label: string; children: PhrasingContent[] }
  | { kind: 'block'; node: BlockContent };

const LIST_LABEL = /^(([a-z]{1,2}|\d{1,2}|[ivx]+)\)|[–•\-])\t/;

/** The label of a list item's text ("a)", "–"), or undefined when the text does not start with one. */
export function listLabel(text: string): { label: string; ordered: boolean; rest: string } | undefined {
  const m = LIST_LABEL.exec(text);
  if (!m) return undefined;
  return { label: m[1], ordered: !!m[2], rest: text.slice(m[0].length) };
}

function paragraph(children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children };
}

type Item = Extract<FlowItem, { kind: 'item' }>;

/** The label a build gives an item at list depth d (0-based), i-th in its list: "–"; a), b) at even depths; 1), 2) at odd ones. */
function buildLabel(ordered: boolean, depth: number, i: number): string {
  if (!ordered) return '–';
  return depth % 2 === 0 ? `${String.fromCharCode(97 + (i % 26)).repeat(Math.floor(i / 26) + 1)})` : `${i + 1})`;
}

/** Whether a build, nesting the run's items as toFlow does, prints the labels the original has. */
function labelsReproduced(run: Item[]): boolean {
  let stack: { ordered: boolean; count: number }[] = [];
  for (const it of run) {
    const level = Math.max(1, Math.min(it.level, stack.length + 1));
    stack = stack.slice(0, level);
    if (stack[level - 1] && stack[level - 1].ordered !== it.ordered) stack = stack.slice(0, level - 1);
    stack[level - 1] ??= { ordered: it.ordered, count: 0 };
    if (buildLabel(it.ordered, level - 1, stack[level - 1].count++) !== it.label) return false;
  }
  return true;
}

/**
 * A run of list items whose labels a build would not give ("1)" first, "•" bullets, a list
 * continued after a paragraph) is written as paragraphs that start with their label, as printed:
 * the text stays exact, the list structure is lost (and reported through onLiteral).
 */
function literalRuns(items: FlowItem[], onLiteral: (labels: string[]) => void): FlowItem[] {
  const out: FlowItem[] = [];
  for (let i = 0; i < items.length; ) {
    if (items[i].kind !== 'item') { out.push(items[i++]); continue; }
    const run: Item[] = [];
    while (i < items.length && items[i].kind === 'item') run.push(items[i++] as Item);
    if (labelsReproduced(run)) { out.push(...run); continue; }
    const marked = markedList(run);
    if (marked) { out.push({ kind: 'block', node: marked as unknown as BlockContent }); continue; }
    onLiteral(run.map((r) => r.label));
    for (const r of run) out.push({ kind: 'paragraph', children: [{ type: 'text', value: `${r.label}\t` }, ...r.children] });
  }
  return out;
}

/** Flow items → blocks, lists nested by level (a deeper item goes into the last item of the list above it). */
export function toFlow(input: FlowItem[], onLiteral: (labels: string[]) => void = () => {}): BlockContent[] {
  const items = literalRuns(input, onLiteral);
  const out: BlockContent[] = [];
  let stack: List[] = [];
  for (const it of items) {
    if (it.kind !== 'item') {
      stack = [];
      out.push(it.kind === 'block' ? it.node : paragraph(it.children));
      continue;
    }
    const level = Math.max(1, Math.min(it.level, stack.length + 1));
    stack = stack.slice(0, level);
    let list = stack[level - 1];
    if (list && list.ordered !== it.ordered) {
      stack = stack.slice(0, level - 1);
      list = undefined as unknown as List;
    }
    if (!list) {
      list = { type: 'list', ordered: it.ordered, spread: false, children: [] };
      if (level === 1) out.push(list);
      else {
        const parent = stack[level - 2].children;
        parent[parent.length - 1].children.push(list);
      }
      stack[level - 1] = list;
    }
    const item: ListItem = { type: 'listItem', spread: false, children: [paragraph(it.children)] };
    list.children.push(item);
  }
  return out;
}
