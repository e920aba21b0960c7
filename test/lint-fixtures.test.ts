/**
 * Issue 14, the rest of "no silent mistakes": the bundled fixtures lint clean (the X.500 mirror's
 * ":this:" now prints what the author meant), a template folder that is not there stops build and lint
 * (exit status 2) instead of falling back to the bundled templates, `lint --json` prints only the JSON
 * array on stdout, and an image's {width=…} reaches the DOCX (the picture's extent read back).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, lint } from '../src/index.js';
import { main } from '../src/cli/main.js';
import { listZip, readEntry } from '../src/reader/zip.js';
import { readDocx } from '../src/reader/index.js';
import { repo, texts, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/** Every Markdown file under fixtures/ that is a source meant to build: it has front matter and is not an error fixture. */
function buildableFixtures(dir = path.join(repo, 'fixtures')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return buildableFixtures(file);
    const rel = path.relative(repo, file);
    const errorFixture = rel.startsWith(path.join('fixtures', 'errors')) && name !== 'valid-minimal.md';
    return name.endsWith('.md') && !errorFixture && readFileSync(file, 'utf8').startsWith('---\n') ? [rel] : [];
  });
}

/** The X.500 mirror's folder (its figures) copied into `dir`. */
function cpSyncFixture(dir: string): void {
  for (const f of readdirSync(path.join(repo, 'fixtures/x500'), { recursive: true }) as string[]) {
    const from = path.join(repo, 'fixtures/x500', f);
    if (statSync(from).isFile()) { mkdirSync(path.dirname(path.join(dir, f)), { recursive: true }); copyFileSync(from, path.join(dir, f)); }
  }
}

describe('the bundled fixtures lint clean', () => {
  const fixtures = buildableFixtures();
  it('finds the fixtures (the example, the X.500 mirror, the defects source, the minimal one)', () => {
    for (const f of ['fixtures/example/example.md', 'fixtures/x500/x500.md', 'fixtures/defects/spec.md', 'fixtures/errors/valid-minimal.md']) expect(fixtures).toContain(f);
  });
  for (const fixture of fixtures) {
    it(`${fixture}: no errors, no warnings`, () => {
      const found = lint(path.join(repo, fixture)).map((d) => `${path.relative(repo, path.resolve(d.file))}:${d.line}:${d.column} ${d.code}`);
      expect(found).toEqual([]);
    });
  }

  it('lint: { quiet: [...] } drops those warnings only: without it the mirror\'s real-text warning is back, and an error is never quieted', () => {
    const dir = tmp();
    const text = readFileSync(path.join(repo, 'fixtures/x500/x500.md'), 'utf8');
    cpSyncFixture(dir);
    writeFileSync(path.join(dir, 'x500.md'), text.replace(/\nlint:\n(  .*\n)+/, '\n'));
    expect(lint(path.join(dir, 'x500.md')).map((d) => d.code)).toEqual(['requirement-in-note']);
    writeFileSync(path.join(dir, 'x500.md'), text.replace('quiet: [requirement-in-note]', 'quiet: [requirement-in-note, unknown-ref]').replace('are defined in :ref[X.501].', 'are defined in :ref[X.999].'));
    expect(lint(path.join(dir, 'x500.md')).map((d) => `${d.severity} ${d.code}`)).toEqual(['error unknown-ref']);
  });

  it('the X.500 mirror prints "defined in this Recommendation | International Standard:" where it wrote ":this:"', async () => {
    const out = tmp();
    const result = await build(path.join(repo, 'fixtures/x500/x500.md'), { outDir: out });
    expect(result.ok).toBe(true);
    const itu = texts(await readDocx(result.outputs[0].path!));
    expect(itu).toContain('The following terms are defined in this Recommendation | International Standard:');
    expect(itu.join('\n')).not.toContain(':this');
  });
});

describe(':this followed by a colon', () => {
  it('":this:" prints this Recommendation | International Standard and a colon; "\\:this:" stays as written, without a warning', async () => {
    const dir = tmp();
    const head = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8').split('\n').slice(0, 15).join('\n');
    writeFileSync(path.join(dir, 'spec.md'), `${head}\n# Scope\n\nTerms defined in :this:\n\nThe key \\:this: stays.\n\n:This: first.\n`);
    expect(lint(path.join(dir, 'spec.md'))).toEqual([]);
    const result = await build(path.join(dir, 'spec.md'), { outDir: path.join(dir, 'out') });
    const [itu, iso] = await Promise.all(result.outputs.map((o) => readDocx(o.path!)));
    for (const doc of [itu, iso]) {
      expect(texts(doc)).toContain('Terms defined in this Recommendation | International Standard:');
      expect(texts(doc)).toContain('The key :this: stays.');
      expect(texts(doc)).toContain('This Recommendation | International Standard: first.');
    }
  });
});

