/**
 * The text a corrigendum's round trip gives back (the convention for inserted sections, README
 * "Inserted and deleted sections"): the edited source's body, with each section inserted between
 * published ones printed with the number the supplement gives it ("5.1a") and the published numbers
 * after it unchanged, and the published numbers after a deleted one kept (published.ts).
 * test/supplement-inserted.test.ts checks those numbers as literals.
 */
import { prepare } from '../src/index.js';
import { changeSet, loadVersion } from '../src/supplement/index.js';
import { withPublishedNumbers } from '../src/supplement/published.js';
import { Wording } from '../src/supplement/wording.js';
import { renderText } from '../src/render/text.js';

/** The body of the edited source `newFile` as the corrected text prints it, against the published `oldFile` (or git revision `rev` of it). */
export function correctedBody(oldFile: string, newFile: string, side: 'itu' | 'iso', rev?: string): string {
  const base = loadVersion(oldFile, rev);
  const head = loadVersion(newFile);
  const pub = prepare(withPublishedNumbers(base, head, changeSet(base, head), new Wording()), side);
  return renderText({ ...pub, sections: pub.sections.filter((s) => s.name === 'body') });
}
