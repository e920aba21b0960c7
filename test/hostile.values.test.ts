/**
 * Hostile input (issue 10, items 9 and 10): nonsense values in the front matter, the text and the
 * options are refused with a positioned message saying what would be right, and `apply` refuses a
 * supplement that is not for the old text or is already in it. Each case runs the command line as a
 * user would and checks that nothing was written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo, tmp } from './helpers.js';

const minimal = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/commontext.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A folder with src/spec.md holding `source` (a text or bytes). */
function folder(source: string | Buffer = minimal) {
  const root = tmp('ct-hvalues-');
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'src/spec.md'), source);
  return root;
}

/** Builds the source and expects exit 2, exactly these error lines, and no output folder. */
function refused(source: string | Buffer, errors: string[]) {
  const root = folder(source);
  const r = cli(['build', 'src/spec.md', '--out', 'out'], root);
  expect(r.err.split('\n').filter((l) => l.includes(': error: '))).toEqual(errors);
  expect(r.code).toBe(2);
  expect(existsSync(path.join(root, 'out'))).toBe(false);
  expect(readdirSync(root)).toEqual(['src']);
}

describe('hostile values: front matter', () => {
  it('edition 0 is refused (editions start at 1)', () => {
    refused(minimal.replace('edition: 1', 'edition: 0'), [
      'src/spec.md:10:3: error: front matter field "iso.edition" is 0; it must be an edition number from 1 (the first edition) [front-matter-value]',
    ]);
  });

  it('negative, huge and 1e21 years are refused, with the range', () => {
    const src = minimal.replace('year: 2024', 'year: 1e21').replace('studyGroup: 17', 'studyGroup: 17\n  copyrightYear: -2024');
    refused(src, [
      'src/spec.md:7:3: error: front matter field "itu.copyrightYear" is -2024; it must be a year from 1865 to 2200 [front-matter-value]',
      'src/spec.md:10:3: error: front matter field "iso.year" is 1e21; it must be a year from 1865 to 2200 [front-matter-value]',
    ]);
  });

  it('a date that is not in the calendar (2024-02-31) or before the ITU is refused; history rows too', () => {
    const src = minimal.replace('2024-01-15', '2024-02-31')
      .replace('studyGroup: 17', 'studyGroup: 17\n  history:\n    - { edition: "1.0", recommendation: "ITU-T X.9999", approved: "1024-04-31" }');
    refused(src, [
      'src/spec.md:5:3: error: front matter field "itu.approved" is "2024-02-31": 2024-02 has 29 days, so it is not a real date; write a real date such as "2016-10-14" [front-matter-value]',
      'src/spec.md:8:57: error: front matter field "itu.history[1].approved" is "1024-04-31": its year must be from 1865 to 2200; write a real date such as "1988-11-25" [front-matter-value]',
    ]);
  });

  it('iso.published, a month or a day, must be real', () => {
    refused(minimal.replace('  edition: 1', '  edition: 1\n  published: "2017-02-30"'), [
      'src/spec.md:11:3: error: front matter field "iso.published" is "2017-02-30": 2017-02 has 28 days, so it is not a real date; write a real date such as "2017-05" or "2017-05-15" [front-matter-value]',
    ]);
    refused(minimal.replace('  edition: 1', '  edition: 1\n  published: "1017-05"'), [
      'src/spec.md:11:3: error: front matter field "iso.published" is "1017-05": its year must be from 1865 to 2200; write a real date such as "2017-05" or "2017-05-15" [front-matter-value]',
    ]);
  });

  it('supplement number and ISO year are checked', () => {
    const src = minimal.replace('---\n\n#', 'supplement: { type: corrigendum, number: 0, isoYear: 20240 }\n---\n\n#');
    refused(src, [
      'src/spec.md:14:34: error: front matter field "supplement.number" is 0; it must be a whole number from 1 to 999 (the number of the supplement) [front-matter-value]',
      'src/spec.md:14:45: error: front matter field "supplement.isoYear" is 20240; it must be a year from 1865 to 2200 [front-matter-value]',
    ]);
  });

  it('a reference id "__proto__" or with spaces is refused at its key; "constructor" is kept and cited', () => {
    const refs = 'references:\n  __proto__: { label: "P" }\n  "two words": { label: "W" }\n  constructor: { label: "C" }\ntitle:';
    refused(minimal.replace('title:', refs), [
      'src/spec.md:3:3: error: references id "__proto__" is not a plain identifier; use letters, digits, ".", "-" and "_", starting with a letter or digit, such as "X.501" [front-matter-value]',
      'src/spec.md:4:3: error: references id "two words" is not a plain identifier; use letters, digits, ".", "-" and "_", starting with a letter or digit, such as "X.501" [front-matter-value]',
    ]);
    const root = folder(minimal.replace('title:', 'references:\n  constructor: { label: "C", normative: false }\ntitle:').replace('particular.', 'particular :ref[constructor].'));
    const r = cli(['lint', 'src/spec.md'], root);
    expect(r.err).not.toMatch(/error:/);
    expect(r.code).toBe(0);
  });

  it('a top-level field named like an Object method is an unknown field, not ignored', () => {
    refused(minimal.replace('title:', 'toString: 1\ntitle:'), [
      'src/spec.md:2:1: error: unknown front matter field "toString"; known fields here: kind, title, templates, lint, wording, itu, iso, references, supplement, guide [front-matter-unknown]',
    ]);
  });
});

