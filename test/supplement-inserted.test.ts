/**
 * The convention for inserted sections (issue 11): a subclause a corrigendum inserts between published
 * ones is "2.1a" in the instructions, in `apply`'s corrected text (`{number="2.1a"}` on its heading) and
 * in the revision DOCX, and no published number after it changes: the published 2.2 stays 2.2, so
 * clause 1's "(see 2.2)" still points at it. A new clause between clauses 2 and 3 is "2a" likewise.
 * Checked on the supplement DOCX and the revision DOCX read back, and on the corrected text built.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { prepare } from '../src/index.js';
import { applySupplement, loadVersion } from '../src/supplement/index.js';
import { parseSourceText } from '../src/source/parse.js';
import { renderText } from '../src/render/text.js';
import { readDocx } from '../src/reader/index.js';
import { texts, tmp } from './helpers.js';

const FRONT = `---
kind: common
title: "Information technology – Insertion test"
itu: { number: "X.1996", approved: "2024-03-21", studyGroup: 17 }
iso: { designation: "ISO/IEC 29996", year: 2024, edition: 1, committee: { sc: "27", title: "Information security" } }
---

# Scope

:This specifies the model (see 2.2).

# Model

The model has parts.

## First part

The first part.

## Second part

The second part.

# Use

The use of the model.
`;

const EDITED = FRONT
  .replace('## Second part', '## Inserted part\n\nThe inserted part.\n\n## Second part')
  .replace('# Use', '# Inserted clause\n\nThe inserted clause.\n\n# Use');

function bodyText(text: string, file: string, side: 'itu' | 'iso'): string {
  const p = parseSourceText(text, file);
  if (!p.document) throw new Error(p.diagnostics.sorted().map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  const pub = prepare(p.document, side);
  return renderText({ ...pub, sections: pub.sections.filter((s) => s.name === 'body') });
}

describe('inserted sections keep the published numbers', () => {
  it('2.1a and 2a in the instructions, the corrected text and the revision DOCX; 2.2 and 3 stay', async () => {
    const dir = tmp('ct-ins-');
    const oldFile = path.join(dir, 'old.md');
    const newFile = path.join(dir, 'new.md');
    writeFileSync(oldFile, FRONT);
    writeFileSync(newFile, EDITED);
    const out = path.join(dir, 'out');
    let err = '';
    expect(await main(['corrigendum', '--base', oldFile, newFile, '--number', '1', '--out', out, '--approved', '2025-06-20'], { out: () => {}, err: (s) => { err += s; } }), err).toBe(0);
    const files = readdirSync(out);
    const read = async (test: (f: string) => boolean) => texts(await readDocx(path.join(out, files.find(test)!)));
    for (const prefix of ['T-REC', 'ISO']) {
      const sup = await read((f) => f.startsWith(prefix) && !f.endsWith('.revision.docx'));
      expect(sup).toEqual(expect.arrayContaining(['Add the following new subclause after 2.1:', '2.1a\tInserted part', 'Add the following new clause after clause 2:', '2a\tInserted clause']));
      const revision = (await read((f) => f.startsWith(prefix) && f.endsWith('.revision.docx'))).join('\n');
      expect(revision).toMatch(/^2\.1a\tInserted part$/m);
      expect(revision).toMatch(/^2\.2\tSecond part$/m);
      expect(revision).toMatch(/^2a\tInserted clause$/m);
      expect(revision).toMatch(/^3\tUse$/m);
    }
    const corrected = applySupplement(readFileSync(path.join(out, 'new-cor1.md'), 'utf8'), path.join(dir, 'cor.md'), loadVersion(oldFile));
    expect(corrected).toContain('## Inserted part {number="2.1a"}');
    expect(corrected).toContain('# Inserted clause {number="2a"}');
    for (const side of ['itu', 'iso'] as const) {
      const text = bodyText(corrected, oldFile, side);
      expect(text).toMatch(/^2\.1a\tInserted part$/m);
      expect(text).toMatch(/^2\.2\tSecond part$/m);
      expect(text).toMatch(/^2a\tInserted clause$/m);
      expect(text).toMatch(/^3\tUse$/m);
    }
  }, 60_000);

  it('a subclause before the first one is 2.0a (there is no published one before it); 2.1 stays', async () => {
    const dir = tmp('ct-ins-first-');
    const oldFile = path.join(dir, 'old.md');
    const newFile = path.join(dir, 'new.md');
    writeFileSync(oldFile, FRONT);
    writeFileSync(newFile, FRONT.replace('## First part', '## Inserted part\n\nThe inserted part.\n\n## First part'));
    const out = path.join(dir, 'out');
    let err = '';
    expect(await main(['corrigendum', '--base', oldFile, newFile, '--number', '1', '--out', out, '--approved', '2025-06-20'], { out: () => {}, err: (s) => { err += s; } }), err).toBe(0);
    const files = readdirSync(out);
    const sup = texts(await readDocx(path.join(out, files.find((f) => f.startsWith('ISO') && !f.endsWith('.revision.docx'))!)));
    expect(sup).toEqual(expect.arrayContaining(['Add the following new subclause before 2.1:', '2.0a\tInserted part']));
    const revision = texts(await readDocx(path.join(out, files.find((f) => f.startsWith('ISO') && f.endsWith('.revision.docx'))!))).join('\n');
    expect(revision).toMatch(/^2\.0a\tInserted part$/m);
    expect(revision).toMatch(/^2\.1\tFirst part$/m);
    const corrected = applySupplement(readFileSync(path.join(out, 'new-cor1.md'), 'utf8'), path.join(dir, 'cor.md'), loadVersion(oldFile));
    expect(bodyText(corrected, oldFile, 'iso')).toMatch(/^2\.0a\tInserted part\n[^]*^2\.1\tFirst part$/m);
  }, 60_000);

  it('a subclause inserted in an included file is found by its file and line: a main-file heading at the same line keeps its number', async () => {
    const head = FRONT.slice(0, FRONT.indexOf('# Scope'));
    const mainText = `${head}# Scope\n\n:This specifies the model.\n\n::include{file="part.md"}\n\n# Use\n\nThe use of the model.\n`;
    const useLine = mainText.split('\n').indexOf('# Use') + 1;
    // part.md's inserted heading sits at the line of the main file's "# Use"
    let part = '# Model\n\nThe model has parts.\n\n## First part\n\n';
    if ((part.split('\n').length + useLine) % 2) part += 'The first part,\ncontinued.\n\n';
    while (part.split('\n').length < useLine) part += 'More of the first part.\n\n';
    const insertedLine = part.split('\n').length;
    expect(insertedLine).toBe(useLine);
    const dir = tmp('ct-ins-inc-');
    for (const [name, text] of [['old', `${part}## Second part\n\nThe second part.\n`], ['new', `${part}## Inserted part\n\nThe inserted part.\n\n## Second part\n\nThe second part.\n`]]) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'spec.md'), mainText);
      writeFileSync(path.join(dir, name, 'part.md'), text);
    }
    const out = path.join(dir, 'out');
    let err = '';
    expect(await main(['corrigendum', '--base', path.join(dir, 'old', 'spec.md'), path.join(dir, 'new', 'spec.md'), '--number', '1', '--out', out, '--approved', '2025-06-20'], { out: () => {}, err: (s) => { err += s; } }), err).toBe(0);
    for (const prefix of ['T-REC', 'ISO']) {
      const file = readdirSync(out).find((f) => f.startsWith(prefix) && f.endsWith('.revision.docx'))!;
      const revision = texts(await readDocx(path.join(out, file))).join('\n');
      expect(revision).toMatch(/^2\.1a\tInserted part$/m);
      expect(revision).toMatch(/^2\.2\tSecond part$/m);
      expect(revision).toMatch(/^3\tUse$/m);
    }
  }, 60_000);
});
