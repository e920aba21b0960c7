/**
 * The convention for deleted sections and elements (issue 11, README "Inserted and deleted sections"):
 * a deleted subclause, table or note leaves its number unused. After "Delete subclause 2.2." the
 * published 2.3 (and its 2.3.1) and 2.4 keep their numbers, so the Scope's "(see 2.3)" still points
 * at it; after "Delete Table 1." the published Tables 2 and 3 keep theirs; after "Delete NOTE 2 …"
 * NOTE 1 and NOTE 3 keep theirs. Checked on the revision DOCX and on the DOCX built from `apply`'s
 * corrected text, both read back, and on the warning the corrigendum command gives the editor.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { readDocx } from '../src/reader/index.js';
import { texts, tmp } from './helpers.js';

const FRONT = `---
kind: common
title: "Information technology – Deletion test"
itu: { number: "X.1996", approved: "2024-03-21", studyGroup: 17 }
iso: { designation: "ISO/IEC 29996", year: 2024, edition: 1, committee: { sc: "27", title: "Information security" } }
---

# Scope

:This specifies the model (see 2.3).

# Model

The model has parts.

## First part

The first part.

## Second part

The second part.

## Third part

The third part.

### Detail

The detail of the third part.

## Fourth part

The fourth part.

# Tables

Table: First table

| A | B |
|---|---|
| 1 | 2 |

Table: Second table

| C | D |
|---|---|
| 3 | 4 |

Table: Third table

| E | F |
|---|---|
| 5 | 6 |

# Notes

The notes follow.

:::note
The first note.
:::

:::note
The second note.
:::

:::note
The third note.
:::
`;

const EDITED = FRONT
  .replace('## Second part\n\nThe second part.\n\n', '')
  .replace(/Table: First table\n\n[^]*?\| 1 \| 2 \|\n\n/, '')
  .replace(':::note\nThe second note.\n:::\n\n', '');

async function run(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(args, { out: () => {}, err: (s) => { err += s; } });
  return { code, err };
}

/** The literal published numbers, as a reader of the DOCX sees them. */
function expectPublishedNumbers(lines: string[], what: string) {
  const text = lines.join('\n');
  expect(text, what).toMatch(/^2\.1\tFirst part$/m);
  expect(text, what).not.toMatch(/Second part/);
  expect(text, what).toMatch(/^2\.3\tThird part$/m);
  expect(text, what).toMatch(/^2\.3\.1\tDetail$/m);
  expect(text, what).toMatch(/^2\.4\tFourth part$/m);
  expect(text, what).toMatch(/see 2\.3\)/);
  expect(text, what).toMatch(/^Table 2 – Second table$/m);
  expect(text, what).toMatch(/^Table 3 – Third table$/m);
  expect(text, what).not.toMatch(/^Table 1 /m);
  expect(text, what).toMatch(/^NOTE 1 – The first note\.$/m);
  expect(text, what).toMatch(/^NOTE 3 – The third note\.$/m);
  expect(text, what).not.toMatch(/^NOTE 2 /m);
}

