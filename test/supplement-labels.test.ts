/**
 * Replacement content carries the labels the publication prints (issue 11): "Replace Table 2 with the
 * following:" is followed by "Table 2 – …" in the supplement DOCX, not by the supplement's own count
 * ("Table 1 – …"); "add the following NOTE 2:" by "NOTE 2 – …". Checked on the supplement DOCX read
 * back, in each publication where the two number the element differently, and on the apply round trip.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { build, prepare } from '../src/index.js';
import { applySupplement, loadVersion } from '../src/supplement/index.js';
import { parseSourceText } from '../src/source/parse.js';
import { renderText } from '../src/render/text.js';
import { readDocx } from '../src/reader/index.js';
import { repo, texts, tmp } from './helpers.js';

const FRONT = `---
kind: common
title: "Information technology – Label test"
itu: { number: "X.1997", approved: "2024-03-21", studyGroup: 17 }
iso: { designation: "ISO/IEC 29997", year: 2024, edition: 1, committee: { sc: "27", title: "Information security" } }
---

# Scope

:This specifies nothing.

`;

const table = (title: string, head: string) => `Table: ${title}\n\n| ${head} | b |\n|---|---|\n| 1 | 2 |\n\n`;
const ITU_TABLE = `:::itu{reason="An ITU-T table"}\n${table('ITU only', 'a')}:::\n\n`;

interface Result { md: string; itu: string[]; iso: string[]; dir: string; oldFile: string; newFile: string }

async function corrigendum(oldBody: string, newBody: string, dir = tmp('ct-lab-')): Promise<Result> {
  const oldFile = path.join(dir, 'old.md');
  const newFile = path.join(dir, 'new.md');
  writeFileSync(oldFile, FRONT + oldBody);
  writeFileSync(newFile, FRONT + newBody);
  const out = path.join(dir, 'out');
  let err = '';
  const code = await main(['corrigendum', '--base', oldFile, newFile, '--number', '1', '--out', out, '--approved', '2025-06-20'], { out: () => {}, err: (s) => { err += s; } });
  expect(code, err).toBe(0);
  const md = readFileSync(path.join(out, 'new-cor1.md'), 'utf8');
  const docx = readdirSync(out).filter((f) => f.endsWith('.docx') && !f.endsWith('.revision.docx'));
  const read = async (prefix: string) => texts(await readDocx(path.join(out, docx.find((f) => f.startsWith(prefix))!)));
  return { md, itu: await read('T-REC'), iso: await read('ISO'), dir, oldFile, newFile };
}

function bodyText(text: string, file: string, side: 'itu' | 'iso'): string {
  const p = parseSourceText(text, file);
  if (!p.document) throw new Error(p.diagnostics.sorted().map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  const pub = prepare(p.document, side);
  return renderText({ ...pub, sections: pub.sections.filter((s) => s.name === 'body') });
}

/** apply gives the new text back, and writes no printed number the edited source did not have. */
function expectRoundTrip(r: Result) {
  const corrected = applySupplement(r.md, path.join(r.dir, 'cor.md'), loadVersion(r.oldFile));
  const newText = readFileSync(r.newFile, 'utf8');
  for (const side of ['itu', 'iso'] as const) expect(bodyText(corrected, r.oldFile, side)).toBe(bodyText(newText, r.oldFile, side));
  expect(corrected).not.toMatch(/number="/);
}

const after = (lines: string[], instruction: string) => lines.slice(lines.indexOf(instruction) + 1);

describe('replacement content carries the published labels', () => {
  it('"Replace Table 2 with the following:" prints "Table 2 – …"', async () => {
    const r = await corrigendum(`# Model\n\n${table('First', 'a')}${table('Second', 'c')}Text.\n`, `# Model\n\n${table('First', 'a')}${table('Second', 'c *d*')}Text.\n`);
    for (const side of [r.itu, r.iso]) {
      expect(side).toContain('Replace Table 2 with the following:');
      expect(after(side, 'Replace Table 2 with the following:')[0]).toBe('Table 2 – Second');
      expect(side).not.toContain('Table 1 – Second');
    }
    expectRoundTrip(r);
  }, 60_000);

  it('a table numbered 2 in the Recommendation and 1 in the International Standard: each prints its own label', async () => {
    const r = await corrigendum(`# Model\n\n${ITU_TABLE}${table('Shared', 'c')}Text.\n`, `# Model\n\n${ITU_TABLE}${table('Shared', 'c *d*')}Text.\n`);
    expect(after(r.itu, 'Replace Table 2 with the following:')[0]).toBe('Table 2 – Shared');
    expect(after(r.iso, 'Replace Table 1 with the following:')[0]).toBe('Table 1 – Shared');
    expect(r.iso).not.toContain('Table 2 – Shared');
    expectRoundTrip(r);
    // the supplement built like any source: its two publications check identical, each copy declared
    const file = path.join(r.dir, 'cor.md');
    writeFileSync(file, r.md);
    const built = await build(file, { outDir: tmp() });
    expect(built.ok).toBe(true);
    let said = '';
    expect(await main(['check', ...built.outputs.map((x) => x.path!), '--no-color'], { out: (s) => { said += s; }, err: (s) => { said += s; } }), said).toBe(0);
  }, 60_000);

  it('"add the following NOTE 2:" prints "NOTE 2 – …"', async () => {
    const note = ':::note\nThe first note.\n:::\n\n';
    const r = await corrigendum(`# Model\n\nText.\n\n${note}`, `# Model\n\nText.\n\n${note}:::note\nThe second note.\n:::\n`);
    for (const side of [r.itu, r.iso]) {
      const i = side.findIndex((t) => /NOTE 2:$/.test(t));
      expect(i, side.join('\n')).toBeGreaterThan(0);
      expect(side[i + 1]).toBe('NOTE 2 – The second note.');
    }
    expectRoundTrip(r);
  }, 60_000);

  it('"Replace NOTE 2 in clause 2" prints "NOTE 2 – …"', async () => {
    const r = await corrigendum(`# Model\n\nText.\n\n:::note\nOne.\n:::\n\n:::note\nThe second *note*.\n:::\n`, `# Model\n\nText.\n\n:::note\nOne.\n:::\n\n:::note\nThe *changed* note.\n:::\n`);
    for (const side of [r.itu, r.iso]) {
      const i = side.findIndex((t) => /^Replace NOTE 2 in clause 2/.test(t));
      expect(i, side.join('\n')).toBeGreaterThan(0);
      expect(side[i + 1]).toBe('NOTE 2 – The changed note.');
    }
    expectRoundTrip(r);
  }, 60_000);

  it('"Replace item c)" prints "c)", an item added after item b) prints "c)"', async () => {
    const list = (c: string) => `# Model\n\nThe steps are:\n\n1. first step;\n2. second step;\n3. ${c};\n4. last step.\n`;
    const r = await corrigendum(list('third *step*'), list('the *new* third step'));
    for (const side of [r.itu, r.iso]) {
      const i = side.findIndex((t) => /^Replace item c\)/.test(t));
      expect(i, side.join('\n')).toBeGreaterThan(0);
      expect(side[i + 1]).toBe('c)\tthe new third step;');
    }
    expectRoundTrip(r);
    const added = await corrigendum(list('third step'), list('third step;\n4. inserted step'));
    for (const side of [added.itu, added.iso]) {
      const i = side.findIndex((t) => /^Add the following item after item c\)/.test(t));
      expect(i, side.join('\n')).toBeGreaterThan(0);
      expect(side[i + 1]).toBe('d)\tinserted step;');
    }
    expectRoundTrip(added);
  }, 60_000);

  it('"Replace Figure 2 with the following:" prints "Figure 2 – …"', async () => {
    const fig = (title: string) => `![A picture](roles.png)\n\nFigure: ${title}\n\n`;
    const dir = tmp('ct-lab-fig-');
    copyFileSync(path.join(repo, 'fixtures/example/figures/attestation-roles.png'), path.join(dir, 'roles.png'));
    const r = await corrigendum(`# Model\n\n${fig('First')}${fig('Second one')}Text.\n`, `# Model\n\n${fig('First')}${fig('Second *new* one')}Text.\n`, dir);
    for (const side of [r.itu, r.iso]) {
      const i = side.findIndex((t) => /^Replace Figure 2 with the following:$|^In Figure 2, /.test(t));
      expect(i, side.join('\n')).toBeGreaterThan(0);
      expect(side).toContain('Figure 2 – Second new one');
      expect(side).not.toContain('Figure 1 – Second new one');
    }
    expectRoundTrip(r);
  }, 60_000);
});
