/**
 * commontext guide: the Implementers' Guide of fixtures/defects read back from its DOCX (sections in
 * order, accepted defects in, open and rejected ones out), valid OOXML, converted by LibreOffice; and
 * a source without a defects folder refused at its position with nothing written.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { stringify } from 'yaml';
import { readDocx } from '../src/reader/index.js';
import { paragraphs, repo, tmp } from './helpers.js';
import { runMain } from './cli-helpers.js';

const fixture = path.join(repo, 'fixtures/defects');
/** A record as "commontext defect new" would leave it, filled in. */
const record = (number: number, status: string, nature: string, solution: string) => stringify({
  number, date: '2001-02-03', source: { name: 'B. Tester' }, concerning: 'Rec. ITU-T X.225 (11/1995) | ISO/IEC 8327-1:1996',
  qualifier: 'error', references: '6', nature, solution, status,
});

/** The fixture with three more reports: one accepted, one rejected, one open. */
function fixtureWithMoreReports(): string {
  const dir = tmp('guide-src-');
  cpSync(fixture, dir, { recursive: true });
  writeFileSync(path.join(dir, 'defects/2.yaml'), record(2, 'accepted', 'In 6, the CONNECT SPDU is misspelt.', 'In clause 2, replace "SPDUU" by "SPDU".'));
  writeFileSync(path.join(dir, 'defects/3.yaml'), record(3, 'rejected', 'Rejected defect nature text.', 'Rejected solution text.'));
  writeFileSync(path.join(dir, 'defects/4.yaml'), record(4, 'open', 'Open defect nature text.', 'Open solution text.'));
  return path.join(dir, 'spec.md');
}

describe('commontext guide', () => {
  it('writes the guide as a DOCX with the sections of an Implementers\' Guide, the accepted and resolved reports only', async () => {
    const source = fixtureWithMoreReports();
    const out = tmp('guide-out-');
    const before = readdirSync(path.dirname(source)).sort();
    const r = await runMain(['guide', source, '--out', out, '--approved', '2026-11-30']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(path.dirname(source)).sort()).toEqual(before);
    const docx = path.join(out, 'spec-guide.docx');
    const doc = await readDocx(docx);
    const paras = paragraphs(doc);
    // headings and the change log's caption, in document order (the contents list left out)
    const seq = paras.filter((p) => !/^toc /i.test(p.style)).map((p) => p.text.replace(/\s+/g, ' ').trim());
    const want = ['Summary', 'Table 1 – Change log', '1 Scope', '2 Introduction', '3 Defect resolution procedure', '4 References', '5 Technical and editorial corrections',
      '5.1 Defect 1 – Corrected by Technical Corrigendum 1 (03/2000)', '5.2 Defect 2', 'Annex A Defect report form'];
    const at = want.map((w) => seq.indexOf(w));
    expect(want.filter((_w, i) => at[i] < 0), seq.join("\n")).toEqual([]);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const text = paras.map((p) => p.text).join('\n');
    expect(text).toContain('Replace "[see 7.1.1, b), 4)]" by "[see 7.1.1, b), 5)]" and "654539" by "65539".');
    expect(text).toContain('In clause 2, replace "SPDUU" by "SPDU".');
    expect(text).toContain('Resolution of Defect 2');
    expect(text).toContain('This document was approved by ITU-T Study Group 17 on 30 November 2026.');
    expect(text).toContain('Please send an electronic copy to tsbsg17@itu.int');
    for (const gone of ['Rejected', 'Open defect', 'Open solution', 'Defect 3', 'Defect 4']) expect(text).not.toContain(gone);
    const valid = spawnSync('/usr/bin/python3', ['/work/shared/ooxml/validate.py', docx], { encoding: 'utf8' });
    expect(valid.status, valid.stdout + valid.stderr).toBe(0);
  });

  const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
  if (!soffice) console.log('soffice not installed: skipping the LibreOffice conversion of the guide');
  it.skipIf(!soffice)('on fixtures/defects: LibreOffice converts the guide and its PDF shows the title', async () => {
    const out = tmp('guide-lo-');
    const r = await runMain(['guide', path.join(fixture, 'spec.md'), '--out', out, '--approved', '2026-11-30']);
    expect(r.code, r.err).toBe(0);
    execFileSync(soffice, [`-env:UserInstallation=file://${tmp('lo-profile-')}`, '--headless', '--convert-to', 'pdf', '--outdir', out, path.join(out, 'spec-guide.docx')], { stdio: 'ignore', timeout: 170_000 });
    const pdf = path.join(out, 'spec-guide.pdf');
    expect(existsSync(pdf)).toBe(true);
    const shown = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(shown).toContain("Implementers' guide for ITU-T Rec. X.225 (1995)");
    expect(shown).toContain('Technical and editorial corrections');
  }, 200_000);

  it('refuses a source with no defects folder at its position, exit 2, nothing written', async () => {
    const dir = tmp('guide-none-');
    cpSync(path.join(fixture, 'spec.md'), path.join(dir, 'spec.md'));
    const out = path.join(dir, 'out');
    const r = await runMain(['guide', 'spec.md', '--out', out], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^spec\.md:1:1: error: there is no defects folder \(defects\); an implementers' guide is built from its defect records/m);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['spec.md']);
  });

  it('refuses a malformed --approved and an invalid record, each with exit 2 and nothing written', async () => {
    const source = fixtureWithMoreReports();
    const out = path.join(path.dirname(source), 'out');
    const date = await runMain(['guide', source, '--out', out, '--approved', '12/09/2025']);
    expect(date.code).toBe(2);
    expect(date.err).toMatch(/^commontext guide: error: --approved is "12\/09\/2025"/);
    writeFileSync(path.join(path.dirname(source), 'defects/4.yaml'), record(4, 'closed', 'x', 'y'));
    const bad = await runMain(['guide', 'spec.md', '--out', out, '--approved', '2026-11-30'], path.dirname(source));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^defects\/4\.yaml:\d+:\d+: error: field "status" is "closed"; it must be one of: open, accepted, resolved, rejected/m);
    expect(existsSync(out)).toBe(false);
  });
});
