/**
 * Hostile input, by property, through the real command (issue 10 acceptance): random bytes and random
 * nesting given to `commontext lint`, and randomly damaged DOCX packages given to `commontext check`,
 * each in its own process with a memory bound (--max-old-space-size; a run over it dies with a status
 * other than 0/1/2) and a time bound: the exit status is 0, 1 or 2, and stderr never holds a stack
 * trace. Fewer runs than the in-process property test (a process each); FC_SEED explores others.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { repo } from './helpers.js';

const seed = Number(process.env.FC_SEED ?? 20261201);
const bin = path.join(repo, 'bin/commontext.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-hostile-cli-'));
const MEMORY_MB = 256;
const PER_RUN_MS = 20_000;
const minimal = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8');
const TOKENS = ['> ', '- ', '1. ', '  ', ':::note\n', ':::itu{reason="r"}\n', ':::\n', '*', '[', ']', '(#x)', '`', '```\n', '# ', '\n', '\n\n', 'text ', ':ref[X]', ':this ', '[^1]', '[^1]: n\n', '| a | b |\n|---|---|\n', '{#id}', '\\', '---\n'];

/** The command in a child process with a memory bound: its status and stderr. */
function command(args: string[]): { status: number | null; stderr: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${MEMORY_MB}`, bin, ...args], { cwd: dir, encoding: 'utf8', timeout: PER_RUN_MS });
  return { status: r.status, stderr: r.stderr, ms: performance.now() - t0 };
}

function expectHandled(r: { status: number | null; stderr: string; ms: number }): void {
  expect([0, 1, 2], r.stderr.slice(0, 2000)).toContain(r.status);
  // a stack trace prints "    at function (file:line:col)" lines
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.ms).toBeLessThan(PER_RUN_MS);
}

describe('hostile input through the command: exit 0/1/2, no stack trace, within time and memory', () => {
  it('commontext lint of random bytes and of random nesting after valid front matter', () => {
    const head = minimal.slice(0, minimal.indexOf('\n---\n') + 5);
    const source = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      fc.array(fc.constantFrom(...TOKENS), { maxLength: 2000 }).map((t) => `${head}\n# Scope\n\n${t.join('')}\n`),
    );
    fc.assert(fc.property(source, (text) => {
      const file = path.join(dir, 'spec.md');
      writeFileSync(file, text);
      expectHandled(command(['lint', file]));
    }), { seed, numRuns: 12 });
  }, 300_000);

  describe('commontext check of damaged packages', () => {
    let good: Uint8Array;
    beforeAll(async () => {
      const file = path.join(dir, 'valid.md');
      writeFileSync(file, minimal);
      good = (await build(file, { write: false, only: 'itu' })).outputs[0].bytes;
      writeFileSync(path.join(dir, 'good.docx'), good);
    });

    it('bytes flipped or the file cut: exit 0/1/2, no stack trace', () => {
      const damage = fc.record({ at: fc.nat(), len: fc.integer({ min: 1, max: 64 }), byte: fc.integer({ min: 1, max: 255 }), cut: fc.boolean() });
      fc.assert(fc.property(damage, ({ at, len, byte, cut }) => {
        const i = at % good.length;
        const bytes = cut ? good.slice(0, i) : good.map((b, k) => (k >= i && k < i + len ? b ^ byte : b));
        writeFileSync(path.join(dir, 'damaged.docx'), bytes);
        expectHandled(command(['check', 'damaged.docx', 'good.docx', '--no-color']));
      }), { seed, numRuns: 12 });
    }, 300_000);
  });
});
