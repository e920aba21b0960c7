/** A merged table cell (`<` in the source) spans its columns in the HTML publication too, as in the DOCX. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { build } from '../src/index.js';
import { repo, tmp } from './helpers.js';

it('a cell merged with "<" is one <td colspan="2"> in both HTML publications', async () => {
  const dir = tmp('ct-html-span-');
  const head = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8').split('\n').slice(0, 15).join('\n');
  writeFileSync(path.join(dir, 'spec.md'), `${head}\n\n# Scope\n\nTable: Spans\n\n| a | b | c |\n|---|---|---|\n| wide | < | x |\n`);
  const result = await build(path.join(dir, 'spec.md'), { outDir: path.join(dir, 'out'), html: true });
  expect(result.ok).toBe(true);
  for (const o of result.outputs) {
    const html = readFileSync(o.htmlPath!, 'utf8');
    expect(html).toMatch(/<tr><td colspan="2">(<p[^>]*>)?wide(<\/p>)?<\/td><td>(<p[^>]*>)?x(<\/p>)?<\/td><\/tr>/);
  }
});
