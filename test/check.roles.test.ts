/**
 * check maps paragraph styles to roles from the data the DOCX writer used (templates/<side>/docx.yaml):
 * a user's template folder renames the ITU note style (roles note, example) to "Remark" and the
 * table-title style (role table-caption) to "Caption T". An ITU publication built with it and changed
 * in NOTE 2 of 7.3, in the title of Table 3 and in a cell of the untitled Table 4, checked against the
 * unchanged ISO publication, is reported as a reader expects only when check reads that folder
 * (--templates, CheckOptions.templates or the manifest's "templates").
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { build } from '../src/index.js';
import { check, formatJson, formatTerminal, type CheckResult } from '../src/check/index.js';
import { styleRoles } from '../src/check/roles.js';
import { readDocx } from '../src/reader/index.js';
import { repo, tmp } from './helpers.js';

/** Tables 1 and 2, only there to make the one in 7.3 Table 3. */
const valueTable = (kind: string, name: string) => `Table: Values of the ${kind} kind\n\n| Name | Value |\n|------|-------|\n| ${name} | 1 |\n`;

// valid-minimal.md, then clauses 2–7; 7.3 has two notes (the second of two paragraphs), Table 3 and an untitled Table 4
const SOURCE = `${readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8')}
# Normative references {.normative-references}

# Definitions

${valueTable('first', 'alpha')}

# Abbreviations

None.

# Conventions

${valueTable('second', 'beta')}

# Overview

An overview.

# Protocol

The protocol has three parts.

## Messages

Messages are sent.

## States

States are kept.

## Timers

Timers are started when a message is sent.

:::note
A timer may be restarted.
:::

:::note
A timer that expires is reported to the user.

The report names the message that started it.
:::

Table: Timer values {#tbl-timers}

| Timer | Value |
|-------|-------|
| T1 | 10 s |
| T2 | 20 s |

The limits are:

| Limit | Value |
|-------|-------|
| L1 | 3 |
`;

/** The same source with NOTE 2 in 7.3 (both paragraphs), the title of Table 3 and a cell of Table 4 changed. */
function changed(source: string): string {
  const edits: [string, string][] = [
    ['reported to the user.', 'reported to the operator.'],
    ['names the message that', 'names the state that'],
    ['Table: Timer values', 'Table: Timer durations'],
    ['| L1 | 3 |', '| L1 | 4 |'],
  ];
  return edits.reduce((s, [from, to]) => {
    if (!s.includes(from)) throw new Error(`the test source has no "${from}"`);
    return s.replace(from, to);
  }, source);
}

const WITH_MAP = ['NOTE 2 in 7.3', 'NOTE 2 in 7.3', 'Table 3 (title), in 7.3', 'Table 4, row 2, column 2'];
const locations = (r: CheckResult) => (JSON.parse(formatJson(r)) as { findings: { location: string }[] }).findings.map((f) => f.location);

let dir: string;
let templates: string;
let source: string;
let ituChanged: string;
let isoOriginal: string;
const bare = { itu: '', iso: '' };

beforeAll(async () => {
  dir = tmp('ct-roles-');
  templates = path.join(dir, 'my-templates');
  mkdirSync(path.join(templates, 'itu'), { recursive: true });
  const bundled = readFileSync(path.join(repo, 'templates/itu/docx.yaml'), 'utf8');
  writeFileSync(path.join(templates, 'itu/docx.yaml'), bundled.replaceAll('Note 1', 'Remark').replaceAll('Table_NoTitle', 'Caption T'));
  source = path.join(dir, 'timers.md');
  writeFileSync(source, SOURCE);
  writeFileSync(path.join(dir, 'timers-changed.md'), changed(SOURCE));
  // as a secretariat pairs them: the changed ITU publication against the original ISO one
  const original = await build(source, { outDir: path.join(dir, 'original'), templates });
  const edited = await build(path.join(dir, 'timers-changed.md'), { outDir: path.join(dir, 'changed'), templates, only: 'itu' });
  if (!original.ok || !edited.ok) throw new Error([...original.diagnostics, ...edited.diagnostics].map((d) => d.message).join('\n'));
  ituChanged = edited.outputs[0].path!;
  isoOriginal = original.outputs.find((o) => o.side === 'iso')!.path!;
  // the same two files in a folder without the alignment manifest (and so without its "templates")
  mkdirSync(path.join(dir, 'bare'));
  bare.itu = path.join(dir, 'bare', path.basename(ituChanged));
  bare.iso = path.join(dir, 'bare', path.basename(isoOriginal));
  copyFileSync(ituChanged, bare.itu);
  copyFileSync(isoOriginal, bare.iso);
});

