/**
 * runCheckCommand: exit status (0 identical, 1 findings, 2 error), plain-words errors for bad input,
 * reports (terminal, JSON), declared differences from an alignment manifest and allow rules.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync, unzipSync, strToU8, strFromU8 } from 'fflate';
import { runCheckCommand, check, formatTerminal, formatJson, loadAlignmentManifest, segment } from '../src/check/index.js';
import { readDocx } from '../src/reader/index.js';
import { makeDocx, p, style, overlappingZipBomb, fakeOle } from './fixtures-check/make-docx.js';

const styles = style('Heading1', 'heading 1') + style('Heading2', 'heading 2') + style('RecNo', 'Rec_No') + style('Note1', 'Note 1') + style('enumlev1', 'enumlev1') + style('AnnexNoTitle', 'Annex_NoTitle') + style('TOC1', 'toc 1');

/** A small common text: front matter, TOC, title block, clauses, a note, a list, a table, an annex. */
function commonText(o: { foreword?: string; extraNote?: string; annexC?: boolean; word?: string; header?: string } = {}): Uint8Array {
  const cell = (t: string) => `<w:tc>${p(t)}</w:tc>`;
  const body = [
    p('INTERNATIONAL STANDARD ISO/IEC 99999', 'RecNo'),
    p('FOREWORD'),
    p(o.foreword ?? 'The International Telecommunication Union (ITU) is the United Nations specialized agency.'),
    p('CONTENTS'),
    p('1\tScope\t1', 'TOC1'),
    p('INTERNATIONAL STANDARD ISO/IEC 99999', 'RecNo'),
    p('Recommendation ITU-T X.999', 'RecNo'),
    p('1\tScope', 'Heading1'),
    p(`This Recommendation | International Standard specifies the ${o.word ?? 'widget'} protocol.`),
    p('NOTE – Widgets are small.', 'Note1'),
    ...(o.extraNote ? [p(o.extraNote, 'Note1')] : []),
    p('2\tRequirements', 'Heading1'),
    p('2.1\tGeneral', 'Heading2'),
    p('An implementation shall support:'),
    p('a)\tthe first feature;', 'enumlev1'),
    p('b)\tthe second feature.', 'enumlev1'),
    p('Table 1 – Values'),
    `<w:tbl><w:tr>${cell('Name')}${cell('Value')}</w:tr><w:tr>${cell('alpha')}${cell('654539')}</w:tr></w:tbl>`,
    p('Annex A – Examples', 'AnnexNoTitle'),
    p('(This annex forms an integral part of this Recommendation | International Standard.)'),
    p('A widget example.'),
    ...(o.annexC ? [p('Annex C – Patents', 'AnnexNoTitle'), p('(This annex is only applicable to ISO/IEC 99999)'), p('Patent list.')] : []),
    `<w:sectPr><w:headerReference w:type="default" r:id="rH1"/></w:sectPr>`,
  ].join('');
  return makeDocx({ body, styles, headers: { rH1: p(o.header ?? 'ISO/IEC 99999:2024 (E)') } });
}

