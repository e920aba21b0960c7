/**
 * commontext import of the real Rec. ITU-T T.88 (08/2018) and the source-format constructs its import
 * needed, each built and read back from the DOCX: the numbered "0 Introduction" with subclauses 0.1 …,
 * headings typed as bold body paragraphs ({.as-paragraph}), an annex without obligation line
 * (annex=unstated), the body's fixed texts printed otherwise (the source's own templates/common/body.yaml),
 * figures drawn as tables (a table, then "Figure: Title").
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { build, lint } from '../src/app/build.js';
import { check } from '../src/check/index.js';
import { unzipSync, strFromU8 } from 'fflate';
import { readDocxSync, type ReadDocument } from '../src/reader/index.js';
import { corpus, paragraphs, repo, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const MINIMAL_FRONT = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8').replace(/\n# [\s\S]*$/, '\n');

/** A source of the minimal front matter and this body, in a folder of its own. */
function source(body: string[], name = 's.md'): string {
  const dir = tmp('ct-t88c-');
  const file = path.join(dir, name);
  writeFileSync(file, `${MINIMAL_FRONT}\n${body.join('\n')}\n`);
  return file;
}

/** [style, text] of every paragraph whose text matches. */
function styled(doc: ReadDocument, re: RegExp): [string, string][] {
  return paragraphs(doc).filter((p) => re.test(p.text) && !/^toc/.test(p.style)).map((p) => [p.style, p.text]);
}

