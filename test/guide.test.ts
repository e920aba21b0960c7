/**
 * commontext guide: the Implementers' Guide of fixtures/defects read back from its DOCX (sections in
 * order, accepted defects in, open and rejected ones out), valid OOXML, converted by LibreOffice; and
 * a source without a defects folder refused at its position with nothing written.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { stringify } from 'yaml';
import { readDocx } from '../src/reader/index.js';
import { paragraphs, repo, tmp } from './helpers.js';
import { runMain } from './cli-helpers.js';

const fixture = path.join(repo, 'fixtures/defects');
/** A record as "commontext defect new" would leave it, filled in. */
const record = (number: number, status: string, nature: string, solution: string) => stringify({
  number, date: '2001-02-03', source: { name: 'B. Tester' }, concerning: 'Rec. ITU-T X.225 (11/1995) | ISO/IEC 8327-1:1996',
  qualifier: 'error', references: '6', nature, solution, status,
});

/** The fixture (record 1 free text, record 2 with changes:) with four more reports: two accepted (one with changes:), one rejected, one open. */
function fixtureWithMoreReports(): string {
  const dir = tmp('guide-src-');
  cpSync(fixture, dir, { recursive: true });
  writeFileSync(path.join(dir, 'defects/3.yaml'), record(3, 'accepted', 'In 6, the CONNECT SPDU is misspelt.', 'In clause 2, replace "SPDUU" by "SPDU".'));
  writeFileSync(path.join(dir, 'defects/4.yaml'), record(4, 'rejected', 'Rejected defect nature text.', 'Rejected solution text.'));
  writeFileSync(path.join(dir, 'defects/5.yaml'), record(5, 'open', 'Open defect nature text.', 'Open solution text.'));
  // two changes in clause 2 (named after the one in clause 1's group): one group each, in the order of the text
  writeFileSync(path.join(dir, 'defects/6.yaml'), `${record(6, 'resolved', 'Clause 2 is vague.', 'Proposed free text that the changes replace.')}changes:
  - in: "2"
    replace: "carries"
    with: "conveys"
  - in: "1"
    replace: "specifies the procedures"
    with: "specifies the procedures and the encoding"
  - in: "2"
    replace: "the parameters"
    with: "the parameter fields"
  - in: "2"
    replace: "7.1.1."
    with: "[see 7.1.1, b), 5)] :this {#x} *y*."
`);
  return path.join(dir, 'spec.md');
}

