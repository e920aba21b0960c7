/**
 * Hostile input (issue 10), the `check` and DOCX-reader items: DOCX files that went through other
 * people's hands. A pipe or a device is never opened, a damaged package or part is refused (exit 2,
 * one line), one file given twice is not "identical" to itself, a damaged manifest of the inputs is an
 * error, control characters never reach the terminal raw, an allow rule cannot hang the check, and a
 * clause of 20 000 differing paragraphs is compared in seconds. Each case runs the command line as a
 * user would and hashes every file of the test folder before and after.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, lstatSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { repo, tmp } from './helpers.js';

const minimal = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8');
const ITU = 'T-REC-X.9999-202401-I-E.docx';
const ISO = 'ISO_IEC_99999_2024(E).docx';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/commontext.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every regular file below `dir` (links and pipes not followed) → its hash. */
function snapshot(dir: string): Record<string, string> {
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => lstatSync(path.join(dir, f)).isFile());
  return Object.fromEntries(files.sort().map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
}

/** Runs `check` in `root` and proves it changed no file there. */
function checkIn(root: string, args: string[]) {
  const before = snapshot(root);
  const r = cli(['check', ...args], root);
  expect(snapshot(root)).toEqual(before);
  return r;
}

let built: string;
beforeAll(() => {
  built = tmp('ct-hcheck-built-');
  writeFileSync(path.join(built, 'spec.md'), minimal);
  expect(cli(['build', 'spec.md', '--out', 'out'], built).code).toBe(0);
});

/** A fresh folder with the two publications (and the manifest, unless `manifest` is false). */
function folder(manifest = true): string {
  const root = tmp('ct-hcheck-');
  for (const f of [ITU, ISO, ...(manifest ? ['spec.alignment.json'] : [])]) copyFileSync(path.join(built, 'out', f), path.join(root, f));
  return root;
}

/** The package `file` with its document part changed by `edit` (zipped again, so its CRCs are right). */
function editDocument(file: string, edit: (xml: string) => string): void {
  const parts = unzipSync(readFileSync(file));
  parts['word/document.xml'] = strToU8(edit(strFromU8(parts['word/document.xml'])));
  writeFileSync(file, zipSync(parts));
}

