/**
 * A Recommendation that is not yet a common text: our build of fixtures/x500 with its ISO/IEC
 * designation stripped (the "INTERNATIONAL STANDARD ISO/IEC 9594-1" lines of the title blocks and the
 * running header) imports with its iso: block left for the editor (a placeholder designation, an
 * empty committee, prompts in the report), and `build --only itu` of the imported source works: the
 * rebuilt ITU-T DOCX has the same body, only the title block differs.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { main } from '../src/cli/main.js';
import { build } from '../src/app/build.js';
import { check } from '../src/check/index.js';
import { readDocxSync } from '../src/reader/index.js';
import { repo, texts, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** The DOCX without any mention of its ISO/IEC designation. */
function stripIso(docx: Uint8Array): Uint8Array {
  const zip = unzipSync(docx);
  for (const name of Object.keys(zip).filter((n) => /^word\/(document|header\d*)\.xml$/.test(n))) {
    zip[name] = strToU8(strFromU8(zip[name])
      .replace(/<w:p>(?:(?!<\/w:p>).)*INTERNATIONAL STANDARD ISO\/IEC 9594-1(?:(?!<\/w:p>).)*<\/w:p>/g, '')
      .replace(/ISO\/IEC 9594-1:2017 \(E\)/g, ''));
  }
  return zipSync(zip);
}

describe('import of a Recommendation that is not yet a common text', () => {
  it('leaves the iso: block to fill in, and build --only itu of the imported source works', async () => {
    const dir = tmp('ct-itu-only-');
    const first = await build(path.join(repo, 'fixtures/x500/x500.md'), { only: 'itu', write: false });
    const input = path.join(dir, 'T-REC-X.500-201610-I-E.docx');
    writeFileSync(input, stripIso(first.outputs[0].bytes));
    const all = texts(readDocxSync(input)).join('\n');
    expect(all).not.toContain('INTERNATIONAL STANDARD ISO/IEC');

    const out = path.join(dir, 'out');
    const r = await run(['import', input, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(path.join(out, 'X.500.md'), 'utf8');
    const front = YAML.parse(/^---\n([\s\S]*?)\n---\n/.exec(md)![1]);
    expect(front.iso.designation).toBe('ISO/IEC 99999-1');
    expect(front.iso.committee).toEqual({ sc: '', title: '' });
    expect(md).toContain('# ISO/IEC data: the ITU file does not give year, edition and committee; check them');
    expect(readFileSync(path.join(out, 'X.500.import-report.md'), 'utf8')).toContain('iso.designation: the title block has no "INTERNATIONAL STANDARD ISO/IEC" line: the ISO/IEC designation is a placeholder to replace');

    const b = await run(['build', path.join(out, 'X.500.md'), '--only', 'itu', '--out', path.join(out, 'build')]);
    expect(b.code, b.err).toBe(0);
    expect(readdirSync(path.join(out, 'build'))).toEqual(['T-REC-X.500-201610-I-E.docx']);
    const rebuilt = path.join(out, 'build', 'T-REC-X.500-201610-I-E.docx');
    // the body is the same; only the title block differs (the build writes one with the placeholder designation)
    const result = await check(input, rebuilt, { declared: [] });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.filter((f) => f.clause !== 'title block')).toEqual([]);
    expect(texts(readDocxSync(rebuilt))).toContain('INTERNATIONAL STANDARD ISO/IEC 99999-1');
  }, 90_000);
});
