/**
 * Issue 13, the ITU History table: the ITU build of the X.500 mirror against the real X.500 (10/2016) —
 * no rules, the real column widths, the header row in the rows' own style, the centred columns, and the
 * "Unique ID*" note as a footnote with the mark "*" of its own. Both sides are read from the DOCX packages.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { readDocx } from '../src/reader/index.js';
import { corpus, repo, tmp } from './helpers.js';

const realFile = path.join(corpus, 'itu/T-REC-X.500-201610-I-MSW-E.docx');

type Parts = Record<string, string>;
const parts = (bytes: Uint8Array): Parts => Object.fromEntries(Object.entries(unzipSync(bytes)).filter(([n]) => n.endsWith('.xml')).map(([n, b]) => [n, strFromU8(b)]));

/** The first table after the "History" heading. */
function historyTable(p: Parts): string {
  const doc = p['word/document.xml'];
  const start = doc.indexOf('<w:tbl>', doc.indexOf('>History<'));
  return doc.slice(start, doc.indexOf('</w:tbl>', start));
}
const gridWidths = (tbl: string) => [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
const rows = (tbl: string) => tbl.split(/<w:tr[ >]/).slice(1);
const cells = (row: string) => row.split('<w:tc>').slice(1);
const styleOf = (cell: string) => /<w:pStyle w:val="([^"]+)"/.exec(cell)?.[1];
const centred = (cell: string) => /<w:jc w:val="center"\/>/.test(cell);
const footnoteText = (p: Parts, id: string) => {
  const xml = p['word/footnotes.xml'];
  const at = xml.indexOf(`<w:footnote w:id="${id}">`);
  return [...xml.slice(at, xml.indexOf('</w:footnote>', at)).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => m[1] ?? '\t').join('');
};

describe.skipIf(!existsSync(realFile))('the ITU History table as in the real X.500', () => {
  let ours: Parts;
  let real: Parts;
  let oursBytes: Uint8Array;
  beforeAll(async () => {
    const result = await build(path.join(repo, 'fixtures/x500/x500.md'), { outDir: tmp(), only: 'itu' });
    oursBytes = result.outputs[0].bytes;
    ours = parts(oursBytes);
    real = parts(readFileSync(realFile));
  }, 60_000);

  it('has no rules (no table borders), as the real one', () => {
    expect(historyTable(real)).not.toContain('<w:tblBorders>');
    expect(historyTable(ours)).not.toContain('<w:tblBorders>');
  });

  it('has the real column widths (within 2 twips), unequal', () => {
    const want = gridWidths(historyTable(real));
    const got = gridWidths(historyTable(ours));
    expect(want.length).toBe(5);
    expect(got.length).toBe(want.length);
    got.forEach((w, i) => expect(Math.abs(w - want[i])).toBeLessThanOrEqual(2));
    expect(new Set(got).size).toBe(5);
  });

  it('sets the header row in the style of the other rows (9 pt, not bold) and centres the columns the real one centres', () => {
    const realRows = rows(historyTable(real));
    const ourRows = rows(historyTable(ours));
    const ourTextStyle = styleOf(cells(ourRows[1])[0]);
    for (const cell of cells(ourRows[0])) expect(styleOf(cell)).toBe(ourTextStyle);
    for (const r of [0, 1]) {
      expect(cells(ourRows[r]).map(centred).slice(0, 4)).toEqual(cells(realRows[r]).map(centred).slice(0, 4));
    }
    const size = new RegExp(`<w:style [^>]*w:styleId="${ourTextStyle}"[\\s\\S]*?<w:sz w:val="(\\d+)"`).exec(ours['word/styles.xml'])?.[1];
    expect(size).toBe('18');
  });

  it('puts the "Unique ID" note into a footnote with the mark "*" of its own, worded as the real one', () => {
    const mark = /<w:footnoteReference w:customMarkFollows="1" w:id="(\d+)"\/><w:t[^>]*>\*<\/w:t>/;
    const realId = mark.exec(historyTable(real))?.[1];
    const ourId = mark.exec(historyTable(ours))?.[1];
    expect(realId).toBeDefined();
    expect(ourId).toBeDefined();
    expect(footnoteText(ours, ourId!)).toBe(footnoteText(real, realId!));
    // the note is no paragraph of its own below the table any more
    const after = ours['word/document.xml'].slice(ours['word/document.xml'].indexOf('</w:tbl>', ours['word/document.xml'].indexOf('>History<')));
    expect(after.slice(0, 600)).not.toContain('To access the Recommendation');
  });

  it('reads back with the footnote attached to the "Unique ID" cell', async () => {
    const doc = await readDocx(oursBytes);
    const head = doc.body.flatMap((t) => (t.kind === 'table' ? t.rows[0].cells.flatMap((c) => c.paragraphs) : [])).find((p) => p.text.startsWith('Unique ID'));
    expect(head?.footnotes?.[0]?.text).toMatch(/^\*?\s*To access the Recommendation/);
  });
});
