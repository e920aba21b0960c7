/**
 * Issue 9: a corrigendum names elements by the numbers each publication prints (prepare's
 * numbering), not by a second count of the raw Markdown. Checked on what users get: the supplement
 * source, its two built DOCX read back, the old publications' printed labels, and the apply round trip.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { build, prepare } from '../src/index.js';
import { applySupplement, loadVersion } from '../src/supplement/index.js';
import { parseSourceText } from '../src/source/parse.js';
import { renderText } from '../src/render/text.js';
import { readDocx, type ReadDocument } from '../src/reader/index.js';
import { texts, tmp } from './helpers.js';

const FRONT = `---
kind: common
title: "Information technology – Numbering test"
itu: { number: "X.1998", approved: "2024-03-21", studyGroup: 17 }
iso: { designation: "ISO/IEC 29998", year: 2024, edition: 1, committee: { sc: "27", title: "Information security" } }
---

# Scope

:This specifies nothing.

`;

const ITU_TABLE = `:::itu{reason="An ITU-T table"}
Table: ITU only

| a | b |
|---|---|
| 1 | 2 |
:::

`;

const SHARED_TABLE = `Table: Shared

| c | d |
|---|---|
| 3 | 4 |

`;

interface Result { md: string; itu: string[]; iso: string[]; oldItu: string[]; oldIso: string[]; dir: string; oldFile: string; newFile: string; docx: string[] }

function io() {
  const o = { out: '', err: '' };
  return { o, io: { out: (s: string) => { o.out += s; }, err: (s: string) => { o.err += s; } } };
}

async function read(file: string): Promise<{ itu: ReadDocument; iso: ReadDocument }> {
  const r = await build(file, { outDir: tmp() });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const [itu, iso] = await Promise.all(r.outputs.map((o) => readDocx(o.path!)));
  return { itu, iso };
}

/** Writes both versions, runs `commontext corrigendum`, reads the supplement's two DOCX and the old publications. */
async function corrigendum(oldBody: string, newBody: string): Promise<Result> {
  const dir = tmp('ct-num-');
  const oldFile = path.join(dir, 'old.md');
  const newFile = path.join(dir, 'new.md');
  writeFileSync(oldFile, FRONT + oldBody);
  writeFileSync(newFile, FRONT + newBody);
  const out = path.join(dir, 'out');
  const { o, io: i } = io();
  expect(await main(['corrigendum', '--base', oldFile, newFile, '--number', '1', '--out', out], i), o.err).toBe(0);
  const md = readFileSync(path.join(out, 'new-cor1.md'), 'utf8');
  const docx = readdirSync(out).filter((f) => f.endsWith('.docx') && !f.endsWith('.revision.docx'));
  const docs = await Promise.all(docx.map((f) => readDocx(path.join(out, f))));
  const pick = (side: 'ITU' | 'ISO') => texts(docs[docx.findIndex((f) => (side === 'ITU' ? f.startsWith('T-REC') : f.startsWith('ISO')))]);
  const old = await read(oldFile);
  return { md, itu: pick('ITU'), iso: pick('ISO'), oldItu: texts(old.itu), oldIso: texts(old.iso), dir, oldFile, newFile, docx: docx.map((f) => path.join(out, f)) };
}