describe('hostile check: inputs that are not files', () => {
  it('a pipe (FIFO) is refused without being opened', () => {
    const root = folder();
    expect(spawnSync('mkfifo', [path.join(root, 'x.docx')]).status).toBe(0);
    const r = checkIn(root, ['x.docx', ITU]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('x.docx: error: this is not a regular file (a pipe or device); give a .docx file [docx-not-file]\n');
  });

  it('a pipe given as the allow-rules file or as the manifest is refused without being opened', () => {
    const root = folder(false);
    expect(spawnSync('mkfifo', [path.join(root, 'rules.yaml'), path.join(root, 'spec.alignment.json')]).status).toBe(0);
    const rules = checkIn(root, [ITU, ISO, '--allow', 'rules.yaml']);
    expect(rules.code).toBe(2);
    expect(rules.err).toBe('rules.yaml: error: the allow-rules file is not a regular file (a folder, pipe or device); give a .yaml file [allow-rules]\n');
    const bare = checkIn(root, [ITU, ISO, '--no-color']);
    expect(bare.code).toBe(0);
  });

  it('a device (/dev/zero) is refused, not read until the memory is full', () => {
    const root = folder();
    const r = checkIn(root, ['/dev/zero', ITU]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('/dev/zero: error: this is not a regular file (a pipe or device); give a .docx file [docx-not-file]\n');
  });

  it('a file over 200 MB is refused before it is read', () => {
    const root = folder();
    writeFileSync(path.join(root, 'huge.docx'), '');
    truncateSync(path.join(root, 'huge.docx'), 201_000_000);
    const r = checkIn(root, [ITU, 'huge.docx']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('huge.docx: error: the file is 201 MB, more than the 200 MB limit; this is not a normal .docx (a 1500-page publication is a few MB) [docx-too-large]\n');
  });
});

describe('hostile check: damaged packages are refused, not compared', () => {
  it('a document part that is not well-formed XML (an element never closed) is docx-corrupt', () => {
    const root = folder();
    editDocument(path.join(root, ISO), (xml) => xml.replace('</w:p>', ''));
    const r = checkIn(root, [ITU, ISO]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^ISO_IEC_99999_2024\(E\)\.docx: error: the part word\/document\.xml is damaged \(not well-formed XML: <\/w:body> closes an element that is not open\); open the file in Word or LibreOffice and save it again \[docx-corrupt\]\n$/);
  });

  it('a document part cut short inside a tag is docx-corrupt', () => {
    const root = folder();
    editDocument(path.join(root, ITU), (xml) => xml.slice(0, xml.indexOf('<w:t', xml.length / 2) + 3));
    const r = checkIn(root, [ITU, ISO]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${ITU}: error: the part word/document.xml is damaged (not well-formed XML: it ends inside a tag); open the file in Word or LibreOffice and save it again [docx-corrupt]\n`);
  });

  it('a damaged part whose tag name carries control characters is reported with them escaped', () => {
    const root = folder();
    editDocument(path.join(root, ISO), (xml) => xml.replace('</w:body>', '</w:bo\u001b[2Jdy>'));
    const r = checkIn(root, [ITU, ISO]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${ISO}: error: the part word/document.xml is damaged (not well-formed XML: </w:bo\\u001b[2Jdy> closes an element that is not open); open the file in Word or LibreOffice and save it again [docx-corrupt]\n`);
  });

  it('a zip entry whose CRC-32 does not match its data is docx-corrupt', () => {
    const root = folder();
    const file = path.join(root, ITU);
    const buf = readFileSync(file);
    // the central directory entry of word/document.xml: its CRC-32 is at offset 16
    const name = Buffer.from('word/document.xml');
    let at = -1;
    for (let i = buf.lastIndexOf(name); i >= 0; i = buf.lastIndexOf(name, i - 1)) {
      if (buf.readUInt32LE(i - 46) === 0x02014b50) { at = i - 46; break; }
    }
    expect(at).toBeGreaterThan(0);
    buf.writeUInt32LE(buf.readUInt32LE(at + 16) ^ 1, at + 16);
    writeFileSync(file, buf);
    const r = checkIn(root, [ITU, ISO]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${ITU}: error: the part word/document.xml is damaged (its checksum does not match); download or copy the file again, or open it in Word or LibreOffice and save it again [docx-corrupt]\n`);
  });
});

describe('hostile check: wrong verdicts', () => {
  it('the same file twice, or once through a link, is refused', () => {
    const root = folder();
    symlinkSync(path.join(root, ITU), path.join(root, 'link.docx'));
    const twice = checkIn(root, [ITU, ITU]);
    expect(twice.code).toBe(2);
    expect(twice.err.split('\n')[0]).toBe(`commontext check: error: both inputs are the same file (${ITU}); give the two publications, e.g. the ITU and the ISO .docx [usage]`);
    const linked = checkIn(root, [ITU, 'link.docx']);
    expect(linked.code).toBe(2);
    expect(linked.err.split('\n')[0]).toBe(`commontext check: error: both inputs are the same file (${ITU} and link.docx); give the two publications, e.g. the ITU and the ISO .docx [usage]`);
  });

  it('with a manifest, the labels follow which file is which, in either order', () => {
    const root = folder();
    const isoFirst = checkIn(root, [ISO, ITU, '--no-color']);
    expect(isoFirst.code).toBe(0);
    expect(isoFirst.out.split('\n')[1]).toMatch(new RegExp(`^ISO: ${ISO.replace(/[()]/g, '\\$&')}  ·  ITU: ${ITU}  ·`));
    const ituFirst = checkIn(root, [ITU, ISO, '--no-color']);
    expect(ituFirst.out.split('\n')[1]).toMatch(new RegExp(`^ITU: ${ITU}  ·  ISO: `));
  });

  it('a damaged manifest of the inputs is not used, and the report says why; a damaged manifest of another document is skipped', () => {
    const root = folder();
    writeFileSync(path.join(root, 'other.alignment.json'), '{ "schemaVersion": 1, "itu": "other.docx", ');
    const other = checkIn(root, [ITU, ISO, '--no-color']);
    expect(other.code).toBe(0);
    const manifest = path.join(root, 'spec.alignment.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').slice(0, 80));
    const r = checkIn(root, [ITU, ISO, '--no-color']);
    expect(r.err).toBe('');
    expect(r.out.split('\n')[2]).toMatch(/^The alignment manifest spec\.alignment\.json was not used: the alignment manifest is not valid JSON \(.+\)\. Text that only one publication has counts as a finding\. Repair the manifest \(or build again\), give another with --manifest FILE, or list the agreed differences with --allow rules\.yaml\.$/);
    expect(r.out.split('\n')[3]).toMatch(/^ {3}spec\.alignment\.json:\d+:\d+: error: the alignment manifest is not valid JSON/);
    // given explicitly, the same manifest is an error (exit 2), at its line and column
    const given = checkIn(root, [ITU, ISO, '--manifest', 'spec.alignment.json']);
    expect(given.code).toBe(2);
    expect(given.err).toMatch(/^spec\.alignment\.json:\d+:\d+: error: the alignment manifest is not valid JSON \(.+\) \[manifest\]\n$/);
  });

  it('control characters of the text (ESC) are shown escaped in the terminal and HTML reports, never raw', () => {
    const root = folder();
    editDocument(path.join(root, ISO), (xml) => xml.replace('nothing in particular', 'nothing &#27;[2J&#27;]0;pwned&#7; in particular'));
    const r = checkIn(root, [ITU, ISO, '--no-color']);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(r.out).toContain('{+\\u001b[2J\\u001b]0;pwned\\u0007 +}');
    const html = cli(['check', ITU, ISO, '--html', 'r.html', '--json', 'r.json'], root);
    expect(html.code).toBe(1);
    expect(readFileSync(path.join(root, 'r.html'), 'utf8')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(readFileSync(path.join(root, 'r.json'), 'utf8')).toContain('\\u001b[2J');
  });
});

describe('hostile check: the cost of a check is bounded', () => {
  const catastrophic: [string, string, string][] = [
    ['a nested quantifier', '^(a+)+$', '(a+)+'],
    ['repeated alternatives that overlap', '^(a|aa)+$', '(a|aa)+'],
  ];
  for (const [what, pattern, group] of catastrophic) {
    it(`an allow rule with ${what} is refused at its line and column; disjoint alternatives ("(ITU|ISO)+") are not`, () => {
      const root = folder();
      writeFileSync(path.join(root, 'rules.yaml'), `schemaVersion: 1\nrules:\n  - reason: "catastrophic"\n    pattern: "${pattern}"\n  - reason: "fine"\n    pattern: "^(ITU|ISO)+$"\n`);
      const r = checkIn(root, [ITU, ISO, '--allow', 'rules.yaml']);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`rules.yaml:4:14: error: "pattern" repeats a group that itself repeats or whose alternatives overlap (${group}); such a pattern can take minutes on a long paragraph: write it without the outer repetition (e.g. "^a+$" for "^(a+)+$") [allow-rules]\n`);
    });
  }

  it('19 000 differing paragraphs in one clause (near the 20,000-block limit of a source) are compared in seconds, not minutes', () => {
    const root = tmp('ct-hcheck-big-');
    for (const [name, word] of [['a', 'alpha'], ['b', 'beta']]) {
      const body = Array.from({ length: 19_000 }, (_, i) => `The ${word} paragraph number ${i} says ${word} things ${i * 7}.`).join('\n\n');
      writeFileSync(path.join(root, `${name}.md`), minimal.replace(':This specifies nothing in particular.', `:This specifies nothing in particular.\n\n${body}`));
      expect(cli(['build', `${name}.md`, '--out', name, '--only', 'itu'], root).code).toBe(0);
    }
    const t0 = Date.now();
    const r = checkIn(root, [`a/${ITU}`, `b/${ITU}`, '--json']);
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(60_000);
    const report = JSON.parse(r.out) as { findings: { kind: string; location: string }[] };
    expect(report.findings).toHaveLength(19_000);
    expect(report.findings.every((f) => f.kind === 'changed')).toBe(true);
    expect(report.findings[18_999].location).toBe('1, paragraph 19001');
  });
});
