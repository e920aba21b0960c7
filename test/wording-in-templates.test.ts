/**
 * Every fixed word of the publications is a template (issue 9): labels, separators, ordinals and
 * supplement titles may not be written in TypeScript, where a secretariat cannot change them without a
 * release. Scans the string and template literals of src/ (comments and regular expressions are not
 * wording: the checker recognises the words of foreign files with patterns) for the labels that once
 * were there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repo } from './helpers.js';

const ORDINALS = ['second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'twentieth'];

/** What may not stand in a literal, and what to use instead. */
const FORBIDDEN: { what: string; test: (text: string) => boolean; instead: string }[] = [
  { what: 'an annex label ("Annex …")', test: (s) => /(^|\s)Annex(\s|$)/.test(s), instead: 'body.yaml annexLabel' },
  { what: '"Bibliography"', test: (s) => s.trim() === 'Bibliography', instead: 'the heading as the source gives it' },
  { what: '"Introduction"', test: (s) => s.trim() === 'Introduction', instead: 'the heading as the source gives it' },
  // as a title (capitalised); "a corrigendum or amendment" in a help text is the tool speaking, not the publication
  { what: 'a supplement title ("Corrigendum", "TECHNICAL CORRIGENDUM", "Amendment")', test: (s) => /\b(Corrigendum|CORRIGENDUM|Amendment|AMENDMENT)\b/.test(s), instead: 'common/identifiers.yaml' },
  { what: 'the label separator " – "', test: (s) => s.includes(' – '), instead: 'body.yaml labelSeparator' },
  { what: 'an ordinal word', test: (s) => ORDINALS.includes(s.trim()), instead: 'common/identifiers.yaml ordinals' },
  // a numbered label being put together ("NOTE " + n, `Table ${prefix}${n}`)
  { what: 'a NOTE / EXAMPLE / Table / Figure label', test: (s) => /^(NOTE|EXAMPLE|Table|Figure) $/.test(s), instead: 'body.yaml note, example, table, figure' },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The text of every string and template literal of a file, with its line. */
export function literals(file: string, text: string): { line: number; text: string }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // an import path or a key of an object type is not wording
      if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent) && !ts.isLiteralTypeNode(node.parent)) {
        out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('fixed wording lives in templates, not in src/', () => {
  it('the scan finds such a label when one is written (the test can fail)', () => {
    const found = literals('x.ts', "const a = `Annex ${n}`; const b = `NOTE ${i + 1}`; const d = 'Technical Corrigendum'; // Annex in a comment\nconst c = /^Annex/; const e = 'a corrigendum';");
    const hits = found.filter((l) => FORBIDDEN.some((f) => f.test(l.text)));
    expect(hits.map((h) => h.text)).toEqual(['Annex ', 'NOTE ', 'Technical Corrigendum']);
  });

  it('no string or template literal in src/ holds a label, separator, ordinal or supplement title', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(path.join(repo, 'src'))) {
      for (const l of literals(file, readFileSync(file, 'utf8'))) {
        for (const f of FORBIDDEN) {
          if (f.test(l.text)) problems.push(`${path.relative(repo, file)}:${l.line}: ${f.what} in ${JSON.stringify(l.text)}; take it from ${f.instead}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
