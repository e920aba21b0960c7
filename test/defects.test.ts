/**
 * Defect reports (src/supplement/defects.ts, the `defect` command): records created from the source's
 * front matter, validated with file:line:column, rendered as the completed form and read back.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { readDocx } from '../src/reader/index.js';
import { paragraphs, repo, tmp } from './helpers.js';

function fixture(): { dir: string; spec: string } {
  const dir = tmp('ct-defects-');
  cpSync(path.join(repo, 'fixtures/defects'), dir, { recursive: true });
  // the first record alone: these tests number the records "defect new" adds after it
  rmSync(path.join(dir, 'defects/2.yaml'));
  return { dir, spec: path.join(dir, 'spec.md') };
}

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/** Record 2 filled in, as a submitter would (the text `defect new` wrote, with the empty fields set). */
function fill(file: string, fields: Record<string, string>): void {
  let t = readFileSync(file, 'utf8');
  for (const [k, v] of Object.entries(fields)) {
    const re = new RegExp(`^${k}:.*$`, 'm');
    expect(t, `no line "${k}:" in ${file}`).toMatch(re);
    t = t.replace(re, `${k}: ${v}`);
  }
  writeFileSync(file, t);
}

describe('defect new', () => {
  it('creates defects/<next n>.yaml with the document fields from the front matter', async () => {
    const { dir, spec } = fixture();
    const r = await run(['defect', 'new', spec, '--submitter', 'Ann Smith <ann@example.org>', '--organization', 'Example Labs', '--date', '2024-05-01']);
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(path.join(dir, 'defects/2.yaml'), 'utf8');
    expect(text).toMatch(/^number: 2$/m);
    expect(text).toMatch(/^date: "2024-05-01"$/m);
    expect(text).toContain('concerning: "Rec. ITU-T X.225 (11/1995) | ISO/IEC 8327-1:1996"');
    expect(text).toContain('  name: "Ann Smith"');
    expect(text).toContain('  organization: "Example Labs"');
    expect(text).toContain('  email: "ann@example.org"');
    expect(text).toMatch(/^status: open$/m);
  });

  it('never overwrites a record: the next new one takes the next number', async () => {
    const { dir, spec } = fixture();
    const before = readFileSync(path.join(dir, 'defects/1.yaml'), 'utf8');
    expect((await run(['defect', 'new', spec])).code).toBe(0);
    expect((await run(['defect', 'new', spec])).code).toBe(0);
    expect(readdirSync(path.join(dir, 'defects')).sort()).toEqual(['1.yaml', '2.yaml', '3.yaml']);
    expect(readFileSync(path.join(dir, 'defects/1.yaml'), 'utf8')).toBe(before);
    expect(readFileSync(path.join(dir, 'defects/3.yaml'), 'utf8')).toMatch(/^number: 3$/m);
  });

  it('a new record is incomplete until filled in: list names each empty required field, exit 2', async () => {
    const { spec } = fixture();
    await run(['defect', 'new', spec]);
    const r = await run(['defect', 'list', spec]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/defects[/\\]2\.yaml:\d+:1: error: field "qualifier" is empty; it is required/);
    expect(r.err).toMatch(/field "nature" is empty/);
    expect(r.out).toMatch(/^ {2}1 {2}resolved/m);
  });
});

