/**
 * `check a.docx b.docx` and its alignment manifest (issue 14): it always says where the declared
 * differences come from, or why there are none, with the fix (--manifest FILE, --allow); one bad entry
 * does not drop the manifest (the good ones are used, the bad one is reported at its line and column);
 * --manifest FILE gives it explicitly (a missing file is exit 2, nothing written); two inputs with the
 * same file name in two folders are labelled by which file is which. Runs the command line on the
 * DOCX files built from fixtures/example.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, copyFileSync, existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repo, tmp } from './helpers.js';

const ITU = 'T-REC-X.1999-202403-I-E.docx';
const ISO = 'ISO_IEC_29999-1_2024(E).docx';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/commontext.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let built: string;
let manifestText: string;
beforeAll(() => {
  built = tmp('ct-report-manifest-');
  cpSync(path.join(repo, 'fixtures/example'), path.join(built, 'src'), { recursive: true });
  expect(cli(['build', 'src/example.md', '--out', 'out'], built).code).toBe(0);
  manifestText = readFileSync(path.join(built, 'out/example.alignment.json'), 'utf8');
}, 120_000);

/** A fresh folder with the two publications in out/ and, unless told otherwise, their manifest. */
function folder(manifest: string | false = manifestText): string {
  const root = tmp('ct-report-m-');
  mkdirSync(path.join(root, 'out'));
  for (const f of [ITU, ISO]) copyFileSync(path.join(built, 'out', f), path.join(root, 'out', f));
  if (manifest !== false) writeFileSync(path.join(root, 'out/example.alignment.json'), manifest);
  return root;
}