describe('check reads the style names from the templates the build used', () => {
  it('the ITU publication was written with the renamed styles', async () => {
    const styles = new Set((await readDocx(bare.itu)).body.flatMap((b) => (b.kind === 'paragraph' ? [b.style] : [])));
    expect(styles).toContain('Remark');
    expect(styles).toContain('Caption T');
    expect(styles).not.toContain('Note 1');
    expect(styles).not.toContain('Table_NoTitle');
  });

  it('with the template folder (CheckOptions.templates): NOTE 2 in 7.3, Table 3 (title), Table 4', async () => {
    const r = await check(bare.itu, bare.iso, { templates, labels: ['ITU', 'ISO'] });
    expect(locations(r)).toEqual(WITH_MAP);
    const text = formatTerminal(r, { color: false });
    expect(text).toContain('1. NOTE 2 in 7.3 — the note text differs [changed]');
    expect(text).toContain('2. NOTE 2 in 7.3 — the note text differs [changed]');
    expect(text).toContain('3. Table 3 (title), in 7.3 — the table title text differs [changed]');
    expect(text).toContain('ITU: Table 3 – Timer [-durations-]');
    expect(text).toContain('4. Table 4, row 2, column 2 — the cell text differs [changed]');
  });

  it('without it (bundled styles only) the renamed styles are not recognised: a plain paragraph, an unnamed table', async () => {
    const r = await check(bare.itu, bare.iso, { labels: ['ITU', 'ISO'] });
    // the NOTE 2 and Table 3 labels are in the text itself; the note's second paragraph and the
    // untitled table's caption are known only by their style
    expect(locations(r)).toEqual(['NOTE 2 in 7.3', '7.3, paragraph 2', 'Table 3 (title), in 7.3', 'table 2 in 7.3, row 2, column 2']);
    expect(styleRoles().of('Remark')).toBeUndefined();
    expect(styleRoles().of('Caption T')).toBeUndefined();
    expect(styleRoles(templates).of('Remark')?.unit).toBe('note');
    expect(styleRoles(templates).of('Caption T')?.unit).toBe('table title');
  });

  it('the alignment manifest beside an input names the template folder', async () => {
    const manifest = JSON.parse(readFileSync(path.join(path.dirname(isoOriginal), 'timers.alignment.json'), 'utf8'));
    expect(manifest.templates).toBe('../my-templates');
    const r = await check(ituChanged, isoOriginal);
    expect(r.labels).toEqual(['ITU', 'ISO']);
    expect(locations(r)).toEqual(WITH_MAP);
  });

  it('a template folder that does not exist is an error (exit 2 on the command line)', async () => {
    await expect(check(bare.itu, bare.iso, { templates: path.join(dir, 'nowhere') })).rejects.toThrow(/template folder not found/);
  });
});

/** The installed command runs dist/bundle: build it when it is missing or older than the sources. */
function commontext(args: string[], env: Record<string, string> = {}) {
  const bundle = path.join(repo, 'dist/bundle/commontext.mjs');
  const src = path.join(repo, 'src');
  const newest = Math.max(...readdirSync(src, { recursive: true }).map((f) => statSync(path.join(src, String(f))).mtimeMs));
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newest) execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo });
  return spawnSync(process.execPath, [path.join(repo, 'bin/commontext.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('on the command line', () => {
  it('check A.docx B.docx --templates DIR reports NOTE 2 in 7.3 and Table 3 (title)', () => {
    const r = commontext(['check', bare.itu, bare.iso, '--templates', templates, '--labels', 'ITU,ISO', '--no-color']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^NOT technically identical: 4 findings in the body/);
    expect(r.stdout).toContain('2. NOTE 2 in 7.3 — the note text differs [changed]');
    expect(r.stdout).toContain('3. Table 3 (title), in 7.3 — the table title text differs [changed]');
    const json = commontext(['check', bare.itu, bare.iso, '--templates', templates, '--json']);
    expect(JSON.parse(json.stdout).findings.map((f: { location: string }) => f.location)).toEqual(WITH_MAP);
    expect(commontext(['check', '--help']).stdout).toContain('--templates DIR');
  });

  it('check <source.md> builds in memory: no temporary folder', () => {
    // TMPDIR is a file: making any folder in it fails (the former build into mkdtemp(os.tmpdir()) did; it removed it afterwards)
    const notAFolder = path.join(tmp('ct-tmpdir-'), 'not-a-folder');
    writeFileSync(notAFolder, '');
    const r = commontext(['check', source, '--templates', templates, '--no-color'], { TMPDIR: notAFolder, TMP: notAFolder, TEMP: notAFolder });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^technically identical/);
    // each publication by the name the build would give it, and the source (no temporary path)
    expect(r.stdout.split('\n')[1]).toMatch(/^ITU: T-REC-X\.9999-202401-I-E\.docx  ·  ISO: ISO_IEC_99999_2024\(E\)\.docx  ·  built in memory from .*timers\.md \(nothing written\)  ·  /);
  });
});
