/**
 * What must NOT be a finding: publication-specific parts (covers, forewords, IPR, TOC, headers,
 * footers, page breaks), automatic instead of literal numbering, a LibreOffice re-save.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8 } from 'fflate';
import { check, type CheckResult } from '../src/check/index.js';
import { readDocx, type ReadParagraph } from '../src/reader/index.js';
import { corpusFound, corpusFile } from './fixtures-check/corpus.js';
import { loadOriginal, rezip, isSimple, setText, type Original } from './fixtures-check/mutate.js';

const summary = (r: CheckResult) => r.findings.map((f) => `${f.kind} @ ${f.location}`).join('\n');

type Edit = [ReadParagraph, (x: string, p: ReadParagraph) => string];

/**
 * Apply edits to paragraphs in one pass (a 26 MB document.xml cannot be re-copied per edit). Each
 * edit function gets the paragraph's own XML, with the paragraph's offsets rebased to 0.
 */
function editParagraphs(o: Original, edits: Edit[]): string {
  const out: string[] = [];
  let pos = 0;
  for (const [p, f] of [...edits].sort((a, b) => a[0].source!.start - b[0].source!.start)) {
    const { start, end } = p.source!;
    if (start < pos) continue; // nested/overlapping: keep the first edit
    out.push(o.xml.slice(pos, start), f(o.xml.slice(start, end), { ...p, source: { start: 0, end: end - start } }));
    pos = end;
  }
  out.push(o.xml.slice(pos));
  return out.join('');
}

function allParas(o: Original, from: number, to: number): ReadParagraph[] {
  const out: ReadParagraph[] = [];
  for (const b of o.doc.body.slice(from, to)) {
    if (b.kind === 'paragraph') out.push(b);
    else for (const r of b.rows) for (const c of r.cells) out.push(...c.paragraphs);
  }
  return out;
}

/** An "ISO-like" copy: different covers, front matter, TOC pages, headers, footers and page breaks. */
function isoLike(o: Original): Uint8Array {
  const frontEnd = o.seg.introduction[0]?.block ?? o.seg.bodyStart;
  const edits: Edit[] = [];
  for (const p of allParas(o, 0, frontEnd)) {
    if (!p.text.trim() || !isSimple(o, p)) continue;
    if (/^toc/i.test(p.style)) edits.push([p, (x, q) => setText(x, q, q.text.replace(/\d+$/, '99'))]);
    else edits.push([p, (x, q) => setText(x, q, `ISO/IEC ${q.text.replace(/ITU/g, 'ISO')}`)]);
  }
  // page breaks inside the body: pageBreakBefore on some paragraphs, a page-break run in another
  const body = allParas(o, o.seg.bodyStart, o.doc.body.length).filter((p) => p.text.trim() && isSimple(o, p) && p.source);
  for (const p of body.filter((_, i) => i % 97 === 5)) {
    edits.push([p, (x, q) => {
      const s = q.source!;
      const px = x.slice(s.start, s.end);
      const nx = px.includes('<w:pPr>') ? px.replace('<w:pPr>', '<w:pPr><w:pageBreakBefore/>') : px.replace(/^(<w:p[^>]*>)/, '$1<w:pPr><w:pageBreakBefore/></w:pPr>');
      return x.slice(0, s.start) + nx + x.slice(s.end);
    }]);
  }
  const withBreak = body[Math.floor(body.length / 2)];
  edits.push([withBreak, (x, q) => {
    const s = q.source!;
    const px = x.slice(s.start, s.end);
    const at = px.indexOf('<w:r');
    return x.slice(0, s.start + at) + '<w:r><w:br w:type="page"/></w:r>' + x.slice(s.start + at);
  }]);
  const parts: Record<string, string> = { 'word/document.xml': editParagraphs(o, edits) };
  for (const name of Object.keys(o.files)) {
    const m = /^word\/(header|footer)\d+\.xml$/.exec(name);
    if (!m) continue;
    const x = strFromU8(o.files[name]);
    parts[name] = x.replace(/(<w:t(?: [^>]*)?>)([^<]+)(<\/w:t>)/g, (_a, open, t, close) => `${open}${m[1] === 'header' ? 'ISO/IEC 9999:2017 (E) ' : '© ISO/IEC 2017 – All rights reserved '}${t}${close}`);
  }
  return rezip(o, parts);
}

