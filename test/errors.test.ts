/**
 * Bad input (spec §5): every error names file:line:column and what would be right, all errors are
 * reported together, the command exits 2 and no output file is written or replaced.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { repo, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const E = (f: string) => path.join('fixtures/errors', f);

// [file, expected "file:line:column: error: <message start>" lines]
const cases: [string, string[]][] = [
  ['missing-field.md', ['missing-field.md:3:1: error: front matter field "itu.number" is missing; it is required']],
  ['wrong-type-edition.md', ['wrong-type-edition.md:10:3: error: front matter field "iso.edition" must be a whole number; found "eighth"']],
  ['wrong-type-number.md', ['wrong-type-number.md:4:3: error: front matter field "itu.number" must be a text; YAML read 500 as a number: write it in quotes']],
  ['unknown-field.md', ['unknown-field.md:7:3: error: unknown front matter field "itu.keyword"; did you mean "keywords"?']],
  ['unknown-ref.md', ['unknown-ref.md:18:28: error: :ref[X.999] cites an id that is not in the front matter "references"']],
  ['unknown-anchor.md', ['unknown-anchor.md:18:44: error: cross-reference to #nope, but no heading, table or figure has that anchor']],
  ['authored-normative-references.md', ['authored-normative-references.md:22:1: error: text under the {.normative-references} heading: this clause is generated']],
  ['include-outside/src/main.md', ['include-outside/src/main.md:20:1: error: ::include{file="../outside.md"} points outside the source\'s folder']],
  ['include-cycle/a.md', ['include-cycle/b.md:1:1: error: ::include{file="a.md"} makes a cycle']],
  ['duplicate-anchor.md', ['duplicate-anchor.md:20:24: error: the anchor #scope is already used at fixtures/errors/duplicate-anchor.md:16:9']],
  ['heading-jump.md', ['heading-jump.md:20:1: error: heading level jumps from # to ###; use ## here']],
  ['edition-zero.md', ['edition-zero.md:10:3: error: front matter field "iso.edition" is 0; it must be an edition number from 1']],
  ['impossible-date.md', ['impossible-date.md:5:3: error: front matter field "itu.approved" is "2024-02-30": 2024-02 has 29 days, so it is not a real date']],
  ['control-character.md', ['control-character.md:21:9: error: the line holds the NUL character (U+0000)']],
  ['nesting-depth.md', ['nesting-depth.md:20:65: error: blocks (::: blocks, block quotes and lists) nest more than 32 deep here; the limit is 32 levels']],
  ['include-folder/main.md', ['include-folder/main.md:20:1: error: ::include{file="clauses"} is a folder, not a file: name a Markdown file in it']],
  ['several-errors.md', [
    'several-errors.md:3:1: error: front matter field "itu.number" is missing',
    'several-errors.md:4:3: error: unknown front matter field "itu.numbr"; did you mean "number"?',
    'several-errors.md:10:3: error: front matter field "iso.edition" must be a whole number',
    'several-errors.md:18:28: error: :ref[X.999] cites an id',
    'several-errors.md:18:57: error: cross-reference to #model',
    'several-errors.md:20:1: error: heading level jumps',
    'several-errors.md:24:12: error: the anchor #scope is already used',
  ]],
];

describe('errors of the source format', () => {
  for (const [file, expected] of cases) {
    it(`${file}: reported at file:line:column, exit 2, nothing written`, async () => {
      const out = tmp();
      const r = await run(['build', E(file), '--out', out, '--quiet']);
      expect(r.code).toBe(2);
      const lines = r.err.split('\n').filter((l) => l.includes(': error: '));
      expect(lines).toHaveLength(expected.length);
      expected.forEach((e, i) => expect(lines[i]).toContain(`fixtures/errors/${e}`));
      expect(r.err).toMatch(/nothing was written\.$/m);
      expect(readdirSync(out)).toEqual([]);
      expect(r.out).toBe('');
    });
  }

  it('a failed build does not replace the good files of an earlier build', async () => {
    const out = tmp();
    const src = tmp();
    const good = readFileSync(path.join(repo, E('valid-minimal.md')), 'utf8');
    const file = path.join(src, 'spec.md');
    writeFileSync(file, good);
    expect((await run(['build', file, '--out', out, '--quiet'])).code).toBe(0);
    const before = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(path.join(out, f))]));
    expect(Object.keys(before).filter((f) => f.endsWith('.docx'))).toHaveLength(2);
    writeFileSync(file, good.replace('# Scope', '### Scope'));
    expect((await run(['build', file, '--out', out, '--quiet'])).code).toBe(2);
    for (const [f, bytes] of Object.entries(before)) expect(readFileSync(path.join(out, f)).equals(bytes)).toBe(true);
    expect(readdirSync(out).sort()).toEqual(Object.keys(before).sort()); // no temporary files left
    expect(readFileSync(file, 'utf8')).toContain('### Scope'); // the source is never modified
  });

  it('warnings do not stop a build', async () => {
    const out = tmp();
    const r = await run(['build', E('warnings.md'), '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('fixtures/errors/warnings.md:20:1: warning: this paragraph starts like a note');
    expect(r.err).toContain('fixtures/errors/warnings.md:23:17: warning: a note or example contains "shall"');
    expect(readdirSync(out).filter((f) => f.endsWith('.docx'))).toHaveLength(2);
  });

  it('lint reports without writing; usage errors are plain words with exit 2', async () => {
    const l = await run(['lint', E('unknown-ref.md')]);
    expect(l.code).toBe(2);
    expect(l.err).toContain('unknown-ref.md:18:28');
    expect((await run(['lint', E('valid-minimal.md')])).code).toBe(0);
    const u = await run(['build']);
    expect(u.code).toBe(2);
    expect(u.err).toContain('give one source file');
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['build', '--only', 'both', E('valid-minimal.md')])).err).toContain('--only takes "itu" or "iso"');
    const missing = await run(['build', 'no/such/file.md', '--out', tmp()]);
    expect(missing.code).toBe(2);
    // said before any progress line, as the only line
    expect(missing.err).toMatch(/^no\/such\/file\.md: error: there is no such source file; .* \[not-found\]\n$/);
  });

  it('every command has --help', async () => {
    for (const c of ['build', 'lint']) {
      const r = await run([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: commontext ${c}`);
    }
    expect((await run(['--help'])).out).toContain('commontext build <source.md>');
  });

  it('include paths are relative to the including file, and included files cannot leave the folder through a link', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'src/sub'), { recursive: true });
    const base = readFileSync(path.join(repo, E('valid-minimal.md')), 'utf8');
    writeFileSync(path.join(dir, 'src/main.md'), `${base}\n::include{file="sub/a.md"}\n`);
    writeFileSync(path.join(dir, 'src/sub/a.md'), '# Included {#inc}\n\nSee [](#inc).\n\n::include{file="b.md"}\n');
    writeFileSync(path.join(dir, 'src/sub/b.md'), 'Text from b.\n');
    const ok = await run(['lint', path.join(dir, 'src/main.md')]);
    expect(ok.code).toBe(0);
    expect(existsSync(path.join(dir, 'src/sub/b.md'))).toBe(true);
  });
});
