/** Text renderer: a publication as plain text, one paragraph a line (for the lint preview, tests and reports). */
import type { PubBlock, Publication } from '../model/publication.js';
import { paraText } from '../model/publication.js';

export function blocksToLines(blocks: PubBlock[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'p') out.push(paraText(b));
    else if (b.kind === 'table') for (const r of b.rows) out.push(r.cells.map((c) => c.map(paraText).join(' ')).join(' | '));
  }
  return out;
}

export function renderText(pub: Publication): string {
  return pub.sections.map((s) => blocksToLines(s.blocks).join('\n')).join('\n\n');
}
