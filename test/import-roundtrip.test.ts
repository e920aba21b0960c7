/**
 * The other direction and the other corpus texts: import of our own build of fixtures/x500/x500.md
 * rebuilds byte-identical DOCX (ITU-T alone, and both with --iso); the source-format additions
 * import relies on ({number=…}, {.unnumbered} captions, :::note{number=…}) print what they say; the
 * twin-like T.832 is measured.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { build } from '../src/app/build.js';
import { check } from '../src/check/index.js';
import { readDocxSync } from '../src/reader/index.js';
import { frontTexts } from '../src/import/verify.js';
import { corpus, repo, texts, tmp, importedMarkdown } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('import of our own build of fixtures/x500/x500.md', () => {
  it('rebuilds byte-identical DOCX: the author\'s anchors kept from the _ct_ bookmarks, no link where the source had plain text', async () => {
    const first = await build(path.join(repo, 'fixtures/x500/x500.md'), { outDir: tmp('ct-rt-a-') });
    expect(first.ok).toBe(true);
    const [itu, iso] = ['itu', 'iso'].map((s) => first.outputs.find((o) => o.side === s)!);
    const out = tmp('ct-rt-b-');
    const r = await run(['import', itu.path!, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(path.join(out, 'X.500.md'), 'utf8');
    expect(md).toContain('year: 2017'); // the ISO year, read from the running header
    // the anchors the hand-written source names, with the same words, also where nothing links to them
    const anchors = (text: string) => [...text.matchAll(/\{#([\w-]+)/g)].map((m) => m[1]);
    expect(anchors(md)).toEqual(anchors(readFileSync(path.join(repo, 'fixtures/x500/x500.md'), 'utf8')));
    expect(md).toContain('briefly described in clause 11, to govern');
    expect(readFileSync(path.join(out, 'X.500.import-report.md'), 'utf8')).toContain('Everything was mapped.');
    const second = await build(path.join(out, 'X.500.md'), { only: 'itu', write: false });
    expect(second.ok).toBe(true);
    const result = await check(itu.bytes, second.outputs[0].bytes);
    expect(result.findings).toEqual([]);
    expect(frontTexts(readDocxSync(second.outputs[0].bytes))).toEqual(frontTexts(readDocxSync(itu.bytes)));
    expect(Buffer.from(second.outputs[0].bytes).equals(Buffer.from(itu.bytes))).toBe(true);
    // with the ISO/IEC publication too, both publications rebuild byte for byte
    const out2 = tmp('ct-rt-c-');
    expect((await run(['import', itu.path!, '--iso', iso.path!, '--out', out2])).code).toBe(0);
    const both = await build(path.join(out2, 'X.500.md'), { write: false });
    expect(both.ok).toBe(true);
    for (const o of both.outputs) expect(Buffer.from(o.bytes).equals(Buffer.from(o.side === 'itu' ? itu.bytes : iso.bytes)), o.side).toBe(true);
  }, 90_000);
});

describe('source-format additions for imported texts', () => {
  it('captions and notes keep a printed number; a table or figure can go without caption', async () => {
    const dir = tmp('ct-add-');
    const png = readFileSync(path.join(repo, 'fixtures/x500/figures/fig1-access.png'));
    writeFileSync(path.join(dir, 'p.png'), png);
    const src = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8').replace(/\n# [\s\S]*$/, '\n');
    const body = [
      '# Scope', '',
      'Text.', '',
      'Table: {.unnumbered}', '', '| a | b |', '|---|---|', '| 1 | 2 |', '',
      'Table: Splice parameters {number="2-7"}', '', '| c | d |', '|---|---|', '| 3 | 4 |', '',
      'Table: Counted', '', '| e | f |', '|---|---|', '| 5 | 6 |', '',
      '![A](p.png)', '', 'Figure: Referrals {number="5a"}', '',
      '![B](p.png)', '', 'Figure: {.unnumbered}', '',
      ':::note{number=""}', 'First.', ':::', '', ':::note{number=""}', 'Second.', ':::', '',
    ].join('\n');
    writeFileSync(path.join(dir, 's.md'), `${src}\n${body}`);
    const built = await build(path.join(dir, 's.md'), { only: 'itu', write: false });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const t = texts(readDocxSync(built.outputs[0].bytes)).map((x) => x.replace(/\s+/g, ' '));
    expect(t).toContain('Table 2-7 – Splice parameters');
    expect(t).toContain('Table 1 – Counted');
    expect(t).toContain('Figure 5a – Referrals');
    expect(t.filter((x) => /^(Table|Figure) \S+$/.test(x))).toEqual([]);
    expect(t).toContain('NOTE – First.');
    expect(t).toContain('NOTE – Second.');
  }, 60_000);

  it('a cell "<" merges with the cell on its left (w:gridSpan, read back as one cell); "\\<" is a cell holding "<"; "<" first in a row is an error', async () => {
    const dir = tmp('ct-span-');
    const src = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8').replace(/\n# [\s\S]*$/, '\n');
    const body = ['# Scope', '', 'Table: Merged', '', '| Title across | < | < |', '|---|---|---|', '| a | b | \\< |', '| wide | < | c |', ''].join('\n');
    writeFileSync(path.join(dir, 's.md'), `${src}\n${body}`);
    const built = await build(path.join(dir, 's.md'), { only: 'itu', write: false });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const docx = readDocxSync(built.outputs[0].bytes);
    const table = docx.body.find((b) => b.kind === 'table' && b.rows[0].cells[0]?.text === 'Title across');
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    expect(table.rows.map((r) => r.cells.map((c) => [c.text, c.span ?? 1]))).toEqual([
      [['Title across', 3]],
      [['a', 1], ['b', 1], ['<', 1]],
      [['wide', 2], ['c', 1]],
    ]);
    writeFileSync(path.join(dir, 'bad.md'), `${src}\n${['# Scope', '', '| < | x |', '|---|---|', '| 1 | 2 |', ''].join('\n')}`);
    const bad = await build(path.join(dir, 'bad.md'), { only: 'itu', write: false });
    expect(bad.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([`${src.split("\n").length + 3}:1 table-merge`]);
  }, 60_000);
});

const T832 = path.join(corpus, 'itu/T-REC-T.832-201608-I-MSW-E.docx');

describe.skipIf(!existsSync(T832))('import of T.832 (08/2016), measured', () => {
  it('rebuilds with no body finding: no title block, as in the original (titleBlock: false); a note paragraph after an equation without lead-in ({label=""}); merged cells rebuild', async () => {
    const out = tmp('ct-t832-');
    const r = await run(['import', T832, '--out', out, '--verify']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('technically identical: no differences in the body');
    expect(r.out).not.toContain('title block, paragraph');
    expect(r.out).not.toMatch(/row 1 has \d+ cells in original/);
    const md = importedMarkdown(out, 'T.832.md');
    expect(md).toContain('kind: "common"');
    expect(md).toMatch(/^  titleBlock: false$/m);
    expect(md).toMatch(/:::note\{label=""\}\nOtherwise, if OUTPUT_BITDEPTH is equal to BD16S/);
    // a footnote reference stands where the original has it, in the Markdown and in the rebuilt DOCX
    expect(md).toContain('in the IANA[^2] central registry');
    const rebuilt = await build(path.join(out, 'T.832.md'), { only: 'itu', write: false });
    const at = (d: ReturnType<typeof readDocxSync>) => d.body.flatMap((b) => (b.kind === 'paragraph' && b.text.includes('IANA central registry') ? b.footnotes?.map((f) => [b.text.slice(0, f.at), f.at]) ?? [] : []));
    expect(at(readDocxSync(rebuilt.outputs[0].bytes))).toEqual(at(readDocxSync(T832)));
    expect(at(readDocxSync(T832))[0]?.[0]).toMatch(/IANA$/);
    expect(readFileSync(path.join(out, 'T.832.import-report.md'), 'utf8')).toMatch(/iso\.designation: .*placeholder/);
  }, 180_000);
});
