/**
 * The identity block on real publications (the ITU corpus, edited in Word by TSB): the number and
 * date the footers print ("Rec. ITU‑T X.500 (10/2016)", with a non-breaking hyphen), the ISO/IEC
 * designation of the running header, the title of the title block; never a Recommendation the
 * Summary or Foreword merely cites, never a cover's whole text as a title. Expected numbers and dates
 * are read from the corpus file names (T-REC-X.500-201610-…).
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check/index.js';
import { corpus, haveCorpus, tmp } from './helpers.js';

/** 'T-REC-X.500-201610-I-MSW-E.docx' → ITU-T X.500, 10/2016. */
function fromName(file: string) {
  const m = /^T-REC-([A-Z]\.[\d.]+)-(\d{4})(\d{2})-/.exec(file)!;
  return { itu: `ITU-T ${m[1]}`, ituDate: `${m[3]}/${m[2]}` };
}

describe.skipIf(!haveCorpus)('identity of TSB-edited publications', () => {
  const cases: [string, { iso?: string; isoYear?: string; title?: RegExp }][] = [
    ['T-REC-X.500-201610-I-MSW-E.docx', { iso: 'ISO/IEC 9594-1', isoYear: '2017', title: /^Information technology – Open Systems Interconnection –\s?The Directory: Overview of concepts, models and services$/ }],
    ['T-REC-H.222.0-201808-P-MSW-E.docx', { iso: 'ISO/IEC 13818-1', title: /^Information technology – Generic coding of moving pictures and associated audio information: Systems$/ }],
    ['T-REC-T.88-201808-P-MSW-E.docx', { iso: 'ISO/IEC 14492', isoYear: '2018' }],
  ];
  for (const [file, want] of cases) {
    it(file, async () => {
      const copy = path.join(tmp('ct-report-id-'), 'copy.docx');
      copyFileSync(path.join(corpus, 'itu', file), copy);
      const r = await check(path.join(corpus, 'itu', file), copy);
      expect(r.document).toMatchObject({ ...fromName(file), ...(want.iso ? { iso: want.iso } : {}), ...(want.isoYear ? { isoYear: want.isoYear } : {}) });
      if (want.title) expect(r.document.title).toMatch(want.title);
    }, 60_000);
  }

  it('a corrigendum: its number, and the title line, not the cover read as one paragraph', async () => {
    const file = 'T-REC-O.174-201202-I-Cor2-MSW-E.docx';
    const copy = path.join(tmp('ct-report-id-'), 'copy.docx');
    copyFileSync(path.join(corpus, 'itu', file), copy);
    const r = await check(path.join(corpus, 'itu', file), copy);
    expect(r.document.itu).toBe('ITU-T O.174');
    expect(r.document.title).toBe('Jitter and wander measuring equipment for digital systems which are based on synchronous Ethernet technology');
  }, 60_000);
});