function bodyText(text: string, file: string, side: 'itu' | 'iso'): string {
  const p = parseSourceText(text, file);
  if (!p.document) throw new Error(p.diagnostics.sorted().map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  const pub = prepare(p.document, side);
  return renderText({ ...pub, sections: pub.sections.filter((s) => s.name === 'body') });
}

/** apply carries the supplement out on the old source: both publications of the result are the new ones. */
function expectRoundTrip(r: Result) {
  const corFile = path.join(r.dir, 'cor.md');
  const corrected = applySupplement(r.md, corFile, loadVersion(r.oldFile));
  const newText = readFileSync(r.newFile, 'utf8');
  for (const side of ['itu', 'iso'] as const) expect(bodyText(corrected, r.oldFile, side)).toBe(bodyText(newText, r.oldFile, side));
}

/** The supplement built like any source: its two publications check as technically identical, the per-publication texts declared. */
async function expectChecked(r: Result) {
  const file = path.join(r.dir, 'cor.md');
  writeFileSync(file, r.md);
  const out = tmp();
  const built = await build(file, { outDir: out });
  expect(built.ok).toBe(true);
  const { o, io: i } = io();
  const code = await main(['check', ...built.outputs.map((x) => x.path!), '--no-color'], i);
  expect(code, o.out + o.err).toBe(0);
}

describe('a corrigendum names each element by the number its publication prints', () => {
  it('a shared table after an ITU-only one: "Delete Table 2." in the ITU supplement, "Delete Table 1." in the ISO one', async () => {
    const r = await corrigendum(`# Model\n\n${ITU_TABLE}${SHARED_TABLE}Text.\n`, `# Model\n\n${ITU_TABLE}Text.\n`);
    expect(r.oldItu).toContain('Table 2 – Shared');
    expect(r.oldIso).toContain('Table 1 – Shared');
    expect(r.itu).toContain('Delete Table 2.');
    expect(r.itu).not.toContain('Delete Table 1.');
    expect(r.iso).toContain('Delete Table 1.');
    expect(r.iso).not.toContain('Delete Table 2.');
    await expectChecked(r);
    expectRoundTrip(r);
  }, 60_000);

  it('a note after a note inside a list item: "Delete NOTE 2 in clause 2." (not "Delete NOTE in clause 2.")', async () => {
    const list = '- an item\n\n  :::note\n  The note in the list.\n  :::\n\n';
    const note = ':::note\nThe note of the clause.\n:::\n\n';
    const r = await corrigendum(`# Model\n\n${list}${note}Text.\n`, `# Model\n\n${list}Text.\n`);
    expect(r.oldItu).toContain('NOTE 2 – The note of the clause.');
    expect(r.oldIso).toContain('NOTE 2 – The note of the clause.');
    for (const side of [r.itu, r.iso]) {
      expect(side).toContain('Delete NOTE 2 in clause 2.');
      expect(side).not.toContain('Delete NOTE in clause 2.');
    }
    expectRoundTrip(r);
  }, 60_000);

  it('a note after an ITU-only note: "NOTE 2" in the ITU supplement, "NOTE" in the ISO one', async () => {
    const ituNote = '::::itu{reason="An ITU-T note"}\n:::note\nThe ITU-T note.\n:::\n::::\n\n';
    const note = ':::note\nThe note of the clause.\n:::\n\n';
    const r = await corrigendum(`# Model\n\n${ituNote}${note}Text.\n`, `# Model\n\n${ituNote}Text.\n`);
    expect(r.oldItu).toContain('NOTE 2 – The note of the clause.');
    expect(r.oldIso).toContain('NOTE – The note of the clause.');
    expect(r.itu).toContain('Delete NOTE 2 in clause 2.');
    expect(r.iso).toContain('Delete NOTE in clause 2.');
    expect(r.iso).not.toContain('Delete NOTE 2 in clause 2.');
    expectRoundTrip(r);
  }, 60_000);

  it('a clause after an ITU-only clause: each publication\'s heading and instruction name it by its own number', async () => {
    const ituClause = ':::itu{reason="An ITU-T clause"}\n# Conventions\n\nITU-T text.\n:::\n\n';
    const r = await corrigendum(`${ituClause}# Model\n\nThe text of the model is here.\n`, `${ituClause}# Model\n\nThe text of the model is there.\n`);
    expect(r.oldItu).toContain('3\tModel');
    expect(r.oldIso).toContain('2\tModel');
    // ITU numbers the locations under its "1)⇥Changes to …" heading; ISO prints the location alone
    expect(r.itu).toEqual(expect.arrayContaining(['1.1)\tClause 3', 'In clause 3, replace "here." with "there.".']));
    expect(r.iso).toEqual(expect.arrayContaining(['Clause 2', 'In clause 2, replace "here." with "there.".']));
    expectRoundTrip(r);
  }, 60_000);

  it('a change inside an ITU-only block is an instruction of the ITU publication only; the groups are numbered in each', async () => {
    const block = (w: string) => `:::itu{reason="An ITU-T paragraph"}\nAn ITU-T paragraph ${w}.\n:::\n\n`;
    const r = await corrigendum(`# Model\n\n${block('here')}Text.\n\n# Other\n\nThe other text is here.\n`, `# Model\n\n${block('there')}Text.\n\n# Other\n\nThe other text is there.\n`);
    expect(r.itu).toEqual(expect.arrayContaining(['1.1)\tClause 2', 'Replace the first element of clause 2 with the following:', 'An ITU-T paragraph there.', '1.2)\tClause 3', 'In clause 3, replace "is here." with "is there.".']));
    expect(r.iso).toEqual(expect.arrayContaining(['Clause 3', 'In clause 3, replace "is here." with "is there.".']));
    expect(r.iso.join('\n')).not.toMatch(/Clause 2|Replace the first element/);
    expectRoundTrip(r);
  }, 60_000);

  it('a paragraph after an ITU-only paragraph: found by its opening words in both supplements, not by a count that differs', async () => {
    const start = '# Model\n\n:::itu{reason="An ITU-T paragraph"}\nAn ITU-T paragraph.\n:::\n\nThe first shared paragraph.\n\n';
    const r = await corrigendum(`${start}The second *shared* paragraph.\n`, `${start}A *wholly* new text.\n`);
    expect(r.oldItu).toEqual(expect.arrayContaining(['An ITU-T paragraph.', 'The first shared paragraph.', 'The second shared paragraph.']));
    for (const side of [r.itu, r.iso]) expect(side).toContain('Replace the paragraph of clause 2 beginning "The second shared" with the following:');
    await expectChecked(r);
    expectRoundTrip(r);
  }, 60_000);
});
