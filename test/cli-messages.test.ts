/**
 * Messages of the command line (issue 14): --version, unknown commands and options with a "did you
 * mean", errors about the source file before any progress line, plurals, and a lint that does not
 * claim to have withheld a write. The real command (bin/commontext.js) where the terminal's streams matter.
 */
import { readFileSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { repo, tmp } from './helpers.js';
import { runBin, runMain } from './cli-helpers.js';

const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
const quotesBalanced = (s: string) => (s.match(/"/g) ?? []).length % 2 === 0;

/** Every command, in the order the usage lists them (written out: a new command must be added here too). */
const COMMANDS = 'build, lint, check, init, corrigendum, amendment, apply, defect, preview, pdf, import, lsp, guide';

describe('the command line says what is wrong, once, in one style', () => {
  it('--version and -v print the version of package.json', () => {
    for (const flag of ['--version', '-v']) {
      const r = runBin([flag]);
      expect([r.code, r.out, r.err]).toEqual([0, `commontext ${pkg.version}\n`, '']);
    }
  });

  it('an unknown command: one usage line with the nearest command, exit 2', async () => {
    const r = await runMain(['biuld', 'spec.md']);
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toBe(`commontext: error: unknown command "biuld"; did you mean "build"? the commands are ${COMMANDS}; see "commontext --help" [usage]\n`);
    const far = await runMain(['zzzzzz']);
    expect(far.err).not.toContain('did you mean');
    expect(far.code).toBe(2);
  });

  it('an unknown option: one line, balanced quotes, the nearest option of that command, exit 2', async () => {
    const cases: [string[], string][] = [
      [['build', 'spec.md', '--outt', 'x'], 'commontext build: error: unknown option "--outt"; did you mean "--out"? see "commontext build --help" [usage]\n'],
      [['check', 'a.docx', 'b.docx', '--stict-typography'], 'commontext check: error: unknown option "--stict-typography"; did you mean "--strict-typography"? see "commontext check --help" [usage]\n'],
      [['corrigendum', '--base', 'v1', 'spec.md', '--number', '1', '--nodocx'], 'commontext corrigendum: error: unknown option "--nodocx"; did you mean "--no-docx"? see "commontext corrigendum --help" [usage]\n'],
      [['lint', '--templtes', 'x', 'spec.md'], 'commontext lint: error: unknown option "--templtes"; did you mean "--templates"? see "commontext lint --help" [usage]\n'],
      [['defect', 'lst', 'spec.md'], 'commontext defect: error: unknown subcommand "lst"; did you mean "list"? the subcommands are new, render and list; see "commontext defect --help" [usage]\n'],
      [['build', 'spec.md', '--out'], 'commontext build: error: "--out" needs a value: --out DIR; see "commontext build --help" [usage]\n'],
      [['build', 'spec.md', '--quiet=yes'], 'commontext build: error: "--quiet" takes no value (given "yes"); see "commontext build --help" [usage]\n'],
      [['--verison'], `commontext: error: unknown option "--verison" before the command; did you mean "--version"? the commands are ${COMMANDS}; see "commontext --help" [usage]\n`],
    ];
    for (const [args, expected] of cases) {
      const r = await runMain(args);
      expect([args, r.code, r.out, r.err]).toEqual([args, 2, '', expected]);
      expect(quotesBalanced(r.err)).toBe(true);
    }
  });

  it('a missing or unreadable source: the error, before any progress line, and nothing else', () => {
    const dir = tmp();
    for (const command of ['build', 'lint']) {
      const r = runBin([command, 'nonexist.md'], dir);
      expect([r.code, r.out]).toEqual([2, '']);
      expect(r.err).toBe(`nonexist.md: error: there is no such source file; give the path of your Markdown source, e.g. "commontext ${command} spec.md" ("commontext init" writes a starter source) [not-found]\n`);
    }
    mkdirSync(path.join(dir, 'folder.md'));
    const folder = runBin(['build', 'folder.md'], dir);
    expect([folder.code, folder.err]).toEqual([2, 'folder.md: error: the source file is a folder, not a file: name a Markdown file in it [file-not-regular]\n']);
    if (process.getuid?.() !== 0) {
      writeFileSync(path.join(dir, 'locked.md'), '# x\n');
      chmodSync(path.join(dir, 'locked.md'), 0);
      const locked = runBin(['build', 'locked.md'], dir);
      expect(locked.code).toBe(2);
      expect(locked.err).toMatch(/^locked\.md: error: cannot read the source file: EACCES[^\n]*; check its permissions \[file-unreadable\]\n$/);
    }
  });

  it('lint with errors says what is true: it writes nothing in any case', async () => {
    const r = await runMain(['lint', path.join(repo, 'fixtures/errors/unknown-ref.md')]);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('nothing was written');
    expect(r.err).toMatch(/\n1 error; a build would write nothing until they are fixed\.\n$|\n\d+ errors(, \d+ warnings?)?; a build would write nothing until they are fixed\.\n$/);
    // build, which does write, still says so
    const b = await runMain(['build', path.join(repo, 'fixtures/errors/unknown-ref.md'), '--out', tmp(), '--quiet']);
    expect(b.err).toMatch(/; nothing was written\.\n$/);
  });

  it('plurals: "2 tables" (never "1 tables") in check\'s summary of the ITU front matter, "1 insertion" of tracked changes', async () => {
    const r = await runMain(['check', path.join(repo, 'fixtures/example/example.md'), '--no-color']);
    expect(r.out).toMatch(/front matter: ITU: \d+ paragraphs, 2 tables: /); // the History table and the cover verso's series table
    expect(r.out).not.toMatch(/\b1 tables\b/);
    // the ITU DOCX with one run of its body marked as a tracked insertion
    const dir = tmp();
    expect((await runMain(['build', path.join(repo, 'fixtures/example/example.md'), '--out', dir, '--quiet', '--no-check'])).code).toBe(0);
    const itu = path.join(dir, 'T-REC-X.1999-202403-I-E.docx');
    const files = unzipSync(readFileSync(itu));
    const xml = strFromU8(files['word/document.xml']);
    const body = xml.indexOf('<w:body>');
    const start = xml.indexOf('<w:r>', xml.indexOf('Scope', body));
    const end = xml.indexOf('</w:r>', start) + '</w:r>'.length;
    files['word/document.xml'] = strToU8(`${xml.slice(0, start)}<w:ins w:id="990001" w:author="test" w:date="2024-01-01T00:00:00Z">${xml.slice(start, end)}</w:ins>${xml.slice(end)}`);
    writeFileSync(itu, zipSync(files));
    const c = await runMain(['check', itu, path.join(dir, 'ISO_IEC_29999-1_2024(E).docx'), '--no-color']);
    expect(c.out).toContain('tracked changes (1 insertion, 0 deletions)');
  });
});
