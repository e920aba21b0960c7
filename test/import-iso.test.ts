/**
 * import --iso: the ISO/IEC publication's front matter fills the iso: block (compared with the
 * fixture's own front matter, which the ISO/IEC DOCX was built from), text only one publication has
 * becomes :::itu / :::iso blocks at its place, and --verify checks both rebuilt publications against
 * the originals. The corpus has no ISO/IEC DOCX: our builds of fixtures/x500 and fixtures/example are
 * the inputs, and a copy of the X.500 one with a paragraph inserted into its document.xml.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { main } from '../src/cli/main.js';
import { build } from '../src/app/build.js';
import { readDocxSync } from '../src/reader/index.js';
import { corpus, repo, texts, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const frontOf = (md: string) => YAML.parse(/^---\n([\s\S]*?)\n---\n/.exec(md)![1]);

async function built(fixture: string): Promise<{ itu: string; iso: string; front: Record<string, any> }> {
  const source = path.join(repo, fixture);
  const r = await build(source, { outDir: tmp('ct-iso-src-') });
  expect(r.ok).toBe(true);
  return { itu: r.outputs.find((o) => o.side === 'itu')!.path!, iso: r.outputs.find((o) => o.side === 'iso')!.path!, front: frontOf(readFileSync(source, 'utf8')) };
}

describe('import --iso of our build of fixtures/x500 (no one-side text)', () => {
  let x500: Awaited<ReturnType<typeof built>>;
  beforeAll(async () => { x500 = await built('fixtures/x500/x500.md'); }, 60_000);

  it('fills the iso: block from the ISO/IEC publication as the source had it, and --verify finds both rebuilt publications identical', async () => {
    const out = tmp('ct-iso-x500-');
    const r = await run(['import', x500.itu, '--iso', x500.iso, '--out', out, '--verify']);
    expect(r.code, r.out + r.err).toBe(0);
    const md = readFileSync(path.join(out, 'X.500.md'), 'utf8');
    expect(frontOf(md).iso).toEqual(x500.front.iso);
    expect(md).toContain('# ISO/IEC data: read from ISO_IEC_9594-1_2017(E).docx');
    expect(md).not.toMatch(/^:::(itu|iso)/m);
    expect(r.out.match(/technically identical: no differences in the body/g)).toHaveLength(2);
    expect(r.out).toContain(`ISO/IEC publication (${x500.iso})`);
  }, 90_000);

  it('an ISO/IEC paragraph inserted into the ISO DOCX becomes a :::iso block at its place; both rebuilt publications check identical', async () => {
    const dir = tmp('ct-iso-mut-');
    const zip = unzipSync(new Uint8Array(readFileSync(x500.iso)));
    const xml = strFromU8(zip['word/document.xml']);
    const at = xml.indexOf('The Directory is not intended to be a general-purpose database system');
    const start = xml.lastIndexOf('<w:p>', at) >= 0 ? xml.lastIndexOf('<w:p>', at) : xml.lastIndexOf('<w:p ', at);
    const end = xml.indexOf('</w:p>', at) + '</w:p>'.length;
    const para = xml.slice(start, end);
    const added = para.replace(/<w:t( [^>]*)?>[^<]*<\/w:t>/g, '').replace(/(<\/w:rPr>|<w:r>)/, '$1<w:t xml:space="preserve">This paragraph is published in ISO/IEC 9594-1 only.</w:t>');
    expect(added).toContain('ISO/IEC 9594-1 only');
    zip['word/document.xml'] = strToU8(xml.slice(0, end) + added + xml.slice(end));
    const mutated = path.join(dir, 'iso-mutated.docx');
    writeFileSync(mutated, zipSync(zip));
    expect(texts(readDocxSync(mutated))).toContain('This paragraph is published in ISO/IEC 9594-1 only.');

    const out = path.join(dir, 'out');
    const r = await run(['import', x500.itu, '--iso', mutated, '--out', out, '--verify']);
    expect(r.code, r.out + r.err).toBe(0);
    const md = readFileSync(path.join(out, 'X.500.md'), 'utf8');
    expect(md).toMatch(/although it may be built on such systems[^\n]*\n\n:::iso\{reason="[^"]+"\}\nThis paragraph is published in ISO\/IEC 9594-1 only\.\n:::\n/);
    expect(md.match(/^:::(itu|iso)/gm)).toEqual([':::iso']);
    expect(readFileSync(path.join(out, 'X.500.import-report.md'), 'utf8')).toContain('ISO/IEC only (under "Scope"): a :::iso block (text only one publication has): give its reason — "This paragraph is published in ISO/IEC 9594-1 only."');
    expect(r.out.match(/technically identical: no differences in the body/g)).toHaveLength(2);
    // read back: the rebuilt ISO/IEC text has the paragraph, the rebuilt ITU-T text has not
    const rebuilt = await build(path.join(out, 'X.500.md'), { write: false });
    expect(rebuilt.ok).toBe(true);
    const [itu, iso] = ['itu', 'iso'].map((s) => texts(readDocxSync(rebuilt.outputs.find((o) => o.side === s)!.bytes)));
    expect(iso).toContain('This paragraph is published in ISO/IEC 9594-1 only.');
    expect(itu).not.toContain('This paragraph is published in ISO/IEC 9594-1 only.');
  }, 90_000);

  it('refuses an ISO/IEC publication of another text: exit 2, nothing written', async () => {
    const example = await built('fixtures/example/example.md');
    const out = path.join(tmp('ct-iso-bad-'), 'out');
    const r = await run(['import', x500.itu, '--iso', example.iso, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('import-iso-mismatch');
    expect(r.err).toContain('this ISO/IEC publication is ISO/IEC 29999-1, but the ITU-T file\'s title block names ISO/IEC 9594-1');
    expect(existsSync(out)).toBe(false);
  }, 90_000);
});

describe('import --iso refuses bad input', () => {
  it('an ISO/IEC file that is not a DOCX, and a publication that is not one either: both errors at once, exit 2, nothing written', async () => {
    const dir = tmp('ct-iso-badin-');
    writeFileSync(path.join(dir, 'itu.docx'), 'not a docx');
    writeFileSync(path.join(dir, 'iso.docx'), 'not a docx either');
    const out = path.join(dir, 'out');
    const r = await run(['import', path.join(dir, 'itu.docx'), '--iso', path.join(dir, 'iso.docx'), '--out', out]);
    expect(r.code).toBe(2);
    const errors = r.err.split('\n').filter((l) => / error: /.test(l) || /: error/.test(l) || /\[import-/.test(l));
    expect(errors.map((l) => path.basename(l.split(':')[0]))).toEqual(['itu.docx', 'iso.docx']);
    expect(r.err).toContain('nothing was written');
    expect(readdirSync(dir).sort()).toEqual(['iso.docx', 'itu.docx']);
  });

  it('an ISO/IEC file with no numbered clause: exit 2, nothing written', async () => {
    const dir = tmp('ct-iso-noclause-');
    const x500 = await build(path.join(repo, 'fixtures/x500/x500.md'), { only: 'itu', outDir: dir });
    const { makeDocx, p } = await import('./fixtures-check/make-docx.js');
    writeFileSync(path.join(dir, 'iso.docx'), makeDocx({ body: p('Just some text.') }));
    const out = path.join(dir, 'out');
    const r = await run(['import', x500.outputs[0].path!, '--iso', path.join(dir, 'iso.docx'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/iso\.docx: .*no numbered clause/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('import --iso of our build of fixtures/example (one-side text in both publications)', () => {
  let md: string;
  let out: string;
  let example: Awaited<ReturnType<typeof built>>;
  let verify: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    example = await built('fixtures/example/example.md');
    out = tmp('ct-iso-ex-');
    verify = await run(['import', example.itu, '--iso', example.iso, '--out', out, '--verify']);
    md = readFileSync(path.join(out, 'X.1999.md'), 'utf8');
  }, 90_000);

  it('fills the iso: block as the source had it (changes list, French title, patents received)', () => {
    const expected = { ...example.front.iso };
    expect(frontOf(md).iso).toEqual(expected);
  });

  it('writes the ISO-only annex, the ISO-only Introduction paragraphs and the ITU-only paragraph as one-side blocks, a paragraph worded otherwise with :itu[…]:iso[…]', () => {
    expect(md).toMatch(/\n:::iso\{reason="[^"]+"\}\n# Patents \{#annex-patents annex=non-integral\}\n\n\(This annex is only applicable to ISO\/IEC 29999-1\.\)\n\nThe International Organization for Standardization \(ISO\) and the International/);
    // the author's anchors of the ISO-only annex and its table, from the ISO/IEC file's bookmarks
    expect(md).toContain('Table: Patent declarations {#tbl-patents}');
    expect(md).toMatch(/\n:::iso\{reason="[^"]+"\}\nThe International Organization for Standardization \(ISO\) and International Electrotechnical Commission \(IEC\) draw attention[^\n]*\n\nISO and IEC take no position[^\n]*\n:::\n\n# Scope/);
    expect(md).toMatch(/\n:::itu\{reason="[^"]+"\}\nDefects in :this that are reported to ITU-T are collected in the implementers' guide[^\n]*\n:::\n/);
    // the paragraph each publication words otherwise in one place: the shared words once, the place as :itu[…]:iso[…]
    expect(md).toMatch(/\nThis annex specifies the ASN\.1 module EntityAttestation-2024\. The module is also available in electronic form from the :itu\[ITU-T ASN\.1 module database at https:\/\/www\.itu\.int\/ITU-T\/formal-language\/itu-t\/x\/x1999\/2024\/\.\]\{reason="[^"]+"\}:iso\[ISO standards maintenance portal at https:\/\/standards\.iso\.org\/iso-iec\/29999\/-1\/ed-2\/en\/\.\]\{reason="[^"]+"\} In case of differences, the module printed in this annex prevails\.\n/);
    expect(md.match(/^:::(itu|iso)/gm)).toEqual([':::iso', ':::itu', ':::iso']);
    // each is a prompt of the report: the reason is the editor's to give
    const report = readFileSync(path.join(out, 'X.1999.import-report.md'), 'utf8');
    expect(report).toContain('- ISO/IEC only (under "Introduction"): a :::iso block (text only one publication has): give its reason');
    expect(report).toContain('- ITU-T only (under "Conformance"): a :::itu block');
    expect(report).toContain('- ISO/IEC only (under "Confidential workload"): a :::iso block (text only one publication has): give its reason — "Patents"');
    expect(report).toContain('- A.1, worded otherwise: an :itu[…]:iso[…] pair');
  });

  it('--verify: both rebuilt publications check technically identical (the Bibliography is kept as written where a build would order it otherwise)', () => {
    expect(verify.code, verify.out).toBe(0);
    expect([...verify.out.matchAll(/^\d+\. (.*)$/gm)]).toEqual([]);
    expect(readdirSync(path.join(out, 'figures')).length).toBeGreaterThan(0);
  });
});

const X500 = path.join(corpus, 'itu/T-REC-X.500-201610-I-MSW-E.docx');

describe.skipIf(!existsSync(X500))('import of the real X.500 (10/2016) with --iso our build of the abridged mirror fixtures/x500', () => {
  it('what the mirror leaves out (paragraphs, whole subclauses) becomes :::itu blocks; both rebuilt publications check identical but for the title block', async () => {
    const x500 = await built('fixtures/x500/x500.md');
    const out = tmp('ct-iso-real-');
    const r = await run(['import', X500, '--iso', x500.iso, '--out', out, '--verify']);
    const md = readFileSync(path.join(out, 'X.500.md'), 'utf8');
    // a subclause only the ITU-T text has, heading and all; the ISO/IEC numbers after it are its own
    expect(md).toMatch(/\n:::itu\{reason="[^"]+"\}\n### Search restrictions and relaxation\n\nIn many queries, an initial attempt/);
    expect(md).not.toMatch(/^:::iso/m);
    const [itu, iso] = r.out.split(/\nISO\/IEC publication \(/);
    expect(itu).toContain('technically identical: no differences in the body');
    // the original ITU-T title block prints no numbers, kept as the source's own template: the rebuilt ISO/IEC one follows it
    expect(iso).toContain('NOT technically identical: 2 findings in the body');
    expect([...iso.matchAll(/^\d+\. (\S+ \S+),/gm)].map((m) => m[1])).toEqual(['title block', 'title block']);
  }, 120_000);
});

describe('import --iso of a variant of fixtures/x500 with an ISO-only figure and an ITU-only paragraph', () => {
  it('writes them as :::iso / :::itu blocks, the picture taken from the ISO/IEC file, and rebuilds both publications byte for byte', async () => {
    const dir = tmp('ct-iso-fig-');
    cpSync(path.join(repo, 'fixtures/x500/figures'), path.join(dir, 'figures'), { recursive: true });
    cpSync(path.join(repo, 'templates/init/figures/client-server.png'), path.join(dir, 'figures/iso-only.png'));
    const anchor = '\n# Amendments and corrigenda {#annex-amendments annex=non-integral}';
    const added = [
      '', ':::iso{reason="An ISO/IEC illustration"}', 'This paragraph and the figure below are published in ISO/IEC 9594-1 only.', '',
      '![ISO view of the Directory](figures/iso-only.png)', '', 'Figure: ISO view of the Directory', ':::', '',
      ':::itu{reason="An ITU-T remark"}', 'This paragraph is published in Rec. ITU-T X.500 only.', ':::', '',
    ].join('\n');
    const source = readFileSync(path.join(repo, 'fixtures/x500/x500.md'), 'utf8');
    expect(source).toContain(anchor);
    writeFileSync(path.join(dir, 'x500.md'), source.replace(anchor, `${added}${anchor}`));
    const first = await build(path.join(dir, 'x500.md'), { outDir: path.join(dir, 'built') });
    expect(first.ok).toBe(true);
    const [itu, iso] = ['itu', 'iso'].map((s) => first.outputs.find((o) => o.side === s)!);

    const out = path.join(dir, 'imported');
    const r = await run(['import', itu.path!, '--iso', iso.path!, '--out', out, '--verify']);
    expect(r.code, r.out + r.err).toBe(0);
    const md = readFileSync(path.join(out, 'X.500.md'), 'utf8');
    expect(md).toMatch(/\n:::iso\{reason="[^"]+"\}\nThis paragraph and the figure below are published in ISO\/IEC 9594-1 only\.\n\n!\[ISO view of the Directory\]\(figures\/iso-figure-a-2\.png\)\n\nFigure: ISO view of the Directory\n:::\n\n:::itu\{reason="[^"]+"\}\nThis paragraph is published in Rec\. ITU-T X\.500 only\.\n:::\n\n# Amendments and corrigenda/);
    expect(readFileSync(path.join(out, 'figures/iso-figure-a-2.png')).equals(readFileSync(path.join(dir, 'figures/iso-only.png')))).toBe(true);
    const second = await build(path.join(out, 'X.500.md'), { write: false });
    expect(second.ok).toBe(true);
    for (const o of second.outputs) expect(Buffer.from(o.bytes).equals(Buffer.from((o.side === 'itu' ? itu : iso).bytes)), o.side).toBe(true);
  }, 120_000);
});

describe('import --iso: the fixed Foreword wording of the ISO/IEC publication', () => {
  it('an ISO/IEC text with the 2023 ISO Foreword (and an ITU-T text with the 2024 IPR notice) gives wording: { iprNotice: "2024", isoForeword: "iso-2023" }, and both publications rebuild byte for byte', async () => {
    const dir = tmp('ct-iso-fw-');
    cpSync(path.join(repo, 'fixtures/x500/figures'), path.join(dir, 'figures'), { recursive: true });
    const source = readFileSync(path.join(repo, 'fixtures/x500/x500.md'), 'utf8');
    writeFileSync(path.join(dir, 'x500.md'), source.replace(/^references:$/m, 'wording:\n  isoForeword: "iso-2023"\n  iprNotice: "2024"\nreferences:'));
    const first = await build(path.join(dir, 'x500.md'), { outDir: path.join(dir, 'built') });
    expect(first.ok).toBe(true);
    const [itu, iso] = ['itu', 'iso'].map((s) => first.outputs.find((o) => o.side === s)!);
    expect(texts(readDocxSync(iso.bytes)).some((t) => t.startsWith('ISO (the International Organization for Standardization) is a worldwide federation'))).toBe(true);
    const out = path.join(dir, 'imported');
    expect((await run(['import', itu.path!, '--iso', iso.path!, '--out', out])).code).toBe(0);
    expect(frontOf(readFileSync(path.join(out, "X.500.md"), "utf8")).wording).toEqual({ iprNotice: "2024", isoForeword: "iso-2023" });
    const second = await build(path.join(out, 'X.500.md'), { write: false });
    for (const o of second.outputs) expect(Buffer.from(o.bytes).equals(Buffer.from((o.side === 'itu' ? itu : iso).bytes)), o.side).toBe(true);
    // the default wording is not written
    const plain = path.join(dir, 'plain');
    const x500 = await built('fixtures/x500/x500.md');
    expect((await run(['import', x500.itu, '--iso', x500.iso, '--out', plain])).code).toBe(0);
    expect(frontOf(readFileSync(path.join(plain, 'X.500.md'), 'utf8')).wording).toBeUndefined();
  }, 120_000);
});

describe('import --iso: a table cell each publication prints otherwise', () => {
  it('becomes :itu[…]:iso[…] in that cell (the table and its caption stay shared); both rebuilt publications check as the originals', async () => {
    const dir = tmp('ct-iso-cell-');
    cpSync(path.join(repo, 'fixtures/example/figures'), path.join(dir, 'figures'), { recursive: true });
    cpSync(path.join(repo, 'fixtures/example/clauses'), path.join(dir, 'clauses'), { recursive: true });
    const row = '| Relying party | Access decision | Attestation result | – |';
    const source = readFileSync(path.join(repo, 'fixtures/example/example.md'), 'utf8');
    expect(source).toContain(row);
    writeFileSync(path.join(dir, 'example.md'), source.replace(row, '| Relying party | Access decision | :itu[Attestation result]{reason="r"}:iso[Attestation results]{reason="r"} | – |'));
    const first = await build(path.join(dir, 'example.md'), { outDir: path.join(dir, 'built') });
    const [itu, iso] = ['itu', 'iso'].map((s) => first.outputs.find((o) => o.side === s)!);
    const out = path.join(dir, 'imported');
    const r = await run(['import', itu.path!, '--iso', iso.path!, '--out', out, '--verify']);
    const md = readFileSync(path.join(out, 'X.1999.md'), 'utf8');
    expect(md).toMatch(/\| Relying party +\| Access decision +\| Attestation :itu\[result\]\{reason="[^"]+"\}:iso\[results\]\{reason="[^"]+"\} \| – +\|/);
    expect(md).toContain('Table: Roles of the attestation model {#tbl-roles}');
    expect(readFileSync(path.join(out, 'X.1999.import-report.md'), 'utf8')).toContain('- 5.2, table cell: an :itu[…]:iso[…] pair in a table cell: give their reasons — "Attestation results"');
    expect(r.code, r.out).toBe(0);
    expect([...r.out.matchAll(/^\d+\. (.*)$/gm)]).toEqual([]);
  }, 120_000);
});
