/**
 * import --split: one file per top-level clause or annex, ::include'd from the main file, as an
 * editor would split a long text. The split source builds byte-identical DOCX to the unsplit one
 * (one-side blocks, footnotes and pictures included), every file lies inside --out, and `auto` splits
 * only a long text (more than 3000 lines of Markdown).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { build } from '../src/app/build.js';
import { corpus, repo, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p, base) : [path.relative(base, p)];
  }).sort();
}

async function docx(source: string): Promise<Record<string, Buffer>> {
  const r = await build(source, { write: false });
  expect(r.ok, r.diagnostics.map((d) => d.message).join('\n')).toBe(true);
  return Object.fromEntries(r.outputs.map((o) => [o.side, Buffer.from(o.bytes)]));
}

describe('import --split of our build of fixtures/example (with --iso: one-side blocks, footnotes, pictures)', () => {
  let itu: string;
  let iso: string;
  beforeAll(async () => {
    const r = await build(path.join(repo, 'fixtures/example/example.md'), { outDir: tmp('ct-split-src-') });
    itu = r.outputs.find((o) => o.side === 'itu')!.path!;
    iso = r.outputs.find((o) => o.side === 'iso')!.path!;
  }, 60_000);

  it('--split always: a main file with one ::include per clause and annex, all inside --out; builds byte-identical DOCX to --split never', async () => {
    const parent = tmp('ct-split-');
    const split = path.join(parent, 'split');
    const single = path.join(parent, 'single');
    expect((await run(['import', itu, '--iso', iso, '--out', split, '--split', 'always'])).code).toBe(0);
    expect((await run(['import', itu, '--iso', iso, '--out', single, '--split', 'never'])).code).toBe(0);
    expect(readdirSync(parent).sort()).toEqual(['single', 'split']);
    const clauses = ['01-scope.md', '02-normative-references.md', '03-definitions.md', '04-abbreviations-acronyms-conventions.md', '05-attestation-model.md', '06-attestation-protocol.md', '07-security-considerations.md', '08-conformance.md', 'annex-a-formal-specification-asn-1.md', 'annex-b-deployment-examples.md', 'annex-patents.md', 'bibliography.md'];
    expect(filesUnder(split).filter((f) => f.endsWith('.md'))).toEqual(['X.1999.import-report.md', 'X.1999.md', ...clauses.map((c) => `clauses/${c}`)]);
    expect(filesUnder(single).filter((f) => f.endsWith('.md'))).toEqual(['X.1999.import-report.md', 'X.1999.md']);
    const main = readFileSync(path.join(split, 'X.1999.md'), 'utf8');
    expect([...main.matchAll(/^::include\{file="([^"]+)"\}$/gm)].map((m) => m[1])).toEqual(clauses.map((c) => `clauses/${c}`));
    expect(main).toContain('# Introduction {.introduction}');
    expect(main).not.toMatch(/^# Scope/m);
    // the ISO-only annex is its own file, its :::iso block whole; a footnote goes with its reference; pictures from one level up
    expect(readFileSync(path.join(split, 'clauses/annex-patents.md'), 'utf8')).toMatch(/^:::iso\{reason="[^"]+"\}\n# Patents \{#annex-patents annex=non-integral\}\n/);
    const model = readFileSync(path.join(split, 'clauses/05-attestation-model.md'), 'utf8');
    expect(model).toMatch(/\[\^1\][\s\S]*\n\[\^1\]: /);
    expect(model).toMatch(/!\[[^\]]*\]\(\.\.\/figures\/[^)]+\.png\)/);
    const [a, b] = [await docx(path.join(split, 'X.1999.md')), await docx(path.join(single, 'X.1999.md'))];
    expect(a.itu.equals(b.itu)).toBe(true);
    expect(a.iso.equals(b.iso)).toBe(true);
  }, 120_000);

  it('--split auto keeps a short text in one file; an unknown mode is a usage error, nothing written', async () => {
    const out = path.join(tmp('ct-split-auto-'), 'out');
    expect((await run(['import', itu, '--out', out])).code).toBe(0);
    expect(existsSync(path.join(out, 'clauses'))).toBe(false);
    const bad = path.join(tmp('ct-split-bad-'), 'out');
    const r = await run(['import', itu, '--out', bad, '--split', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--split sometimes: not a split mode');
    expect(r.err).toContain('--split auto, --split always, --split never');
    expect(existsSync(bad)).toBe(false);
  }, 60_000);
});

const T832 = path.join(corpus, 'itu/T-REC-T.832-201608-I-MSW-E.docx');

describe.skipIf(!existsSync(T832))('import --split auto of T.832 (08/2016), a long text', () => {
  it('splits it (more than 3000 lines) and the split source builds the same DOCX as the single file', async () => {
    const parent = tmp('ct-split-t832-');
    expect((await run(['import', T832, '--out', path.join(parent, 'auto')])).code).toBe(0);
    expect((await run(['import', T832, '--out', path.join(parent, 'never'), '--split', 'never'])).code).toBe(0);
    const single = readFileSync(path.join(parent, 'never/T.832.md'), 'utf8');
    expect(single.split('\n').length).toBeGreaterThan(3000);
    const main = readFileSync(path.join(parent, 'auto/T.832.md'), 'utf8');
    expect(main.split('\n').length).toBeLessThan(1000);
    expect(main).toContain('::include{file="clauses/01-scope.md"}');
    const r = async (dir: string) => {
      const b = await build(path.join(parent, dir, 'T.832.md'), { only: 'itu', write: false });
      expect(b.ok).toBe(true);
      return Buffer.from(b.outputs[0].bytes);
    };
    expect((await r('auto')).equals(await r('never'))).toBe(true);
  }, 180_000);
});
