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

/** The run as a "+" or "1)" list, when every item is at one level with "•", or numbered 1), 2) … in order. */
export function markedList(run: Item[]): Html | undefined {
  if (!run.length || run.some((r) => r.level !== run[0].level)) return undefined;
  const bullets = run.every((r) => !r.ordered && r.label === '•');
  const numbers = run.every((r, i) => r.ordered && r.label === `${i + 1})`);
  if (!bullets && !numbers) return undefined;
  const lines = run.map((r, i) => `${bullets ? '+' : `${i + 1})`} ${inline(r.children)}`);
  // a line of its own could be read as something else (a heading, a table row): then it stays as printed
  if (lines.some((l) => l.includes('\n'))) return undefined;
  return { type: 'html', value: lines.join('\n') };
}
