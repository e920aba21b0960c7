/**
 * Hostile input, leftovers of issue 10: an empty option value (`--out=`) is a usage error instead of
 * silently meaning the current folder, and front matter opened but never closed is said to be so
 * (not "no front matter").
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { runMain } from './cli-helpers.js';
import { repo, tmp } from './helpers.js';

const example = path.join(repo, 'fixtures/example/example.md');

describe('empty option values and unclosed front matter', () => {
  for (const args of [['--out='], ['--out', ''], ['--templates=']]) {
    it(`build ${args.join(' ') || '""'}: a usage error, exit 2, nothing written in the current folder`, async () => {
      const cwd = tmp('ct-empty-opt-');
      const r = await runMain(['build', example, ...args, '--quiet'], cwd);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^commontext build: error: "--(out|templates)" needs a value, not an empty one: --(out|templates) DIR; see "commontext build --help" \[usage\]\n$/);
      expect(readdirSync(cwd)).toEqual([]);
    });
  }

  it('front matter opened on line 1 and never closed: said so at 1:1, not "no front matter"', () => {
    const dir = tmp('ct-unclosed-');
    const file = path.join(dir, 'spec.md');
    writeFileSync(file, '---\ntitle: "A title"\n\n# Scope\n\nText.\n');
    const first = lint(file)[0];
    expect([first.line, first.column, first.code]).toEqual([1, 1, 'front-matter-missing']);
    expect(first.message).toContain('the front matter opened by the "---" on line 1 is never closed');
    writeFileSync(file, '# Scope\n\nText.\n');
    expect(lint(file)[0].message).toContain('the source has no front matter');
  });

  it('--templates naming a named pipe: refused as not a folder at once (never opened, so nothing blocks), exit 2', async () => {
    const dir = tmp('ct-fifo-');
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const r = await runMain(['lint', example, '--templates', 'pipe'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('pipe: error: the templates folder given with --templates is not a folder');
  });
});
