/**
 * What changed between two renders of a publication, as patches of its sections' top-level elements:
 * after a save the page replaces those elements only, instead of fetching, parsing and laying out the
 * whole publication (1.6 MB at 450 pages). Undefined when more than the text changed (the page's style
 * sheet, its sections, the footnotes): the page then fetches the publication whole.
 */
import type { HtmlParts } from '../render/html.js';

export interface Patch {
  /** Index among the publication's sections (cover, front matter, body …). */
  section: number;
  /** The first element replaced, how many are removed, and the HTML of the elements put in their place. */
  from: number;
  remove: number;
  html: string;
}

export function diffParts(prev: HtmlParts | undefined, next: HtmlParts): Patch[] | undefined {
  if (!prev || prev.footnotes !== next.footnotes || prev.sections.length !== next.sections.length) return undefined;
  const frame = (p: HtmlParts) => JSON.stringify(p.frame);
  if (frame(prev) !== frame(next)) return undefined;
  const patches: Patch[] = [];
  for (let i = 0; i < next.sections.length; i++) {
    const a = prev.sections[i].pieces;
    const b = next.sections[i].pieces;
    if (prev.sections[i].name !== next.sections[i].name) return undefined;
    let start = 0;
    while (start < a.length && start < b.length && a[start] === b[start]) start++;
    let endA = a.length;
    let endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
    if (endA === start && endB === start) continue;
    patches.push({ section: i, from: start, remove: endA - start, html: b.slice(start, endB).join('') });
  }
  return patches;
}