describe('hostile values: characters of the text', () => {
  const withBody = (body: Buffer) => Buffer.concat([Buffer.from(minimal.replace(/\n# Scope[\s\S]*$/, '\n# Scope\n\n')), body]);

  it('NUL, control characters, U+FFFE and bytes that are not UTF-8 are each reported, inside a code block too', () => {
    const body = Buffer.concat([Buffer.from('A b\u0000c and \u0001 and caf'), Buffer.from([0xe9]), Buffer.from(' ok \uFFFD.\n\n```\nx\u000by \uFFFE\n```\n')]);
    const fix = "which cannot be written to a DOCX file; delete it (for a code block's layout use spaces or a tab) [control-character]";
    refused(withBody(body), [
      `src/spec.md:18:4: error: the line holds the NUL character (U+0000), ${fix}`,
      `src/spec.md:18:11: error: the line holds the control character U+0001, ${fix}`,
      'src/spec.md:18:20: error: the byte 0xE9 here is not UTF-8 text (decoding would put U+FFFD in its place); save the file as UTF-8 (your editor\'s "UTF-8" encoding), or retype the character [invalid-utf8]',
      `src/spec.md:21:2: error: the line holds the control character U+000B, ${fix}`,
      `src/spec.md:21:5: error: the line holds the non-character U+FFFE, ${fix}`,
    ]);
  });

  it('DEL and the C1 controls (U+007F to U+009F) are reported too', () => {
    refused(withBody(Buffer.from('A\u007fb and c\u0085d and e\u009bf.\n')), [
      "src/spec.md:18:2: error: the line holds the control character U+007F, which no text needs (a terminal or a viewer would act on it); delete it (for a code block's layout use spaces or a tab) [control-character]",
      "src/spec.md:18:10: error: the line holds the control character U+0085, which no text needs (a terminal or a viewer would act on it); delete it (for a code block's layout use spaces or a tab) [control-character]",
      "src/spec.md:18:18: error: the line holds the control character U+009B, which no text needs (a terminal or a viewer would act on it); delete it (for a code block's layout use spaces or a tab) [control-character]",
    ]);
  });

  it('an included file is checked too; tab, CR and a U+FFFD written as such are accepted', () => {
    const root = folder(minimal.replace('particular.', 'particular.\n\n::include{file="part.md"}'));
    writeFileSync(path.join(root, 'src/part.md'), Buffer.concat([Buffer.from('Text\twith a tab\r\nand \uFFFD.\r\n\nBad '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    const r = cli(['lint', 'src/spec.md'], root);
    expect(r.err.split('\n').filter((l) => l.includes(': error: '))).toEqual([
      'src/part.md:4:5: error: the byte 0xC3 here is not UTF-8 text (decoding would put U+FFFD in its place); save the file as UTF-8 (your editor\'s "UTF-8" encoding), or retype the character [invalid-utf8]',
    ]);
    expect(r.code).toBe(2);
  });
});

describe('hostile values: options and defect records', () => {
  /** src/spec.md with one change against src/old.md, and the defects folder with records `records`. */
  function versions(records: Record<string, string> = {}) {
    const root = folder(minimal.replace('nothing in particular', 'nothing at all'));
    writeFileSync(path.join(root, 'src/old.md'), minimal);
    if (Object.keys(records).length) mkdirSync(path.join(root, 'src/defects'));
    for (const [name, text] of Object.entries(records)) writeFileSync(path.join(root, 'src/defects', name), text);
    return root;
  }
  const record = (n: number) => `number: ${n}\n`;
  const usageError = (root: string, args: string[], message: string) => {
    const before = readdirSync(path.join(root, 'src')).sort();
    const r = cli(args, root);
    expect(r.err).toBe(`${message}\n`);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
    expect(readdirSync(path.join(root, 'src')).sort()).toEqual(before);
  };
  const cor = ['corrigendum', '--base', 'src/old.md', 'src/spec.md', '--out', 'out'];

  it('--number must be a whole number from 1 to 999', () => {
    const root = versions();
    for (const n of ['1e23', '0', '1000', '01', '2.5'])
      usageError(root, [...cor, '--number', n], `commontext corrigendum: error: --number is "${n}"; it must be a whole number from 1 to 999, written without leading zeros; e.g. --number 1 for the first corrigendum [usage]`);
    usageError(root, ['amendment', ...cor.slice(1), '--number', '1e23'], 'commontext amendment: error: --number is "1e23"; it must be a whole number from 1 to 999, written without leading zeros; e.g. --number 1 for the first amendment [usage]');
  });

  it('--approved must be a real date', () => {
    const root = versions();
    usageError(root, [...cor, '--number', '1', '--approved', '2024-02-30'], 'commontext corrigendum: error: --approved is "2024-02-30": 2024-02 has 29 days, so it is not a real date; give the ITU approval date, e.g. --approved 2024-05-01 [usage]');
    usageError(root, [...cor, '--number', '1', '--approved', 'tomorrow'], 'commontext corrigendum: error: --approved is "tomorrow": it must be a date written YYYY-MM-DD, such as "2024-01-15"; give the ITU approval date, e.g. --approved 2024-05-01 [usage]');
  });

  it('--defects must be report numbers of the defects folder', () => {
    const root = versions({ '3.yaml': record(3) });
    usageError(root, [...cor, '--number', '1', '--defects', 'see the e-mail'], 'commontext corrigendum: error: --defects is "see the e-mail"; it must be report numbers separated by commas; e.g. --defects 3,7 [usage]');
    usageError(root, [...cor, '--number', '1', '--defects', '3,7'], 'commontext corrigendum: error: --defects names report 7, not in src/defects; the reports there are 3 [usage]');
    const r = cli([...cor, '--number', '1', '--defects', '3', '--no-docx'], root);
    expect(r.code).toBe(0);
  });

  it('defect new --date must be a real date', () => {
    const root = versions();
    usageError(root, ['defect', 'new', 'src/spec.md', '--date', '2024-99-99'], 'commontext defect new: error: --date "2024-99-99" is not a date: there is no month 99 (months are 01 to 12) [usage]');
  });

  it('records named 01.yaml or 001.yaml beside 1.yaml are refused by name, by list and by new', () => {
    const root = versions({ '1.yaml': record(1), '01.yaml': record(1), '001.yaml': record(1), '0.yaml': record(0) });
    const misnamed = [
      'src/defects/0.yaml:1:1: error: the record\'s file name is not a report number; reports are numbered from 1 to 99999 and named like 3.yaml [defect-file-name]',
      'src/defects/001.yaml:1:1: error: the record\'s file name writes the number 1 with leading zeros; name it 1.yaml [defect-file-name]',
      'src/defects/01.yaml:1:1: error: the record\'s file name writes the number 1 with leading zeros; name it 1.yaml [defect-file-name]',
    ];
    const list = cli(['defect', 'list', 'src/spec.md'], root);
    expect(list.err.split('\n').filter((l) => l.includes('[defect-file-name]'))).toEqual(misnamed);
    expect(list.code).toBe(2);
    usageError(root, ['defect', 'new', 'src/spec.md', '--date', '2024-05-01'], misnamed.join('\n'));
    expect(readdirSync(path.join(root, 'src/defects')).sort()).toEqual(['0.yaml', '001.yaml', '01.yaml', '1.yaml']);
  });

  it('a record\'s date must be a real date', () => {
    const root = versions({ '1.yaml': 'number: 1\ndate: 2024-02-30\n' });
    const r = cli(['defect', 'list', 'src/spec.md'], root);
    expect(r.err).toContain('src/defects/1.yaml:2:7: error: field "date" is "2024-02-30"; 2024-02 has 29 days, so it is not a real date [defect-value]');
    expect(r.code).toBe(2);
  });

  it('defect new stops at the last report number instead of looping', () => {
    const root = versions({ '99999.yaml': record(99999), '9007199254740993.yaml': record(1) });
    const r = cli(['defect', 'new', 'src/spec.md'], root);
    expect(r.err).toBe([
      'src/defects/9007199254740993.yaml:1:1: error: the record\'s file name is not a report number; reports are numbered from 1 to 99999 and named like 3.yaml [defect-file-name]', '',
    ].join('\n'));
    expect(r.code).toBe(2);
    const full = versions({ '99999.yaml': record(99999) });
    const f = cli(['defect', 'new', 'src/spec.md'], full);
    expect(f.err).toBe('src/defects: error: there is no free report number: reports are numbered from 1 to 99999 [defect-full]\n');
    expect(f.code).toBe(2);
    expect(readdirSync(path.join(full, 'src/defects'))).toEqual(['99999.yaml']);
  });
});

describe('hostile values: apply', () => {
  const old = `${minimal}\n# Terms\n\nSome terms.\n\n## First\n\nOne.\n`;
  /** src/old.md, and the corrigendum of `changed` against it in out/spec-cor1.md. */
  function corrigendum(changed: string) {
    const root = folder(changed);
    writeFileSync(path.join(root, 'src/old.md'), old);
    const r = cli(['corrigendum', '--base', 'src/old.md', 'src/spec.md', '--number', '1', '--no-docx', '--out', 'out'], root);
    expect(r.code).toBe(0);
    return { root, text: readFileSync(path.join(root, 'out/spec-cor1.md'), 'utf8') };
  }
  const refusedApply = (root: string, supplement: string, to: string, errors: string[]) => {
    writeFileSync(path.join(root, 'sup.md'), supplement);
    const before = readdirSync(root).sort();
    const r = cli(['apply', 'sup.md', '--to', to, '--out', 'corrected.md'], root);
    expect(r.err.split('\n').filter(Boolean)).toEqual(errors);
    expect(r.code).toBe(2);
    expect(readdirSync(root).sort()).toEqual(before);
  };

  it('a corrigendum of another Recommendation (X.1999, ISO/IEC 88888) is not applied to X.9999', () => {
    const { root, text } = corrigendum(old.replace('One.', 'Uno.'));
    refusedApply(root, text.replace('X.9999', 'X.1999').replace('ISO/IEC 99999', 'ISO/IEC 88888'), 'src/old.md', [
      'sup.md:4:3: error: the supplement is for Rec. ITU-T X.1999 (itu.number), but src/old.md is Rec. ITU-T X.9999; apply it to the text it corrects, or correct its front matter [supplement-other-text]',
      'sup.md:8:3: error: the supplement is for ISO/IEC 88888 (iso.designation), but src/old.md is ISO/IEC 99999; apply it to the text it corrects, or correct its front matter [supplement-other-text]',
    ]);
  });

  it('a supplement that adds a subclause is not applied a second time', () => {
    const { root, text } = corrigendum(`${old}\n## Second {#second}\n\nTwo.\n`);
    writeFileSync(path.join(root, 'sup.md'), text);
    expect(cli(['apply', 'sup.md', '--to', 'src/old.md', '--out', 'src/once.md'], root).code).toBe(0);
    const once = readFileSync(path.join(root, 'src/once.md'), 'utf8');
    expect(once.match(/Second/g)).toHaveLength(1);
    refusedApply(root, text, 'src/once.md', [
      'sup.md:22:1: error: the old text already has the section this adds ("Second", 2.2) at that place: the supplement seems to be applied already; apply it to the text as published before it [supplement]',
    ]);
  });

  it('the location of a group heading is checked: a place the old text lacks, or one that does not hold the change', () => {
    const { root, text } = corrigendum(old.replace('One.', 'Uno.'));
    expect(text).toContain('# 1) Subclause 2.1 {.unnumbered}\n\nIn 2.1, replace "One." with "Uno.".');
    refusedApply(root, text.replace('# 1) Subclause 2.1', '# 1) Subclause 9.9'), 'src/old.md', [
      'sup.md:22:1: error: the location heading names a place the old text does not have (subclause 9.9) [supplement]',
    ]);
    refusedApply(root, text.replace('# 1) Subclause 2.1', '# 1) Clause 1'), 'src/old.md', [
      'sup.md:22:1: error: the instruction changes subclause 2.1, which is not in clause 1, the location its heading names; put it under a heading naming subclause 2.1 [supplement]',
    ]);
  });
});
