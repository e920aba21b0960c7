/**
 * The convention for inserted terms, notes, tables and figures (issue 11): an element a corrigendum
 * inserts before a published one of its kind takes a placeholder number after the one before it
 * ("definition 2.1a", "NOTE 1a", "Table 1a", "Figure 1a"), and no published number after it changes.
 * The same number is in the instruction, in the supplement DOCX's content, in `apply`'s corrected text
 * and in the revision DOCX. Checked on both DOCX read back and on the corrected text built.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { prepare } from '../src/index.js';
import { applySupplement, loadVersion } from '../src/supplement/index.js';
import { parseSourceText } from '../src/source/parse.js';
import { renderText } from '../src/render/text.js';
import { readDocx } from '../src/reader/index.js';
import { repo, texts, tmp } from './helpers.js';

const FRONT = `---
kind: common
title: "Information technology – Placeholder test"
itu: { number: "X.1995", approved: "2024-03-21", studyGroup: 17 }
iso: { designation: "ISO/IEC 29995", year: 2024, edition: 1, committee: { sc: "27", title: "Information security" } }
---

# Scope

:This specifies the model.

# Terms and definitions {.terms}

**alpha**: The first term.

**beta**: The second term.

# Model

The model has parts.

:::note
The first note.
:::

:::note
The second note.
:::

Table: First table

| a | b |
|---|---|
| 1 | 2 |

Table: Second table

| c | d |
|---|---|
| 3 | 4 |

![A picture](roles.png)

Figure: First figure

![A picture](roles.png)

Figure: Second figure

# Use

The use of the model.
`;

const TABLE = 'Table: Inserted table\n\n| e | f |\n|---|---|\n| 5 | 6 |\n\n';

const EDITED = FRONT
  .replace('**beta**', '**alphabet**: The inserted term.\n\n**beta**')
  .replace(':::note\nThe second note.', ':::note\nThe inserted note.\n:::\n\n:::note\nThe second note.')
  .replace('Table: Second table', `${TABLE}Table: Second table`)
  .replace('![A picture](roles.png)\n\nFigure: Second figure', '![A picture](roles.png)\n\nFigure: Inserted figure\n\n![A picture](roles.png)\n\nFigure: Second figure');

function bodyText(text: string, file: string, side: 'itu' | 'iso'): string {
  const p = parseSourceText(text, file);
  if (!p.document) throw new Error(p.diagnostics.sorted().map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  const pub = prepare(p.document, side);
  return renderText({ ...pub, sections: pub.sections.filter((s) => s.name === 'body') });
}

async function corrigendum(oldText: string, newText: string) {
  const dir = tmp('ct-plc-');
  copyFileSync(path.join(repo, 'fixtures/example/figures/attestation-roles.png'), path.join(dir, 'roles.png'));
  const oldFile = path.join(dir, 'old.md');
  const newFile = path.join(dir, 'new.md');
  writeFileSync(oldFile, oldText);
  writeFileSync(newFile, newText);
  const out = path.join(dir, 'out');
  let err = '';
  expect(await main(['corrigendum', '--base', oldFile, newFile, '--number', '1', '--out', out, '--approved', '2025-06-20'], { out: () => {}, err: (s) => { err += s; } }), err).toBe(0);
  const files = readdirSync(out);
  const read = async (test: (f: string) => boolean) => texts(await readDocx(path.join(out, files.find(test)!)));
  const md = readFileSync(path.join(out, 'new-cor1.md'), 'utf8');
  return { dir, oldFile, newFile, out, md, read };
}

const PUBLISHED = [/^2\.2\tbeta: The second term\.$/m, /^NOTE 2 – The second note\.$/m, /^Table 2 – Second table$/m, /^Figure 2 – Second figure$/m];
const INSERTED = [/^2\.1a\talphabet: The inserted term\.$/m, /^NOTE 1a – The inserted note\.$/m, /^Table 1a – Inserted table$/m, /^Figure 1a – Inserted figure$/m];

describe('inserted terms, notes, tables and figures keep the published numbers', () => {
  it('2.1a, NOTE 1a, Table 1a and Figure 1a in the instructions, the corrected text and the revision DOCX', async () => {
    const r = await corrigendum(FRONT, EDITED);
    for (const prefix of ['T-REC', 'ISO']) {
      const sup = await r.read((f) => f.startsWith(prefix) && !f.endsWith('.revision.docx'));
      const after = (instruction: string) => sup[sup.indexOf(instruction) + 1];
      expect(sup, sup.join('\n')).toEqual(expect.arrayContaining([
        'Add the following new definition 2.1a after definition 2.1:', 'Add the following new NOTE 1a after NOTE 1 in clause 3:',
        'Add the following new Table 1a after Table 1:', 'Add the following new Figure 1a after Figure 1:',
      ]));
      expect(after('Add the following new definition 2.1a after definition 2.1:')).toBe('2.1a\talphabet: The inserted term.');
      expect(after('Add the following new NOTE 1a after NOTE 1 in clause 3:')).toBe('NOTE 1a – The inserted note.');
      expect(after('Add the following new Table 1a after Table 1:')).toBe('Table 1a – Inserted table');
      expect(sup).toContain('Figure 1a – Inserted figure');
      const revision = (await r.read((f) => f.startsWith(prefix) && f.endsWith('.revision.docx'))).join('\n');
      for (const re of [...INSERTED, ...PUBLISHED]) expect(revision, prefix).toMatch(re);
    }
    const corrected = applySupplement(r.md, path.join(r.dir, 'cor.md'), loadVersion(r.oldFile));
    expect(corrected).toContain('**alphabet**: The inserted term. {number="2.1a"}');
    expect(corrected).toContain(':::note{number="1a"}');
    expect(corrected).toContain('Table: Inserted table {number="1a"}');
    expect(corrected).toContain('Figure: Inserted figure {number="1a"}');
    for (const side of ['itu', 'iso'] as const) {
      const text = bodyText(corrected, r.oldFile, side);
      for (const re of [...INSERTED, ...PUBLISHED]) expect(text, side).toMatch(re);
    }
  }, 90_000);

  it('a table after the last one takes the next number, which apply leaves to the count', async () => {
    const r = await corrigendum(FRONT, FRONT.replace('| 3 | 4 |\n', `| 3 | 4 |\n\n${TABLE}`));
    const sup = await r.read((f) => f.startsWith('T-REC') && !f.endsWith('.revision.docx'));
    expect(sup, sup.join('\n')).toContain('Add the following new Table 3 after Table 2:');
    expect(sup[sup.indexOf('Add the following new Table 3 after Table 2:') + 1]).toBe('Table 3 – Inserted table');
    const corrected = applySupplement(r.md, path.join(r.dir, 'cor.md'), loadVersion(r.oldFile));
    expect(corrected).not.toMatch(/number="/);
    for (const side of ['itu', 'iso'] as const) expect(bodyText(corrected, r.oldFile, side)).toBe(bodyText(readFileSync(r.newFile, 'utf8'), r.oldFile, side));
  }, 90_000);
});

describe('where the two publications number the neighbours differently', () => {
  it('an inserted table after an ITU-only one is numbered by the count, and the round trip holds', async () => {
    const sided = FRONT.replace('Table: First table', ':::itu{reason="An ITU-T table"}\nTable: ITU only\n\n| i | j |\n|---|---|\n| 7 | 8 |\n:::\n\nTable: First table');
    const r = await corrigendum(sided, sided.replace('Table: Second table', `${TABLE}Table: Second table`));
    expect(r.md).not.toMatch(/number="/);
    const corrected = applySupplement(r.md, path.join(r.dir, 'cor.md'), loadVersion(r.oldFile));
    for (const side of ['itu', 'iso'] as const) expect(bodyText(corrected, r.oldFile, side)).toBe(bodyText(readFileSync(r.newFile, 'utf8'), r.oldFile, side));
  }, 90_000);
});

describe('a change in a table cell that holds markup is a cell instruction', () => {
  const CELLS = FRONT.replace('| 3 | 4 |', '| Format | Value of **format**, see [](#use) and `fmt` |').replace('# Use', '# Use {#use}');
  it('the quotes print as the cell does (no literal markup), and apply carries it out', async () => {
    const r = await corrigendum(CELLS, CELLS.replace('Value of **format**, see [](#use)', 'Value of the **format** field, see [](#use)'));
    expect(r.md).toMatch(/In Table 2, in the row "Format", replace "\*\*format\*\*," with "the \*\*format\*\* field,"\./);
    for (const prefix of ['T-REC', 'ISO']) {
      const sup = await r.read((f) => f.startsWith(prefix) && !f.endsWith('.revision.docx'));
      expect(sup, sup.join('\n')).toContain('In Table 2, in the row "Format", replace "format," with "the format field,".');
      expect(sup.join('\n')).not.toMatch(/Replace Table 2/);
    }
    const corrected = applySupplement(r.md, path.join(r.dir, 'cor.md'), loadVersion(r.oldFile));
    expect(corrected).toContain('| Format | Value of the **format** field, see [](#use) and `fmt` |');
  }, 90_000);

  it('a quote the cell\'s source writes otherwise (__format__): apply rewrites that cell alone', async () => {
    const written = FRONT.replace('| 3 | 4 |', '| Format | Value of __format__ here |');
    const r = await corrigendum(written, written.replace('Value of __format__ here', 'Value of the __format__ field here'));
    expect(r.md).toContain('In Table 2, in the row "Format", replace "**format**" with "the **format** field".');
    const corrected = applySupplement(r.md, path.join(r.dir, 'cor.md'), loadVersion(r.oldFile));
    expect(corrected).toContain('| Format | Value of the **format** field here |');
    for (const side of ['itu', 'iso'] as const) expect(bodyText(corrected, r.oldFile, side)).toBe(bodyText(readFileSync(r.newFile, 'utf8'), r.oldFile, side));
  }, 90_000);

  it('a cell citing a footnote: the words before the mark are quoted, the footnote stays', async () => {
    const cited = FRONT.replace('| 3 | 4 |', '| 3 | The stamp[^n] |').replace('# Use', '[^n]: A footnote.\n\n# Use');
    const r = await corrigendum(cited, cited.replace('The stamp[^n]', 'The time stamp[^n]'));
    expect(r.md).toContain('In Table 2, in the row "3", replace "The stamp" with "The time stamp".');
    const sup = await r.read((f) => f.startsWith('ISO') && !f.endsWith('.revision.docx'));
    expect(sup.join('\n')).not.toMatch(/Replace Table 2/);
    const corrected = applySupplement(r.md, path.join(r.dir, 'cor.md'), loadVersion(r.oldFile));
    expect(corrected).toContain('| 3 | The time stamp[^n] |');
    for (const side of ['itu', 'iso'] as const) expect(bodyText(corrected, r.oldFile, side)).toBe(bodyText(readFileSync(r.newFile, 'utf8'), r.oldFile, side));
  }, 90_000);
});

describe('the source format: a term entry\'s printed number', () => {
  const doc = (terms: string) => FRONT.replace('**alpha**: The first term.\n\n**beta**: The second term.', terms);
  const file = () => {
    const dir = tmp('ct-plc-terms-');
    copyFileSync(path.join(repo, 'fixtures/example/figures/attestation-roles.png'), path.join(dir, 'roles.png'));
    return path.join(dir, 'terms.md');
  };
  it('{number="2.1a"} at the end of a definition prints 2.1a and takes no place in the count', () => {
    const text = bodyText(doc('**alpha**: The first term.\n\n**alphabet**: The inserted term. {number="2.1a"}\n\n**beta**: The second term.'), file(), 'iso');
    expect(text).toMatch(/^2\.1\talpha: The first term\.$/m);
    expect(text).toMatch(/^2\.1a\talphabet: The inserted term\.$/m);
    expect(text).toMatch(/^2\.2\tbeta: The second term\.$/m);
  });
  it('another attribute there is an error naming what a term entry takes; braces without number= stay text', () => {
    const p = parseSourceText(doc('**alpha**: The first term. {number="2.1a" #x}\n\n**beta**: A set {a, b}.'), file());
    const errors = p.diagnostics.sorted().filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.line}:${d.column} ${d.message} ${d.fix ?? ''}`)).toEqual([expect.stringMatching(/^14:28 this term entry does not take \{#x\} it accepts \{number="3\.2\.5a"\}/)]);
    expect(bodyText(doc('**alpha**: The first term.\n\n**beta**: A set {a, b}.'), file(), 'itu')).toMatch(/^2\.2\tbeta: A set \{a, b\}\.$/m);
  });
});
