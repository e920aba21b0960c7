/**
 * Both DOCX files open in LibreOffice: converted to PDF headless, the PDF text shows the front matter,
 * the running header and footer and the numbered body. Runs where soffice is installed (.ci/run installs it).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from '../src/index.js';
import { check } from '../src/check/index.js';
import { IncrementalBuilder } from '../src/app/watch.js';
import { repo, tmp } from './helpers.js';

const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
const pdftotext = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).stdout.trim();
if (!soffice) console.log('soffice not installed: skipping the LibreOffice conversion test');

describe.skipIf(!soffice)('LibreOffice opens both publications', () => {
  it('converts both to PDF, with the right front matter, headers, footers and body', async () => {
    const out = tmp();
    const result = await build(path.join(repo, 'fixtures/example/example.md'), { outDir: out });
    expect(result.ok).toBe(true);
    const profile = tmp('lo-profile-');
    execFileSync(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, ...result.outputs.map((o) => o.path!)], { stdio: 'ignore', timeout: 170_000 });
    const pdfs = readdirSync(out).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(2);
    if (!pdftotext) return;
    // lines wrap differently from layout to layout: compare with white space folded
    const text = (f: string) => execFileSync(pdftotext, ['-layout', path.join(out, f), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const itu = text('T-REC-X.1999-202403-I-E.pdf');
    const iso = text('ISO_IEC_29999-1_2024(E).pdf');
    expect(itu).toContain('TELECOMMUNICATION');
    expect(itu).toContain('INTELLECTUAL PROPERTY RIGHTS');
    expect(itu).toMatch(/ISO\/IEC 29999-1:2024 \(E\)/);
    expect(itu).toMatch(/Rec\. ITU-T X\.1999 \(03\/2024\) 1 /); // body footer with page 1
    expect(itu).toMatch(/Rec\. ITU-T X\.1999 \(03\/2024\) iii /); // roman page numbers in the front matter
    expect(iso).toContain('COPYRIGHT PROTECTED DOCUMENT');
    expect(iso).toContain('in collaboration with ITU'); // the PDF may break "ITU-T" at its hyphen
    expect(iso).toMatch(/© ISO\/IEC 2024 – All rights reserved/);
    for (const t of [itu, iso]) {
      expect(t).toMatch(/5\.3\.2\s+Freshness/);
      expect(t).toMatch(/Annex A/);
    }
    expect(existsSync(path.join(out, pdfs[0]))).toBe(true);
  });
});

describe.skipIf(!soffice)('our DOCX survives LibreOffice', () => {
  it('a copy re-saved by LibreOffice checks as technically identical to our original', async () => {
    const out = tmp();
    const result = await build(path.join(repo, 'fixtures/example/example.md'), { outDir: out, only: 'itu' });
    const resaved = tmp();
    execFileSync(soffice, [`-env:UserInstallation=file://${tmp('lo-profile-')}`, '--headless', '--convert-to', 'docx', '--outdir', resaved, result.outputs[0].path!], { stdio: 'ignore', timeout: 170_000 });
    const r = await check(result.outputs[0].path!, path.join(resaved, result.outputs[0].fileName));
    expect(r.findings).toEqual([]);
    expect(r.identical).toBe(true);
  });
});

describe.skipIf(!soffice)('the watch mode\'s stored package', () => {
  it('a rebuild after an edit (reused clauses, stored ZIP) opens in LibreOffice and checks identical to a normal build', async () => {
    const dir = tmp();
    cpSync(path.join(repo, 'fixtures/example'), dir, { recursive: true });
    const main = path.join(dir, 'example.md');
    const b = new IncrementalBuilder(main, { outDir: path.join(dir, 'watch'), only: 'itu' });
    expect((await b.rebuild()).ok).toBe(true);
    const edited = readFileSync(main, 'utf8').replace('# Scope {#scope}\n\n', '# Scope {#scope}\n\nA sentence added while watching. ');
    writeFileSync(main, edited);
    const r = await b.rebuild([main]);
    expect(r.ok).toBe(true);
    const normal = await build(main, { outDir: path.join(dir, 'normal'), only: 'itu' });
    const pdf = tmp();
    execFileSync(soffice, [`-env:UserInstallation=file://${tmp('lo-profile-')}`, '--headless', '--convert-to', 'pdf', '--outdir', pdf, r.outputs[0].path!], { stdio: 'ignore', timeout: 170_000 });
    expect(readdirSync(pdf)).toEqual([r.outputs[0].fileName.replace(/\.docx$/, '.pdf')]);
    if (pdftotext) expect(execFileSync(pdftotext, [path.join(pdf, readdirSync(pdf)[0]), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')).toContain('A sentence added while watching.');
    const c = await check(r.outputs[0].path!, normal.outputs[0].path!);
    expect(c.findings).toEqual([]);
  });
});

describe('reproducible output', () => {
  it('building the same source twice gives byte-identical files', async () => {
    const [a, b] = [tmp(), tmp()];
    const ra = await build(path.join(repo, 'fixtures/example/example.md'), { outDir: a });
    const rb = await build(path.join(repo, 'fixtures/example/example.md'), { outDir: b });
    for (let i = 0; i < 2; i++) expect(Buffer.from(ra.outputs[i].bytes).equals(Buffer.from(rb.outputs[i].bytes))).toBe(true);
  });
});

describe('the installed command', () => {
  it('bin/commontext.js runs the compiled and bundled CLI', () => {
    // npm ci builds both (prepare script); build them here if a checkout has not
    if (!existsSync(path.join(repo, 'dist/bundle/commontext.mjs'))) execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo });
    const out = tmp();
    const r = spawnSync('node', [path.join(repo, 'bin/commontext.js'), 'build', path.join(repo, 'fixtures/example/example.md'), '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ITU: .*T-REC-X\.1999-202403-I-E\.docx$/m);
    expect(r.stderr).toMatch(/parse \d+ ms · prepare ITU \d+ ms · render ITU \d+ ms · prepare ISO \d+ ms · render ISO \d+ ms · write \d+ ms · total \d+ ms/);
  });
});
