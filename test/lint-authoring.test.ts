/**
 * Issue 14, "lint catches every silent mistake": each mistake that used to pass without a word (a
 * one-side text without a reason, a footnote without a definition, a caption on the wrong side, an
 * attribute a construct does not take, directive-like text left literal, a malformed abbreviation) is
 * a diagnostic at its own file:line:column with what is wrong and what would be right — asserted
 * through lint() and through `commontext lint` (text and --json), exit status included.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, type Diagnostic } from '../src/index.js';
import { main } from '../src/cli/main.js';
import { repo, tmp } from './helpers.js';

/** The front matter of fixtures/errors/valid-minimal.md and a blank line: the body starts at line 16. */
const FRONT = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8').split('\n').slice(0, 15).join('\n');
const BODY_LINE = 16;

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/** A source in a folder of its own (with a PNG for the figures); returns its path. */
export function source(body: string, name = 'spec.md'): string {
  const dir = tmp('ct-lint-');
  copyFileSync(path.join(repo, 'fixtures/example/figures/attestation-roles.png'), path.join(dir, 'fig.png'));
  const file = path.join(dir, name);
  writeFileSync(file, `${FRONT}\n${body}`);
  return file;
}

interface Expected {
  /** Line in the body (1 = its first line) and column. */
  line: number;
  column: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  fix: string;
}

/** Lints through the library and both CLI forms and asserts the diagnostic is in each, in full. */
async function expectDiagnostic(body: string, e: Expected): Promise<Diagnostic[]> {
  const file = source(body);
  const line = BODY_LINE + e.line - 1;
  const diagnostics = lint(file);
  const found = diagnostics.find((d) => d.code === e.code && d.line === line && d.column === e.column);
  expect(found, JSON.stringify(diagnostics, null, 1)).toBeDefined();
  expect(found!.severity).toBe(e.severity);
  expect(found!.message).toContain(e.message);
  expect(found!.fix).toContain(e.fix);
  const text = await run(['lint', file]);
  const shown = path.relative(process.cwd(), file);
  expect(text.err).toContain(`${shown}:${line}:${e.column}: ${e.severity}: ${found!.message}; ${found!.fix} [${e.code}]`);
  expect(text.code).toBe(diagnostics.some((d) => d.severity === 'error') ? 2 : 0);
  const json = await run(['lint', file, '--json']);
  expect(json.code).toBe(text.code);
  expect(JSON.parse(json.out)).toContainEqual({ file: shown, line, column: e.column, severity: e.severity, code: e.code, message: found!.message, fix: found!.fix });
  return diagnostics;
}