/** 1-based line of the n-th (0-based) occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string, n = 0): number {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  return text.slice(0, at).split('\n').length;
}

const declaredCount = () => (JSON.parse(manifestText) as { declared: unknown[] }).declared.length;

describe('check says where the declared differences come from', () => {
  it('the manifest beside the files: used, and said so on the third line', () => {
    const root = folder();
    const r = cli(['check', `out/${ITU}`, `out/${ISO}`, '--no-color'], root);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[2]).toBe(`Declared differences: ${declaredCount()} read from the alignment manifest out/example.alignment.json.`);
  });

  it('one bad entry: the others are used, the bad one reported at its line and column; an empty reason is used and said', () => {
    const m = JSON.parse(manifestText) as { declared: { side: string; reason: string; texts: string[] }[] };
    m.declared[0].side = 'both';
    m.declared[2].reason = ''; // the ISO patent statement in the Introduction
    const text = JSON.stringify(m, null, 2);
    const root = folder(text);
    const r = cli(['check', `out/${ITU}`, `out/${ISO}`, '--no-color', '--json', 'r.json', '--html', 'r.html'], root);
    // the bad entry's text is now a finding; the manifest's other differences are still declared
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(path.join(root, 'r.json'), 'utf8'));
    expect(json.findings.map((f: { a?: string }) => f.a)).toEqual([m.declared[0].texts[0]]);
    expect(json.declared.map((d: { location: string }) => d.location)).toEqual(['Introduction, paragraph 4', 'Introduction, paragraph 5', 'A.1, paragraph 1', 'Annex C']);
    const lines = r.out.split('\n');
    const total = m.declared.length;
    expect(lines[2]).toBe(`Declared differences: ${total - 1} of ${total} read from the alignment manifest out/example.alignment.json; 1 could not be used (listed below): correct them in the manifest, or build again.`);
    const first = lineOf(text, '    {', 0); // the first entry's brace
    expect(lines[3]).toBe(`   out/example.alignment.json:${first}:5: error: declared difference 1 was not used: "side" must be "itu" or "iso" [manifest]`);
    const third = lineOf(text, '    {', 2);
    expect(lines[4]).toMatch(new RegExp(`^ {3}out/example\\.alignment\\.json:${third}:5: warning: declared difference 3 gives no reason \\("reason": ""\\); it is used, and the report says "no reason given in the source"`));
    expect(r.out).toContain('Introduction, paragraph 4 — only in ISO: no reason given in the source (manifest)');
    // the same in the JSON and the HTML report
    expect(json.manifest).toMatchObject({ status: 'partly-used', file: 'out/example.alignment.json' });
    expect(json.manifest.problems.map((p: { line: number; severity: string }) => [p.line, p.severity])).toEqual([[first, 'error'], [third, 'warning']]);
    const html = readFileSync(path.join(root, 'r.html'), 'utf8');
    expect(html).toContain(`out/example.alignment.json:${first}:5: error: declared difference 1 was not used`);
  });

  it('no manifest (files renamed in another folder): one plain line with the fix; --manifest FILE then uses it', () => {
    const root = folder();
    mkdirSync(path.join(root, 'edited'));
    copyFileSync(path.join(root, 'out', ITU), path.join(root, 'edited/x-itu.docx'));
    copyFileSync(path.join(root, 'out', ISO), path.join(root, 'edited/x-iso.docx'));
    const r = cli(['check', 'edited/x-itu.docx', 'edited/x-iso.docx', '--no-color', '--json', 'r.json'], root);
    expect(r.code).toBe(1);
    const line = 'No alignment manifest found (looked for edited/x-itu.alignment.json, edited/x-iso.alignment.json, or any *.alignment.json in edited that names either input), so text that only one publication has counts as a finding. If these files were built by commontext, give the manifest with --manifest FILE; otherwise list the agreed differences in an allow file with --allow rules.yaml.';
    expect(r.out.split('\n')[2]).toBe(line);
    expect(JSON.parse(readFileSync(path.join(root, 'r.json'), 'utf8')).manifest).toEqual({ status: 'not-found', file: null, note: line, problems: [] });
    // without a manifest, the publications' own footers still tell which is ITU and which ISO, in either order
    expect(r.out.split('\n')[1]).toMatch(/^ITU: edited\/x-itu\.docx {2}· {2}ISO: edited\/x-iso\.docx {2}· /);
    expect(r.out).toContain("note: ITU and ISO were told apart by the publications' own footers (Rec. ITU-T …, © ISO/IEC …); give --labels to name the two inputs otherwise.");
    const isoFirst = cli(['check', 'edited/x-iso.docx', 'edited/x-itu.docx', '--no-color'], root);
    expect(isoFirst.out.split('\n')[1]).toMatch(/^ISO: edited\/x-iso\.docx {2}· {2}ITU: edited\/x-itu\.docx {2}· /);
    const given = cli(['check', 'edited/x-itu.docx', 'edited/x-iso.docx', '--no-color', '--manifest', 'out/example.alignment.json'], root);
    expect(given.err).toBe('');
    expect(given.code).toBe(0);
    expect(given.out.split('\n')[1]).toMatch(/^ITU: edited\/x-itu\.docx {2}· {2}ISO: edited\/x-iso\.docx/);
    expect(given.out).toContain(`note: The alignment manifest out/example.alignment.json names ${ITU} and ${ISO}, not these files; its declared differences were used and the first input was taken as the ITU publication (if that is wrong, give --labels ISO,ITU).`);
  });

  it('renamed beside their manifest: the manifest of the old names is pointed at', () => {
    const root = folder();
    copyFileSync(path.join(root, 'out', ITU), path.join(root, 'out/x-itu.docx'));
    copyFileSync(path.join(root, 'out', ISO), path.join(root, 'out/x-iso.docx'));
    const r = cli(['check', 'out/x-itu.docx', 'out/x-iso.docx', '--no-color'], root);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[2]).toMatch(/^No alignment manifest found .* out\/example\.alignment\.json is the manifest of other files \(T-REC-X\.1999-202403-I-E\.docx, ISO_IEC_29999-1_2024\(E\)\.docx\): if these are those files renamed, give it with --manifest out\/example\.alignment\.json\.$/);
  });

  it('a manifest of the wrong schema: not used, said in the terminal, JSON and HTML', () => {
    const root = folder(manifestText.replace('"schemaVersion": 1', '"schemaVersion": 3'));
    const r = cli(['check', `out/${ITU}`, `out/${ISO}`, '--no-color', '--json', 'r.json', '--html', 'r.html'], root);
    expect(r.code).toBe(1);
    const line = 'The alignment manifest out/example.alignment.json was not used: the alignment manifest must have "schemaVersion": 1. Text that only one publication has counts as a finding. Repair the manifest (or build again), give another with --manifest FILE, or list the agreed differences with --allow rules.yaml.';
    expect(r.out.split('\n')[2]).toBe(line);
    expect(JSON.parse(readFileSync(path.join(root, 'r.json'), 'utf8')).manifest).toMatchObject({ status: 'not-used', note: line });
    expect(readFileSync(path.join(root, 'r.html'), 'utf8')).toContain(line.replace(/"/g, '&quot;'));
  });

  it('--manifest with a file that does not exist: exit 2, nothing written', () => {
    const root = folder();
    const r = cli(['check', `out/${ITU}`, `out/${ISO}`, '--manifest', 'nope.alignment.json', '--html', 'r.html'], root);
    expect(r.code).toBe(2);
    expect(r.err).toBe('nope.alignment.json: error: alignment manifest not found [manifest]\n');
    expect(r.out).toBe('');
    expect(existsSync(path.join(root, 'r.html'))).toBe(false);
    // a file far too large to be a manifest is refused before it is read
    writeFileSync(path.join(root, 'huge.alignment.json'), '');
    truncateSync(path.join(root, 'huge.alignment.json'), 51_000_000);
    const huge = cli(['check', `out/${ITU}`, `out/${ISO}`, '--manifest', 'huge.alignment.json'], root);
    expect(huge.code).toBe(2);
    expect(huge.err).toBe('huge.alignment.json: error: the alignment manifest is larger than 50 MB; it is not one that commontext build wrote [manifest]\n');
    // a report may not be written over it either
    const over = cli(['check', `out/${ITU}`, `out/${ISO}`, '--manifest', 'out/example.alignment.json', '--json', 'out/example.alignment.json'], root);
    expect(over.code).toBe(2);
    expect(readFileSync(path.join(root, 'out/example.alignment.json'), 'utf8')).toBe(manifestText);
  });

  it('two inputs with the same file name (a/spec.docx, b/spec.docx): labelled by which file is which, in either order', () => {
    const root = folder(false);
    mkdirSync(path.join(root, 'a'));
    mkdirSync(path.join(root, 'b'));
    copyFileSync(path.join(root, 'out', ITU), path.join(root, 'a/spec.docx'));
    copyFileSync(path.join(root, 'out', ISO), path.join(root, 'b/spec.docx'));
    const m = JSON.parse(manifestText);
    writeFileSync(path.join(root, 'a/spec.alignment.json'), JSON.stringify({ ...m, itu: 'spec.docx', iso: '../b/spec.docx' }));
    const ituFirst = cli(['check', 'a/spec.docx', 'b/spec.docx', '--no-color'], root);
    expect(ituFirst.code).toBe(0);
    expect(ituFirst.out.split('\n')[1]).toMatch(/^ITU: a\/spec\.docx {2}· {2}ISO: b\/spec\.docx/);
    const isoFirst = cli(['check', 'b/spec.docx', 'a/spec.docx', '--no-color'], root);
    expect(isoFirst.code).toBe(0);
    expect(isoFirst.out.split('\n')[1]).toMatch(/^ISO: b\/spec\.docx {2}· {2}ITU: a\/spec\.docx/);
    expect(isoFirst.out).toContain('8, paragraph 3 — only in ITU: ');
  });
});
