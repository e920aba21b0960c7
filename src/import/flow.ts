/**
 * Paragraphs and list items in reading order → Markdown flow content: consecutive list items become
 * one list, nested by their level (enumlev1, enumlev2 …); "a)" / "1)" items an ordered list, "–"
 * items a dash list.
 */
import type { BlockContent, List, ListItem, Paragraph, PhrasingContent } from 'mdast';

export type FlowItem =
  | { kind: 'paragraph'; children: PhrasingContent[] }
  | { kind: 'item'; level: number; ordered: boolean; children: PhrasingContent[] }
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

/** Flow items → blocks, lists nested by level (a deeper item goes into the last item of the list above it). */
export function toFlow(items: FlowItem[]): BlockContent[] {
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
