/**
 * Builds the bundled example and reads both DOCX files back (XML → text model), asserting on what a
 * user gets: fixed texts verbatim, headers and footers, numbering, references, citations, styles, and
 * a body identical in both publications.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildAndRead, haveReference, paragraphs, referenceBlocks, texts, type Built } from './helpers.js';

let ex: Built;
beforeAll(async () => {
  ex = await buildAndRead('fixtures/example/example.md');
});

const find = (b: Built['itu'], re: RegExp) => paragraphs(b).find((p) => re.test(p.text) && !p.style.startsWith('toc'));
const findAll = (b: Built['itu'], re: RegExp) => paragraphs(b).filter((p) => re.test(p.text));

/** The shared body: from the Introduction heading to the end, without empty paragraphs and declared one-side text. */
function sharedBody(b: Built, which: 'itu' | 'iso'): string[] {
  const doc = b[which];
  const all = texts(doc);
  const start = all.findIndex((t) => t === 'Introduction');
  // the ITU back page (list of series) is publication-specific
  const back = all.indexOf('SERIES OF ITU-T RECOMMENDATIONS');
  const declared = new Set(b.result.declared.flatMap((d) => d.texts));
  return all.slice(start, back < 0 ? undefined : back).filter((t) => !declared.has(t));
}

