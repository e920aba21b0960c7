import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readDocx, type ReadBlock, type ReadParagraph } from '../src/reader/index.js';
import { corpusFound, corpusFile, allCorpusFiles } from './fixtures-check/corpus.js';

/** All paragraphs, including those inside table cells, in document order. */
function allParagraphs(blocks: ReadBlock[]): ReadParagraph[] {
  const out: ReadParagraph[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph') out.push(b);
    else for (const r of b.rows) for (const c of r.cells) out.push(...c.paragraphs);
  }
  return out;
}
const find = (blocks: ReadBlock[], pred: (p: ReadParagraph) => boolean) => allParagraphs(blocks).filter(pred);

describe.skipIf(!corpusFound)('readDocx on the real ITU corpus', () => {
  it('X.500: title block, headings, notes, header/footer, footnote, styles', async () => {
    const d = await readDocx(corpusFile('T-REC-X.500'));
    // front-matter title block (in a table cell) and the body title block
    const recNo = find(d.body, (p) => p.style === 'Rec_No').map((p) => p.text.trim());
    expect(recNo).toEqual(['INTERNATIONAL STANDARD ISO/IEC 9594-1', 'Recommendation ITU-T X.500', 'INTERNATIONAL STANDARD', 'ITU-T RECOMMENDATION']);
    const h = find(d.body, (p) => p.text.startsWith('2.1\tIdentical Recommendations | International Standards'));
    expect(h.map((p) => [p.style, p.text])).toEqual([
      ['toc 2', '2.1\tIdentical Recommendations | International Standards\t\t1'], // TOC entry with its page
      ['heading 2', '2.1\tIdentical Recommendations | International Standards'],
    ]);
    expect(find(d.body, (p) => p.style === 'heading 1').length).toBe(14);
    expect(find(d.body, (p) => p.style === 'Annex_NoTitle').map((p) => p.text)).toEqual([
      'Annex A\n\nApplying the Directory',
      'Annex B\n\nAmendments and corrigenda',
    ]);
    expect(find(d.body, (p) => p.text.startsWith('NOTE 10 – In addition to any other ITU-T X.500 protocols'))[0].style).toBe('Note 1');
    expect(d.sections.map((s) => s.headers.default)).toContain('ISO/IEC 9594-1:2017 (E)');
    // footers spell ITU-T with a non-breaking hyphen (w:noBreakHyphen) and carry PAGE results
    expect(d.sections.map((s) => s.footers.even)).toContain('14\tRec. ITU\u2011T X.500 (10/2016)');
    expect(d.footnotes['1']).toMatch(/^\*\tTo access the Recommendation, type the URL http:\/\/handle\.itu\.int\//);
    expect(find(d.body, (p) => !!p.footnotes).map((p) => p.footnotes)).toEqual([[{ id: '1', text: d.footnotes['1'], at: 9 }]]);
    // the mark stands after "Unique ID" in the History table's heading cell
    expect(find(d.body, (p) => !!p.footnotes).map((p) => p.text.slice(0, p.footnotes![0].at))).toEqual(['Unique ID']);
    expect(d.styles.Heading1).toBe('heading 1');
    expect(d.styles.RecNo).toBe('Rec_No');
    expect(d.trackedChanges).toEqual({ insertions: 0, deletions: 0 });
    // the History table in the front matter
    const history = d.body.find((b) => b.kind === 'table' && b.rows[0].cells[0].text.startsWith('History'));
    expect(history).toBeDefined();
  });

  it('H.222.0: automatic numbering rebuilt, annex titles, section headings', async () => {
    const d = await readDocx(corpusFile('T-REC-H.222.0'));
    const ps = allParagraphs(d.body);
    // typed literally in the file: no numberText
    expect(ps.find((p) => p.text.startsWith('1)\tthe synchronization of multiple compressed streams'))?.numberText).toBeUndefined();
    // Word automatic numbering (w:numPr) rebuilt
    const auto = ps.find((p) => p.text.startsWith('b)\tIf ReferenceFlag is set to \'1\''));
    expect([auto?.style, auto?.numberText]).toEqual(['List Paragraph', 'b)']);
    expect(ps.filter((p) => p.numberText?.match(/^[0-9]\.$/)).map((p) => p.numberText)).toEqual(['1.', '2.', '3.', '4.']);
    expect(ps.filter((p) => p.style === 'Annex_NoTitle' && p.text).map((p) => p.text.split('\n')[0]).join(' ')).toBe(
      'Annex A Annex B Annex C Annex D Annex E Annex F Annex G Annex H Annex I Annex J Annex K Annex L Annex M Annex N Annex O Annex P Annex Q Annex R Annex S Annex T Annex U Annex V',
    );
    expect(ps.find((p) => p.style === 'heading 3' && p.text.startsWith('1.2.1\t'))?.text).toBe('1.2.1\tIdentical Recommendations | International Standards');
    expect(ps.filter((p) => p.style === 'Rec_No').map((p) => p.text)).toEqual([
      'Revised ITU-T H.222.0 | ISO/IEC 13818-1 (7th Ed.)', // prepublication cover
      'INTERNATIONAL STANDARD ISO/IEC 13818-1', // front-matter title block (table cell)
      'Recommendation ITU-T H.222.0',
      'INTERNATIONAL STANDARD', // body title block
      'ITU-T RECOMMENDATION ',
    ]);
    expect(d.sections.some((s) => /^Rec\. ITU\u2011T H\.222\.0\u00A0\(08\/2018\)\s–\sPrepublished version\t\t13$/.test(s.footers.default ?? ''))).toBe(true);
  });

  it('T.832: definitions numbered by Word automatic numbering', async () => {
    const d = await readDocx(corpusFile('T-REC-T.832-201608'));
    const def = allParagraphs(d.body).find((p) => p.text.startsWith('3.7\t'));
    expect(def?.text).toBe('3.7\tbyte:\u00A0\u00A0A sequence of 8 bits.');
    expect(def?.numberText).toBe('3.7');
  });

  it('T.88: text-box content is read (figures drawn with text boxes)', async () => {
    const d = await readDocx(corpusFile('T-REC-T.88'));
    const ps = allParagraphs(d.body);
    expect(ps.some((p) => p.text.includes('Page and'))).toBe(true);
    expect(ps.find((p) => p.text.includes('The 10-pixel templates are those used in ITU-T Rec. T.82'))?.style).toBe('Note 1');
    expect(d.comments.length).toBeGreaterThan(0);
  });

  it('reads every corpus file without warnings but T.88\'s invisible paragraphs, fast', async () => {
    for (const f of allCorpusFiles()) {
      const buf = readFileSync(f);
      const t0 = performance.now();
      const d = await readDocx(buf);
      const ms = performance.now() - t0;
      expect(d.body.length, path.basename(f)).toBeGreaterThan(5);
      // T.88 (08/2018) carries its old running headers and figure codes in white paragraphs ("head", "foot", "Fig_#")
      const expected = /T\.88/.test(f) ? [expect.stringMatching(/^\d+ paragraphs printed invisibly \(hidden, or white text\) were read as empty: "ISO\/IEC 14492:2001 \(E\)" \(style "head"\)/)] : [];
      expect(d.warnings, path.basename(f)).toEqual(expected);
      // not a benchmark: a generous bound that only catches pathological slowness
      expect(ms, path.basename(f)).toBeLessThan(5000);
    }
  });
});
