/**
 * The convention for inserted sections (issue 11): a subclause a corrigendum inserts between published
 * ones is "2.1a" in the instructions, in `apply`'s corrected text (`{number="2.1a"}` on its heading) and
 * in the revision DOCX, and no published number after it changes: the published 2.2 stays 2.2, so
 * clause 1's "(see 2.2)" still points at it. A new clause between clauses 2 and 3 is "2a" likewise.
 * Checked on the supplement DOCX and the revision DOCX read back, and on the corrected text built.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
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
});
