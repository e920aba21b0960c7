/**
 * Installable and runnable anywhere (issue 14): the tarball `npm pack` makes, installed globally into a
 * temporary prefix, gives a working `commontext` on PATH; in an empty folder outside the repository it
 * runs init, build and check. This is what CI runs (.ci/run: npm ci && npm test), so npm's cache is warm.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repo, shared } from './helpers.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const temp = (prefix: string) => realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
const ok = (r: SpawnSyncReturns<string>, what: string) => {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
};

describe('npm pack → npm install -g → commontext in any folder', () => {
  it('the packed tarball installs a commontext that inits, builds and checks in an empty folder', () => {
    // the compiled dist/ is packed as npm ci left it (--ignore-scripts: prepare would rewrite dist/ while other tests run it)
    expect(existsSync(path.join(repo, 'dist/bundle/commontext.mjs'))).toBe(true);
    const packs = temp('ct-pack-');
    const packed = ok(spawnSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], { cwd: repo, encoding: 'utf8' }), 'npm pack');
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info.files.map((f) => f.path);
    // what an installed copy needs, and nothing of the repository's own
    for (const f of ['bin/commontext.js', 'dist/bundle/commontext.mjs', 'dist/index.js', 'dist/index.d.ts', 'package.json', 'templates/init/spec.md', 'templates/init/figures/client-server.png', 'templates/itu/profile.yaml']) expect(files, f).toContain(f);
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('fixtures/'))).toBe(false);

    const prefix = temp('ct-prefix-');
    // as the README says; --ignore-scripts: the tarball is compiled, its prepare script (which builds a clone) is not needed
    const installed = ok(spawnSync(npm, ['install', '-g', '--ignore-scripts', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(packs, info.filename)], { encoding: 'utf8', timeout: 170_000 }), 'npm install -g');
    expect(installed.stderr).not.toMatch(/npm warn/i);
    const bin = path.join(prefix, process.platform === 'win32' ? '' : 'bin');
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const work = temp('ct-anywhere-');
    expect(readdirSync(work)).toEqual([]);
    expect(path.relative(repo, work).startsWith('..')).toBe(true);
    const run = (...args: string[]) => spawnSync('commontext', args, { cwd: work, env, encoding: 'utf8', timeout: 120_000 });

    const version = run('--version');
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string; allowScripts?: Record<string, boolean> };
    expect([version.status, version.stdout]).toEqual([0, `commontext ${pkg.version}\n`]);
    const which = spawnSync('sh', ['-c', 'command -v commontext'], { env, encoding: 'utf8' });
    expect(which.stdout.trim()).toBe(path.join(bin, 'commontext'));

    const init = run('init');
    expect([init.status, init.stderr]).toEqual([0, '']);
    expect(init.stdout).toContain('spec.md\n');
    const build = run('build', 'spec.md', '--quiet');
    expect([build.status, build.stderr]).toEqual([0, '']);
    expect(build.stdout).toMatch(/^ITU: out\/T-REC-X\.9999-202501-I-E\.docx\nISO: out\/ISO_IEC_99999_2025\(E\)\.docx\ndeclared differences: out\/spec\.alignment\.json\ncheck: technically identical: no differences in the body \(2 declared differences\)\ncheck: .*, 2 declared differences, 0 findings\n$/);
    const check = run('check', 'out/T-REC-X.9999-202501-I-E.docx', 'out/ISO_IEC_99999_2025(E).docx', '--no-color');
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/^technically identical: no differences in the body \(2 declared differences\)\n/);
    expect(run('check', 'spec.md').status).toBe(0);

    // the DOCX files the installed copy wrote are valid WordprocessingML (when the validator and lxml are here)
    const validator = path.join(shared, 'ooxml/validate.py');
    if (existsSync(validator) && existsSync('/usr/bin/python3')) {
      const v = spawnSync('/usr/bin/python3', [validator, 'out/T-REC-X.9999-202501-I-E.docx', 'out/ISO_IEC_99999_2025(E).docx'], { cwd: work, encoding: 'utf8' });
      if (!/No module named 'lxml'/.test(v.stderr)) expect([v.status, v.stdout.trim().split('\n').pop()]).toEqual([0, '2 valid, 0 invalid']);
    }
  });

  // npm ci's "install-scripts … not yet covered by allowScripts": package.json's allowScripts reviews esbuild's
  // postinstall (the bundler's binary check). npm reads the installed tree, so this runs where npm ci made
  // node_modules (CI), not in a worktree whose node_modules is a link to another clone's.
  const linked = !existsSync(path.join(repo, 'node_modules')) || lstatSync(path.join(repo, 'node_modules')).isSymbolicLink();
  it.skipIf(linked)('after npm ci, no dependency has an install script left to review', () => {
    const r = ok(spawnSync(npm, ['install-scripts', 'ls'], { cwd: repo, encoding: 'utf8' }), 'npm install-scripts ls');
    expect(r.stdout.trim()).toBe('No packages with unreviewed install scripts.');
  });
});
