/**
 * Issue 13, the cover's verso: the ITU build of the X.500 mirror has, on the page right after the cover,
 * the X series' list of sub-series and number ranges as the real X.500 (10/2016) has on its page 2 — same
 * lines in the same order, the range holding X.500 in bold, a double rule round the table — and the back
 * page keeps the list of all series, as the real one. Both sides read from the DOCX packages.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { corpus, repo, tmp } from './helpers.js';

const realFile = path.join(corpus, 'itu/T-REC-X.500-201610-I-MSW-E.docx');
const documentXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']);
const texts = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

/** The verso's table: the first table after the line "ITU-T X-SERIES RECOMMENDATIONS". */
function versoTable(doc: string): string {
  const start = doc.indexOf('<w:tbl>', doc.indexOf('ITU-T X-SERIES RECOMMENDATIONS'));
  return doc.slice(start, doc.indexOf('</w:tbl>', start));
}
/** Its rows as "title | range", the bold ones marked "**". */
const rows = (tbl: string) => tbl.split(/<w:tr[ >]/).slice(1).map((r) => {
  const [title, range] = r.split('<w:tc>').slice(1).map(texts);
  return `${/<w:b\/>/.test(r.replace(/<w:pPr>[\s\S]*?<\/w:pPr>/g, '')) ? '**' : ''}${title} | ${range}`;
}).filter((r) => r !== ' | ');

describe.skipIf(!existsSync(realFile))('the ITU cover verso as in the real X.500', () => {
  let ours: string;
  let real: string;
  beforeAll(async () => {
    const result = await build(path.join(repo, 'fixtures/x500/x500.md'), { outDir: tmp(), only: 'itu' });
    ours = documentXml(result.outputs[0].bytes);
    real = documentXml(readFileSync(realFile));
  }, 60_000);

  it('comes in the section right after the cover, before the title block', () => {
    const sections = ours.split('<w:sectPr');
    expect(texts(sections[0])).toContain('ITU-T');
    expect(texts(sections[1])).toMatch(/^ITU-T X-SERIES RECOMMENDATIONSDATA NETWORKS, OPEN SYSTEM COMMUNICATIONS AND SECURITY/);
    expect(texts(sections[1])).toContain('For further details, please refer to the list of ITU-T Recommendations.');
    expect(texts(sections[2])).toMatch(/^[^]*Recommendation ITU-T X\.500/);
  });

  it('lists the sub-series and ranges of the real verso, in order, the one holding X.500 in bold', () => {
    const want = rows(versoTable(real));
    expect(want.length).toBeGreaterThan(40);
    expect(rows(versoTable(ours))).toEqual(want);
    expect(want.filter((r) => r.startsWith('**'))).toEqual(['**DIRECTORY | X.500–X.599']);
  });

  it('draws a double rule round the table and none inside, as the real one', () => {
    for (const tbl of [versoTable(real), versoTable(ours)]) {
      expect(tbl).toMatch(/<w:top w:val="double"/);
      expect(tbl).toMatch(/<w:insideH w:val="none"/);
    }
  });

  it('keeps the list of all series on the back page, as the real one', () => {
    for (const doc of [real, ours]) expect(texts(doc.slice(doc.lastIndexOf('SERIES OF ITU-T RECOMMENDATIONS')))).toContain('Series XData networks, open system communications and security');
  });
});