let dir: string;
const run = async (args: string[]) => {
  let out = '';
  let err = '';
  const code = await runCheckCommand(args, { out: (s) => (out += s), err: (s) => (err += s), color: false });
  return { code, out, err };
};
const file = (name: string, data: Uint8Array | string) => {
  const f = path.join(dir, name);
  writeFileSync(f, data);
  return f;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ct-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check on a small common text', () => {
  it('segments front matter, title block, clauses, annex', async () => {
    const s = segment(await readDocx(commonText()));
    expect(s.body.map((c) => c.label)).toEqual(['title block', '1', '2', '2.1', 'Annex A']);
    expect(s.body[1].units.map((u) => `${u.kind}:${u.label}`)).toEqual(['paragraph:', 'note:NOTE']);
    expect(s.body[3].units.map((u) => u.kind)).toEqual(['paragraph', 'list item', 'list item', 'table title', 'table']);
    expect(s.body[3].units[4].label).toBe('Table 1');
    expect(s.body[4].units[0].kind).toBe('obligation');
    expect(s.toc.entries).toBe(1);
  });

  it('exit 0 when identical apart from front matter and headers; the masks are summarised', async () => {
    const a = file('a.docx', commonText());
    const b = file('b.docx', commonText({ foreword: 'ISO (the International Organization for Standardization) is a worldwide federation.', header: 'ISO/IEC 99999:2025 (E)' }));
    const r = await run([a, b, '--labels', 'ITU,ISO']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('technically identical: no differences in the body');
    expect(r.out).toMatch(/headers: ITU: ISO\/IEC 99999:2024 \(E\) \| ISO: ISO\/IEC 99999:2025 \(E\)/);
  });

  it('exit 1 with the finding located and the changed words marked (terminal and JSON)', async () => {
    const a = file('a.docx', commonText());
    const b = file('b.docx', commonText({ word: 'gadget' }));
    const r = await run([a, b]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^NOT technically identical: 1 finding in the body/);
    expect(r.out).toContain('1. 1, paragraph 1 — the paragraph text differs [changed]');
    expect(r.out).toContain('A: This Recommendation | International Standard specifies the [-widget-] protocol.');
    expect(r.out).toContain('B: This Recommendation | International Standard specifies the {+gadget+} protocol.');
    const j = await run([a, b, '--json']);
    const json = JSON.parse(j.out);
    expect(json.schemaVersion).toBe(2);
    expect(json.findings[0]).toMatchObject({ id: 1, kind: 'changed', clause: '1', location: '1, paragraph 1' });
    expect(j.code).toBe(1);
  });

  it('locates a table cell change as "Table 1, row 2, column 2"', async () => {
    const a = commonText();
    const b = makeDocxWith654(a);
    const r = await check(a, b);
    expect(r.findings.map((f) => f.location)).toEqual(['Table 1, row 2, column 2']);
    expect(formatTerminal(r)).toContain('A: [-654539-]');
    expect(JSON.parse(formatJson(r)).findings[0].diff).toEqual([{ op: 'removed', text: '654539' }, { op: 'added', text: '65539' }]);
  });

  it('strictTypography reports a no-break space that is otherwise normalised', async () => {
    const a = commonText();
    const c = commonText({ word: 'widget\u00A0' });
    expect((await check(a, c)).identical).toBe(true);
    expect((await check(a, c, { strictTypography: true })).identical).toBe(false);
  });
});

/** The same document with one table cell changed (654539 → 65539). */
function makeDocxWith654(x: Uint8Array): Uint8Array {
  const files = unzipSync(x);
  files['word/document.xml'] = strToU8(strFromU8(files['word/document.xml']).replace('654539', '65539'));
  return zipSync(files);
}

