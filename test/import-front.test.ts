/**
 * The imported front matter against the real ITU files: `import --verify` lists the paragraphs of the
 * original front matter that the rebuild does not write (asserted literally: only what cannot be
 * reproduced yet is left), and the rebuilt DOCX, read back with src/reader, prints the original's
 * Keywords line, cover line, cover verso, contents heading, revision line and electronic attachments.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { build } from '../src/app/build.js';
import { readDocxSync, type ReadDocument } from '../src/reader/index.js';
import { unzipSync, strFromU8 } from 'fflate';
import { corpus, normalise, paragraphs, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** The "   - text" lines of the --verify section that starts with `heading`. */
function listed(out: string, heading: RegExp): string[] {
  const at = out.search(heading);
  if (at < 0) return [];
  const lines = out.slice(at).split('\n').slice(1);
  const end = lines.findIndex((l) => !l.startsWith('   - '));
  return lines.slice(0, end < 0 ? lines.length : end).map((l) => l.slice(5));
}

const NOT_WRITTEN = /^Front matter: \d+ paragraph\(s\) of the original are not written/m;
const PLACEHOLDERS = /^Front matter: \d+ placeholder\(s\) of the original/m;
const IPR_PLACEHOLDER = 'As of the date of approval of this Recommendation, ITU [had/had not] received notice of intellectual property, protected by patents, which may be required to implement this Recommendation. However,…';

interface Imported { out: string; dir: string; md: string; rebuilt: ReadDocument; docx: string; code: number }

/** Imports with --verify, then builds the imported source (ITU only) and reads the DOCX back. */
async function importAndRebuild(docx: string, name: string): Promise<Imported> {
  const dir = tmp('ct-front-');
  const r = await run(['import', docx, '--out', dir, '--verify']);
  const built = await build(path.join(dir, name), { only: 'itu', write: false });
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const file = path.join(dir, 'rebuilt.docx');
  writeFileSync(file, built.outputs[0].bytes);
  return { out: r.out, dir, md: readFileSync(path.join(dir, name), 'utf8'), rebuilt: readDocxSync(built.outputs[0].bytes), docx: file, code: r.code };
}

const texts = (doc: ReadDocument) => paragraphs(doc).map((p) => normalise(p.text));
/** The texts after the first paragraph that is `from`, `count` of them, empty ones left out. */
function after(doc: ReadDocument, from: string, count: number): string[] {
  const all = texts(doc).filter(Boolean);
  const at = all.indexOf(from);
  return at < 0 ? [] : all.slice(at + 1, at + 1 + count);
}

function expectValid(file: string): void {
  const valid = spawnSync('/usr/bin/python3', ['/work/shared/ooxml/validate.py', file], { encoding: 'utf8' });
  expect(valid.status, valid.stdout + valid.stderr).toBe(0);
}

const T88 = path.join(corpus, 'itu/T-REC-T.88-201808-P-MSW-E.docx');
const T832 = path.join(corpus, 'itu/T-REC-T.832-201608-I-MSW-E.docx');
const H222 = path.join(corpus, 'itu/T-REC-H.222.0-201808-P-MSW-E.docx');
const X500 = path.join(corpus, 'itu/T-REC-X.500-201610-I-MSW-E.docx');

describe.skipIf(!existsSync(T88))('front matter of T.88 (08/2018), prepublished', () => {
  let t: Imported;
  beforeAll(async () => { t = await importAndRebuild(T88, 'T.88.md'); }, 240_000);

  it('leaves unwritten only the headings of the lists of tables and figures; the IPR placeholder is listed apart', () => {
    expect(t.code, t.out).toBe(0);
    expect(listed(t.out, NOT_WRITTEN)).toEqual(['List of Tables', 'List of Figures']);
    expect(listed(t.out, PLACEHOLDERS)).toEqual([IPR_PLACEHOLDER]);
    const report = readFileSync(path.join(t.dir, 'T.88.import-report.md'), 'utf8');
    expect(report).toContain('- front matter: itu.ipr: the IPR notice of the original is the placeholder "ITU [had/had not] received notice of intellectual property" left in a prepublished file: a build prints no placeholder;');
  });

  it('imports the Keywords, the cover line, the revision line and the attachments as front-matter fields', () => {
    expect(t.md).toContain('wording:\n  keywords: "semicolon"\n  union: "capitals"\n  titleBlock: "capitals"\n');
    expect(t.md).toContain('  revision: "Revised ITU-T T.88 | ISO/IEC 14492 (2nd edition)"\n  attachments:\n    - "Reference source code implementation"\n    - "Test bitstreams"\n');
  });

  it('rebuilds the Keywords line with semicolons and no full stop, the capitals cover line and title block, "© ITU 2018", the revision line with the title and the numbered attachments; no cover verso', () => {
    expect(after(t.rebuilt, 'Keywords', 1)).toEqual(['bi-level images; image compression; lossy image compression; lossless image compression; lossy-to-lossless image compression; JBIG']);
    expect(paragraphs(t.rebuilt)[0].text).toBe('INTERNATIONAL TELECOMMUNICATION UNION');
    // the title block above the Summary in capitals, as T.88 prints it
    expect(after(t.rebuilt, 'INTERNATIONAL STANDARD ISO/IEC 14492', 2)).toEqual(['ITU-T RECOMMENDATION T.88', 'INFORMATION TECHNOLOGY – LOSSY/LOSSLESS CODING OF BI-LEVEL IMAGES']);
    expect(texts(t.rebuilt)).toContain('© ITU 2018');
    expect(after(t.rebuilt, 'Revised ITU-T T.88 | ISO/IEC 14492 (2nd edition)', 4)).toEqual([
      'Information Technology – Lossy/lossless coding of bi-level images', 'Electronic attachments:', '1. Reference source code implementation', '2. Test bitstreams',
    ]);
    expect(paragraphs(t.rebuilt).map((p) => p.text)).toContain('1.\tReference source code implementation');
    expect(texts(t.rebuilt)).not.toContain('ITU-T T-SERIES RECOMMENDATIONS');
    expectValid(t.docx);
  });
});

