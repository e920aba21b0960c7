/**
 * Lists whose labels a build gives only when asked: round bullets "•" (written "+ item") and numbers
 * 1), 2) … at the first level (written "1) item"). A flat run of such items becomes that list; the
 * Markdown writer cannot choose the marker per list, so the lines are written as they stand.
 */
import type { Html, PhrasingContent } from 'mdast';
import { writeMarkdown } from './markdown.js';

interface Item { level: number; ordered: boolean; label: string; children: PhrasingContent[] }

function inline(children: PhrasingContent[]): string {
  return writeMarkdown({ type: 'root', children: [{ type: 'paragraph', children }] }).trim();
}

/** The run as a "+" or "1)" list, when every item is at one level with "•", or numbered n), n+1) … in order. */
export function markedList(run: Item[]): Html | undefined {
  if (!run.length || run.some((r) => r.level !== run[0].level)) return undefined;
  const bullets = run.every((r) => !r.ordered && r.label === '•');
  // numbered on from any number: a list the original continues after a paragraph ("2)" …)
  const first = Number(/^(\d{1,3})\)$/.exec(run[0].label)?.[1] ?? 0);
  const numbers = first > 0 && run.every((r, i) => r.ordered && r.label === `${first + i})`);
  if (!bullets && !numbers) return undefined;
  const lines = () => run.map((r, i) => `${bullets ? '+' : `${first + i})`} ${inline(r.children).replace(/\n/g, ' ')}`).join('\n');
  // written when the whole source is: a link whose target gets no anchor (placeAnchors) is plain text by then
  return { type: 'html', get value() { return lines(); } } as Html;
}
