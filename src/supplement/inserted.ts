/**
 * The convention for inserted sections, carried into the revision DOCX: the new text's section that a
 * supplement inserts between published ones is printed with the number the supplement gave it
 * ("8.3.3a"), as in the instructions and in `apply`'s corrected text, so that no published number
 * after it changes (and "see 8.3.4" still points at the published 8.3.4).
 */
import type { Heading } from 'mdast';
import type { Section, SourceDocument } from '../model/types.js';
import type { Change } from './changes.js';
import { headingParts } from './tree.js';
import { addedNumber } from './instructions.js';
import type { Wording } from './wording.js';

/** The new text with each inserted section numbered as the supplement numbers it (a copy; `doc` is unchanged). */
export function withInsertedNumbers(doc: SourceDocument, changes: Change[], w: Wording): SourceDocument {
  const byLine = new Map<number, string>();
  for (const c of changes) {
    if (c.op !== 'addSection' || c.kind === 'annex') continue;
    const h = c.content.find((n): n is Heading => n.type === 'heading');
    const line = h?.position?.start.line;
    const { attrs } = h ? headingParts(h) : { attrs: undefined };
    if (line === undefined || attrs?.classes.includes('unnumbered')) continue;
    const number = addedNumber(w, c, attrs?.pairs.number);
    if (/[a-z]$/.test(number)) byLine.set(line, number);
  }
  if (!byLine.size) return doc;
  const renumber = (s: Section): Section => ({ ...s, ...(byLine.has(s.pos.line) && !s.number ? { number: byLine.get(s.pos.line) } : {}), children: s.children.map(renumber) });
  return { ...doc, sections: doc.sections.map(renumber) };
}
