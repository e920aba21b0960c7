/**
 * commontext import of the real Rec. ITU-T X.500 (10/2016): the Markdown an editor gets (front matter,
 * references registry, :ref citations, term entries, notes, anchors), that it lints, and the proof:
 * the rebuilt ITU DOCX checked against the original, and its front matter paragraph by paragraph.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { main } from '../src/cli/main.js';
import { lint, build } from '../src/app/build.js';
import { check } from '../src/check/index.js';
import { readDocxSync } from '../src/reader/index.js';
import { frontTexts } from '../src/import/verify.js';
import { corpus, tmp } from './helpers.js';

const X500 = path.join(corpus, 'itu/T-REC-X.500-201610-I-MSW-E.docx');
const have = existsSync(X500);

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe.skipIf(!have)('import of X.500 (10/2016)', () => {
  let dir: string;
  let md: string;
  let front: Record<string, any>;
  let body: string;
  beforeAll(async () => {
    dir = tmp('ct-import-');
    const r = await run(['import', X500, '--out', dir]);
    expect(r.code, r.err).toBe(0);
    md = readFileSync(path.join(dir, 'X.500.md'), 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n/.exec(md)!;
    front = YAML.parse(m[1]);
    body = md.slice(m[0].length);
  }, 60_000);

  it('writes the front matter the ITU front matter gives', () => {
    expect(front.itu.number).toBe('X.500');
    expect(front.itu.approved).toBe('2016-10-14');
    expect(front.itu.studyGroup).toBe(17);
    expect(front.itu.studyPeriod).toBe('2013-2016');
    expect(front.itu.subseries).toBe('Directory');
    expect(front.itu.keywords).toEqual(['Attribute', 'directory', 'directory information tree', 'directory system agent', 'directory user agent', 'distinguished name']);
    expect(front.itu.history).toHaveLength(9);
    expect(front.itu.history[3]).toEqual({ edition: '3.1', recommendation: 'ITU-T X.500 (1997) Amd. 1', approved: '2000-03-31', studyGroup: '7', uniqueId: '11.1002/1000/5029' });
    expect(front.iso.designation).toBe('ISO/IEC 9594-1');
    expect(front.title).toBe('Information technology – Open Systems Interconnection –The Directory: Overview of concepts, models and services');
  });

  it('rebuilds the normative references as the registry and cites it with :ref', () => {
    expect(Object.keys(front.references)).toEqual(['X.200', 'X.501', 'X.509', 'X.511', 'X.518', 'X.519', 'X.520', 'X.521', 'X.525']);
    expect(front.references['X.501']).toEqual({ itu: { number: 'X.501', year: 2016 }, iso: { designation: 'ISO/IEC 9594-2', year: 2017 }, title: 'Information technology – Open Systems Interconnection – The Directory: Models' });
    expect(body).toContain('# Normative references {.normative-references}\n\n# Definitions');
    expect(body).toContain('The following terms are defined in :ref[X.519]:');
    expect(body).toContain(':::note\nThe DIB, and its structure, are defined in :ref[X.501].\n:::');
  });

  it('writes term entries, :this, notes, lists and annexes as a hand-written source', () => {
    expect(body).toContain('# Definitions {.terms}');
    expect(body).toContain('**the Directory**: A collection of open systems cooperating to provide directory services.');
    expect(body).toContain('For the purposes of :this, the following definitions apply.');
    expect(body).toMatch(/\n1\. application-entity;\n2\. application layer;\n3\. application process\.\n/);
    expect(body).toMatch(/# Applying the Directory \{#[a-z-]+ annex=integral\}/);
    expect(body).toMatch(/# Amendments and corrigenda \{#[a-z-]+ annex=non-integral\}/);
    expect(body).toContain('1. Many telecommunications networks will be on a large scale, and will constantly undergo change:\n   1. objects of various kinds');
    expect(body).toContain('Figure: Referrals {#fig-5a number="5a"}');
    expect(body).toMatch(/!\[Access to the Directory\]\(figures\/figure-1\.png\)\n\nFigure: Access to the Directory \{#fig-1\}\n/);
    expect(readdirSync(path.join(dir, 'figures'))).toContain('figure-a-1.png');
  });

  it('gives anchors only to what a link points at, and escapes nothing needlessly', () => {
    const anchors = [...body.matchAll(/\{#([\w-]+)/g)].map((m) => m[1]);
    const links = new Set([...body.matchAll(/\]\(#([\w-]+)\)/g)].map((m) => m[1]));
    expect(anchors.length).toBeGreaterThan(0);
    for (const a of anchors) expect(links.has(a), a).toBe(true);
    for (const l of links) expect(anchors, l).toContain(l);
    expect(body).toContain('[](#annex-applying-directory), which is an integral part of :this');
    expect(body).not.toMatch(/\\[:&|()\-.'"]/);
    expect(body).toMatch(/ISO\/IEC[ \u00A0]9594:1990/);
  });

  it('reports the fixed texts the build does not write: none of the cover verso\'s series list any more (the build writes it)', () => {
    const report = readFileSync(path.join(dir, 'X.500.import-report.md'), 'utf8');
    expect(report).toContain('## Fixed texts that differ from the known wording (the build generates its own) (1)');
    expect(report).toContain('title block: the body title block is printed otherwise');
    expect(report).not.toMatch(/series' Recommendations \(91 paragraphs\)/);
  });

  it('lints with no errors', () => {
    const errors = lint(path.join(dir, 'X.500.md')).filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('rebuilds a DOCX that check finds technically identical to the original: no finding in the body', async () => {
    const built = await build(path.join(dir, 'X.500.md'), { only: 'itu', write: false });
    expect(built.ok).toBe(true);
    // the body title block of the original reads "INTERNATIONAL STANDARD" / "ITU-T RECOMMENDATION"
    // without numbers: the import keeps that wording as the source's own template
    expect(front.templates).toBe('templates');
    expect(readFileSync(path.join(dir, 'templates/common/body.yaml'), 'utf8')).toContain('titleBlockItu: "ITU-T RECOMMENDATION"');
    const result = await check(X500, built.outputs[0].bytes);
    expect(result.findings).toEqual([]);
    expect(result.stats.clauses).toEqual([71, 71]);
    expect(result.stats.units[0]).toBe(result.stats.units[1]);
    // the front matter, paragraph by paragraph: Summary, History rows, Keywords are reproduced
    const rebuilt = new Set(frontTexts(readDocxSync(built.outputs[0].bytes)));
    const original = frontTexts(readDocxSync(X500));
    const at = (t: string) => original.findIndex((x) => x === t);
    const range = original.slice(at('Summary'), at('FOREWORD'));
    expect(range.length).toBeGreaterThan(10);
    for (const t of range) expect(rebuilt.has(t), t).toBe(true);
  }, 60_000);

  it('--verify prints check verdict and the front-matter comparison', async () => {
    const out2 = tmp('ct-import-v-');
    const r = await run(['import', X500, '--out', out2, '--verify']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('technically identical: no differences in the body');
    expect(r.out).toMatch(/Front matter: /);
  }, 60_000);
});
