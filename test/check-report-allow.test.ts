/**
 * `check --allow rules.yaml` (issue 14): every mistake of the rules file at once, each at its line and
 * column, and a key that is not a rule's (`patern`, `rulez`) is an error with "did you mean", not
 * ignored. Runs the command line; nothing is checked (exit 2) and nothing written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDocx, p, style } from './fixtures-check/make-docx.js';
import { repo, tmp } from './helpers.js';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/commontext.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const doc = (word: string) => makeDocx({ styles: style('Heading1', 'heading 1'), body: [p('1\tScope', 'Heading1'), p(`This specifies the ${word} protocol.`)].join('') });

describe('check --allow: the rules file', () => {
  it('reports every mistake at its line and column, unknown keys with the key meant', () => {
    const root = tmp('ct-report-allow-');
    writeFileSync(path.join(root, 'a.docx'), doc('widget'));
    writeFileSync(path.join(root, 'b.docx'), doc('gadget'));
    writeFileSync(path.join(root, 'rules.yaml'), [
      'schemaVersion: 1',
      'rulez:',
      '  - reason: x',
      'rules:',
      '  - reason: "product name"',
      '    patern: "widget|gadget"',
      "    clause: 1",
      '  - side: left',
      '    text: "t"',
      '  - reason: "fine"',
      '    pattern: "(["',
      '    colour: red',
      '    kinds: [changed, mising]',
      '',
    ].join('\n'));
    const r = cli(['check', 'a.docx', 'b.docx', '--allow', 'rules.yaml', '--html', 'r.html'], root);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toEqual([
      'rules.yaml:2:1: error: unknown field "rulez"; did you mean "rules"? (the file has schemaVersion, rules) [allow-rules]',
      'rules.yaml:6:5: error: unknown field "patern"; did you mean "pattern"? (a rule has reason, side, clause, text, pattern, kinds) [allow-rules]',
      'rules.yaml:7:13: error: "clause" must be a text (quote numbers such as \'7.3\') [allow-rules]',
      'rules.yaml:8:5: error: "reason" is required (say why the difference is allowed) [allow-rules]',
      'rules.yaml:8:11: error: "side" must be itu, iso or any [allow-rules]',
      'rules.yaml:11:14: error: "pattern" is not a valid regular expression (Invalid regular expression: /([/u: Unterminated character class) [allow-rules]',
      'rules.yaml:12:5: error: unknown field "colour" (a rule has reason, side, clause, text, pattern, kinds) [allow-rules]',
      'rules.yaml:13:22: error: unknown finding kind "mising"; did you mean "missing"? (kinds are changed, missing, extra, moved, clause-missing, clause-extra, clause-moved, clause-renumbered, heading-changed) [allow-rules]',
    ]);
    expect(existsSync(path.join(root, 'r.html'))).toBe(false);
  });

  it('once corrected, the rule allows the difference', () => {
    const root = tmp('ct-report-allow-');
    writeFileSync(path.join(root, 'a.docx'), doc('widget'));
    writeFileSync(path.join(root, 'b.docx'), doc('gadget'));
    writeFileSync(path.join(root, 'rules.yaml'), 'schemaVersion: 1\nrules:\n  - reason: "product name"\n    pattern: "widget|gadget"\n    clause: "1"\n');
    const r = cli(['check', 'a.docx', 'b.docx', '--allow', 'rules.yaml', '--no-color'], root);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('1, paragraph 1 — in each publication\'s own words: product name (allow-rules)');
  });
});
