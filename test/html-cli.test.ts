/**
 * `commontext build --html` on the command line: the HTML files are written beside the DOCX files in
 * the same set (the DOCX bytes unchanged by the option), a mistake in the user's HTML layout data is a
 * positioned error with nothing written, and a plain build writes no HTML.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { repo, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const source = path.join(repo, 'fixtures/example/example.md');

describe('build --html', () => {
  it('writes <name>.html beside each DOCX, and the DOCX files are those of a plain build', async () => {
    const plain = tmp('ct-plain-');
    const html = tmp('ct-html-');
    expect((await run(['build', source, '--out', plain, '--quiet'])).code).toBe(0);
    const r = await run(['build', source, '--out', html, '--html', '--quiet']);
    expect(r.code).toBe(0);
    expect(readdirSync(plain).filter((f) => f.endsWith('.html'))).toEqual([]);
    const files = readdirSync(html).sort();
    expect(files).toEqual(['ISO_IEC_29999-1_2024(E).docx', 'ISO_IEC_29999-1_2024(E).html', 'T-REC-X.1999-202403-I-E.docx', 'T-REC-X.1999-202403-I-E.html', 'example.alignment.json']);
    for (const f of readdirSync(plain)) expect(readFileSync(path.join(html, f)).equals(readFileSync(path.join(plain, f)))).toBe(true);
    expect(r.out).toContain(`ITU: ${path.relative(process.cwd(), path.join(html, 'T-REC-X.1999-202403-I-E.docx'))}, ${path.relative(process.cwd(), path.join(html, 'T-REC-X.1999-202403-I-E.html'))}`);
    const page = readFileSync(path.join(html, 'T-REC-X.1999-202403-I-E.html'), 'utf8');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<title>Information technology – Security techniques – Entity attestation: Framework and protocol</title>');
  });

  it('a mistake in the user\'s templates/html/layout.yaml: an error at its line, exit 2, nothing written', async () => {
    const dir = tmp('ct-html-bad-');
    cpSync(path.join(repo, 'fixtures/example'), dir, { recursive: true });
    const templates = path.join(dir, 'tpl');
    mkdirSync(path.join(templates, 'html'), { recursive: true });
    writeFileSync(path.join(templates, 'html/layout.yaml'), 'elements:\n  note: blink\nstrings:\n  contents: 3\n');
    const out = path.join(dir, 'out');
    const r = await run(['build', path.join(dir, 'example.md'), '--out', out, '--html', '--templates', templates, '--quiet']);
    expect(r.code).toBe(2);
    const file = path.relative(process.cwd(), path.join(templates, 'html/layout.yaml'));
    expect(r.err).toContain(`${file}:2:3: error: the element of role "note" must be one of p, div, h1, h2, h3, h4, h5, h6, not "blink" [template]`);
    expect(r.err).toContain(`${file}:4:3: error: strings.contents must be a text, not 3 [template]`);
    expect(existsSync(out)).toBe(false);
    // without --html the same templates build (the HTML data is not read)
    expect((await run(['build', path.join(dir, 'example.md'), '--out', out, '--templates', templates, '--quiet'])).code).toBe(0);
  });

  it('--html with --watch is a usage error pointing to preview', async () => {
    const r = await run(['build', source, '--watch', '--html']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('commontext build: error: --html does not go with --watch; to see the HTML live, run "commontext preview <source.md>" [usage]\n');
  });

  it('an HTML file that would replace the source is refused like a DOCX would be', async () => {
    const dir = tmp('ct-html-clash-');
    cpSync(path.join(repo, 'fixtures/example'), dir, { recursive: true });
    // the source named as the HTML output of the ITU publication
    const clash = path.join(dir, 'T-REC-X.1999-202403-I-E.html');
    writeFileSync(clash, readFileSync(path.join(dir, 'example.md')));
    const r = await run(['build', clash, '--out', dir, '--html', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error: the build would write over a file it reads; choose another --out \[output-is-input\]/);
  });
});