describe('build of the bundled example', () => {
  it('writes two DOCX files named from the identifiers, and an alignment manifest', () => {
    const names = ex.result.outputs.map((o) => o.fileName);
    expect(names).toEqual(['T-REC-X.1999-202403-I-E.docx', 'ISO_IEC_29999-1_2024(E).docx']);
    const manifest = JSON.parse(readFileSync(ex.result.manifestPath!, 'utf8'));
    expect(manifest.schemaVersion).toBe(1);
    expect(manifest.declared.length).toBeGreaterThan(0);
    expect(manifest.declared.map((d: { reason: string }) => d.reason)).toContain('Patent list applicable to ISO/IEC only');
  });

  it.skipIf(!haveReference)('ITU FOREWORD, NOTE and IPR texts are the verified wording, verbatim', () => {
    const all = texts(ex.itu);
    const [foreword] = referenceBlocks('2.1');
    const [note] = referenceBlocks('2.2');
    // the example's front matter says ipr: received; the reference documents "had received" as the only change
    const ipr = referenceBlocks('2.3')[0].map((l) => l.replace('had not received', 'had received'));
    for (const block of [foreword, note, ipr]) {
      const at = all.indexOf(block[0]);
      expect(at, `${block[0]} present`).toBeGreaterThan(-1);
      expect(all.slice(at, at + block.length)).toEqual(block);
    }
    expect(texts(ex.iso)).not.toContain('INTELLECTUAL PROPERTY RIGHTS');
  });

  it.skipIf(!haveReference)('ISO Foreword: the fixed JTC 1 text verbatim, then the cooperation sentence', () => {
    const all = texts(ex.iso);
    // patents: received in the example: "had received" is the only variable part (reference §3.1)
    const fixed = referenceBlocks('3.1')[0].map((l) => l.replace('had not received', 'had received'));
    // the reference's block ends with the SC 42 committee sentence and the feedback paragraph: the fixed part is before them
    const fixedPart = fixed.slice(0, fixed.findIndex((l) => l.startsWith('This document was prepared')));
    const at = all.indexOf(fixedPart[0]);
    expect(at).toBeGreaterThan(-1);
    expect(all.slice(at, at + fixedPart.length)).toEqual(fixedPart);
    expect(all[at + fixedPart.length]).toBe(
      'This document was prepared by Joint Technical Committee ISO/IEC JTC 1, Information technology, Subcommittee SC 27, Information security, cybersecurity and privacy protection, in collaboration with ITU-T. The identical text is published as Rec. ITU-T X.1999 (03/2024).',
    );
    expect(all).toContain('This second edition cancels and replaces the first edition (ISO/IEC 29999-1:2018), which has been technically revised.');
    expect(all).toContain(fixed[fixed.length - 1]); // feedback paragraph
    expect(all).toContain('A list of all parts in the ISO/IEC 29999 series can be found on the ISO and IEC websites.');
    expect(texts(ex.itu).some((t) => t.startsWith('ISO (the International Organization'))).toBe(false);
  });

  it('headers and footers of each section', () => {
    // cover, its verso (the X series' sub-series list), front matter, body, back page
    const [, , itFront, itBody, itBack] = ex.itu.sections;
    expect(ex.itu.sections).toHaveLength(5);
    expect([itBack.headers.default ?? '', itBack.footers.default ?? '']).toEqual(['', '']);
    // the back page: the series of ITU-T Recommendations and where it was printed
    expect(texts(ex.itu).slice(-3)).toEqual([
      'Series Y\tGlobal information infrastructure, Internet protocol aspects and next-generation networks, Internet of Things and smart cities',
      'Series Z\tLanguages and general software aspects for telecommunication systems',
      'Printed in Switzerland\nGeneva, 2024',
    ]);
    expect(texts(ex.itu)).toContain('Series X\tData networks, open system communications and security');
    // odd and even pages differ, as in the real Recommendations: the page number (a field) at the outer edge
    expect(itFront.footers.default).toMatch(/^\t\tRec\. ITU-T X\.1999 \(03\/2024\)\t$/);
    expect(itBody.headers.default).toBe('ISO/IEC 29999-1:2024 (E)');
    expect(itBody.headers.even).toBe('ISO/IEC 29999-1:2024 (E)');
    expect(itBody.footers.default).toMatch(/^\t\tRec\. ITU-T X\.1999 \(03\/2024\)\t$/);
    expect(itBody.footers.even).toMatch(/^\tRec\. ITU-T X\.1999 \(03\/2024\)$/);
    const [isCover, isFront, isBody] = ex.iso.sections;
    expect(isCover.headers.default ?? '').toBe('');
    expect(isFront.footers.default).toMatch(/^© ISO\/IEC 2024 – All rights reserved/);
    expect(isBody.headers.default).toBe('ISO/IEC 29999-1:2024(E)');
    expect(isBody.footers.default).toMatch(/^© ISO\/IEC 2024 – All rights reserved/);
  });

  it('title block: ISO line, then ITU line, then the title, in both', () => {
    for (const doc of [ex.itu, ex.iso]) {
      const all = texts(doc);
      const at = all.lastIndexOf('INTERNATIONAL STANDARD ISO/IEC 29999-1');
      expect(all.slice(at, at + 4)).toEqual([
        'INTERNATIONAL STANDARD ISO/IEC 29999-1',
        'RECOMMENDATION ITU-T X.1999',
        'Information technology – Security techniques – Entity attestation: Framework and protocol',
        '1\tScope',
      ]);
    }
  });

  it('numbers clauses, annexes, tables, figures, notes and terms', () => {
    for (const doc of [ex.itu, ex.iso]) {
      const all = texts(doc);
      expect(all).toContain('5.3.2.2\tTimestamp-based freshness');
      expect(all.some((t) => t.startsWith('Table 1 – '))).toBe(true);
      expect(all.some((t) => t.startsWith('Table 2 – '))).toBe(true);
      expect(all.some((t) => t.startsWith('Table A.1 – '))).toBe(true);
      expect(all.some((t) => t.startsWith('Figure 1 – '))).toBe(true);
      expect(all.some((t) => t.startsWith('Figure B.1 – '))).toBe(true);
      expect(all.some((t) => t.startsWith('Annex A\n\n'))).toBe(true);
      expect(all.some((t) => /^3\.2\.1\t\S/.test(t))).toBe(true);
      expect(all.some((t) => /^3\.2\.7\t\S/.test(t))).toBe(true);
      expect(all.some((t) => t.startsWith('NOTE 1 – '))).toBe(true);
      expect(all.some((t) => t.startsWith('NOTE 2 – '))).toBe(true);
      expect(all.some((t) => t.startsWith('EXAMPLE 2 – '))).toBe(true);
      expect(all).toContain('(This annex forms an integral part of this Recommendation | International Standard.)');
      expect(all).toContain('(This annex does not form an integral part of this Recommendation | International Standard.)');
    }
    // the ISO-only patents annex takes the next letter in the ISO rendering only
    expect(texts(ex.iso).some((t) => t.startsWith('Annex C\n\n'))).toBe(true);
    expect(texts(ex.itu).some((t) => t.startsWith('Annex C\n\n'))).toBe(false);
    expect(texts(ex.iso).some((t) => t.startsWith('Table C.1 – '))).toBe(true);
  });

  it('normative references: lead-in, then only the non-empty Identical / Paired / Additional subclauses', () => {
    const all = texts(ex.itu);
    const at = all.indexOf('2\tNormative references');
    expect(all[at + 1]).toMatch(/^The following Recommendations and International Standards contain provisions which, through reference in this text, constitute provisions of this Recommendation \| International Standard\./);
    expect(all[at + 2]).toBe('2.1\tIdentical Recommendations | International Standards');
    expect(all[at + 3]).toMatch(/^–\tRecommendation ITU-T X\.509 \(2019\) \| ISO\/IEC 9594-8:2020, /);
    const paired = all.indexOf('2.2\tPaired Recommendations | International Standards equivalent in technical content');
    expect(paired).toBeGreaterThan(at);
    expect(all[paired + 1]).toMatch(/^–\tRecommendation ITU-T X\.1252 \(2021\), .*\.\n\tISO\/IEC 24760-1:2019, .*\.$/s);
    const additional = all.indexOf('2.3\tAdditional references');
    expect(all.slice(additional + 1, additional + 5).map((t) => t.split(',')[0])).toEqual([
      '–\tRecommendation ITU-T X.1254 (2020)', '–\tISO/IEC 27001:2022', '–\tIETF RFC 5280 (2008)', '–\tIETF RFC 9334 (2023)',
    ]);
    expect(all.some((t) => t.startsWith('[b-'))).toBe(true); // Bibliography generated from the non-normative references
  });

  it(':this, :ref, cross-references and literal colons', () => {
    const body = texts(ex.itu).join('\n');
    expect(body).toContain('This Recommendation | International Standard specifies');
    expect(body).toContain('Rec. ITU-T X.680 (2021) | ISO/IEC 8824-1:2021');
    expect(body).toContain('Rec. ITU-T X.509 | ISO/IEC 9594-8');
    for (const label of ['Annex A', 'clause 5.3.2', 'clause 6.5', 'A.2', 'Table A.1', 'Figure B.1', 'the ASN.1 module']) expect(body).toContain(label);
    for (const literal of ['ISO/IEC 8824-1:2021', '10:30', 'urn:oid:2.1', '10:30:02']) expect(body).toContain(literal);
  });

  it('the body text of the two files is identical paragraph by paragraph, apart from declared differences', () => {
    const itu = sharedBody(ex, 'itu');
    const iso = sharedBody(ex, 'iso');
    expect(itu.length).toBeGreaterThan(150);
    expect(iso).toEqual(itu);
  });

  it('uses the official style names of each template', () => {
    const styleOf = (doc: Built['itu'], re: RegExp) => find(doc, re)?.style;
    expect(styleOf(ex.itu, /^1\tScope$/)).toBe('heading 1');
    expect(styleOf(ex.iso, /^1\tScope$/)).toBe('Heading 1');
    expect(styleOf(ex.itu, /^5\.1\t/)).toBe('heading 2');
    expect(styleOf(ex.itu, /^Table 1 – /)).toBe('Table_NoTitle');
    expect(styleOf(ex.iso, /^Table 1 – /)).toBe('Table title');
    expect(styleOf(ex.itu, /^Figure 1 – /)).toBe('Figure_NoTitle');
    expect(styleOf(ex.iso, /^Figure 1 – /)).toBe('Figure title');
    expect(styleOf(ex.itu, /^Annex A\n/)).toBe('Annex_NoTitle');
    expect(styleOf(ex.iso, /^Annex A\n/)).toBe('ANNEX');
    expect(styleOf(ex.itu, /^A\.1\t/)).toBe('heading 2');
    expect(styleOf(ex.iso, /^A\.1\t/)).toBe('a2');
    expect(styleOf(ex.itu, /^NOTE 1 – /)).toBe('Note 1');
    expect(styleOf(ex.iso, /^NOTE 1 – /)).toBe('Note');
    expect(styleOf(ex.iso, /^EXAMPLE 1 – /)).toBe('Example');
    expect(styleOf(ex.itu, /^–\t/)).toBe('enumlev1');
    expect(styleOf(ex.itu, /^INTERNATIONAL STANDARD ISO\/IEC/)).toBe('Rec_No');
    expect(styleOf(ex.iso, /^Foreword$/)).toBe('Foreword Title');
    expect(styleOf(ex.iso, /^Bibliography$/)).toBe('Biblio Title');
    expect(styleOf(ex.iso, /^\[b-/)).toBe('Biblio Entry');
    expect(styleOf(ex.iso, /^COPYRIGHT PROTECTED DOCUMENT$/)).toBe('zzCopyright');
    expect(styleOf(ex.iso, /^INTERNATIONAL STANDARD\t/)).toBe('zzCover');
    const head = paragraphs(ex.itu).find((p) => p.style === 'Table_head');
    expect(head).toBeDefined();
    expect(findAll(ex.itu, /\S/).some((p) => p.style === 'Table_text')).toBe(true);
  });

  it('has a table of contents pre-filled with clause numbers and titles, and tables with a repeating header row', () => {
    const toc = paragraphs(ex.itu).filter((p) => p.style === 'toc 1' || p.style === 'toc 2');
    expect(toc.map((p) => p.text.replace(/\t+$/, ''))).toEqual(expect.arrayContaining(['1\tScope', '5.3\tAttestation evidence', 'Annex A – Formal specification in ASN.1']));
    // ITU CONTENTS starts at clause 1 (as X.500); ISO Contents lists the Foreword and the Introduction first
    expect(toc[0].text.replace(/\t+$/, '')).toBe('1\tScope');
    const isoToc = paragraphs(ex.iso).filter((p) => p.style === 'toc 1').map((p) => p.text.replace(/\t+$/, ''));
    expect(isoToc.slice(0, 3)).toEqual(['Foreword', 'Introduction', '1\tScope']);
    const table = ex.itu.body.find((b) => b.kind === 'table' && b.rows[0].cells[0].text !== 'Edition');
    expect(table && table.kind === 'table' && table.rows[0].header).toBe(true);
  });

  it('keeps the footnotes at their reference points', () => {
    const withNote = paragraphs(ex.itu).filter((p) => p.footnotes?.length);
    expect(withNote.length).toBeGreaterThanOrEqual(2);
  });
});
