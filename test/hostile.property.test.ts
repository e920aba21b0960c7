/**
 * Hostile input, by property (issue 10): random bytes, random nesting and random YAML given to lint,
 * and randomly damaged DOCX packages given to check, end with diagnostics (a DiagnosticError when the
 * run stops), never another exception, each run within a time bound. Seeded like the other property
 * tests (FC_SEED explores others).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, lint } from '../src/index.js';
import { check } from '../src/check/index.js';
import { DiagnosticError } from '../src/util/diagnostics.js';
import { repo } from './helpers.js';

const seed = Number(process.env.FC_SEED ?? 20261201);
const minimal = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8');
const frontMatter = minimal.slice(0, minimal.indexOf('\n---\n') + 5);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-hostile-prop-'));
const PER_RUN_MS = 5000;

/** lint of a text written to a file: diagnostics only, in time. */
function lintText(text: string | Uint8Array): void {
  const file = path.join(dir, 'spec.md');
  writeFileSync(file, text);
  const t0 = performance.now();
  const diagnostics = lint(file);
  expect(performance.now() - t0).toBeLessThan(PER_RUN_MS);
  for (const d of diagnostics) expect(d.line).toBeGreaterThanOrEqual(0);
}

const TOKENS = ['> ', '- ', '1. ', '  ', ':::note\n', ':::itu{reason="r"}\n', ':::\n', '*', '**', '_', '[', ']', '(#x)', '`', '```\n', '# ', '## ', '\n', '\n\n', 'text ', ':ref[X]', ':this ', '[^1]', '[^1]: n\n', '| a | b |\n|---|---|\n', '::include{file="spec.md"}\n', '{#id}', '\\'];

describe('hostile input: random sources to lint, damaged packages to check', () => {
  it('random bytes: diagnostics, never an exception', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => { lintText(bytes); }), { seed, numRuns: 60 });
  });

  it('random nesting of every construct after valid front matter: diagnostics, never an exception, in time', () => {
    const body = fc.array(fc.constantFrom(...TOKENS), { maxLength: 3000 }).map((t) => t.join(''));
    fc.assert(fc.property(body, (text) => { lintText(`${frontMatter}\n# Scope\n\n${text}\n`); }), { seed, numRuns: 60 });
  });

  it('random YAML in the front matter: diagnostics, never an exception', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }));
    const keys = fc.constantFrom('title', 'kind', 'itu', 'iso', 'references', 'wording', 'templates', 'supplement', '__proto__', 'constructor');
    const doc = fc.dictionary(keys, value, { maxKeys: 6 });
    fc.assert(fc.property(doc, fc.boolean(), (d, keepValid) => {
      const yaml = keepValid ? `${frontMatter.slice(4, -4)}\n${stringify(d)}` : stringify(d);
      lintText(`---\n${yaml}---\n\n# Scope\n\nText.\n`);
    }), { seed, numRuns: 60 });
  });

  describe('damaged DOCX packages', () => {
    let good: Uint8Array;
    beforeAll(async () => {
      const file = path.join(dir, 'valid.md');
      writeFileSync(file, minimal);
      const r = await build(file, { write: false, only: 'itu' });
      good = r.outputs[0].bytes;
    });

    it('bytes flipped, cut or inserted: check answers or refuses with a diagnostic, never another exception', async () => {
      const damage = fc.record({
        at: fc.nat(), len: fc.integer({ min: 1, max: 64 }), byte: fc.integer({ min: 0, max: 255 }), how: fc.constantFrom('flip', 'cut', 'insert', 'truncate'),
      });
      await fc.assert(fc.asyncProperty(damage, async ({ at, len, byte, how }) => {
        const i = at % good.length;
        const bytes = how === 'truncate' ? good.slice(0, i)
          : how === 'cut' ? new Uint8Array([...good.subarray(0, i), ...good.subarray(i + len)])
          : how === 'insert' ? new Uint8Array([...good.subarray(0, i), ...new Array(len).fill(byte), ...good.subarray(i)])
          : good.map((b, k) => (k >= i && k < i + len ? b ^ (byte || 1) : b));
        const t0 = performance.now();
        try {
          const r = await check(bytes, good);
          expect(typeof r.identical).toBe('boolean');
        } catch (e) {
          expect(e).toBeInstanceOf(DiagnosticError);
        }
        expect(performance.now() - t0).toBeLessThan(PER_RUN_MS);
      }), { seed, numRuns: 80 });
    });
  });
});
