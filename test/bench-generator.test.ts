import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error plain ESM JavaScript without types
import { generate, writeCorpus, WORDS_PER_PAGE } from '../bench/generate.mjs';
import { parse, prepare } from '../src/index.js';

describe('bench generator', () => {
  it('is deterministic', () => {
    expect(JSON.stringify(generate({ pages: 20 }))).toBe(JSON.stringify(generate({ pages: 20 })));
    expect(JSON.stringify(generate({ pages: 20, seed: 1 }))).not.toBe(JSON.stringify(generate({ pages: 20 })));
  });

  it('hits the word budget (page ≈ 340 words) and grows linearly', () => {
    for (const pages of [50, 150]) {
      const { stats } = generate({ pages });
      expect(stats.words).toBeGreaterThanOrEqual(pages * WORDS_PER_PAGE);
      expect(stats.words).toBeLessThan(pages * WORDS_PER_PAGE * 1.1);
    }
  });

  it('writes a source that parses without errors and uses every construct', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-gen-'));
    writeCorpus(dir, 50);
    const result = parse(path.join(dir, 'source.md'));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const doc = result.document!;
    expect(doc.files.length).toBeGreaterThan(3);
    const json = JSON.stringify(doc.sections, (k, v) => (k === 'pos' ? undefined : v));
    for (const kind of ['"term"', '"note"', '"example"', '"list"', '"table"', '"figure"', '"code"', '"only"', '"xref"', '"cite"', '"this"', '"footnoteRef"']) expect(json).toContain(kind);
    expect(doc.sections.some((s) => s.annex)).toBe(true);
    const itu = prepare(doc, 'itu');
    const iso = prepare(doc, 'iso');
    expect(itu.declared.length).toBeGreaterThan(0);
    expect(iso.declared.length).toBeGreaterThan(0);
  });
});
