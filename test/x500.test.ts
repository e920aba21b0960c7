/**
 * The ITU front matter of fixtures/x500 (a source mirroring Rec. ITU-T X.500 (10/2016)) matches the
 * real ITU file paragraph for paragraph: title block, Summary, History, Keywords, FOREWORD, NOTE, IPR,
 * copyright. The expected text is extracted from the real file by fixtures/x500/extract-front-matter.mjs.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from '../src/index.js';
import { readDocx } from '../src/reader/index.js';
import { corpus, normalise, repo, tmp } from './helpers.js';

const real = path.join(corpus, 'itu/T-REC-X.500-201610-I-MSW-E.docx');
const haveReal = existsSync(real);
if (!haveReal) console.log(`corpus not found at ${corpus}: skipping the X.500 front-matter comparison`);

/** Our ITU rendering's front matter, from the first title block to the © ITU block, one paragraph (or table row) a line. */
async function ourFrontMatter(): Promise<string[]> {
  const result = await build(path.join(repo, 'fixtures/x500/x500.md'), { outDir: tmp(), only: 'itu' });
  expect(result.ok).toBe(true);
  const doc = await readDocx(result.outputs[0].path!);
  const lines: string[] = [];
  for (const b of doc.body) {
    if (b.kind === 'table') lines.push(...b.rows.map((r) => r.cells.map((c) => c.text).join(' | ')));
    else if (b.text.trim()) lines.push(b.text);
  }
  const start = lines.indexOf('INTERNATIONAL STANDARD ISO/IEC 9594-1');
  const end = lines.findIndex((l) => l.startsWith('All rights reserved.'));
  return lines.slice(start, end + 1)
    // ITU puts the Unique ID explanation in a footnote with the mark "*": it is not a body paragraph there
    .filter((l) => !l.startsWith('* To access the Recommendation'));
}

describe.skipIf(!haveReal)('X.500 (10/2016) front matter against the real ITU file', () => {
  it('matches paragraph for paragraph after normalising spaces and hyphens', async () => {
    const expected = readFileSync(path.join(repo, 'fixtures/x500/expected-itu-front-matter.txt'), 'utf8').split('\n').filter(Boolean);
    const ours = await ourFrontMatter();
    expect(ours.map(normalise)).toEqual(expected.map(normalise));
  });

  it('the expected text really comes from the real file', async () => {
    const doc = await readDocx(real);
    const text = doc.body.map((b) => (b.kind === 'paragraph' ? b.text : b.rows.map((r) => r.cells.map((c) => c.text).join(' | ')).join('\n'))).join('\n');
    const expected = readFileSync(path.join(repo, 'fixtures/x500/expected-itu-front-matter.txt'), 'utf8').split('\n').filter(Boolean);
    const whole = normalise(text);
    // every plain paragraph (table rows and the Symbol-font © line aside) is in the real file as it is
    const plainLines = expected.filter((l) => !l.includes(' | ') && !l.startsWith('©'));
    expect(plainLines.length).toBeGreaterThan(15);
    for (const line of plainLines) expect(whole.includes(normalise(line)), line).toBe(true);
  });
});