/** The guide of the fixture with more reports, read back; also its folder and output folder. */
async function builtGuide(): Promise<{ source: string; out: string; docx: string; doc: Awaited<ReturnType<typeof readDocx>> }> {
  const source = fixtureWithMoreReports();
  const out = tmp('guide-out-');
  const r = await runMain(['guide', source, '--out', out, '--approved', '2026-11-30']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const docx = path.join(out, 'spec-guide.docx');
  return { source, out, docx, doc: await readDocx(docx) };
}

/** The paragraph texts of a read-back document, spaces tidied, the contents list left out. */
const lines = (doc: Awaited<ReturnType<typeof readDocx>>) => paragraphs(doc).filter((p) => !/^toc /i.test(p.style)).map((p) => p.text.replace(/\s+/g, ' ').trim());

describe('commontext guide', () => {
  it('writes the guide as a DOCX with the sections of an Implementers\' Guide, the accepted and resolved reports only', async () => {
    const source = fixtureWithMoreReports();
    const out = tmp('guide-out-');
    const before = readdirSync(path.dirname(source)).sort();
    const r = await runMain(['guide', source, '--out', out, '--approved', '2026-11-30']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(path.dirname(source)).sort()).toEqual(before);
    const docx = path.join(out, 'spec-guide.docx');
    const doc = await readDocx(docx);
    const paras = paragraphs(doc);
    // headings and the change log's caption, in document order (the contents list left out)
    const seq = paras.filter((p) => !/^toc /i.test(p.style)).map((p) => p.text.replace(/\s+/g, ' ').trim());
    const want = ['Summary', 'Table 1 – Change log', '1 Scope', '2 Introduction', '3 Defect resolution procedure', '4 References', '5 Technical and editorial corrections',
      '5.1 Defect 1 – Corrected by Technical Corrigendum 1 (03/2000)', '5.2 Defect 2', '5.3 Defect 3', '5.4 Defect 6', 'Annex A Defect report form'];
    const at = want.map((w) => seq.indexOf(w));
    expect(want.filter((_w, i) => at[i] < 0), seq.join("\n")).toEqual([]);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const text = paras.map((p) => p.text).join('\n');
    expect(text).toContain('Replace "[see 7.1.1, b), 4)]" by "[see 7.1.1, b), 5)]" and "654539" by "65539".');
    expect(text).toContain('In clause 2, replace "SPDUU" by "SPDU".');
    expect(text).toContain('Resolution of Defect 3');
    expect(text).toContain('This document was approved by ITU-T Study Group 17 on 30 November 2026.');
    expect(text).toContain('Please send an electronic copy to tsbsg17@itu.int');
    for (const gone of ['Rejected', 'Open defect', 'Open solution', 'Defect 4', 'Defect 5']) expect(text).not.toContain(gone);
    const valid = spawnSync('/usr/bin/python3', ['/work/shared/ooxml/validate.py', docx], { encoding: 'utf8' });
    expect(valid.status, valid.stdout + valid.stderr).toBe(0);
  });

  it("is laid out as an implementers' guide: its cover, footer and annex line, no Foreword, NOTE, IPR or copyright page, no Recommendation title block", async () => {
    const { doc } = await builtGuide();
    const paras = paragraphs(doc);
    const styled = (style: string) => paras.filter((p) => p.style === style).map((p) => p.text.replace(/\s+/g, ' ').trim());
    // the cover as GImp729's (domain reference §5.5): "G.729 Implementers' Guide", "(27 October 2017)", "Implementers' guide for ITU-T Rec. G.729 (2012) <title>"
    expect(styled('Cover_number')).toEqual(["X.225 Implementers' Guide"]);
    expect(styled('Cover_date')).toEqual(['(30 November 2026)']);
    expect(styled('Cover_title')).toEqual(["Implementers' guide for ITU-T Rec. X.225 (1995) | ISO/IEC 8327-1:1996 – Information technology – Open Systems Interconnection – Connection-oriented Session protocol: Protocol specification"]);
    expect(styled('Cover_series')).toEqual(['SERIES X: DATA NETWORKS, OPEN SYSTEM COMMUNICATIONS AND SECURITY']);
    expect(styled('Cover_rec')).toEqual([]);
    const all = lines(doc);
    for (const gone of ['FOREWORD', 'NOTE', 'INTELLECTUAL PROPERTY RIGHTS', 'RECOMMENDATION ITU-T X.225', 'INTERNATIONAL STANDARD ISO/IEC 8327-1', 'Recommendation ITU-T X.225']) expect(all, gone).not.toContain(gone);
    const text = all.join('\n');
    for (const gone of ['The International Telecommunication Union (ITU) is the United Nations', 'In this Recommendation, the expression "Administration"', 'Intellectual Property Right', '© ITU', 'All rights reserved', 'SERIES OF ITU-T RECOMMENDATIONS', 'integral part of this Recommendation']) expect(text).not.toContain(gone);
    // the annex line names the guide (template choice: built like the Recommendation's line)
    expect(styled('Annex_ref')).toEqual(["(This annex does not form an integral part of this Implementers' Guide.)"]);
    // footer "ITU-T Rec. G.729 (2012) Implementors' Guide (2017-10)" [V] GImp729, on the front matter and body pages; none on the cover
    const footers = doc.sections.map((s) => [s.footers.default, s.footers.even].map((f) => f?.replace(/\s+/g, ' ').trim()));
    expect(footers[0].filter(Boolean)).toEqual([]);
    for (const f of footers.slice(1).flat()) expect(f).toMatch(/^(\S+ )?ITU-T Rec\. X\.225 \(1995\) Implementors' Guide \(2026-11\)( \S+)?$/);
    expect(doc.sections.length).toBe(3);
    // no ISO/IEC running header: the guide is an ITU-T document
    for (const s of doc.sections) expect([s.headers.default, s.headers.even].filter((h) => h?.trim())).toEqual([]);
  });

  it("states a record's changes as the corrigenda's instructions, grouped by section in the order of the text; a record without them keeps its free text", async () => {
    const { doc } = await builtGuide();
    const all = lines(doc);
    const from = (heading: string, until: string) => all.slice(all.indexOf(heading), all.indexOf(until));
    expect(from('5.2 Defect 2', '5.3 Defect 3')).toEqual(['5.2 Defect 2', 'Qualifier: error', 'References in document: 1, 2',
      'In clause 2, the parameters of the CONNECT SPDU are said to be listed in 7.1.1; they are listed in 8.3.1.',
      'In clause 1, the protocol is not said to be the one of the session layer.',
      'Resolution of Defect 2',
      '1) Clause 1', 'In clause 1, replace "connection-oriented session protocol" with "connection-oriented session protocol of the OSI session layer".',
      '2) Clause 2', 'In clause 2, replace "listed in 7.1.1" with "listed in 8.3.1".',
      "Editor's response: Accepted; the clause references corrected as proposed, the Scope worded by the editor."]);
    expect(from('Resolution of Defect 6', 'Annex A Defect report form')).toEqual(['Resolution of Defect 6',
      '1) Clause 1', 'In clause 1, replace "specifies the procedures" with "specifies the procedures and the encoding".',
      '2) Clause 2', 'In clause 2, replace "carries" with "conveys".', 'In clause 2, replace "the parameters" with "the parameter fields".',
      // quoted text prints as typed: brackets, directives, attributes and emphasis marks are not read as markup
      'In clause 2, replace "7.1.1." with "[see 7.1.1, b), 5)] :this {#x} *y*.".']);
    const text = all.join('\n');
    // the proposed solution gives way to the agreed changes; records without changes keep theirs
    expect(text).not.toContain('In clause 2, refer to 8.3.1; in clause 1, name the session layer.');
    expect(text).not.toContain('Proposed free text that the changes replace.');
    expect(text).toContain('Replace "[see 7.1.1, b), 4)]" by "[see 7.1.1, b), 5)]" and "654539" by "65539".');
    // the group headings in the style of the corrigenda's instruction headings here (unnumbered, not in the contents)
    const group = paragraphs(doc).find((p) => p.text.replace(/\s+/g, ' ').trim() === '1) Clause 1')!;
    expect(group.style).toBe('Heading_b');
    expect(paragraphs(doc).filter((p) => /^toc /.test(p.style)).map((p) => p.text)).not.toContainEqual(expect.stringContaining('Clause 1'));
  });

  it('on the X.500 mirror: changes in the Introduction, a clause and an annex are named as the corrigenda name them', async () => {
    const dir = tmp('guide-x500-');
    cpSync(path.join(repo, 'fixtures/x500'), dir, { recursive: true });
    mkdirSync(path.join(dir, 'defects'));
    writeFileSync(path.join(dir, 'defects/1.yaml'), `${stringify({ number: 1, date: '2017-02-03', source: { name: 'C. Checker' }, concerning: 'Rec. ITU-T X.500 (10/2016) | ISO/IEC 9594-1:2017', qualifier: 'error', references: 'Introduction, 6, Annex A', nature: 'Three small errors.', status: 'accepted' })}changes:
  - in: "A"
    replace: "Applying the Directory"
    with: "Applying the directory"
  - in: "Introduction"
    replace: "to facilitate the interconnection"
    with: "to enable the interconnection"
  - in: "6"
    replace: "a logical database"
    with: "a logical information base"
`);
    const out = path.join(dir, 'out');
    const r = await runMain(['guide', path.join(dir, 'x500.md'), '--out', out, '--approved', '2026-11-30']);
    expect(r.code, r.err).toBe(0);
    const all = lines(await readDocx(path.join(out, 'x500-guide.docx')));
    expect(all.slice(all.indexOf('Resolution of Defect 1'), all.indexOf('Annex A Defect report form'))).toEqual(['Resolution of Defect 1',
      '1) Introduction', 'In the Introduction, replace "to facilitate the interconnection" with "to enable the interconnection".',
      '2) Clause 6', 'In clause 6, replace "a logical database" with "a logical information base".',
      '3) Annex A', 'In Annex A, replace "Applying the Directory" with "Applying the directory".']);
  }, 60_000);

  it('a record whose change is a commit of the source gets the corrigendum of that commit, in its instruction wording, under the record', async () => {
    const dir = tmp('guide-git-');
    cpSync(fixture, dir, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=e@example.org', '-c', 'user.name=Editor', ...args], { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'published text');
    const spec = path.join(dir, 'spec.md');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('The CONNECT SPDU carries the parameters listed in 7.1.1.', 'The CONNECT SPDU carries the parameters listed in 8.3.1.\n\nThe ACCEPT SPDU carries the parameters listed in 8.3.2.'));
    git('commit', '-qam', 'defect 3');
    const sha = git('rev-parse', '--short', 'HEAD');
    writeFileSync(path.join(dir, 'defects/3.yaml'), `${record(3, 'resolved', 'Clause 2 does not say where the ACCEPT SPDU parameters are.', 'Proposed text the commit replaces.')}changes:\n  - commit: "${sha}"\n`);
    const out = path.join(dir, 'out');
    const r = await runMain(['guide', spec, '--out', out, '--approved', '2026-11-30']);
    expect(r.code, r.err).toBe(0);
    const all = lines(await readDocx(path.join(out, 'spec-guide.docx')));
    const resolution = all.slice(all.indexOf('Resolution of Defect 3') + 1, all.indexOf('Annex A Defect report form'));
    expect(resolution[0]).toBe('1) Clause 2');
    expect(resolution).toContain('The ACCEPT SPDU carries the parameters listed in 8.3.2.');
    expect(all).not.toContain('Proposed text the commit replaces.');
    // the same wording as the corrigendum of that commit (its source, headings and paragraphs in order)
    const cor = await runMain(['corrigendum', '--base', `${sha}^`, spec, '--number', '1', '--no-docx', '--out', path.join(dir, 'cor'), '--approved', '2026-11-30']);
    expect(cor.code, cor.err).toBe(0);
    const corText = readFileSync(path.join(dir, 'cor/spec-cor1.md'), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
    const corLines = corText.split(/\n\s*\n/).map((b) => b.trim().replace(/^#+\s*/, '').replace(/\s*\{\.unnumbered\}$/, '').replace(/\s+/g, ' ')).filter(Boolean);
    expect(resolution.slice(0, corLines.length)).toEqual(corLines);
  }, 60_000);

  it('a commit that is not one, or changes nothing in the text, is an error at its field; so are quoted changes mixed with commits', async () => {
    const dir = tmp('guide-git-bad-');
    cpSync(fixture, dir, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=e@example.org', '-c', 'user.name=Editor', ...args], { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'published text');
    writeFileSync(path.join(dir, 'notes.txt'), 'not the text\n');
    git('add', 'notes.txt');
    git('commit', '-qm', 'notes');
    const head = record(3, 'accepted', 'x', 'y');
    const at = head.split('\n').length;
    writeFileSync(path.join(dir, 'defects/3.yaml'), `${head}changes:\n  - commit: "0badc0ffee"\n  - commit: "HEAD"\n`);
    writeFileSync(path.join(dir, 'defects/4.yaml'), `${record(4, 'accepted', 'x', 'y')}changes:\n  - commit: "HEAD"\n  - in: "2"\n    replace: "carries"\n    with: "conveys"\n`);
    const r = await runMain(['guide', 'spec.md', '--out', path.join(dir, 'out'), '--approved', '2026-11-30'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`defects/3.yaml:${at + 1}:13: error: "0badc0ffee" is not a commit of the git repository of spec.md`);
    expect(r.err).toContain(`defects/3.yaml:${at + 2}:13: error: commit "HEAD" does not change the text of spec.md`);
    expect(r.err).toContain(`defects/4.yaml:${at + 2}:5: error: the changes of a record are either quoted texts (in, replace, with) or commits of the source, not both`);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  }, 60_000);

  it('each quoted text occurs once in its clause of the Recommendation as built (read back from its DOCX)', async () => {
    const out = tmp('guide-rec-');
    const r = await runMain(['build', path.join(fixture, 'spec.md'), '--out', out, '--only', 'itu']);
    expect(r.code, r.err).toBe(0);
    const docx = readdirSync(out).find((f) => f.endsWith('.docx'))!;
    const rec = lines(await readDocx(path.join(out, docx)));
    const clause = (heading: string) => { const i = rec.indexOf(heading); const j = rec.findIndex((t, k) => k > i && /^\d+ \S/.test(t)); return rec.slice(i, j < 0 ? undefined : j).join('\n'); };
    const count = (text: string, quote: string) => text.split(quote).length - 1;
    expect(count(clause('1 Scope'), 'connection-oriented session protocol')).toBe(1);
    expect(count(clause('2 Protocol'), 'listed in 7.1.1')).toBe(1);
  });

  it('a change that does not fit the text is an error at its field in the record, all of them at once; exit 2, nothing written', async () => {
    const source = fixtureWithMoreReports();
    const dir = path.dirname(source);
    writeFileSync(path.join(dir, 'defects/7.yaml'), `${record(7, 'accepted', 'x', 'y')}changes:
  - in: "9"
    replace: "anything"
    with: "else"
  - in: "2"
    replace: "not in the text"
    with: "other words"
  - in: "1"
    replace: "the"
    with: "a"
`);
    const out = path.join(dir, 'out');
    const r = await runMain(['guide', 'spec.md', '--out', out, '--approved', '2026-11-30'], dir);
    expect(r.code).toBe(2);
    const base = record(7, 'accepted', 'x', 'y').split('\n').length; // the line "changes:"
    expect(r.err).toContain(`defects/7.yaml:${base + 1}:9: error: there is no section "9" in the ITU publication of spec.md; name a clause, subclause or annex by its number as printed`);
    expect(r.err).toContain(`defects/7.yaml:${base + 5}:14: error: "not in the text" is not in clause 2 as the ITU publication prints it (nor is the corrected text "other words"); quote the text as printed there`);
    expect(r.err).toContain(`defects/7.yaml:${base + 8}:14: error: "the" occurs 2 times in clause 1; quote more of the text around it, so that it occurs once`);
    expect(existsSync(out)).toBe(false);
  });

  it('a malformed changes field is an error at its line, as any record field, reported with the changes that do not fit the text', async () => {
    const source = fixtureWithMoreReports();
    const dir = path.dirname(source);
    const head = record(7, 'accepted', 'x', 'y');
    const at = head.split('\n').length;
    writeFileSync(path.join(dir, 'defects/7.yaml'), `${head}changes: "In 2, replace this with that"\n`);
    writeFileSync(path.join(dir, 'defects/8.yaml'), `${record(8, 'accepted', 'x', 'y')}changes:\n  - in: "2"\n    replace: "carries"\n    by: "conveys"\n`);
    writeFileSync(path.join(dir, 'defects/9.yaml'), `${record(9, 'accepted', 'x', 'y')}changes:\n  - in: "3.1"\n    replace: "carries"\n    with: "conveys"\n`);
    const r = await runMain(['guide', 'spec.md', '--out', path.join(dir, 'out'), '--approved', '2026-11-30'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`defects/7.yaml:${at}:1: error: field "changes" must be a list of changes, each starting with "- in:"`);
    expect(r.err).toContain(`defects/8.yaml:${at + 3}:5: error: unknown field "changes[1].by"; a change has the fields in, replace, with`);
    expect(r.err).toContain(`defects/8.yaml:${at + 1}:5: error: field "changes[1].with" is missing`);
    expect(r.err).toContain(`defects/9.yaml:${at + 1}:9: error: there is no section "3.1" in the ITU publication of spec.md`);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('the guide source builds as the ITU guide only (the ISO profile has no guide layout)', async () => {
    const { out } = await builtGuide();
    const built = tmp('guide-built-');
    const r = await runMain(['build', path.join(out, 'spec-guide.md'), '--out', built]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(built)).toEqual(['T-REC-X.Imp225-202611-I-E.docx']);
    const paras = paragraphs(await readDocx(path.join(built, 'T-REC-X.Imp225-202611-I-E.docx')));
    expect(paras.find((p) => p.style === 'Cover_number')?.text.trim()).toBe("X.225 Implementers' Guide");
    // asked for the ISO publication by name: an error, not an empty build
    const iso = await runMain(['build', path.join(out, 'spec-guide.md'), '--out', tmp('guide-iso-'), '--only', 'iso']);
    expect(iso.code).toBe(2);
    expect(iso.err).toMatch(/spec-guide\.md:1:1: error: the ISO profile \(iso\/profile\.yaml\) has no layout for this kind of publication; it is published by the other organization only/);
  });

  const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
  if (!soffice) console.log('soffice not installed: skipping the LibreOffice conversion of the guide');
  it.skipIf(!soffice)('on fixtures/defects: LibreOffice converts the guide and its PDF shows the title', async () => {
    const out = tmp('guide-lo-');
    const r = await runMain(['guide', path.join(fixture, 'spec.md'), '--out', out, '--approved', '2026-11-30']);
    expect(r.code, r.err).toBe(0);
    execFileSync(soffice, [`-env:UserInstallation=file://${tmp('lo-profile-')}`, '--headless', '--convert-to', 'pdf', '--outdir', out, path.join(out, 'spec-guide.docx')], { stdio: 'ignore', timeout: 170_000 });
    const pdf = path.join(out, 'spec-guide.pdf');
    expect(existsSync(pdf)).toBe(true);
    const shown = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(shown).toContain("Implementers' guide for ITU-T Rec. X.225 (1995)");
    expect(shown).toContain("X.225 Implementers' Guide");
    expect(shown).toContain("ITU-T Rec. X.225 (1995) Implementors' Guide (2026-11)");
    expect(shown).toContain('Technical and editorial corrections');
    expect(shown).toContain('In clause 2, replace "listed in 7.1.1" with "listed in 8.3.1".');
    expect(shown).not.toContain('FOREWORD');
    expect(shown).not.toContain('INTELLECTUAL PROPERTY RIGHTS');
  }, 200_000);

  it('refuses a source with no defects folder at its position, exit 2, nothing written', async () => {
    const dir = tmp('guide-none-');
    cpSync(path.join(fixture, 'spec.md'), path.join(dir, 'spec.md'));
    const out = path.join(dir, 'out');
    const r = await runMain(['guide', 'spec.md', '--out', out], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^spec\.md:1:1: error: there is no defects folder \(defects\); an implementers' guide is built from its defect records/m);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['spec.md']);
  });

  it('refuses a malformed --approved and an invalid record, each with exit 2 and nothing written', async () => {
    const source = fixtureWithMoreReports();
    const out = path.join(path.dirname(source), 'out');
    const date = await runMain(['guide', source, '--out', out, '--approved', '12/09/2025']);
    expect(date.code).toBe(2);
    expect(date.err).toMatch(/^commontext guide: error: --approved is "12\/09\/2025"/);
    writeFileSync(path.join(path.dirname(source), 'defects/4.yaml'), record(4, 'closed', 'x', 'y'));
    const bad = await runMain(['guide', 'spec.md', '--out', out, '--approved', '2026-11-30'], path.dirname(source));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^defects\/4\.yaml:\d+:\d+: error: field "status" is "closed"; it must be one of: open, accepted, resolved, rejected/m);
    expect(existsSync(out)).toBe(false);
  });
});