describe('declared differences', () => {
  it('uses the alignment manifest found beside the files', async () => {
    const sub = mkdtempSync(path.join(dir, 'm-'));
    writeFileSync(path.join(sub, 'x999-itu.docx'), commonText());
    writeFileSync(path.join(sub, 'x999-iso.docx'), commonText({ annexC: true, extraNote: 'NOTE 2 – Only in ISO.' }));
    writeFileSync(path.join(sub, 'x999.alignment.json'), JSON.stringify({
      schemaVersion: 1, itu: 'x999-itu.docx', iso: 'x999-iso.docx',
      declared: [
        { side: 'iso', reason: 'ISO-only patent annex', clause: 'Annex C', texts: ['Annex C – Patents'] },
        { side: 'iso', reason: 'ISO-only note', clause: '1', texts: ['NOTE 2 – Only in ISO.'] },
      ],
    }));
    const r = await check(path.join(sub, 'x999-itu.docx'), path.join(sub, 'x999-iso.docx'));
    expect(r.findings).toEqual([]);
    expect(r.labels).toEqual(['ITU', 'ISO']);
    expect(r.declared.map((d) => [d.location, d.reason, d.side])).toEqual([['NOTE 2 in 1', 'ISO-only note', 'b'], ['Annex C', 'ISO-only patent annex', 'b']]);
    expect(formatTerminal(r)).toContain('Declared differences (2), not findings');
    // the same files the other way round: the manifest still says which side is ISO
    const r2 = await check(path.join(sub, 'x999-iso.docx'), path.join(sub, 'x999-itu.docx'));
    expect(r2.findings).toEqual([]);
    expect(r2.labels).toEqual(['ISO', 'ITU']);
    // without the declaration, they are findings
    const r3 = await check(path.join(sub, 'x999-itu.docx'), path.join(sub, 'x999-iso.docx'), { declared: [] });
    expect(r3.findings.map((f) => f.kind)).toEqual(['extra', 'clause-extra']);
  });

  it('rejects a malformed manifest with a plain message', () => {
    const f = path.join(mkdtempSync(path.join(dir, 'bad-')), 'bad.alignment.json');
    writeFileSync(f, '{"schemaVersion": 2}');
    expect(() => loadAlignmentManifest(f)).toThrow(/must have "schemaVersion": 1/);
  });

  it('applies allow rules from YAML (--allow), and reports a bad rules file with exit 2', async () => {
    const a = file('a.docx', commonText());
    const b = file('b.docx', commonText({ word: 'gadget' }));
    const rules = file('rules.yaml', `schemaVersion: 1\nrules:\n  - reason: "editorial: product name agreed to differ"\n    clause: '1'\n    pattern: "specifies the (widget|gadget) protocol"\n`);
    const r = await run([a, b, '--allow', rules]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('editorial: product name agreed to differ (allow-rules)');
    const bad = file('bad.yaml', 'rules:\n  - clause: 1\n');
    const r2 = await run([a, b, '--allow', bad]);
    expect(r2.code).toBe(2);
    // every mistake at once, each at its line and column
    expect(r2.err.trim().split('\n')).toEqual([
      `${bad}:2:5: error: "reason" is required (say why the difference is allowed) [allow-rules]`,
      `${bad}:2:13: error: "clause" must be a text (quote numbers such as '7.3') [allow-rules]`,
    ]);
  });
});

describe('bad input: a clear message and exit 2, never a stack trace', () => {
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['not a zip', () => strToU8('just some text'), /not a \.docx file/],
    ['a zip without word/document.xml', () => zipSync({ 'hello.txt': strToU8('hi') }), /no word\/document\.xml/],
    ['a legacy .doc', () => fakeOle(['Root Entry', 'WordDocument']), /legacy Word \.doc file; open it in Word or LibreOffice and save it as \.docx/],
    ['an encrypted file', () => fakeOle(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']), /password-protected/],
    ['a truncated file', () => commonText().subarray(0, 900), /incomplete \(truncated\)/],
    ['a zip bomb', () => overlappingZipBomb(40, 16 * 1024 * 1024), /zip bomb/],
  ];
  for (const [what, make, msg] of cases) {
    it(what, async () => {
      const good = file('good.docx', commonText());
      const bad = file(`bad-${what.replace(/\W+/g, '-')}.docx`, make());
      const r = await run([good, bad]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
      expect(r.err).toContain(bad); // names the file
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.err.trim().split('\n').length).toBe(1);
    });
  }
  it('a missing file and wrong arguments', async () => {
    const r = await run(['/nonexistent.docx', '/nonexistent2.docx']);
    expect([r.code, r.err.trim()]).toEqual([2, '/nonexistent.docx: error: file not found [docx-not-found]']);
    const u = await run(['only-one.docx']);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/^commontext check: error: give exactly two \.docx files \(got 1: only-one\.docx\); see "commontext check --help" \[usage\]\n$/);
  });
  it('writes the HTML and JSON reports to files', async () => {
    const a = file('a.docx', commonText());
    const b = file('b.docx', commonText({ word: 'gadget' }));
    const html = path.join(dir, 'r.html');
    const json = path.join(dir, 'r.json');
    const r = await run([a, b, '--html', html, '--json', json]);
    expect(r.code).toBe(1);
    expect(readFileSync(html, 'utf8')).toContain('<mark class="diff">gadget</mark>');
    expect(JSON.parse(readFileSync(json, 'utf8')).findings.length).toBe(1);
  });
});
