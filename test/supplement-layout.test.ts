/**
 * A corrigendum built for both organizations: ITU covers, footers and identifiers
 * ("Rec. ITU-T X.nnn (YYYY)/Cor.1 (MM/YYYY)"), ISO covers and identifiers ("ISO/IEC nnnn:YYYY/Cor 1:YYYY"),
 * "Technical Corrigendum 1" in the common body; the two check as technically identical and open in LibreOffice.
 * As the real ones (O.174 Cor.2, P.340 Amd.1, ISO 17301-1:2016/Amd.1:2017): the ITU Summary (--summary) and
 * the supplement's own History row, the instruction headings and sentences in their own styles, apart
 * from the replacement content; an amendment's --title on the covers and title blocks, its ITU contents.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { cpSync, existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { main } from '../src/cli/main.js';
import { readDocx, type ReadDocument } from '../src/reader/index.js';
import { segment } from '../src/check/segment.js';
import { corpus, paragraphs, repo, shared, texts, tmp } from './helpers.js';

/** The styles of the paragraphs with this text, in order, contents entries left out. */
function stylesOf(doc: ReadDocument, text: string): string[] {
  return paragraphs(doc).filter((p) => p.text === text && !/^toc \d/.test(p.style)).map((p) => p.style);
}

/** The style of the one paragraph with this text (contents entries left out). */
function styleOf(doc: ReadDocument, text: string): string {
  const found = stylesOf(doc, text);
  expect(found, `one paragraph "${text}"`).toHaveLength(1);
  return found[0];
}

/** The rows of the ITU History table (the table after the "History" heading), cell texts. */
function historyRows(doc: ReadDocument): string[][] {
  const at = doc.body.findIndex((b) => b.kind === 'paragraph' && b.text === 'History');
  const table = doc.body.slice(at).find((b) => b.kind === 'table');
  if (!table || table.kind !== 'table') return [];
  return table.rows.map((r) => r.cells.map((c) => c.paragraphs.map((p) => p.text).join('\n').trim()));
}

