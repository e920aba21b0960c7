/**
 * Our own build outputs check as identical; declared differences are reported as declared (exit 0);
 * without the manifest that declares them, the same files differ (exit 1).
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { build } from '../src/index.js';
import { repo, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('check on our own builds', () => {
  for (const fixture of ['fixtures/example/example.md', 'fixtures/x500/x500.md', 'fixtures/errors/valid-minimal.md']) {
    it(`${fixture}: technically identical (exit 0)`, async () => {
      const r = await run(['check', path.join(repo, fixture), '--no-color']);
      expect(r.err).not.toContain('commontext check:');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^technically identical/);
    });
  }

  it('lists the declared differences of the example with their reasons', async () => {
    const r = await run(['check', path.join(repo, 'fixtures/example/example.md'), '--no-color']);
    expect(r.out).toContain('Patent list applicable to ISO/IEC only');
    expect(r.out).toMatch(/5 declared differences/);
  });

  it('the same DOCX files without their manifest: the one-side texts are findings (exit 1)', async () => {
    const out = tmp();
    const result = await build(path.join(repo, 'fixtures/example/example.md'), { outDir: out });
    const bare = tmp();
    for (const o of result.outputs) copyFileSync(o.path!, path.join(bare, o.fileName));
    const withManifest = await run(['check', ...result.outputs.map((o) => o.path!), '--no-color']);
    expect(withManifest.code).toBe(0);
    rmSync(result.manifestPath!);
    const r = await run(['check', ...result.outputs.map((o) => path.join(bare, o.fileName)), '--no-color']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^NOT technically identical/);
    expect(r.out).toContain('Annex C');
  });
});
