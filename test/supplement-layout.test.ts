/**
 * A corrigendum built for both organizations: ITU covers, footers and identifiers
 * ("Rec. ITU-T X.nnn (YYYY)/Cor.1 (MM/YYYY)"), ISO covers and identifiers ("ISO/IEC nnnn:YYYY/Cor 1:YYYY"),
 * "Technical Corrigendum 1" in the common body; the two check as technically identical and open in LibreOffice.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { cpSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { readDocx, type ReadDocument } from '../src/reader/index.js';
import { repo, texts, tmp } from './helpers.js';

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
  const r = await run(['corrigendum', '--base', path.join(dir, 'old/example.md'), file, '--number', '1', '--approved', '2025-06-20', '--out', outDir]);
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

  it('the common body: title block, "Technical Corrigendum 1", then the located instructions, identical in both', () => {
    for (const doc of [itu, iso]) {
      const all = texts(doc);
      const at = all.lastIndexOf('INTERNATIONAL STANDARD ISO/IEC 29999-1');
      const back = all.indexOf('SERIES OF ITU-T RECOMMENDATIONS');
      expect(all.slice(at, back < 0 ? undefined : back)).toEqual([
        'INTERNATIONAL STANDARD ISO/IEC 29999-1',
        'RECOMMENDATION ITU-T X.1999',
        'Information technology – Security techniques – Entity attestation: Framework and protocol',
        'Technical Corrigendum 1',
        '1) Clause 1',
        'In clause 1, replace "framework for entity" with "framework for remote entity".',
      ]);
    }
  });

  it('commontext check finds the two publications technically identical', async () => {
    const r = await run(['check', path.join(outDir, ituName), path.join(outDir, isoName), '--no-color']);
    expect(r.out).toMatch(/^technically identical/);
    expect(r.code).toBe(0);
  });

  const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
  it.skipIf(!soffice)('both open in LibreOffice', () => {
    const pdfDir = tmp();
    execFileSync(soffice, [`-env:UserInstallation=file://${tmp('lo-')}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, path.join(outDir, ituName), path.join(outDir, isoName)], { stdio: 'ignore', timeout: 170_000 });
    expect(readdirSync(pdfDir).filter((f) => f.endsWith('.pdf'))).toHaveLength(2);
  });
});

describe('an amendment for both organizations', () => {
  it('carries "Amendment 1" and the /Amd identifiers of each organization', async () => {
    const dir = tmp();
    cpSync(path.join(repo, 'fixtures/example'), path.join(dir, 'old'), { recursive: true });
    cpSync(path.join(repo, 'fixtures/example'), path.join(dir, 'new'), { recursive: true });
    const file = path.join(dir, 'new/example.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('specifies a framework for entity attestation', 'specifies a framework for remote entity attestation'));
    const out = path.join(dir, 'out');
    const r = await run(['amendment', '--base', path.join(dir, 'old/example.md'), file, '--number', '1', '--approved', '2026-02-10', '--out', out]);
    expect(r.code).toBe(0);
    const [a, b] = await Promise.all([readDocx(path.join(out, 'T-REC-X.1999-202602-I-Amd1-E.docx')), readDocx(path.join(out, 'ISO_IEC_29999-1_2024_Amd1_2026(E).docx'))]);
    expect(texts(a)).toContain('Recommendation ITU-T X.1999 (2024) – Amendment 1');
    expect(a.sections[2].footers.default?.trim()).toMatch(/^Rec\. ITU-T X\.1999 \(2024\)\/Amd\.1 \(02\/2026\)/);
    expect(texts(b)).toContain('AMENDMENT 1');
    expect(b.sections[2].headers.default).toBe('ISO/IEC 29999-1:2024/Amd 1:2026(E)');
    for (const doc of [a, b]) expect(texts(doc)).toContain('Amendment 1');
  });
});