describe('deleted sections and elements leave their numbers unused', () => {
  it('after deleting 2.2, Table 1 and NOTE 2: 2.3, 2.3.1, 2.4, Tables 2 and 3, NOTE 1 and 3 as published, in the revision DOCX and the corrected text', async () => {
    const dir = tmp('ct-del-');
    const oldFile = path.join(dir, 'old.md');
    const newFile = path.join(dir, 'new.md');
    writeFileSync(oldFile, FRONT);
    writeFileSync(newFile, EDITED);
    const out = path.join(dir, 'out');
    const cor = await run(['corrigendum', '--base', oldFile, newFile, '--number', '1', '--out', out, '--approved', '2025-06-20']);
    expect(cor.code, cor.err).toBe(0);

    // the editor is told where the edited source renumbers, and what keeps the published number
    const line = (s: string) => EDITED.split('\n').lastIndexOf(s) + 1;
    const rel = path.relative(process.cwd(), newFile);
    expect(cor.err).toContain(`${rel}:${line('## Third part')}:1: warning: `);
    expect(cor.err).toMatch(/subclause 2\.3 as "2\.2"[^\n]*; write \{number="2\.3"\} at the end of that line to keep the published number \[renumbered\]/);
    expect(cor.err).toContain(`${rel}:${line('Table: Second table')}:1: warning: `);
    expect(cor.err).toMatch(/Table 2 as "Table 1"[^\n]*write \{number="2"\}/);
    expect(cor.err).toMatch(/Table 3 as "Table 2"[^\n]*write \{number="3"\}/);
    expect(cor.err).toContain(`${rel}:${line(':::note')}:1: warning: `);
    expect(cor.err).toMatch(/NOTE 3 as "NOTE 2"[^\n]*keep NOTE 3 [^\n]*write :::note\{number="3"\} there/);
    // NOTE 1 prints "NOTE 1" now, but alone in the count once NOTE 3 carries its number it would print "NOTE"
    expect(cor.err).toContain(`${rel}:${EDITED.split('\n').indexOf(':::note') + 1}:1: warning: `);
    expect(cor.err).toMatch(/leaves the published NOTE 1 alone in the count of its \(sub\)clause \(printed "NOTE"\); write :::note\{number="1"\} there/);
    expect(cor.err).toMatch(/Table 2 as "Table 1"[^\n]*keep Table 2 /);

    const files = readdirSync(out);
    for (const prefix of ['T-REC', 'ISO']) {
      const sup = texts(await readDocx(path.join(out, files.find((f) => f.startsWith(prefix) && !f.endsWith('.revision.docx'))!)));
      expect(sup).toEqual(expect.arrayContaining(['Delete subclause 2.2.', 'Delete Table 1.']));
      const revision = texts(await readDocx(path.join(out, files.find((f) => f.startsWith(prefix) && f.endsWith('.revision.docx'))!)));
      expectPublishedNumbers(revision, `${prefix} revision`);
    }

    const corrected = path.join(dir, 'corrected.md');
    const ap = await run(['apply', path.join(out, 'new-cor1.md'), '--to', oldFile, '--out', corrected]);
    expect(ap.code, ap.err).toBe(0);
    const text = readFileSync(corrected, 'utf8');
    // one line each, every other byte as published
    expect(text).toContain('\n## Third part {number="2.3"}\n');
    expect(text).toContain('\n### Detail\n');
    expect(text).toContain('\n## Fourth part\n');
    expect(text).toContain('\nTable: Second table {number="2"}\n');
    expect(text).toContain('\nTable: Third table {number="3"}\n');
    expect(text).toContain('\n:::note{number="1"}\nThe first note.');
    expect(text).toContain('\n:::note{number="3"}\nThe third note.');
    const built = path.join(dir, 'built');
    const b = await run(['build', corrected, '--out', built, '--no-check', '--quiet']);
    expect(b.code, b.err).toBe(0);
    const docx = readdirSync(built).filter((f) => f.endsWith('.docx'));
    expect(docx).toHaveLength(2);
    for (const f of docx) expectPublishedNumbers(texts(await readDocx(path.join(built, f))), `corrected ${f}`);
  }, 90_000);

  it('the editor who writes the published number gets no warning and the same corrected text', async () => {
    const dir = tmp('ct-del-kept-');
    const oldFile = path.join(dir, 'old.md');
    const newFile = path.join(dir, 'new.md');
    writeFileSync(oldFile, FRONT);
    writeFileSync(newFile, EDITED.replace('## Third part', '## Third part {number="2.3"}').replace('Table: Second table', 'Table: Second table {number="2"}').replace('Table: Third table', 'Table: Third table {number="3"}').replace(':::note\nThe first', ':::note{number="1"}\nThe first').replace(':::note\nThe third', ':::note{number="3"}\nThe third'));
    const out = path.join(dir, 'out');
    const cor = await run(['corrigendum', '--base', oldFile, newFile, '--number', '1', '--out', out, '--approved', '2025-06-20', '--no-docx']);
    expect(cor.code, cor.err).toBe(0);
    expect(cor.err).not.toMatch(/renumbered/);
    const supplement = readFileSync(path.join(out, 'new-cor1.md'), 'utf8');
    // the printed numbers are no change of the published text
    expect(supplement).not.toMatch(/Replace the title|Replace Table|Replace NOTE/);
    const corrected = path.join(dir, 'corrected.md');
    expect((await run(['apply', path.join(out, 'new-cor1.md'), '--to', oldFile, '--out', corrected])).code).toBe(0);
    expect(readFileSync(corrected, 'utf8')).toBe(readFileSync(newFile, 'utf8'));
  }, 60_000);
});