describe('a numbered Introduction: {.introduction number="0"}', () => {
  const body = [
    '# Introduction {.introduction number="0"}', '', 'Lead text, see [](#sub).', '',
    '## Interpretation {#sub}', '', 'Sub text.', '',
    'Table: In the introduction', '', '| a |', '|---|', '| 1 |', '',
    '### Deeper', '', 'Deeper text.', '',
    '# Scope', '', ':This specifies nothing.', '',
    'Table: In the body', '', '| b |', '|---|', '| 2 |', '',
  ];

  it('prints "0<tab>Introduction" as clause 0 and its subclauses 0.1, 0.1.1 (ITU: heading 1, 2, 3; ISO: the Introduction Title)', async () => {
    const built = await build(source(body), { write: false });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [itu, iso] = built.outputs.map((o) => readDocxSync(o.bytes));
    expect(styled(itu, /Introduction$|^0\.|^1\t/)).toEqual([['heading 1', '0\tIntroduction'], ['heading 2', '0.1\tInterpretation'], ['heading 3', '0.1.1\tDeeper'], ['heading 1', '1\tScope']]);
    expect(styled(iso, /^0\tIntroduction$/)).toEqual([['Introduction Title', '0\tIntroduction']]);
    expect(styled(iso, /^0\.1/).map((s) => s[1])).toEqual(['0.1\tInterpretation', '0.1.1\tDeeper']);
    expect(paragraphs(itu).map((p) => p.text)).toContain('Lead text, see clause 0.1.');
    // clause 0 comes first in the count of tables and figures, as T.88's Figure 1 in its Introduction
    expect(styled(itu, /^Table \d/).map((s) => s[1])).toEqual(['Table 1 – In the introduction', 'Table 2 – In the body']);
    // the contents list clause 0 with its subclauses, as T.88 (08/2018) does
    expect(paragraphs(itu).filter((p) => /^toc [1-9]/.test(p.style)).map((p) => p.text.replace(/\t\d+$/, '')).slice(0, 3)).toEqual(['0\tIntroduction', '0.1\tInterpretation', '1\tScope']);
  }, 60_000);

  it('is imported back as {.introduction number="0"} with numbered subclauses, and rebuilds technically identical', async () => {
    const first = await build(source(body), { only: 'itu', outDir: tmp('ct-t88i-') });
    const out = tmp('ct-t88o-');
    const r = await run(['import', first.outputs[0].path!, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(path.join(out, 'X.9999.md'), 'utf8');
    expect(md).toContain('# Introduction {.introduction number="0"}\n\nLead text, see [](#sub).\n\n## Interpretation {#sub}\n\nSub text.\n\nTable: In the introduction\n');
    expect(md).toMatch(/\n### Deeper\n[\s\S]*\nTable: In the body\n/);
    const second = await build(path.join(out, 'X.9999.md'), { only: 'itu', write: false });
    expect((await check(first.outputs[0].bytes, second.outputs[0].bytes)).findings).toEqual([]);
  }, 60_000);

  it('lint: another number on the Introduction, or a number on the Summary, is an error at the heading', async () => {
    const file = source(['# Introduction {.introduction number="1"}', '', 'Text.', '', '# Scope', '', 'Text.']);
    const line = MINIMAL_FRONT.split('\n').length + 1;
    const result = lint(file);
    expect(result.filter((d) => d.severity === 'error').map((d) => `${d.line} ${d.code} ${d.fix}`)).toEqual([`${line} role-number write number="0" (an Introduction with subclauses is clause 0), or no number`]);
    const summary = lint(source(['# Summary {.summary number="0"}', '', 'Text.', '', '# Scope', '', 'Text.']));
    expect(summary.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['role-number']);
  }, 60_000);
});

describe('a heading typed as a bold body paragraph: {.as-paragraph}', () => {
  const body = [
    '# Scope', '', ':This specifies nothing.', '',
    '# Procedures', '', '## Text region', '', 'Text.', '',
    '## Symbol dictionary {#sd .as-paragraph}', '',
    '### General description {.as-paragraph}', '', 'See [](#sd) and [](#dec).', '',
    '### Decoding {#dec}', '', 'Decoding text.', '',
    '## Halftone region', '', 'Halftone text.', '',
  ];

  it('prints "2.2<tab>Title" in bold in the body style, numbered like a heading, a link target, not in the contents', async () => {
    const built = await build(source(body), { write: false });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [itu, iso] = built.outputs.map((o) => readDocxSync(o.bytes));
    expect(styled(itu, /^2\./)).toEqual([['heading 2', '2.1\tText region'], ['Normal', '2.2\tSymbol dictionary'], ['Normal', '2.2.1\tGeneral description'], ['heading 3', '2.2.2\tDecoding'], ['heading 2', '2.3\tHalftone region']]);
    expect(styled(iso, /^2\.2\.2|^2\.2\t/).map((s) => s[1])).toEqual(['2.2\tSymbol dictionary', '2.2.2\tDecoding']);
    expect(paragraphs(itu).map((p) => p.text)).toContain('See clause 2.2 and clause 2.2.2.');
    expect(paragraphs(itu).filter((p) => /^toc [1-9]/.test(p.style)).map((p) => p.text.replace(/\t\d+$/, ''))).toEqual(['1\tScope', '2\tProcedures', '2.1\tText region', '2.3\tHalftone region']);
    const xml = strFromU8(unzipSync(built.outputs[0].bytes)['word/document.xml']);
    const p = /<w:p>(?:(?!<\/w:p>).)*General description(?:(?!<\/w:p>).)*<\/w:p>/.exec(xml.replace(/<w:p [^>]*>/g, '<w:p>'))?.[0] ?? '';
    expect(p).toMatch(/<w:b\/>/);
    expect(p).toContain('<w:pStyle w:val="Normal"/>');
  }, 60_000);

  it('is imported from such paragraphs (the next number in the sequence, one short line) and rebuilds technically identical', async () => {
    const first = await build(source(body), { only: 'itu', outDir: tmp('ct-t88p-') });
    const out = tmp('ct-t88q-');
    const r = await run(['import', first.outputs[0].path!, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(path.join(out, 'X.9999.md'), 'utf8');
    expect(md).toContain('## Symbol dictionary {#sd .as-paragraph}\n\n### General description {.as-paragraph}\n\nSee [](#sd) and [](#dec).\n\n### Decoding {#dec}\n');
    expect(md).not.toContain('number=');
    const second = await build(path.join(out, 'X.9999.md'), { only: 'itu', write: false });
    expect((await check(first.outputs[0].bytes, second.outputs[0].bytes)).findings).toEqual([]);
  }, 60_000);

  it('lint: {.as-paragraph} on an annex or a role heading is an error', () => {
    const file = source(['# Scope', '', 'Text.', '', '# Extra {annex=integral .as-paragraph}', '', 'Text.']);
    expect(lint(file).filter((d) => d.severity === 'error').map((d) => `${d.line} ${d.code}`)).toEqual([`${MINIMAL_FRONT.split('\n').length + 5} as-paragraph`]);
  });
});

describe('annex=unstated, a second obligation line, and the body fixed texts printed otherwise', () => {
  const body = [
    '---', 'templates: "templates"', '---', '',
    '# Scope', '', ':This specifies nothing.', '',
    '# Patents {annex=non-integral}', '', '(This annex is only applicable to ISO/IEC 99999)', '', 'Patent text.', '',
    '# Electronic data {annex=unstated}', '', '## General', '', 'Data text.', '',
  ];
  const own = 'annexNonIntegral: "(This annex does not form an integral part of this Recommendation | International Standard)"\ntitleBlockTitle: "INFORMATION TECHNOLOGY – MINIMAL COMMON TEXT"\n';

  /** The source, with its own templates/common/body.yaml. */
  function withTemplates(): string {
    const file = source([]);
    const text = readFileSync(file, 'utf8').replace(/\n---\n\n*$/, `\ntemplates: "templates"\n---\n\n${body.slice(4).join('\n')}\n`);
    writeFileSync(file, text);
    mkdirSync(path.join(path.dirname(file), 'templates/common'), { recursive: true });
    writeFileSync(path.join(path.dirname(file), 'templates/common/body.yaml'), own);
    return file;
  }

  it('prints the annex without an obligation line, and the source\'s own wording of the others and of the title line', async () => {
    const built = await build(withTemplates(), { write: false });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const texts = paragraphs(readDocxSync(built.outputs[0].bytes)).map((p) => p.text);
    const at = texts.indexOf('Annex A\n\nPatents');
    expect(texts.slice(at, at + 4)).toEqual(['Annex A\n\nPatents', '(This annex does not form an integral part of this Recommendation | International Standard)', '(This annex is only applicable to ISO/IEC 99999)', 'Patent text.']);
    const k = texts.indexOf('Annex B\n\nElectronic data');
    expect(texts.slice(k, k + 2)).toEqual(['Annex B\n\nElectronic data', 'B.1\tGeneral']);
    expect(texts).toContain('INFORMATION TECHNOLOGY – MINIMAL COMMON TEXT');
  }, 60_000);

  it('is imported back: annex=unstated, the second line as text, the wording in the source\'s own body.yaml; rebuilds technically identical', async () => {
    const first = await build(withTemplates(), { only: 'itu', outDir: tmp('ct-t88u-') });
    const out = tmp('ct-t88v-');
    const r = await run(['import', first.outputs[0].path!, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(path.join(out, 'X.9999.md'), 'utf8');
    expect(md).toContain('# Patents {annex=non-integral}\n\n(This annex is only applicable to ISO/IEC 99999)\n\nPatent text.\n\n# Electronic data {annex=unstated}\n');
    const yaml = readFileSync(path.join(out, 'templates/common/body.yaml'), 'utf8');
    expect(yaml).toContain('annexNonIntegral: "(This annex does not form an integral part of this Recommendation | International Standard)"\n');
    expect(yaml).not.toContain('annexIntegral');
    const second = await build(path.join(out, 'X.9999.md'), { only: 'itu', write: false });
    expect((await check(first.outputs[0].bytes, second.outputs[0].bytes)).findings).toEqual([]);
  }, 60_000);

  it('lint: another annex kind is an error naming the three', () => {
    const file = source(['# Scope', '', 'Text.', '', '# Extra {annex=informative}', '', 'Text.']);
    expect(lint(file).filter((d) => d.severity === 'error').map((d) => d.message)).toEqual(['annex="informative" is not a kind of annex; write annex=integral, annex=non-integral or annex=unstated (no obligation line)']);
  });
});

describe('captions numbered "27(a)" and a Bibliography in an order of its own', () => {
  it('are imported as {number="27(a)"} and as written text under {.bibliography} (with its closing rule), and rebuild technically identical', async () => {
    const body = [
      '# Scope', '', 'See Table 27(a) and [2].', '',
      'Table: Colour parameters {number="27(a)"}', '', '| Name | Type |', '|---|---|', '| CPNCOMP | Integer |', '',
      '# Bibliography {.bibliography}', '', '[2]\tZED (A.): A late title.', '', '[1]\tALPHA (B.): An early title.', '', '\\_\\_\\_\\_\\_\\_', '',
    ];
    const first = await build(source(body), { only: 'itu', outDir: tmp('ct-t88b-') });
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(paragraphs(readDocxSync(first.outputs[0].bytes)).map((p) => p.text)).toContain('Table 27(a) – Colour parameters');
    const out = tmp('ct-t88c-');
    const r = await run(['import', first.outputs[0].path!, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(path.join(out, 'X.9999.md'), 'utf8');
    expect(md).toContain('Table: Colour parameters {number="27(a)"}\n');
    expect(md).toContain('# Bibliography {.bibliography}\n\n[2]\tZED (A.): A late title.\n\n[1]\tALPHA (B.): An early title.\n');
    expect(readFileSync(path.join(out, 'X.9999.import-report.md'), 'utf8')).toContain('the Bibliography is kept as written text');
    const second = await build(path.join(out, 'X.9999.md'), { only: 'itu', write: false });
    expect((await check(first.outputs[0].bytes, second.outputs[0].bytes)).findings).toEqual([]);
  }, 60_000);
});

describe('a figure drawn as a table: a table, then "Figure: Title"', () => {
  const body = [
    '# Scope', '', 'See [](#fig-structure) and [](#fig-pic).', '',
    '| First height class |', '|---|', '| Second height class |', '| Last height class |', '',
    'Figure: The structure of a symbol dictionary {#fig-structure}', '',
    '![Picture](p.png)', '', 'Figure: A picture {#fig-pic}', '',
    'Table: A table', '', '| a |', '|---|', '| 1 |', '',
  ];

  /** The source with its picture. */
  function withPicture(): string {
    const file = source(body);
    writeFileSync(path.join(path.dirname(file), 'p.png'), readFileSync(path.join(repo, 'fixtures/x500/figures/fig1-access.png')));
    return file;
  }

  it('prints the table, then "Figure 1 – Title" below it as a figure caption, counted with the figures', async () => {
    const built = await build(withPicture(), { write: false });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [itu, iso] = built.outputs.map((o) => readDocxSync(o.bytes));
    const at = itu.body.findIndex((b) => b.kind === 'table' && b.rows[0].cells[0].text === 'First height class');
    const after = itu.body[at + 1];
    expect(after.kind === 'paragraph' && [after.style, after.text]).toEqual(['Figure_NoTitle', 'Figure 1 – The structure of a symbol dictionary']);
    expect(styled(itu, /^(Figure|Table) \d/)).toEqual([['Figure_NoTitle', 'Figure 1 – The structure of a symbol dictionary'], ['Figure_NoTitle', 'Figure 2 – A picture'], ['Table_NoTitle', 'Table 1 – A table']]);
    expect(paragraphs(itu).map((p) => p.text)).toContain('See Figure 1 and Figure 2.');
    expect(styled(iso, /^Figure 1 /).map((s) => s[1])).toEqual(['Figure 1 – The structure of a symbol dictionary']);
  }, 60_000);

  it('is imported back as the table and "Figure: Title" after it, and rebuilds technically identical', async () => {
    const first = await build(withPicture(), { only: 'itu', outDir: tmp('ct-t88f-') });
    const out = tmp('ct-t88g-');
    const r = await run(['import', first.outputs[0].path!, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(path.join(out, 'X.9999.md'), 'utf8');
    expect(md).toMatch(/\| Last height class +\|\n\nFigure: The structure of a symbol dictionary \{#fig-structure\}\n/);
    expect(md).not.toContain('Table: {.unnumbered}');
    const second = await build(path.join(out, 'X.9999.md'), { only: 'itu', write: false });
    expect((await check(first.outputs[0].bytes, second.outputs[0].bytes)).findings).toEqual([]);
  }, 60_000);
});

const T88 = path.join(corpus, 'itu/T-REC-T.88-201808-P-MSW-E.docx');

describe.skipIf(!existsSync(T88))('import of T.88 (08/2018), measured', () => {
  it('rebuilds technically identical in the body (the title block\'s invisible header carriers are read as empty, and said); the "0 Introduction", its subclauses and the headings typed as paragraphs rebuild', async () => {
    const out = tmp('ct-t88-');
    const r = await run(['import', T88, '--out', out, '--verify']);
    expect(r.err).not.toContain('misplaced-caption');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('technically identical: no differences in the body');
    // white 4 pt paragraphs (styles "head", "foot"): a reader sees nothing, check says it read them as empty
    expect(r.out).toMatch(/original: \d+ paragraphs printed invisibly \(hidden, or white text\) were read as empty: "ISO\/IEC 14492:2001 \(E\)" \(style "head"\), "ITU-T Rec. T.88 \(2000 E\)" \(style "foot"\)/);
    expect(r.out).not.toMatch(/^\d+\. Introduction/m);
    // the default --split auto writes T.88 (over 3000 lines) as a main file and one included file per clause
    const parts = readdirSync(path.join(out, 'clauses')).sort().map((f) => readFileSync(path.join(out, 'clauses', f), 'utf8'));
    const md = [readFileSync(path.join(out, 'T.88.md'), 'utf8'), ...parts].join('\n');
    expect(md).toContain('# Introduction {.introduction number="0"}');
    expect(md).toContain('## Interpretation and use of the requirements\n');
    expect(md).toContain('## Symbol Dictionary Decoding Procedure {.as-paragraph}\n\n### General description {.as-paragraph}\n');
    expect(r.out).not.toContain('clause-renumbered');
    expect(r.out).not.toContain('obligation');
    expect(r.out).not.toContain('Bibliography');
    expect(md).toMatch(/\| List of exported symbols +\|\n\nFigure: The structure of a symbol dictionary \{#fig-21 number="21"\}\n/);
    expect(md).not.toContain('&#x20;'); // figure titles with a line break are written on one line
    expect(md).toContain('# Electronic conformance data and sample software {annex=unstated}');
    expect(md).toContain('(This annex is only applicable to ISO/IEC 14492)');
    expect(readFileSync(path.join(out, 'templates/common/body.yaml'), 'utf8')).toContain([
      'titleBlockIso: "INTERNATIONAL STANDARD 14492:2018"',
      'titleBlockItu: "ITU-T RECOMMENDATION T.88 (2018)"',
      'titleBlockTitle: "INFORMATION TECHNOLOGY – LOSSY/LOSSLESS CODING OF BI-LEVEL IMAGES"',
      'annexIntegral: "(This annex forms an integral part of this Recommendation | International Standard)"',
      'annexNonIntegral: "(This annex does not form an integral part of this Recommendation | International Standard)"',
    ].join('\n'));
    const report = readFileSync(path.join(out, 'T.88.import-report.md'), 'utf8');
    expect(report).not.toContain('a table title with no table after it');
    // the invisible paragraphs are reported, with their text
    expect(report).toContain('a paragraph printed invisibly (hidden, or white text, in the style "head"): not imported; a reader of the original sees nothing there — "ISO/IEC 14492:2001 (E)"');
    expect(report).toContain('a paragraph printed invisibly (hidden, or white text, in the style "foot"): not imported; a reader of the original sees nothing there — "ITU-T Rec. T.88 (2000 E)"');
  }, 180_000);
});