describe('a templates folder that is not there is an error, not the bundled templates', () => {
  const example = path.join(repo, 'fixtures/errors/valid-minimal.md');
  it('build --templates nope-dir: exit status 2, the message names the option, nothing written', async () => {
    const out = tmp();
    const r = await run(['build', example, '--templates', 'nope-dir', '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('nope-dir: error: the templates folder given with --templates does not exist, so none of its templates could be used; name an existing folder of your own templates, or leave --templates out to use the bundled ones [templates-folder]');
    expect(readdirSync(out)).toEqual([]);
  });
  it('lint --templates FILE (not a folder): exit status 2', async () => {
    const r = await run(['lint', example, '--templates', example]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: the templates folder given with --templates is not a folder');
  });
  it('the front matter\'s templates: names a missing folder: an error at its line', async () => {
    const dir = tmp();
    const text = readFileSync(example, 'utf8').replace('\n---\n', '\ntemplates: my-templates\n---\n');
    const file = path.join(dir, 'spec.md');
    writeFileSync(file, text);
    const line = text.split('\n').indexOf('templates: my-templates') + 1;
    const d = lint(file);
    expect(d).toContainEqual(expect.objectContaining({ line, column: 1, severity: 'error', code: 'templates-folder' }));
    expect(d.find((x) => x.code === 'templates-folder')!.message).toContain('the templates folder "my-templates" does not exist');
    expect((await run(['build', file, '--out', tmp(), '--quiet'])).code).toBe(2);
  });
});

describe('lint --json', () => {
  it('prints a JSON array of the diagnostics on stdout and nothing else; the exit status is lint\'s', async () => {
    const r = await run(['lint', path.join(repo, 'fixtures/errors/several-errors.md'), '--json']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('');
    const list = JSON.parse(r.out);
    expect(list).toHaveLength(7);
    expect(list[0]).toEqual({
      file: 'fixtures/errors/several-errors.md', line: 3, column: 1, severity: 'error', code: expect.any(String), message: expect.stringContaining('"itu.number" is missing'), fix: null,
    });
    for (const d of list) expect(Object.keys(d)).toEqual(['file', 'line', 'column', 'severity', 'code', 'message', 'fix']);
  });
  it('a clean source: an empty array, exit status 0', async () => {
    const r = await run(['lint', path.join(repo, 'fixtures/errors/valid-minimal.md'), '--json']);
    expect(r).toEqual({ code: 0, out: '[]\n', err: '' });
  });
});

describe('image size {width=…}', () => {
  /** A DOCX's document.xml and the widths (EMU) of the pictures of its body, in order. */
  function pictures(file: string): { xml: string; extents: number[] } {
    const bytes = new Uint8Array(readFileSync(file));
    const xml = new TextDecoder().decode(readEntry(bytes, listZip(bytes).get('word/document.xml')!));
    return { xml, extents: [...xml.matchAll(/<wp:extent cx="(\d+)"/g)].map((m) => Number(m[1])) };
  }

  it('50% of the text width and 4 cm reach the DOCX; without a width the picture keeps its size', async () => {
    const dir = tmp();
    // 480 × 200 px, narrower than the text width
    copyFileSync(path.join(repo, 'fixtures/example/figures/attestation-roles.png'), path.join(dir, 'fig.png'));
    const head = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8').split('\n').slice(0, 15).join('\n');
    const body = '# Scope\n\n![A](fig.png)\n\nFigure: Natural\n\n![B](fig.png){width=50%}\n\nFigure: Half\n\n![C](fig.png){width=4cm}\n\nFigure: Four centimetres\n';
    writeFileSync(path.join(dir, 'spec.md'), `${head}\n${body}`);
    expect(lint(path.join(dir, 'spec.md'))).toEqual([]);
    const result = await build(path.join(dir, 'spec.md'), { outDir: path.join(dir, 'out') });
    expect(result.ok).toBe(true);
    for (const o of result.outputs) {
      const { xml, extents: [natural, half, four] } = pictures(o.path!);
      // its own 480 px at 96 dpi (9525 EMU a pixel)
      expect(natural).toBe(480 * 9525);
      // 4 cm = 1440000 EMU (360000 EMU a centimetre), to the pixel
      expect(Math.abs(four - 1440000)).toBeLessThanOrEqual(9525);
      // half the text width of the page the DOCX declares (twips: 635 EMU each)
      const pgW = Number(/<w:pgSz w:w="(\d+)"/.exec(xml)![1]);
      const margins = /<w:pgMar [^>]*w:right="(\d+)"[^>]*w:left="(\d+)"/.exec(xml)!;
      const textWidthEmu = (pgW - Number(margins[1]) - Number(margins[2])) * 635;
      expect(Math.abs(half - textWidthEmu / 2)).toBeLessThanOrEqual(2 * 9525);
      expect(half).not.toBe(natural);
    }
    expect(existsSync(path.join(dir, 'out'))).toBe(true);
  });
});
