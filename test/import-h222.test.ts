/**
 * Import of H.222.0 (08/2018), measured, and the source-format constructs added for it, each built
 * and read back from the DOCX: a clause heading printed without a number ({number=""}).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { build } from '../src/app/build.js';
import { chromium } from 'playwright-core';
import { readDocxSync, type ReadDocument, type ReadParagraph, type ReadTable } from '../src/reader/index.js';
import { segment } from '../src/check/segment.js';
import { corpus, repo, tmp, importedMarkdown } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const CHROMIUM = '/usr/bin/chromium';
const MINIMAL = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8').replace(/\n# [\s\S]*$/, '\n');

/** Builds the minimal source with this body (ITU only, in memory): the diagnostics and the DOCX read back. */
export async function buildBody(body: string[], frontExtra = ''): Promise<{ errors: string[]; doc?: ReadDocument }> {
  const dir = tmp('ct-h222-');
  writeFileSync(path.join(dir, 's.md'), `${MINIMAL.replace(/\n---\n$/, `\n${frontExtra}---\n`)}\n${body.join('\n')}\n`);
  const built = await build(path.join(dir, 's.md'), { only: 'itu', write: false });
  const errors = built.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code}`);
  return { errors, doc: built.ok ? readDocxSync(built.outputs[0].bytes) : undefined };
}

const para = (doc: ReadDocument, text: string) => doc.body.find((b): b is ReadParagraph => b.kind === 'paragraph' && !/^toc/i.test(b.style) && b.text.replace(/\s+/g, ' ').trim() === text);

describe('a clause heading printed without a number: {number=""}', () => {
  it('is written in the heading style of its level, bare, outside the count; .unnumbered stays a subheading', async () => {
    const { errors, doc } = await buildBody(['# Scope', '', 'Text.', '', '## First', '', 'a', '', '## Bare {number=""}', '', 'b', '', '## Second', '', 'c', '', '## Sub {.unnumbered}', '', 'd']);
    expect(errors).toEqual([]);
    expect(para(doc!, '1.1 First')?.style).toMatch(/^heading 2$/i);
    expect(para(doc!, 'Bare')?.style).toMatch(/^heading 2$/i);
    expect(para(doc!, '1.2 Second')?.style).toMatch(/^heading 2$/i);
    expect(para(doc!, 'Sub')?.style).toBe('Heading_b');
  }, 60_000);

  it('any other number is still an error naming the accepted forms', async () => {
    const { errors } = await buildBody(['# Scope', '', '## X {number="a.b"}', '', 'Text.']);
    expect(errors).toEqual([`${MINIMAL.split('\n').length + 3}:6 unknown-attribute`]);
  }, 60_000);
});

describe('a top-level clause printed as a section: {.section}', () => {
  it('prints "SECTION 1 – Title" in the heading style (and the contents), numbered as clause 1; check reads it as SECTION 1', async () => {
    const { errors, doc } = await buildBody(['# General {.section}', '', '## Scope', '', 'Text.', '', '# Technical elements {.section}', '', '## Definitions', '', 'More.']);
    expect(errors).toEqual([]);
    expect(para(doc!, 'SECTION 1 – General')?.style).toMatch(/^heading 1$/i);
    expect(para(doc!, '1.1 Scope')?.style).toMatch(/^heading 2$/i);
    expect(para(doc!, 'SECTION 2 – Technical elements')?.style).toMatch(/^heading 1$/i);
    expect(para(doc!, '2.1 Definitions')).toBeDefined();
    expect(doc!.body.some((b) => b.kind === 'paragraph' && /^toc/i.test(b.style) && b.text.startsWith('SECTION 1 – General'))).toBe(true);
    expect(segment(doc!).body.filter((c) => c.level === 0 && c.number).map((c) => `${c.number} ${c.title}`)).toEqual(['SECTION 1 General', 'SECTION 2 Technical elements']);
  }, 60_000);

  it('is an error below the top level', async () => {
    const { errors } = await buildBody(['# Scope', '', '## Sub {.section}', '', 'Text.']);
    expect(errors).toEqual([`${MINIMAL.split('\n').length + 3}:8 unknown-attribute`]);
  }, 60_000);
});

describe('a note printed with a lead-in of its own: :::note{label="…"}', () => {
  it('prints the lead-in as given (a tab stays a tab), outside the count of the other notes', async () => {
    const { errors, doc } = await buildBody(['# Scope', '', ':::note{label="Note – "}', 'Lower case.', ':::', '', ':::note{label="NOTE 1\t"}', 'Tab, no dash.', ':::', '', ':::note', 'Counted.', ':::', '', ':::note{label=""}', 'No lead-in (after an equation).', ':::']);
    expect(errors).toEqual([]);
    const notes = doc!.body.filter((b): b is ReadParagraph => b.kind === 'paragraph' && b.style === 'Note 1').map((p) => [p.style, p.text]);
    expect(notes).toEqual([['Note 1', 'Note – Lower case.'], ['Note 1', 'NOTE 1\tTab, no dash.'], ['Note 1', 'NOTE – Counted.'], ['Note 1', 'No lead-in (after an equation).']]);
  }, 60_000);
});

describe('a caption printed with another dash: Table: Title {label="Table 5 — "}', () => {
  it('prints the lead-in as given, outside the count; a link to it says its label', async () => {
    const { errors, doc } = await buildBody(['# Scope', '', 'See [](#tbl-a).', '', 'Table: Em dash {#tbl-a label="Table 7 — "}', '', '| a |', '|---|', '| 1 |', '', 'Table: Counted', '', '| b |', '|---|', '| 2 |']);
    expect(errors).toEqual([]);
    const captions = doc!.body.filter((b): b is ReadParagraph => b.kind === 'paragraph' && /^Table_NoTitle$/i.test(b.style)).map((p) => p.text);
    expect(captions).toEqual(['Table 7 — Em dash', 'Table 1 – Counted']);
    expect(para(doc!, 'See Table 7.')).toBeDefined();
  }, 60_000);
});

describe('a cell merged down: "^"', () => {
  const rows = ['Table: Merged down', '', '| Kind | Value |', '|---|---|', '| tall | 1 |', '| ^ | 2 |', '| ^ | 3 |', '| short | \\^ |'];

  it('continues the cell above it (w:vMerge restart / continue, read back from the DOCX); "\\^" is a cell holding "^"', async () => {
    const { errors, doc } = await buildBody(['# Scope', '', ...rows]);
    expect(errors).toEqual([]);
    const table = doc!.body.find((b): b is ReadTable => b.kind === 'table' && b.rows[0].cells[0]?.text === 'Kind');
    expect(table!.rows.map((r) => r.cells.map((c) => [c.text, c.vMerge ?? '']))).toEqual([
      [['Kind', ''], ['Value', '']],
      [['tall', 'restart'], ['1', '']],
      [['', 'continue'], ['2', '']],
      [['', 'continue'], ['3', '']],
      [['short', ''], ['^', '']],
    ]);
  }, 60_000);

  it('is an error in the header row, which has no cell above it', async () => {
    const { errors } = await buildBody(['# Scope', '', '| ^ | x |', '|---|---|', '| 1 | 2 |']);
    expect(errors).toEqual([`${MINIMAL.split('\n').length + 3}:1 table-merge`]);
  }, 60_000);

  it.skipIf(!existsSync(CHROMIUM))('is covered by the rowspan of the cell above in the HTML publication, seen in a browser', async () => {
    const dir = tmp('ct-vm-');
    writeFileSync(path.join(dir, 's.md'), `${MINIMAL}\n${['# Scope', '', ...rows].join('\n')}\n`);
    const built = await build(path.join(dir, 's.md'), { only: 'itu', outDir: dir, html: true });
    expect(built.ok).toBe(true);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${built.outputs[0].htmlPath}`);
      const grid = await page.evaluate(() => {
        const t = [...document.querySelectorAll('table')].find((x) => x.textContent?.includes('tall'))!;
        return [...t.rows].map((r) => [...r.cells].map((c) => `${c.textContent}${c.rowSpan > 1 ? `×${c.rowSpan}` : ''}`));
      });
      expect(grid).toEqual([['Kind', 'Value'], ['tall×3', '1'], ['2'], ['3'], ['short', '^']]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('lists with the labels as printed: "+ item" for "•", "1) item" for 1), 2) at the first level', () => {
  it('prints round bullets and numbers; "-" and "1." lists keep "–" and a), b)', async () => {
    const { errors, doc } = await buildBody(['# Scope', '', 'Round:', '', '+ one;', '+ two.', '', 'Numbered:', '', '1) first;', '2) second.', '', 'Plain:', '', '- dash', '', 'Lettered:', '', '1. alpha']);
    expect(errors).toEqual([]);
    const items = doc!.body.filter((b): b is ReadParagraph => b.kind === 'paragraph' && /^enumlev/i.test(b.style)).map((p) => p.text);
    expect(items).toEqual(['•\tone;', '•\ttwo.', '1)\tfirst;', '2)\tsecond.', '–\tdash', 'a)\talpha']);
  }, 60_000);
});

describe('itu.titleBlock: false (a Recommendation printed without a title block, as T.832)', () => {
  it('leaves the title block out of the ITU publication, above the Summary and before clause 1; the ISO one keeps its own', async () => {
    const dir = tmp('ct-tb-');
    const src = MINIMAL.replace('  studyGroup: 17\n', '  studyGroup: 17\n  titleBlock: false\n');
    writeFileSync(path.join(dir, 's.md'), `${src}\n# Summary {.summary}\n\nIt summarises.\n\n# Scope\n\nText.\n`);
    const built = await build(path.join(dir, 's.md'), { write: false });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [itu, iso] = built.outputs.map((o) => readDocxSync(o.bytes));
    const words = (d: ReadDocument) => d.body.filter((b): b is ReadParagraph => b.kind === 'paragraph').map((p) => p.text.replace(/\s+/g, ' ').trim());
    expect(words(itu).filter((t) => /^INTERNATIONAL STANDARD/.test(t))).toEqual([]);
    expect(words(itu)).toContain('Recommendation ITU-T X.9999');
    expect(words(iso).some((t) => /^Information technology – Minimal common text/.test(t))).toBe(true);
    expect(segment(itu).bodyStart).toBe(itu.body.findIndex((b) => b.kind === 'paragraph' && /^heading 1$/i.test(b.style) && /^1\tScope/.test(b.text)));
  }, 60_000);
});

const H222 = path.join(corpus, 'itu/T-REC-H.222.0-201808-P-MSW-E.docx');

describe.skipIf(!existsSync(H222))('import of H.222.0 (08/2018), measured', () => {
  let r: Awaited<ReturnType<typeof run>>;
  let md = '';
  beforeAll(async () => {
    const out = tmp('ct-h222-');
    r = await run(['import', H222, '--out', out, '--verify']);
    md = importedMarkdown(out, 'H.222.0.md');
  }, 240_000);

  it('rebuilds a DOCX that check finds technically identical to the original: no finding in the body', () => {
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('technically identical: no differences in the body');
  });

  it('keeps a caption separator other than " – " as {label="…"} (no-break spaces are not kept: check normalises them)', () => {
    expect(md).toContain('Table: HEVC subregion descriptor {#tbl-2-129 label="Table 2-129 — "}');
    expect(md.match(/label="Table/g)).toHaveLength(1);
  });

  it('keeps the unnumbered Word headings as clause headings ({number=""}), not subheadings', () => {
    expect(md).toContain('#### Sample rate locking in transport streams {number=""}');
    expect(md).toContain('#### Constraints on time code {number=""}');
    expect(r.out).not.toContain('clause-missing');
  });

  it('keeps the printed number of a note that a subheading (a section of the source) separates from the clause\'s other notes', () => {
    const at = md.indexOf('vbv_delay(j + 1) and tdn(j + 1) may have values');
    expect(md.slice(md.lastIndexOf(':::note', at), at)).toBe(':::note{number="4"}\n');
    expect(r.out).not.toMatch(/NOTE [4589] in 2\.(4\.2\.4|17\.1|14\.3\.7)/);
  });

  it('keeps a caption number segmentation does not label ("Figure Intro. 1", "Table U.1bis") as printed, outside the count', () => {
    expect(md).toContain('Figure: Simplified overview of the scope of :this {number="Intro. 1"}');
    expect(md).toMatch(/Table: .* in equivalent full notation \{number="U\.1bis"\}/);
    expect(r.out).not.toMatch(/figure title \d+ — the figure title text differs/);
  });

  it('keeps a note lead-in printed otherwise ("Note – ", "NOTE 1<tab>") as {label="…"}', () => {
    expect(md).toContain(':::note{label="Note – "}\nThe descriptors MPEG-H_3dAudio_multi-stream_descriptor()');
    expect(md).toContain(':::note{label="NOTE 1\t"}\nAdaptation field padding');
    expect(r.out).not.toMatch(/note \d+ in (2\.17\.5\.3|U\.3\.10)/);
  });

  it('writes SECTION 1 – GENERAL as a {.section} clause heading', () => {
    expect(md).toMatch(/^# GENERAL \{\.section\}$/m);
    expect(r.out).not.toContain('clause-renumbered');
  });

  it('writes cells merged down (w:vMerge) as "^"', () => {
    expect(md).toMatch(/^\| \^ +\| Encapsulation in SL.packets followed by Multiplex/m);
  });

  it('writes flat "•" and first-level "1)" lists as "+" and "1)" lists, not as paragraphs starting with their labels', () => {
    expect(md).toContain('+ Program association table (PAT);\n+ Program map table (MPT);');
    expect(md).toContain('1) demultiplexing; and\n2) synchronizing playback of multiple elementary streams.');
  });

  it('drops a grid column no cell starts in (a title row spans it, the others leave it out with w:gridBefore): no padding cell', () => {
    const at = md.split('\n').findIndex((l) => l.startsWith('| Table 2-31 – table_id assignment values'));
    const rows = md.split('\n').slice(at, at + 4).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(rows[0]).toEqual(['Table 2-31 – table_id assignment values', '<']);
    expect(rows[2]).toEqual(['Value', 'Description']);
    expect(rows[3]).toEqual(['0x00', 'program_association_section']);
    expect(r.out).not.toMatch(/row \d+ has \d+ cells in original/);
  });
});