describe.skipIf(!existsSync(T832))('front matter of T.832 (08/2016)', () => {
  let t: Imported;
  beforeAll(async () => { t = await importAndRebuild(T832, 'T.832.md'); }, 240_000);

  it('leaves unwritten only the lists of figures and tables (and their "Page" lines)', () => {
    expect(t.code, t.out).toBe(0);
    expect(listed(t.out, NOT_WRITTEN)).toEqual(['LIST OF FIGURES', 'Page', 'LIST OF TABLES', 'Page']);
    expect(t.out).not.toMatch(PLACEHOLDERS);
  });

  it('rebuilds the T-series cover verso line by line as the original prints it, the range of T.832 in bold', () => {
    const original = readDocxSync(readFileSync(T832));
    const verso = after(original, 'ITU-T T-SERIES RECOMMENDATIONS', 48);
    expect(verso[0]).toBe('TERMINALS FOR TELEMATIC SERVICES');
    expect(verso.slice(-2)).toEqual(['T.850–T.899', 'For further details, please refer to the list of ITU-T Recommendations.']);
    expect(after(t.rebuilt, 'ITU-T T-SERIES RECOMMENDATIONS', 48)).toEqual(verso);
    // the range holding T.832 is bold, the others not (the paragraphs of document.xml)
    const xml = strFromU8(unzipSync(readFileSync(t.docx))['word/document.xml']);
    const bold = (text: string) => /<w:b\/>/.test(xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g)?.find((p) => p.includes(`>${text}<`)) ?? '');
    expect(['Still-image compression – JPEG XR', 'T.830–T.849'].map(bold)).toEqual([true, true]);
    expect(['Still-image compression – JPEG 2000', 'T.800–T.829'].map(bold)).toEqual([false, false]);
    expectValid(t.docx);
  });
});

describe.skipIf(!existsSync(H222))('front matter of H.222.0 (08/2018), prepublished', () => {
  let t: Imported;
  beforeAll(async () => { t = await importAndRebuild(H222, 'H.222.0.md'); }, 300_000);

  it('writes every paragraph of the original front matter but the IPR placeholder, listed apart', () => {
    expect(t.code, t.out).toBe(0);
    expect(t.out).not.toMatch(NOT_WRITTEN);
    expect(t.out).toContain('Front matter: every paragraph of the original is written by the build.');
    expect(listed(t.out, PLACEHOLDERS)).toEqual([IPR_PLACEHOLDER]);
  });

  it('rebuilds "Table of Contents" as the contents heading, the capitals cover line and the revision line above the title', () => {
    expect(t.md).toContain('wording:\n  union: "capitals"\n  contents: "title-case"\n');
    const all = paragraphs(t.rebuilt);
    const heading = all.findIndex((p) => p.text === 'Table of Contents');
    expect(heading).toBeGreaterThan(0);
    expect(all[heading + 1].style).toMatch(/^toc/);
    expect(all[0].text).toBe('INTERNATIONAL TELECOMMUNICATION UNION');
    expect(after(t.rebuilt, 'Revised ITU-T H.222.0 | ISO/IEC 13818-1 (7th Ed.)', 1)).toEqual(['Information technology – Generic coding of moving pictures and associated audio information: Systems']);
    expect(texts(t.rebuilt)).not.toContain('Electronic attachments:');
    expectValid(t.docx);
  });
});

describe.skipIf(!existsSync(X500))('front matter of X.500 (10/2016)', () => {
  it('writes every paragraph of the original front matter, with the default wordings (no wording: key)', async () => {
    const t = await importAndRebuild(X500, 'X.500.md');
    expect(t.code, t.out).toBe(0);
    expect(t.out).toContain('Front matter: every paragraph of the original is written by the build.');
    expect(t.md).not.toContain('\nwording:');
    expect(after(t.rebuilt, 'Keywords', 1)).toEqual(['Attribute, directory, directory information tree, directory system agent, directory user agent, distinguished name.']);
    expect(paragraphs(t.rebuilt)[0].text).toBe('International Telecommunication Union');
  }, 240_000);
});