function validates(files: string[]): string {
  try {
    return execFileSync('/usr/bin/python3', [path.join(shared, 'ooxml/validate.py'), ...files], { encoding: 'utf8' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
  }
}

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

let outDir = '';
let itu: ReadDocument;
let iso: ReadDocument;
const ituName = 'T-REC-X.1999-202506-I-Cor1-E.docx';
const isoName = 'ISO_IEC_29999-1_2024_Cor1_2025(E).docx';

beforeAll(async () => {
  const dir = tmp();
  cpSync(path.join(repo, 'fixtures/example'), path.join(dir, 'old'), { recursive: true });
  cpSync(path.join(repo, 'fixtures/example'), path.join(dir, 'new'), { recursive: true });
  const file = path.join(dir, 'new/example.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace('specifies a framework for entity attestation', 'specifies a framework for remote entity attestation'));
  outDir = path.join(dir, 'out');
  writeFileSync(path.join(dir, 'summary.md'), 'Technical Corrigendum 1 to Recommendation ITU-T X.1999 (2024) | ISO/IEC 29999-1:2024 corrects the scope.\n');
  const r = await run(['corrigendum', '--base', path.join(dir, 'old/example.md'), file, '--number', '1', '--approved', '2025-06-20', '--summary', path.join(dir, 'summary.md'), '--out', outDir]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(readdirSync(outDir).sort()).toEqual([isoName, ituName, 'example-cor1.md', 'ISO_IEC_29999-1_2024(E).revision.docx', 'T-REC-X.1999-202403-I-E.revision.docx'].sort());
  [itu, iso] = await Promise.all([readDocx(path.join(outDir, ituName)), readDocx(path.join(outDir, isoName))]);
});

describe('a technical corrigendum for both organizations', () => {
  it('ITU: cover, title block, footer and copyright of Corrigendum 1', () => {
    const all = texts(itu);
    expect(all.slice(0, 12)).toEqual(expect.arrayContaining(['ITU-T', 'X.1999', 'Corrigendum 1', '(06/2025)', 'Recommendation ITU-T X.1999 (2024) – Corrigendum 1']));
    expect(all).toContain('© ITU 2025');
    expect(itu.sections[1].footers.default?.trim()).toMatch(/^Rec\. ITU-T X\.1999 \(2024\)\/Cor\.1 \(06\/2025\)/);
    expect(itu.sections[2].footers.default?.trim()).toMatch(/^Rec\. ITU-T X\.1999 \(2024\)\/Cor\.1 \(06\/2025\)/);
    expect(itu.sections[2].headers.default).toBe('ISO/IEC 29999-1:2024/Cor 1:2025 (E)');
    expect(all).not.toContain('CONTENTS');
  });

  it('ISO: cover, header, footer and the Foreword cooperation sentence of the corrigendum', () => {
    const all = texts(iso);
    expect(all.slice(0, 8)).toEqual(expect.arrayContaining(['INTERNATIONAL STANDARD', 'ISO/IEC 29999-1:2024', 'TECHNICAL CORRIGENDUM 1']));
    expect(all).toContain('Reference number\nISO/IEC 29999-1:2024/Cor 1:2025(E)');
    expect(iso.sections[2].headers.default).toBe('ISO/IEC 29999-1:2024/Cor 1:2025(E)');
    expect(iso.sections[2].footers.default).toMatch(/^© ISO\/IEC 2025 – All rights reserved/);
    expect(all.some((t) => t.endsWith('in collaboration with ITU-T. The identical text is published as Rec. ITU-T X.1999 (2024)/Cor.1 (06/2025).'))).toBe(true);
    expect(all.some((t) => t.includes('cancels and replaces'))).toBe(false);
  });

  it('the common body: title block, "Technical Corrigendum 1", then the located instructions, each numbered as its organization numbers them', () => {
    const bodyOf = (doc: ReadDocument) => {
      const all = texts(doc);
      const at = all.lastIndexOf('INTERNATIONAL STANDARD ISO/IEC 29999-1');
      const back = all.indexOf('SERIES OF ITU-T RECOMMENDATIONS');
      return all.slice(at, back < 0 ? undefined : back);
    };
    const head = ['INTERNATIONAL STANDARD ISO/IEC 29999-1', 'RECOMMENDATION ITU-T X.1999', 'Information technology – Security techniques – Entity attestation: Framework and protocol', 'Technical Corrigendum 1'];
    const sentence = 'In clause 1, replace "framework for entity" with "framework for remote entity".';
    // ITU as O.174 Cor.2: "1)⇥Changes to Recommendation ITU-T O.174", the location "1.1)⇥Clause 8.4.2.1" under it
    expect(bodyOf(itu)).toEqual([...head, '1)\tChanges to Recommendation ITU-T X.1999', '1.1)\tClause 1', sentence]);
    // ISO as ISO 17301-1:2016/Amd.1:2017: the location alone, no number before it
    expect(bodyOf(iso)).toEqual([...head, 'Clause 1', sentence]);
  });

  it('ITU: the Summary given with --summary, and a History row for the corrigendum itself, after the base text\'s rows', () => {
    const all = texts(itu);
    const at = all.indexOf('Summary');
    expect(at, all.slice(0, 40).join('\n')).toBeGreaterThan(0);
    expect(all[at + 1]).toBe('Technical Corrigendum 1 to Recommendation ITU-T X.1999 (2024) | ISO/IEC 29999-1:2024 corrects the scope.');
    expect(styleOf(itu, 'Summary')).toBe('Heading_b');
    expect(historyRows(itu)).toEqual([
      ['Edition', 'Recommendation', 'Approval', 'Study Group', 'Unique ID*'],
      ['1.0', 'ITU-T X.1999', '2017-09-06', '17', '11.1002/1000/99901'],
      ['1.1', 'ITU-T X.1999 (2017) Cor. 1', '2019-03-20', '17', '11.1002/1000/99902'],
      ['2.0', 'ITU-T X.1999', '2024-03-21', '17', '11.1002/1000/99903'],
      ['2.1', 'ITU-T X.1999 (2024) Cor. 1', '2025-06-20', '17', ''],
    ]);
    expect(texts(iso)).not.toContain('Summary');
  });

  it('instruction headings and sentences in the styles of the real ones: ITU heading 1 over heading 2 / Heading_i (O.174 Cor.2, P.340 Amd.1), ISO the italic location line', () => {
    expect(styleOf(itu, '1)\tChanges to Recommendation ITU-T X.1999')).toBe('heading 1');
    expect(styleOf(itu, '1.1)\tClause 1')).toBe('heading 2');
    expect(styleOf(itu, 'In clause 1, replace "framework for entity" with "framework for remote entity".')).toBe('Heading_i');
    expect(styleOf(iso, 'Clause 1')).toBe('AMEND Heading 1 Unnumbered');
    expect(texts(iso).filter((t) => /^\d+(\.\d+)*\)\t/.test(t))).toEqual([]);
    expect(styleOf(iso, 'In clause 1, replace "framework for entity" with "framework for remote entity".')).toBe('AMEND Instruction');
    // a corrigendum has no contents list, in neither publication (O.174 Cor.2, ISO 17301-1 Amd.1)
    for (const doc of [itu, iso]) expect(paragraphs(doc).filter((p) => /^toc \d/.test(p.style))).toEqual([]);
  });

  it('the ISO title line "Technical Corrigendum 1" is not bold (ISO 17301-1:2016/Amd.1:2017\'s "AMENDMENT 1: …"), the ITU one is its Rec_title', () => {
    expect(styleOf(iso, 'Technical Corrigendum 1')).toBe('zzSTDTitle supplement');
    const styles = strFromU8(unzipSync(readFileSync(path.join(outDir, isoName)))['word/styles.xml']);
    const look = /<w:style [^>]*w:styleId="zzSTDTitlesupplement"[^>]*>.*?<\/w:style>/s.exec(styles)?.[0] ?? '';
    expect(look).toContain('<w:name w:val="zzSTDTitle supplement"/>');
    expect(look).not.toMatch(/<w:b\/>|<w:b w:val="(1|true)"\/>/);
    // the front title block and the body's, as O.174 Cor.2
    expect(stylesOf(itu, 'Technical Corrigendum 1')).toEqual(['Rec_title', 'Rec_title']);
  });

  it('commontext check finds the two publications technically identical, the instruction numbering ITU\'s own', async () => {
    const r = await run(['check', path.join(outDir, ituName), path.join(outDir, isoName), '--no-color']);
    expect(r.out).toMatch(/^technically identical/);
    expect(r.out).toContain('instruction numbering: ITU: "1) Changes to Recommendation ITU-T X.1999" · locations numbered 1.1) | ISO: none');
    expect(r.code).toBe(0);
    // and built in memory from the supplement source
    const s = await run(['check', path.join(outDir, 'example-cor1.md'), '--no-color']);
    expect(s.out).toMatch(/^technically identical/);
    expect(s.code).toBe(0);
  });

  const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
  it.skipIf(!soffice)('both open in LibreOffice', () => {
    const pdfDir = tmp();
    execFileSync(soffice, [`-env:UserInstallation=file://${tmp('lo-')}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, path.join(outDir, ituName), path.join(outDir, isoName)], { stdio: 'ignore', timeout: 170_000 });
    expect(readdirSync(pdfDir).filter((f) => f.endsWith('.pdf'))).toHaveLength(2);
  });
});

describe('an amendment for both organizations', () => {
  const title = 'New Annex C: Multi-verifier scenarios';
  let dir = '';
  let out = '';
  let a: ReadDocument;
  let b: ReadDocument;
  let r = { code: 0, out: '', err: '' };

  beforeAll(async () => {
    dir = tmp();
    cpSync(path.join(repo, 'fixtures/example'), path.join(dir, 'old'), { recursive: true });
    cpSync(path.join(repo, 'fixtures/example'), path.join(dir, 'new'), { recursive: true });
    const file = path.join(dir, 'new/example.md');
    const text = readFileSync(file, 'utf8').replace('specifies a framework for entity attestation', 'specifies a framework for remote entity attestation');
    const at = text.indexOf('# Bibliography {.bibliography}');
    writeFileSync(file, `${text.slice(0, at)}# Multi-verifier scenarios {#annex-multi annex=non-integral}\n\n## General\n\nThis annex describes scenarios with several verifiers.\n\n## Chained verifiers\n\nA verifier may forward evidence to another verifier.\n\n${text.slice(at)}`);
    writeFileSync(path.join(dir, 'summary.md'), 'Amendment 1 to Recommendation ITU-T X.1999 | ISO/IEC 29999-1 adds an informative annex on scenarios with several verifiers.\n');
    out = path.join(dir, 'out');
    r = await run(['amendment', '--base', path.join(dir, 'old/example.md'), file, '--number', '1', '--approved', '2026-02-10', '--title', title, '--summary', path.join(dir, 'summary.md'), '--out', out]);
    expect(r.code, r.err).toBe(0);
    [a, b] = await Promise.all([readDocx(path.join(out, 'T-REC-X.1999-202602-I-Amd1-E.docx')), readDocx(path.join(out, 'ISO_IEC_29999-1_2024_Amd1_2026(E).docx'))]);
  }, 120_000);

  it('carries "Amendment 1" and the /Amd identifiers of each organization', () => {
    expect(r.err).toBe('');
    expect(texts(a)).toContain('Recommendation ITU-T X.1999 (2024) – Amendment 1');
    expect(a.sections[2].footers.default?.trim()).toMatch(/^Rec\. ITU-T X\.1999 \(2024\)\/Amd\.1 \(02\/2026\)/);
    expect(texts(b)).toContain('AMENDMENT 1');
    expect(b.sections[2].headers.default).toBe('ISO/IEC 29999-1:2024/Amd 1:2026(E)');
  });

  it('--title: on the ITU cover and title block as P.340 Amd.1, on the ISO cover as ISO 17301-1 Amd.1, in the common body', () => {
    const i = texts(a);
    // the cover, then the body's title block
    expect(stylesOf(a, `Amendment 1: ${title}`)).toEqual(['Cover_title', 'Rec_title']);
    // the front title block: the label, then the title under it
    const front = i.indexOf(title);
    expect(i.slice(front - 1, front + 1)).toEqual(['Amendment 1', title]);
    expect(paragraphs(a)[paragraphs(a).findIndex((p) => p.text === title)].style).toBe('Rec_title');
    expect(styleOf(b, `AMENDMENT 1: ${title}`)).toBe('zzCover title supplement');
    // under the French title, as ISO 17301-1:2016/Amd.1:2017 (which has a French title of the amendment too: we have none)
    expect(texts(b).slice(0, 12)).toContain('AMENDEMENT 1');
    for (const doc of [a, b]) {
      const all = texts(doc);
      const body = all.lastIndexOf('INTERNATIONAL STANDARD ISO/IEC 29999-1');
      expect(all.slice(body + 2, body + 5)).toEqual(['Information technology – Security techniques – Entity attestation: Framework and protocol', `Amendment 1: ${title}`, doc === a ? '1)\tModifications to ITU-T X.1999' : 'Clause 1']);
    }
  });

  it('ITU: the Summary and the History row "2.1 | ITU-T X.1999 (2024) Amd. 1 | 2026-02-10 | 17"', () => {
    const i = texts(a);
    expect(i[i.indexOf('Summary') + 1]).toMatch(/^Amendment 1 to Recommendation ITU-T X\.1999 \| ISO\/IEC 29999-1 adds/);
    expect(historyRows(a).at(-1)).toEqual(['2.1', 'ITU-T X.1999 (2024) Amd. 1', '2026-02-10', '17', '']);
  });

  it('instructions apart from the replacement content: ITU heading 1 / Heading_i against the text\'s own styles, ISO the italic location and body text against the replacement set in', () => {
    const sentence = 'Add the following new annex after Annex B:';
    // P.340 Amd.1: "2)⇥Modifications to ITU-T P.340" in heading 1, "2.2)⇥Annex B" in heading 2 under it
    expect([styleOf(a, '1)\tModifications to ITU-T X.1999'), styleOf(a, '1.2)\tAnnex B'), styleOf(a, sentence)]).toEqual(['heading 1', 'heading 2', 'Heading_i']);
    // the new annex as the text prints it (P.340 Amd.1's new Annex B): "Annex C⏎⏎Title", its obligation line, "C.1⇥General"
    expect([styleOf(a, 'Annex C\n\nMulti-verifier scenarios'), styleOf(a, '(This annex does not form an integral part of this Recommendation | International Standard.)'), styleOf(a, 'C.1\tGeneral'), styleOf(a, 'This annex describes scenarios with several verifiers.')])
      .toEqual(['Annex_NoTitle', 'Annex_ref', 'heading 2', 'Normal']);
    expect([styleOf(b, 'Annex B'), styleOf(b, sentence)]).toEqual(['AMEND Heading 1 Unnumbered', 'AMEND Instruction']);
    // a new annex's text as the text prints it, not set in (ISO 17301-1:2016/Amd.1:2017's new Annex E)
    expect([styleOf(b, 'Annex C\n\nMulti-verifier scenarios'), styleOf(b, 'C.1\tGeneral'), styleOf(b, 'This annex describes scenarios with several verifiers.')]).toEqual(['ANNEX', 'a2', 'Body Text']);
  });

  it('a contents list in the ITU amendment (as P.340 Amd.1), none in the ISO one (as ISO 17301-1 Amd.1)', () => {
    const toc = (doc: ReadDocument) => paragraphs(doc).filter((p) => /^toc [1-9]/.test(p.style)).map((p) => `${p.style}: ${p.text.replace(/\t+\d*$/, '')}`);
    // as P.340 Amd.1's: the instruction headings and the new annex at level 1, the annex's subclauses under it
    expect(toc(a)).toEqual(['toc 1: 1)\tModifications to ITU-T X.1999', 'toc 2: 1.1)\tClause 1', 'toc 2: 1.2)\tAnnex B', 'toc 1: Annex C – Multi-verifier scenarios', 'toc 2: C.1\tGeneral', 'toc 2: C.2\tChained verifiers']);
    expect(toc(b)).toEqual([]);
  });

  it('the two check as technically identical; every DOCX validates', async () => {
    const c = await run(['check', path.join(out, 'T-REC-X.1999-202602-I-Amd1-E.docx'), path.join(out, 'ISO_IEC_29999-1_2024_Amd1_2026(E).docx'), '--no-color']);
    expect(c.out).toMatch(/^technically identical/);
    const files = readdirSync(out).filter((f) => f.endsWith('.docx')).map((f) => path.join(out, f));
    expect(validates(files)).toContain(`${files.length} valid, 0 invalid`);
  }, 60_000);

  it('apply passes over the Summary: the corrected text is the new one', async () => {
    const fixed = path.join(dir, 'old/fixed.md');
    const ap = await run(['apply', path.join(out, 'example-amd1.md'), '--to', path.join(dir, 'old/example.md'), '--out', fixed]);
    expect(ap.code, ap.err).toBe(0);
    const got = readFileSync(fixed, 'utf8');
    expect(got).toContain('# Multi-verifier scenarios {#annex-multi annex="non-integral"}');
    expect(got).not.toContain('adds an informative annex');
    expect(got).toContain('specifies a framework for remote entity attestation');
  });
});

describe('replacement notes, list items and tables: set in as the replacement paragraphs in the ISO corrigendum, as the text prints them in the ITU one', () => {
  let out = '';
  let a: ReadDocument;
  let b: ReadDocument;
  const names = ['T-REC-X.1999-202506-I-Cor1-E.docx', 'ISO_IEC_29999-1_2024_Cor1_2025(E).docx'];

  beforeAll(async () => {
    const dir = tmp();
    cpSync(path.join(repo, 'fixtures/example'), path.join(dir, 'old'), { recursive: true });
    cpSync(path.join(repo, 'fixtures/example'), path.join(dir, 'new'), { recursive: true });
    const file = path.join(dir, 'new/example.md');
    const text = readFileSync(file, 'utf8')
      .replace('- the messages of the attestation protocol and their encoding;\n', '- the messages of the attestation protocol and their encoding;\n- the transports that carry those messages;\n')
      .replace('The protocol of clause 6 is the same in all three cases.\n:::\n', 'The protocol of clause 6 is the same in all three cases.\n:::\n\n:::note\nA relying party may cache an attestation result for as long as its freshness allows.\n:::\n')
      .replace('the evidence formats of every attester that it encounters.\n', 'the evidence formats of every attester that it encounters.\n\nTable: Trust relations {#tbl-trust}\n\n| Party | Trusts |\n|---|---|\n| Relying party | Verifier |\n| Verifier | Endorser |\n');
    writeFileSync(file, text);
    out = path.join(dir, 'out');
    const r = await run(['corrigendum', '--base', path.join(dir, 'old/example.md'), file, '--number', '1', '--approved', '2025-06-20', '--out', out]);
    expect(r.code, r.err).toBe(0);
    [a, b] = await Promise.all(names.map((n) => readDocx(path.join(out, n))));
  }, 120_000);

  it('ITU: the locations 1.1) to 1.3) under "1) Changes to …"; ISO: the same locations without numbers', () => {
    const headings = (doc: ReadDocument, style: RegExp) => paragraphs(doc).filter((p) => style.test(p.style)).map((p) => p.text);
    expect(headings(a, /^heading [12]$/)).toEqual(['1)\tChanges to Recommendation ITU-T X.1999', '1.1)\tClause 1', '1.2)\tSubclause 5.1', '1.3)\tSubclause 5.2']);
    expect(headings(b, /^AMEND Heading 1 Unnumbered$/)).toEqual(['Clause 1', 'Subclause 5.1', 'Subclause 5.2']);
  });

  it('ISO sets the new list item, NOTE and table in; ITU prints them in the text\'s own styles', () => {
    const item = '–\tthe transports that carry those messages;';
    const note = 'NOTE 3 – A relying party may cache an attestation result for as long as its freshness allows.';
    expect([styleOf(b, item), styleOf(b, note)]).toEqual(['AMEND List Continue indented', 'AMEND Note indented']);
    expect([styleOf(a, item), styleOf(a, note)]).toEqual(['enumlev1', 'Note 1']);
    const isoXml = strFromU8(unzipSync(readFileSync(path.join(out, names[1])))['word/document.xml']);
    const ituXml = strFromU8(unzipSync(readFileSync(path.join(out, names[0])))['word/document.xml']);
    // the replacement table 0.7 cm (397 twips) in, as the replacement paragraphs (AMEND Body Text indented)
    expect(isoXml.match(/<w:tblInd [^>]*>/g)).toEqual(['<w:tblInd w:w="397" w:type="dxa"/>']);
    expect(ituXml).not.toContain('<w:tblInd');
    const styles = strFromU8(unzipSync(readFileSync(path.join(out, names[1])))['word/styles.xml']);
    // the NOTE as far in as the replacement paragraphs (0.7 cm), the item's dash there too (its text 0.7 cm further)
    for (const [id, ind] of [['AMENDNoteindented', 397], ['AMENDListContinueindented', 794]] as const) {
      const look = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>.*?</w:style>`, 's').exec(styles)?.[0] ?? '';
      expect(look, id).toMatch(new RegExp(`<w:ind w:left="${ind}"`));
    }
  });

  it('the two check as technically identical, from the DOCX and from the supplement source; every DOCX validates', async () => {
    const c = await run(['check', ...names.map((n) => path.join(out, n)), '--no-color']);
    expect(c.out).toMatch(/^technically identical/);
    expect(c.out).toMatch(/11\/11 units/);
    const s = await run(['check', path.join(out, 'example-cor1.md'), '--no-color']);
    expect(s.out).toMatch(/^technically identical/);
    const files = readdirSync(out).filter((f) => f.endsWith('.docx')).map((f) => path.join(out, f));
    expect(validates(files)).toContain(`${files.length} valid, 0 invalid`);
  }, 60_000);
});

describe('check reads the real O.174 Cor.2 as it reads ours: the locations by their names, the heading over them not compared', () => {
  it('"1)⇥Changes to Recommendation ITU-T O.174" is no clause; "1.1)⇥Clause 8.4.2.1" is the clause "Clause 8.4.2.1"', async () => {
    const doc = await readDocx(path.join(corpus, 'itu/T-REC-O.174-201202-I-Cor2-MSW-E.docx'));
    const s = segment(doc);
    expect(s.body.map((c) => c.label)).toEqual(['title block', 'Clause 8.4.2.1']);
    expect(s.body[1].headingNorm).toBe('Clause 8.4.2.1');
    expect(s.body[1].units[0].text).toMatch(/^Replace the existing text and Table 2 in clause 8\.4\.2\.1/);
    expect(s.instructionNumbering?.summary).toBe('"1) Changes to Recommendation ITU-T O.174" · locations numbered 1.1)');
  });
});

describe('--title and --summary are checked with the other options, all problems at once, nothing written', () => {
  const example = path.join(repo, 'fixtures/example/example.md');
  const attempt = async (...extra: string[]) => {
    const o = path.join(tmp('ct-front-'), 'out');
    const res = await run(['amendment', '--base', example, example, '--number', '1', '--approved', '2026-02-10', '--out', o, ...extra]);
    return { ...res, written: existsSync(o) };
  };

  it('a title that repeats the label, an empty one, a line break; with a bad --number, each reported', async () => {
    const r1 = await attempt('--title', 'Amendment 1: New Annex B', '--number', '01');
    expect(r1.code).toBe(2);
    expect(r1.err).toContain('--number is "01"');
    expect(r1.err).toContain('--title "Amendment 1: New Annex B" begins with the label "Amendment 1", which the publications print before the title; give the title alone: --title "New Annex B"');
    expect(r1.written).toBe(false);
    expect((await attempt('--title', '  ')).err).toMatch(/--title is empty/);
    // a title that only begins like the label is a title
    const words = await attempt('--title', 'Amendments to the scope', '--number', '01');
    expect(words.err).toContain('--number is "01"');
    expect(words.err).not.toContain('--title');
    expect((await attempt('--title', 'New\nAnnex')).err).toMatch(/--title has a line break/);
  });

  it('a --summary that is no file; a Summary with a heading or a misspelt directive, at its own line and column', async () => {
    const dir = tmp('ct-sum-');
    const missing = await attempt('--summary', path.join(dir, 'nope.md'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--summary names ".*nope\.md", which is not a file/);
    const heading = path.join(dir, 'heading.md');
    writeFileSync(heading, 'First paragraph.\n\n## Details\n\nMore.\n');
    const h = await attempt('--summary', heading);
    expect(h.code).toBe(2);
    expect(h.err).toMatch(/heading\.md:3:1: error: the Summary is paragraphs only/);
    expect(h.written).toBe(false);
    const directive = path.join(dir, 'directive.md');
    writeFileSync(directive, 'One line.\n\nSee :rf[X.509] for it.\n');
    const d = await attempt('--summary', directive);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/directive\.md:3:5: error: .*:rf/);
    expect(d.written).toBe(false);
  });

  it('without --summary the command says the ITU publication has no Summary', async () => {
    const dir = tmp('ct-nosum-');
    cpSync(path.join(repo, 'fixtures/example'), dir, { recursive: true });
    const old = path.join(dir, 'old.md');
    writeFileSync(old, readFileSync(example, 'utf8').replace('specifies a framework for entity attestation', 'specifies a framework for attestation'));
    const r = await run(['amendment', '--base', old, path.join(dir, 'example.md'), '--number', '1', '--approved', '2026-02-10', '--out', path.join(dir, 'out'), '--no-docx']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('no --summary given; the ITU amendment has no Summary (give --summary FILE, or add a "# Summary {.summary}" section');
  });
});

describe('the supplement-only styles (ifUsed) stay out of every other DOCX', () => {
  it('an ordinary build of the example has no Heading_i, AMEND … or zzCover title supplement style', async () => {
    const out = tmp('ct-ifused-');
    const r = await run(['build', path.join(repo, 'fixtures/example/example.md'), '--out', out]);
    expect(r.code, r.err).toBe(0);
    for (const f of readdirSync(out).filter((n) => n.endsWith('.docx'))) {
      const styles = strFromU8(unzipSync(readFileSync(path.join(out, f)))['word/styles.xml']);
      expect(styles).toContain('w:styleId="Normal"');
      expect(styles).not.toMatch(/Heading_i|AMEND |zzCover title supplement/);
    }
  });
});