describe('one-side texts need a reason (an error: the manifest would carry "reason": "")', () => {
  it(':::itu without {reason}', async () => {
    await expectDiagnostic('# Scope\n\n:::itu\nOnly in the Recommendation.\n:::\n', {
      line: 3, column: 1, severity: 'error', code: 'missing-reason', message: 'this :::itu block has no reason', fix: 'write :::itu{reason="…"}',
    });
  });
  it(':::iso{reason=""} (empty) inside a note', async () => {
    await expectDiagnostic('# Scope\n\n:::note\nA note.\n\n:::iso{reason=""}\nISO only.\n:::\n:::\n', {
      line: 6, column: 1, severity: 'error', code: 'missing-reason', message: 'has an empty reason', fix: 'write :::iso{reason="…"}',
    });
  });
  it(':itu[…] inline without {reason}: the fix writes the text back with the attribute', async () => {
    await expectDiagnostic('# Scope\n\nThe text :itu[for ITU-T only] here.\n', {
      line: 3, column: 10, severity: 'error', code: 'missing-reason', message: 'this :itu[…] text has no reason', fix: 'write :itu[for ITU-T only]{reason="…"}',
    });
  });
  it('build refuses it too: exit status 2, no manifest written', async () => {
    const file = source('# Scope\n\nThe text :iso[for ISO only].\n');
    const out = tmp();
    const r = await run(['build', file, '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`:${BODY_LINE + 2}:10: error: this :iso[…] text has no reason`);
    expect(r.out).toBe('');
  });
});

describe('footnotes', () => {
  it('a reference with no definition (it printed "[^1]") is an error at the reference', async () => {
    await expectDiagnostic('# Scope\n\nA remark[^1] here.\n\n[^2]: The second.\n\nAnd[^2].\n', {
      line: 3, column: 9, severity: 'error', code: 'unknown-footnote', message: 'the footnote reference [^1] has no definition, so it would print as "[^1]"', fix: 'add the definition "[^1]: text of the footnote"',
    });
  });
  it('a definition nobody references is a warning at the definition', async () => {
    const d = await expectDiagnostic('# Scope\n\nA remark[^1].\n\n[^1]: Used.\n\n[^spare]: Not used.\n', {
      line: 7, column: 1, severity: 'warning', code: 'unused-footnote', message: 'the footnote [^spare] is defined but never referenced', fix: 'write [^spare] where the footnote mark belongs',
    });
    expect(d.filter((x) => x.code === 'unused-footnote')).toHaveLength(1);
  });
});

describe('the Summary', () => {
  it('a subheading under {.summary} (its heading and text did not print) is an error at the subheading', async () => {
    await expectDiagnostic('# Summary {.summary}\n\nThe summary.\n\n## Change log\n\nA log line.\n\n# Scope\n\nText.\n', {
      line: 5, column: 1, severity: 'error', code: 'summary-subheading', message: 'the {.summary} section takes no subheadings (the ITU Summary is paragraphs only, and the heading and its text would not print)', fix: 'write it as a paragraph of the Summary, or move it into a clause of the body',
    });
  });
});

describe('captions', () => {
  it('"Table:" after its table is an error naming the right place (a cross-reference to its anchor is not reported too)', async () => {
    const d = await expectDiagnostic('# Scope\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Values {#tbl-v}\n\nSee [](#tbl-v).\n', {
      line: 7, column: 1, severity: 'error', code: 'misplaced-caption', message: 'this table caption comes after its table', fix: 'goes directly before its table',
    });
    expect(d.map((x) => x.code)).toEqual(['misplaced-caption']);
  });
  it('"Table:" with no table at all', async () => {
    await expectDiagnostic('# Scope\n\nTable: Values\n\nText.\n', {
      line: 3, column: 1, severity: 'error', code: 'misplaced-caption', message: 'this table caption has no table directly after it', fix: 'goes directly before its table',
    });
  });
  it('"Figure:" before its image is an error naming the right place (and no second warning for the image)', async () => {
    const d = await expectDiagnostic('# Scope\n\nFigure: Roles {#fig-r}\n\n![Roles](fig.png)\n', {
      line: 3, column: 1, severity: 'error', code: 'misplaced-caption', message: 'this figure caption comes before its image', fix: 'goes directly after its image',
    });
    expect(d.map((x) => x.code)).not.toContain('figure-caption-missing');
  });
  it('an image and its caption in one paragraph (no blank line) is an error', async () => {
    await expectDiagnostic('# Scope\n\n![Roles](fig.png)\nFigure: Roles {#fig-r}\n', {
      line: 3, column: 1, severity: 'error', code: 'image-in-text', message: 'this image and its "Figure:" caption are in one paragraph', fix: 'leave a blank line between the image and its caption',
    });
  });
  it('an image without a caption is a warning', async () => {
    await expectDiagnostic('# Scope\n\n![Roles](fig.png)\n\nText.\n', {
      line: 3, column: 1, severity: 'warning', code: 'figure-caption-missing', message: 'this image has no caption', fix: 'add a paragraph "Figure: Title {#fig-id}" directly after the image',
    });
  });
});

describe('attributes: each construct takes its own, anything else is an error listing them', () => {
  const cases: [string, string, Omit<Expected, 'severity' | 'code'>][] = [
    ['heading', '# Scope {#scope .numbered}\n', { line: 1, column: 9, message: 'this heading does not take {.numbered}', fix: 'it accepts {#id}, {.unnumbered}' }],
    ['heading key', '# Scope {anex=integral}\n', { line: 1, column: 9, message: 'this heading does not take {anex=integral}; did you mean {annex}?', fix: '{annex=integral|non-integral|unstated}' }],
    ['table caption', '# Scope\n\nTable: Values {#tbl-v .wide}\n\n| a |\n|---|\n| 1 |\n', { line: 3, column: 15, message: 'this caption does not take {.wide}', fix: 'it accepts {#id}' }],
    ['image', '# Scope\n\n![Roles](fig.png){height=5cm}\n\nFigure: Roles\n', { line: 3, column: 18, message: 'this image does not take {height=5cm}', fix: 'it accepts {width=…% | …cm | …mm}' }],
    ['note', '# Scope\n\n:::note{.important}\nA note.\n:::\n', { line: 3, column: 1, message: ':::note does not take {.important}', fix: 'it accepts {number="…"}' }],
    ['one-side block', '# Scope\n\n:::iso{reason="ISO only" side=left}\nText.\n:::\n', { line: 3, column: 1, message: ':::iso does not take {side=left}', fix: 'it accepts {reason="…"}' }],
    ['citation', '# Scope\n\nSee :ref[X.1]{undated}.\n', { line: 3, column: 5, message: ':ref[X.1] does not take {undated}', fix: 'it accepts {dated}' }],
    ['page break', '# Scope\n\n::pagebreak{before}\n', { line: 3, column: 1, message: '::pagebreak does not take {before}', fix: 'it takes no attributes' }],
  ];
  for (const [what, body, e] of cases) {
    it(what, async () => {
      await expectDiagnostic(body, { ...e, severity: 'error', code: 'unknown-attribute' });
    });
  }
  it('an image width that is not one', async () => {
    await expectDiagnostic('# Scope\n\n![Roles](fig.png){width=150%}\n\nFigure: Roles\n', {
      line: 3, column: 18, severity: 'error', code: 'image-width', message: 'the image width "150%" is not a width', fix: 'from 1% to 100%',
    });
  });
});

describe('image size', () => {
  it('a length wider than the text of the page is a warning with the width that fits', async () => {
    await expectDiagnostic('# Scope\n\n![Roles](fig.png){width=25cm}\n\nFigure: Roles\n', {
      line: 3, column: 1, severity: 'warning', code: 'image-width', message: 'this image is 25cm wide, wider than the text of the ITU page (17.0 cm): it is printed at the text width', fix: 'write at most {width=17cm}',
    });
  });
});

describe('directive-like text that would stay literal', () => {
  it('":ref[" without its closing bracket', async () => {
    await expectDiagnostic('# Scope\n\nSee :ref[X.1 for details.\n', {
      line: 3, column: 5, severity: 'error', code: 'ref-unclosed', message: '":ref[" has no closing "]"', fix: 'e.g. :ref[X.501]',
    });
  });
  it('an unknown directive with a label, with "did you mean"', async () => {
    await expectDiagnostic('# Scope\n\nSee :rf[X.1].\n', {
      line: 3, column: 5, severity: 'error', code: 'unknown-directive', message: 'unknown directive ":rf"; did you mean :ref?', fix: 'the text directives are :this, :This, :ref[id]',
    });
  });
  it('a misspelt :this is a warning with "did you mean"', async () => {
    await expectDiagnostic('# Scope\n\nThe scope of :thsi is wide.\n', {
      line: 3, column: 14, severity: 'warning', code: 'unknown-directive', message: '":thsi" is not a directive and prints as written; did you mean :this?', fix: 'write \\: instead of :',
    });
  });
  it('an unknown ::: block, with "did you mean"', async () => {
    await expectDiagnostic('# Scope\n\n:::notes\nA note.\n:::\n', {
      line: 3, column: 1, severity: 'error', code: 'unknown-block', message: 'unknown block ":::notes"; did you mean :::note?', fix: 'the blocks are :::note, :::example, :::itu and :::iso',
    });
  });
  it('an unknown block directive ::name, with "did you mean"', async () => {
    await expectDiagnostic('# Scope\n\n::pagebrake\n', {
      line: 3, column: 1, severity: 'error', code: 'unknown-directive', message: 'unknown directive "::pagebrake"; did you mean ::pagebreak?', fix: 'the line directives are ::include{file="…"} and ::pagebreak',
    });
  });
  it('":ref:" (a name followed by a colon) is a warning', async () => {
    await expectDiagnostic('# Scope\n\nThe key :ref: is used.\n', {
      line: 3, column: 9, severity: 'warning', code: 'literal-directive', message: '":ref:" prints as written', fix: 'write :ref[id]',
    });
  });
  it(':this with a label is an error (it printed as written)', async () => {
    await expectDiagnostic('# Scope\n\nIn :this[part] only.\n', {
      line: 3, column: 4, severity: 'error', code: 'directive-content', message: ':this takes no [text] and no {attributes}', fix: 'write :this alone',
    });
  });
  it('an escaped "\\[^1]" is text, not a footnote reference: no error', () => {
    expect(lint(source('# Scope\n\nThe class \\[^1] is a pattern.\n'))).toEqual([]);
  });
  it('literal colons in identifiers, times and URNs stay silent', () => {
    const d = lint(source('# Scope\n\nISO/IEC 8824-1:2021 at 10:30, urn:oid:2.1, key:value and the ratio 3:2.\n'));
    expect(d).toEqual([]);
  });
});

describe('abbreviations (one paragraph each: the abbreviation, a tab, the expansion)', () => {
  const clause = (line: string) => `# Abbreviations\n\nFor the purposes of :this, the following abbreviations apply:\n\nDER\tDistinguished Encoding Rules\n\n${line}\n`;
  for (const [what, line] of [['space before the colon', 'BER : Basic Encoding Rules'], ['colon', 'BER: Basic Encoding Rules'], ['spaces', 'BER   Basic Encoding Rules'], ['one space', 'BER Basic Encoding Rules']]) {
    it(what, async () => {
      await expectDiagnostic(clause(line), {
        line: 7, column: 1, severity: 'warning', code: 'abbreviation-form', message: 'the abbreviation "BER" is not followed by one tab', fix: '"BER<tab>Basic Encoding Rules"',
      });
    });
  }
  it('the right form, and the lead-in, are clean', () => {
    expect(lint(source(clause('BER\tBasic Encoding Rules')))).toEqual([]);
  });
});
