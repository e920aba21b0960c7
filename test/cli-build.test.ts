/**
 * `commontext build` ends with the alignment verdict of the two publications it has just written:
 * the same comparison as `commontext check <source.md>` (issue 14), exit status 1 when they are not
 * technically identical, `--no-check` to skip it. Run through the real CLI (main(argv, io)).
 */
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo, tmp } from './helpers.js';
import { runMain } from './cli-helpers.js';

const example = path.join(repo, 'fixtures/example/example.md');
const minimal = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8');

/** The first line of `check <source.md>`'s report and its count of declared differences. */
async function checkOf(source: string) {
  const c = await runMain(['check', source, '--no-color']);
  const verdict = c.out.split('\n')[0];
  const declared = /Declared differences \((\d+)\)/.exec(c.out)?.[1] ?? '0';
  return { code: c.code, verdict, declared: Number(declared) };
}

describe('build ends with the alignment verdict', () => {
  it('the example: both files, then the verdict of check <source.md>, in two lines; exit 0', async () => {
    const out = tmp();
    const r = await runMain(['build', example, '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^ITU: .*T-REC-X\.1999-202403-I-E\.docx$/);
    expect(lines[1]).toMatch(/^ISO: .*ISO_IEC_29999-1_2024\(E\)\.docx$/);
    expect(lines[2]).toMatch(/^declared differences: .*example\.alignment\.json$/);
    const check = await checkOf(example);
    expect(check.code).toBe(0);
    expect(lines[3]).toBe(`check: ${check.verdict}`);
    expect(lines[3]).toBe('check: technically identical: no differences in the body (5 declared differences)');
    expect(lines[4]).toMatch(/^check: \d+\/\d+ clauses, \d+\/\d+ units compared \(ITU\/ISO\), 5 declared differences, 0 findings$/);
    expect(r.err).toBe('');
  });

  it('counts the declared differences as check does (by paragraph), not the manifest\'s one-side passages', async () => {
    // an :itu[…]{reason}:iso[…]{reason} pair is two passages of the manifest and one differing paragraph for check
    const dir = tmp();
    const source = path.join(dir, 'spec.md');
    writeFileSync(source, `${minimal}\nThe module is published :itu[by the ITU-T]{reason="Each publisher names itself"}:iso[by ISO and IEC]{reason="Each publisher names itself"}.\n`);
    const r = await runMain(['build', source, '--out', path.join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out/spec.alignment.json'), 'utf8'));
    expect(manifest.declared).toHaveLength(2);
    const check = await checkOf(source);
    expect(check.declared).toBe(1);
    expect(r.out).toContain('check: technically identical: no differences in the body (1 declared difference)\n');
    expect(r.out).toContain(', 1 declared difference, 0 findings\n');
    expect(r.out).not.toMatch(/\(2\)|2 declared/);
  });

  it('an undeclared one-side difference: the publications are written, the verdict says so, exit 1', async () => {
    // a one-side clause before a shared one renumbers the shared clause in one publication only
    const dir = tmp();
    const source = path.join(dir, 'spec.md');
    writeFileSync(source, `${minimal}\n:::itu{reason="An ITU-only clause"}\n# Only in ITU\n\nThis clause is in the Recommendation only.\n:::\n\n# Shared clause\n\nBoth publications have this clause.\n`);
    const r = await runMain(['build', source, '--out', path.join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ITU: .*\nISO: .*\ndeclared differences: .*\ncheck: NOT technically identical: \d+ findings? in the body\ncheck: .*\d+ findings?; "commontext check .*spec\.md" lists them\n$/);
    const check = await checkOf(source);
    expect(check.code).toBe(1);
    expect(r.out).toContain(`check: ${check.verdict}\n`);
    // --no-check: the same build, no verdict, exit 0
    const skipped = await runMain(['build', source, '--out', path.join(dir, 'out2'), '--quiet', '--no-check']);
    expect(skipped.code).toBe(0);
    expect(skipped.out).not.toContain('check:');
  });

  it('--only builds one publication: nothing to compare, no verdict', async () => {
    const dir = tmp();
    copyFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), path.join(dir, 'spec.md'));
    const r = await runMain(['build', 'spec.md', '--only', 'iso', '--quiet'], dir);
    expect([r.code, r.out]).toEqual([0, 'ISO: out/ISO_IEC_99999_2024(E).docx\n']);
  });
});
