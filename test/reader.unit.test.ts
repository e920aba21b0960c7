import { describe, it, expect } from 'vitest';
import { readDocx, readDocxSync, DocxReadError, type ReadParagraph, type ReadTable } from '../src/reader/index.js';
import { makeDocx, p, style, overlappingZipBomb, lyingZip, fakeOle } from './fixtures-check/make-docx.js';
import { zipSync, strToU8 } from 'fflate';

const paras = (blocks: { kind: string }[]) => blocks.filter((b): b is ReadParagraph => b.kind === 'paragraph');
const texts = (blocks: { kind: string }[]) => paras(blocks).map((b) => b.text);
const run = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;

describe('readDocx: text a reader sees', () => {
  it('keeps field results, drops field codes (nested fields too)', async () => {
    const body =
      `<w:p>${run('See ')}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \\h </w:instrText></w:r>` +
      `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run('99')}<w:r><w:fldChar w:fldCharType="end"/></w:r>` +
      `<w:r><w:fldChar w:fldCharType="separate"/></w:r>${run('7.4.1')}<w:r><w:fldChar w:fldCharType="end"/></w:r>${run('.')}</w:p>` +
      `<w:p><w:fldSimple w:instr=" PAGE ">${run('12')}</w:fldSimple></w:p>`;
    const d = await readDocx(makeDocx({ body }));
    expect(texts(d.body)).toEqual(['See 7.4.1.', '12']);
  });

  it('reads tracked changes as accepted and counts them', async () => {
    const body = `<w:p>${run('The value ')}<w:del w:id="1" w:author="A"><w:r><w:delText>shall</w:delText></w:r></w:del><w:ins w:id="2" w:author="A">${run('should')}</w:ins>${run(' be 5.')}</w:p>` +
      `<w:p><w:moveFrom w:id="3">${run('moved away')}</w:moveFrom><w:moveTo w:id="4">${run('moved here')}</w:moveTo></w:p>`;
    const d = await readDocx(makeDocx({ body }));
    expect(texts(d.body)).toEqual(['The value should be 5.', 'moved here']);
    expect(d.trackedChanges).toEqual({ insertions: 2, deletions: 2 });
    expect(d.warnings.join()).toMatch(/tracked changes/);
  });

  it('reads a paragraph its style prints invisibly (white on no shading, hidden, inherited through basedOn) as empty, keeps its text aside and says so', async () => {
    const styles = style('head', 'head', '<w:rPr><w:color w:val="FFFFFF"/><w:sz w:val="8"/></w:rPr>') + style('foot', 'foot', '<w:basedOn w:val="head"/>')
      + style('gone', 'gone', '<w:rPr><w:vanish/></w:rPr>') + style('banner', 'banner', '<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:pPr><w:rPr><w:color w:val="FFFFFF"/></w:rPr>')
      + style('black', 'black', '<w:basedOn w:val="head"/><w:rPr><w:color w:val="000000"/></w:rPr>');
    const body = p('ISO/IEC 14492:2001 (E)', 'head') + p('ITU-T Rec. T.88 (2000 E)', 'foot') + p('hidden words', 'gone') + p('white on blue', 'banner') + p('black again', 'black') + p('plain');
    const d = await readDocx(makeDocx({ body, styles }));
    expect(texts(d.body)).toEqual(['', '', '', 'white on blue', 'black again', 'plain']);
    expect(paras(d.body).map((b) => b.invisible)).toEqual(['ISO/IEC 14492:2001 (E)', 'ITU-T Rec. T.88 (2000 E)', 'hidden words', undefined, undefined, undefined]);
    expect(d.warnings).toEqual(['3 paragraphs printed invisibly (hidden, or white text) were read as empty: "ISO/IEC 14492:2001 (E)" (style "head"), "ITU-T Rec. T.88 (2000 E)" (style "foot"), "hidden words" (style "gone")']);
  });

  it('maps special characters: tab, break, no-break hyphen, soft hyphen, symbols', async () => {
    const body = `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="794"/></w:tabs></w:pPr><w:r><w:t>1</w:t><w:tab/><w:t>ITU</w:t><w:noBreakHyphen/><w:t>T co</w:t><w:softHyphen/><w:t>de</w:t><w:br/><w:t>x </w:t><w:sym w:font="Symbol" w:char="F0B4"/><w:t> y </w:t><w:sym w:font="Symbol" w:char="F0A3"/><w:t> &amp;&lt;&#x3b1;</w:t></w:r></w:p>`;
    const d = await readDocx(makeDocx({ body }));
    expect(texts(d.body)).toEqual(['1\tITU\u2011T co\u00ADde\nx × y ≤ &<α']);
  });

  it('keeps content controls and text boxes in reading order, without the VML fallback duplicate', async () => {
    const box = (t: string) => `<w:txbxContent>${p(t)}</w:txbxContent>`;
    const body =
      `<w:sdt><w:sdtPr><w:alias w:val="Title"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr><w:sdtContent>${p('inside control')}</w:sdtContent></w:sdt>` +
      `<w:p>${run('anchor')}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>${box('box text')}</wps:txbx></w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict><v:textbox>${box('box text')}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>${run(' after')}</w:p>` +
      p('next');
    const d = await readDocx(makeDocx({ body }));
    expect(texts(d.body)).toEqual(['inside control', 'anchor after', 'box text', 'next']);
    expect(d.body.map((b) => b.index)).toEqual([0, 1, 2, 3]);
  });

  it('gives style names, tables with header rows, nested tables flattened into the cell', async () => {
    const cell = (inner: string) => `<w:tc><w:tcPr><w:tcW w:w="100"/></w:tcPr>${inner}</w:tc>`;
    const body =
      `<w:tbl><w:tblPr><w:tblStyle w:val="TG"/></w:tblPr><w:tr><w:trPr><w:tblHeader/></w:trPr>${cell(p('Name', 'TH'))}${cell(p('Value', 'TH'))}</w:tr>` +
      `<w:tr>${cell(p('a') + p('b'))}${cell(`<w:tbl><w:tr>${cell(p('n1'))}${cell(p('n2'))}</w:tr></w:tbl>` + p(''))}</w:tr>` +
      `<w:tr><w:trPr><w:del w:id="9" w:author="x"/></w:trPr>${cell(p('deleted row'))}</w:tr></w:tbl>` +
      p('1\tScope', 'Heading1');
    const d = await readDocx(makeDocx({ body, styles: style('Heading1', 'heading 1') + style('TH', 'Table_head') + `<w:style w:type="table" w:styleId="TG"><w:name w:val="Table Grid"/></w:style>` }));
    const t = d.body[0] as ReadTable;
    expect(t.kind).toBe('table');
    expect(t.style).toBe('Table Grid');
    expect(t.rows.length).toBe(2);
    expect(t.rows[0].header).toBe(true);
    expect(t.rows[1].header).toBe(false);
    expect(t.rows[0].cells[0].paragraphs[0].style).toBe('Table_head');
    expect(t.rows[1].cells.map((c) => c.text)).toEqual(['a\nb', 'n1\nn2\n']);
    const h = d.body[1] as ReadParagraph;
    expect([h.style, h.styleId, h.text]).toEqual(['heading 1', 'Heading1', '1\tScope']);
    expect(d.styles.Heading1).toBe('heading 1');
  });

  it('rebuilds automatic numbering: multi-level, letters, restart, style-linked, bullets', async () => {
    const lvl = (i: number, fmt: string, text: string, extra = '') =>
      `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;
    const numbering =
      `<w:abstractNum w:abstractNumId="0">${lvl(0, 'decimal', '%1')}${lvl(1, 'decimal', '%1.%2')}${lvl(2, 'decimal', '%1.%2.%3')}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="1">${lvl(0, 'lowerLetter', '%1)')}${lvl(1, 'decimal', '%2)', '<w:suff w:val="space"/>')}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="2">${lvl(0, 'bullet', '\uF0B7')}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="3">${lvl(0, 'upperLetter', 'Annex %1', '<w:suff w:val="nothing"/>')}</w:abstractNum>` +
      `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>` +
      `<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
      `<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num><w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>`;
    const styles = style('Heading1', 'heading 1', '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>') +
      style('Heading2', 'heading 2', '<w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>') +
      style('Heading3', 'heading 3', '<w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr>') +
      style('AnnexNo', 'Annex_No', '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr>');
    const np = (text: string, numId: number, ilvl = 0) => p(text, undefined, `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`);
    const body = [
      p('Scope', 'Heading1'), p('References', 'Heading1'), p('Identical', 'Heading2'), p('Paired', 'Heading2'),
      p('Deep', 'Heading3'), p('Definitions', 'Heading1'), p('Imported', 'Heading2'),
      np('first', 2), np('second', 2), np('sub', 2, 1), np('third', 2), np('again', 3), np('dot', 4),
      p('Applying', 'AnnexNo'), p('Changes', 'AnnexNo'),
      p('Not numbered', 'Heading1', '<w:numPr><w:numId w:val="0"/></w:numPr>'),
    ].join('');
    const d = await readDocx(makeDocx({ body, styles, numbering }));
    expect(texts(d.body)).toEqual([
      '1\tScope', '2\tReferences', '2.1\tIdentical', '2.2\tPaired', '2.2.1\tDeep', '3\tDefinitions', '3.1\tImported',
      'a)\tfirst', 'b)\tsecond', '1) sub', 'c)\tthird', 'a)\tagain', '•\tdot', 'Annex AApplying', 'Annex BChanges', 'Not numbered',
    ]);
    expect(paras(d.body)[4].numberText).toBe('2.2.1');
    expect(paras(d.body)[15].numberText).toBeUndefined();
  });

  it('reads headers and footers per section, inheriting as Word does, and footnotes and comments', async () => {
    const sect = (refs: string) => `<w:sectPr>${refs}</w:sectPr>`;
    const body =
      `<w:p><w:pPr>${sect('<w:headerReference w:type="default" r:id="rH1"/><w:footerReference w:type="default" r:id="rF1"/>')}</w:pPr>${run('front')}</w:p>` +
      `<w:p>${run('body')}<w:r><w:footnoteReference w:id="2"/></w:r><w:bookmarkStart w:id="0" w:name="_Ref1"/><w:bookmarkStart w:id="1" w:name="_GoBack"/><w:commentRangeStart w:id="5"/></w:p>` +
      `<w:p><w:r><w:br w:type="page"/></w:r>${run('new page')}</w:p>` +
      sect('<w:headerReference w:type="default" r:id="rH2"/><w:headerReference w:type="even" r:id="rH3"/>');
    const d = await readDocx(makeDocx({
      body,
      headers: { rH1: p(''), rH2: p('ISO/IEC 9594-1:2017 (E)'), rH3: p('ISO/IEC 9594-1:2017 (E)') },
      footers: { rF1: `<w:p>${run('Rec. ITU')}<w:r><w:noBreakHyphen/></w:r>${run('T X.500 (10/2016)\u0009')}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run('iv')}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` },
      footnotes: `<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>${run('\tA footnote.')}</w:p></w:footnote>`,
      comments: `<w:comment w:id="5" w:author="Editor">${p('Check this')}</w:comment>`,
    }));
    expect(d.sections.length).toBe(2);
    expect(d.sections[0].headers.default).toBe('');
    expect(d.sections[0].footers.default).toBe('Rec. ITU\u2011T X.500 (10/2016)\tiv');
    expect(d.sections[1].headers.default).toBe('ISO/IEC 9594-1:2017 (E)');
    expect(d.sections[1].headers.even).toBe('ISO/IEC 9594-1:2017 (E)');
    expect(d.sections[1].footers.default).toBe('Rec. ITU\u2011T X.500 (10/2016)\tiv'); // inherited
    expect(d.footnotes).toEqual({ '2': 'A footnote.' });
    const b = d.body[1] as ReadParagraph;
    // at: where the reference stands in the text, after "body"
    expect(b.footnotes).toEqual([{ id: '2', text: 'A footnote.', at: 4 }]);
    expect(b.bookmarks).toEqual(['_Ref1']);
    expect((d.body[2] as ReadParagraph).pageBreakBefore).toBe(true);
    expect(d.comments).toEqual([{ id: '5', author: 'Editor', text: 'Check this' }]);
  });

  it('has a sync variant giving the same result', async () => {
    const docx = makeDocx({ body: p('Hello') });
    expect(readDocxSync(docx)).toEqual(await readDocx(docx));
  });
});

