/**
 * Every DOCX the build writes for the three fixtures, and a corrigendum's, validates against the
 * ISO/IEC 29500 schemas with ../shared/ooxml/validate.py (what Word's strictness checks; LibreOffice
 * forgives). It needs the system python3 with lxml (Debian's python3-lxml, installed by .ci/run).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { main } from '../src/cli/main.js';
import { repo, shared, tmp } from './helpers.js';

const validator = path.join(shared, 'ooxml/validate.py');
const present = existsSync(path.dirname(validator));
if (!present) console.log(`validate-docx: skipped, ${path.dirname(validator)} is absent`);

function docxIn(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.docx')).map((f) => path.join(dir, f));
}

/** Runs the validator on the files; its report and whether it said every one is valid. */
function validate(files: string[]): { ok: boolean; report: string } {
  try {
    return { ok: true, report: execFileSync('/usr/bin/python3', [validator, ...files], { encoding: 'utf8' }) };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, report: `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message };
  }
}

describe.skipIf(!present)('DOCX output validates against the ISO/IEC 29500 schemas', () => {
  it.each(['fixtures/example/example.md', 'fixtures/x500/x500.md', 'fixtures/defects/spec.md'])('both publications of %s', async (source) => {
    const out = tmp();
    const result = await build(path.join(repo, source), { outDir: out });
    expect(result.ok).toBe(true);
    const files = docxIn(out);
    expect(files.length).toBe(2);
    const { ok, report } = validate(files);
    expect(report).toContain(`${files.length} valid, 0 invalid`);
    expect(ok, report).toBe(true);
  }, 120_000);

  it('a corrigendum (both DOCX and the revision-marked ones)', async () => {
    const dir = tmp();
    cpSync(path.join(repo, 'fixtures/example'), dir, { recursive: true });
    const source = path.join(dir, 'example.md');
    const old = path.join(dir, 'old.md');
    const text = readFileSync(source, 'utf8');
    writeFileSync(old, text);
    writeFileSync(source, text.replace('An attester produces attestation evidence', 'An attester generates attestation evidence'));
    const out = path.join(dir, 'out');
    let err = '';
    const code = await main(['corrigendum', '--base', old, source, '--number', '1', '--out', out], { out: () => {}, err: (s: string) => { err += s; } });
    expect(code, err).toBe(0);
    const files = docxIn(out);
    expect(files.length).toBeGreaterThanOrEqual(2);
    const { ok, report } = validate(files);
    expect(report).toContain(`${files.length} valid, 0 invalid`);
    expect(ok, report).toBe(true);
  }, 120_000);
});