describe.skipIf(!corpusFound)('check: publication-specific parts are masked', () => {
  for (const name of ['T-REC-X.500', 'T-REC-T.88', 'T-REC-H.222.0']) {
    it(`${name}: an ISO-like copy (covers, forewords, IPR, TOC, headers, footers, page breaks changed) is identical`, async () => {
      const o = await loadOriginal(corpusFile(name));
      const iso = isoLike(o);
      const r = await check(o.doc, iso, { labels: ['ITU', 'ISO'] });
      expect(summary(r)).toBe('');
      expect(r.identical).toBe(true);
      // the masked parts really differ, and are summarised side by side
      const front = r.masked.find((m) => m.area === 'front matter')!;
      expect(front.a).not.toBe(front.b);
      const footers = r.masked.find((m) => m.area === 'footers')!;
      expect(footers.b).toMatch(/© ISO\/IEC 2017 – All rights reserved/);
      expect(footers.a).not.toMatch(/© ISO/);
      // sanity: the altered copy really has ISO footers
      const d = await readDocx(iso);
      expect(d.sections.some((s) => /ISO\/IEC 2017 – All rights reserved/.test(Object.values(s.footers).join()))).toBe(true);
    }, 60_000);
  }
});

describe.skipIf(!corpusFound)('check: automatic numbering instead of literal numbers', () => {
  let o: Original;
  beforeAll(async () => {
    o = await loadOriginal(corpusFile('T-REC-X.500'));
  }, 30_000);

  it('X.500 with Word automatic heading numbers is identical to the literal-number original', async () => {
    const annex = o.seg.body.find((c) => c.number.startsWith('Annex'))!.block;
    const styleIds = Object.fromEntries(Object.entries(o.doc.styles).map(([id, n]) => [n, id]));
    const edits: Edit[] = [];
    let converted = 0;
    for (const c of o.seg.body) {
      if (c.block >= annex || !/^\d+(\.\d+){0,2}$/.test(c.number)) continue;
      const p = o.doc.body[c.block] as ReadParagraph;
      if (!isSimple(o, p)) continue;
      converted++;
      const level = c.number.split('.').length - 1;
      edits.push([p, (x, q) => {
        const s = q.source!;
        const title = q.text.slice(q.text.indexOf('\t') + 1);
        const styleId = styleIds[`heading ${level + 1}`];
        const np = `<w:p><w:pPr><w:pStyle w:val="${styleId}"/><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`;
        return x.slice(0, s.start) + np + x.slice(s.end);
      }]);
    }
    expect(converted).toBeGreaterThan(40);
    const lvl = (i: number, text: string) => `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="${text}"/></w:lvl>`;
    const numbering = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0">${lvl(0, '%1')}${lvl(1, '%1.%2')}${lvl(2, '%1.%2.%3')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
    const rels = strFromU8(o.files['word/_rels/document.xml.rels']).replace('</Relationships>', '<Relationship Id="rIdNum1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>');
    const types = strFromU8(o.files['[Content_Types].xml']).replace('</Types>', '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>');
    const auto = rezip(o, { 'word/document.xml': editParagraphs(o, edits), 'word/numbering.xml': numbering, 'word/_rels/document.xml.rels': rels, '[Content_Types].xml': types });
    // sanity: the numbers now come from numbering.xml, not from the text
    const d = await readDocx(auto);
    const h = d.body.find((b) => b.kind === 'paragraph' && b.text === '12.4.2\tViews of replication' ) as ReadParagraph | undefined;
    const h2 = d.body.find((b) => b.kind === 'paragraph' && b.numberText === '12.4') as ReadParagraph | undefined;
    expect(h ?? h2).toBeDefined();
    expect(d.body.filter((b) => b.kind === 'paragraph' && b.numberText).length).toBe(converted);
    const r = await check(o.doc, auto);
    expect(summary(r)).toBe('');
  }, 60_000);
});

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p));
if (!soffice) console.log('soffice (LibreOffice) not found: skipping the LibreOffice re-save test');

describe.skipIf(!corpusFound || !soffice)('check: a copy re-saved by LibreOffice', () => {
  it('X.500 re-saved by LibreOffice (soffice --convert-to docx) is identical to the Word original', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ct-lo-'));
    try {
      const src = path.join(dir, 'x500.docx');
      writeFileSync(src, readFileSync(corpusFile('T-REC-X.500')));
      execFileSync(soffice!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', path.join(dir, 'out'), src], { stdio: 'ignore', timeout: 120_000 });
      const resaved = path.join(dir, 'out', 'x500.docx');
      expect(existsSync(resaved)).toBe(true);
      expect(readFileSync(resaved).equals(readFileSync(src))).toBe(false);
      const r = await check(src, resaved, { labels: ['Word', 'LibreOffice'] });
      expect(summary(r)).toBe('');
      expect(r.identical).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