describe('readDocx: bad input gives a DocxReadError with plain words', () => {
  const fails = async (input: Uint8Array | string, code: string, message: RegExp, opts = {}) => {
    const err = await readDocx(input, opts).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DocxReadError);
    expect((err as DocxReadError).code).toBe(code);
    expect((err as DocxReadError).message).toMatch(message);
    expect((err as DocxReadError).message).not.toMatch(/\n\s+at /);
  };
  it('not a zip', () => fails(strToU8('hello, this is plain text'), 'not-zip', /not a \.docx file/));
  it('empty file', () => fails(new Uint8Array(0), 'not-zip', /empty/));
  it('a PDF', () => fails(strToU8('%PDF-1.7 ...'), 'not-zip', /PDF/));
  it('missing file', () => fails('/nonexistent/x.docx', 'not-found', /file not found/));
  it('legacy .doc', () => fails(fakeOle(['Root Entry', 'WordDocument', '1Table']), 'legacy-doc', /legacy Word \.doc file; open it in Word or LibreOffice and save it as \.docx/));
  it('encrypted .docx (OLE container with EncryptionInfo)', () => fails(fakeOle(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']), 'encrypted', /password-protected/));
  it('zip without word/document.xml', () => fails(zipSync({ 'readme.txt': strToU8('hi') }), 'no-document', /no word\/document\.xml/));
  it('an Excel workbook', () => fails(zipSync({ 'xl/workbook.xml': strToU8('<x/>') }), 'no-document', /Excel/));
  it('truncated file', () => {
    const docx = makeDocx({ body: p('Hello '.repeat(2000)) });
    return fails(docx.subarray(0, Math.floor(docx.length / 2)), 'truncated', /incomplete \(truncated\)/);
  });
  it('zip bomb: overlapping entries declaring > 512 MiB, refused before inflating', async () => {
    const bomb = overlappingZipBomb(40, 16 * 1024 * 1024); // 40 x 16 MiB = 640 MiB declared
    expect(bomb.length).toBeLessThan(100_000);
    const t0 = performance.now();
    await fails(bomb, 'too-large', /zip bomb/);
    expect(performance.now() - t0).toBeLessThan(200); // nothing was inflated
  });
  it('zip bomb: too many entries', () => fails(overlappingZipBomb(10_001, 10), 'too-large', /10001 entries/));
  it('zip bomb: a directory that understates a part size cannot make it inflate more', () =>
    fails(lyingZip(100, 5_000_000), 'too-large', /more than its declared size/));
  it('limits are configurable', () => fails(makeDocx({ body: p('x'.repeat(5000)) }), 'too-large', /unpack/, { maxTotalSize: 1000 }));
});