describe('defect render', () => {
  it('writes the completed form; every field reads back from the DOCX', async () => {
    const { dir, spec } = fixture();
    const out = path.join(dir, 'out');
    const r = await run(['defect', 'render', spec, '1', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const doc = await readDocx(path.join(out, 'spec-defect-1.docx'));
    const paras = paragraphs(doc).filter((p) => p.text.trim());
    const texts = paras.map((p) => p.text);
    // each label is followed by its value
    const after = (label: string) => texts[texts.indexOf(label) + 1];
    expect(texts[0]).toBe('Defect report form');
    expect(texts).toContain('Please send an electronic copy to tsbsg17@itu.int');
    expect(after('1. Defect Report Number:')).toBe('1');
    expect(after('2. Date:')).toBe('1999-06-14');
    expect(after('3. Source (your complete contact information):')).toBe('A. Implementer, Example Networks, a.implementer@example.org');
    expect(after('4. Defect Report Concerning ITU-T Recommendation (give Recommendation number and date):')).toBe('Rec. ITU-T X.225 (11/1995) | ISO/IEC 8327-1:1996');
    expect(after('5. Qualifier (e.g.: error, omission, clarification required):')).toBe('error');
    expect(after('6. References in Document (e.g.: page, clause/section, figure, and/or table numbers):')).toBe('7.4.1 b) 5), 8.3.4.13');
    // a two-paragraph nature of defect stays two paragraphs, as typed (brackets and all)
    const nature = texts.indexOf('7. Nature of Defect (complete, concise explanation of the perceived problem):');
    expect(texts[nature + 1]).toMatch(/^In 7\.4\.1 b\) 5\), the cross reference/);
    expect(texts[nature + 2]).toMatch(/^In 8\.3\.4\.13, the number in the last line reads 654539/);
    expect(after('8. Solution Proposed by the Source (optional):')).toBe('Replace "[see 7.1.1, b), 4)]" by "[see 7.1.1, b), 5)]" and "654539" by "65539".');
    expect(after("9. Editor's Response:")).toBe('Accepted as proposed.');
    expect(after('Status:')).toBe('resolved');
    expect(after('Resolution:')).toBe('Corrected by Technical Corrigendum 1 (03/2000)');
    // labels are in their own (bold) style, values in Normal
    expect(paras.find((p) => p.text === '2. Date:')?.style).toBe('Defect field');
    expect(paras.find((p) => p.text === '1999-06-14')?.style).toBe('Normal');
  });

  it('a record filled in after "defect new" renders', async () => {
    const { dir, spec } = fixture();
    await run(['defect', 'new', spec, '--submitter', 'Ann Smith <ann@example.org>', '--date', '2024-05-01']);
    fill(path.join(dir, 'defects/2.yaml'), { qualifier: 'clarification required', references: '"8.3.4.13"', nature: '"The maximum value is unclear."' });
    const r = await run(['defect', 'render', spec, '2', '--out', path.join(dir, 'out')]);
    expect(r.code, r.err).toBe(0);
    const texts = paragraphs(await readDocx(path.join(dir, 'out/spec-defect-2.docx'))).map((p) => p.text);
    expect(texts).toContain('clarification required');
    expect(texts).toContain('The maximum value is unclear.');
    expect(texts).toContain('Ann Smith, ann@example.org');
    expect(texts).not.toContain('Resolution:'); // no resolution yet: no empty label
  });

  it('no such record: exit 2 with the numbers that exist', async () => {
    const { spec } = fixture();
    const r = await run(['defect', 'render', spec, '7']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/defects\/7\.yaml: error: there is no defect report 7; the reports are 1 \[not-found\]/);
  });
});

describe('bad records: file:line:column, exit 2', () => {
  const cases: [string, (t: string) => string, RegExp][] = [
    ['wrong qualifier', (t) => t.replace('qualifier: error', 'qualifier: typo'), /defects[/\\]1\.yaml:9:12: error: field "qualifier" is "typo"; it must be one of: error, omission, clarification required/],
    ['missing field', (t) => t.replace(/^nature: \|\n(  .*\n|\n)*/m, ''), /defects[/\\]1\.yaml:1:1: error: field "nature" is missing; it is required/],
    ['missing field in a group', (t) => t.replace('  name: "A. Implementer"\n', ''), /defects[/\\]1\.yaml:4:1: error: field "source\.name" is missing; it is required/],
    ['wrong status', (t) => t.replace('status: resolved', 'status: done'), /defects[/\\]1\.yaml:\d+:9: error: field "status" is "done"; it must be one of: open, accepted, resolved, rejected/],
    ['bad date', (t) => t.replace('date: "1999-06-14"', 'date: "14/06/1999"'), /defects[/\\]1\.yaml:3:7: error: field "date" is "14\/06\/1999"; it must be a date such as "2024-05-01"/],
    ['unknown field', (t) => t.replace('status: resolved', 'status: resolved\nstatsu: x'), /defects[/\\]1\.yaml:\d+:1: error: unknown field "statsu"/],
    ['number not the file name', (t) => t.replace('number: 1', 'number: 4'), /defects[/\\]1\.yaml:2:9: error: field "number" is 4 but the file is 1\.yaml/],
    ['not YAML', (t) => t.replace('qualifier: error', 'qualifier: [error'), /defects[/\\]1\.yaml:\d+:\d+: error: the defect report is not valid YAML/],
  ];
  for (const [name, edit, message] of cases) {
    it(name, async () => {
      const { dir, spec } = fixture();
      const file = path.join(dir, 'defects/1.yaml');
      const text = readFileSync(file, 'utf8');
      const edited = edit(text);
      expect(edited).not.toBe(text);
      writeFileSync(file, edited);
      for (const args of [['defect', 'render', spec, '1', '--out', path.join(dir, 'out')], ['defect', 'list', spec]]) {
        const r = await run(args);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(message);
      }
      // nothing was written for a bad record
      expect(() => readdirSync(path.join(dir, 'out'))).toThrow();
    });
  }
});

describe('defect command usage', () => {
  it('an unknown subcommand or a missing source is a usage error, exit 2', async () => {
    expect((await run(['defect', 'frobnicate'])).code).toBe(2);
    const r = await run(['defect', 'new', '/nonexistent/spec.md']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no such file');
  });
});
