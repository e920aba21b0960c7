/**
 * The DOCX data's new looks and groups (issue 13: tab stops, line spacing, running headers and footers,
 * section starts, page numbering) are checked like the rest of docx.yaml: every mistake at its own line
 * and column, with what would be right.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDocxProfile } from '../src/profile/docx.js';
import { TemplateError } from '../src/profile/index.js';
import { repo } from './helpers.js';

function problems(text: string): [number, number, string][] {
  try {
    validateDocxProfile(text, 'docx.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return e.all().map((p) => [p.at!.line, p.at!.column, p.detail]);
  }
}

describe('docx.yaml: the layout data of issue 13', () => {
  const bundled = readFileSync(path.join(repo, 'templates/itu/docx.yaml'), 'utf8');

  it('the bundled files are valid', () => {
    expect(problems(bundled)).toEqual([]);
    expect(problems(readFileSync(path.join(repo, 'templates/iso/docx.yaml'), 'utf8'))).toEqual([]);
  });

  it('reports a wrong tab stop, line rule, running line and section start where they are', () => {
    const broken = bundled
      .replace('tabs: [left 1.4, left 2.1, left 2.8, left 3.5]', 'tabs: [left 1.4, leftish 2.1, left 2.8, left 3.5]')
      .replace('lineRule: exact', 'lineRule: exactly')
      .replace('oddFooter: { pattern: "\\t\\t{text}\\t{page}", pageBold: false }', 'oddFooter: { pageBold: no }')
      .replace('sectionStart: { body: oddPage }', 'sectionStart: { body: odd }');
    const lines = broken.split('\n');
    const at = (s: string) => { const l = lines.findIndex((x) => x.includes(s)); return [l + 1, lines[l].indexOf(s) + 1]; };
    const found = problems(broken);
    expect(found).toContainEqual([...at('leftish 2.1'), expect.stringMatching(/^a tab stop in "styles.Normal.tabs" is "kind \[leader\] position".*found "leftish 2.1"$/)]);
    expect(found).toContainEqual([...at('exactly'), 'field "styles.Table_text.lineRule" must be one of auto, exact, atLeast; found "exactly"']);
    expect(found).toContainEqual([...at('no }'), 'field "furniture.oddFooter.pageBold" must be true or false; found "no"']);
    expect(found).toContainEqual([...at('{ pageBold'), 'field "furniture.oddFooter.pattern" is missing']);
    expect(found).toContainEqual([...at('body: odd'), 'field "sectionStart.body" must be one of nextPage, oddPage, evenPage']);
    expect(found).toHaveLength(5);
  });
});
