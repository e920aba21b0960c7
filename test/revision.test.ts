/**
 * Revision-marked DOCX (src/supplement/revision.ts): the new text of fixtures/example with a scripted
 * edit (one word changed, one paragraph deleted, one inserted) as Word tracked changes, checked in the
 * raw XML, through readDocx, and as LibreOffice prints it.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { parseSourceText } from '../src/source/parse.js';
import { renderRevisionDocx } from '../src/supplement/revision.js';
import { readDocx } from '../src/reader/index.js';
import { main } from '../src/cli/main.js';
import { paragraphs, repo, tmp } from './helpers.js';

const FILE = path.join(repo, 'fixtures/example/example.md');
const DELETED = 'The model separates the appraisal of evidence from the use of the result. A relying party therefore needs to trust only the verifier and the format of the attestation result; it does not need to understand the evidence formats of every attester that it encounters.';
const INSERTED = 'Every role may be played by more than one entity in a deployment.';
const DATE = '2024-05-01T00:00:00Z';

function edit(t: string): string {
  const out = t
    .replace('An attester produces attestation evidence', 'An attester generates attestation evidence')
    .replace(`${DELETED}\n\n`, '')
    .replace('## Roles {#roles}\n', `## Roles {#roles}\n\n${INSERTED}\n`);
  // the edit must really have happened three times, or the test proves nothing
  expect(out).not.toContain('An attester produces');
  expect(out).not.toContain(DELETED);
  expect(out).toContain(INSERTED);
  return out;
}

function doc(text: string) {
  const p = parseSourceText(text, FILE);
  if (!p.document) throw new Error(p.diagnostics.sorted().map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return p.document;
}

/** Each w:ins / w:del element: kind, author, date and the text it holds (w:t or w:delText). */
function revisions(xml: string) {
  return [...xml.matchAll(/<w:(ins|del) ([^>]*?)(\/>|>([\s\S]*?)<\/w:\1>)/g)].map((m) => ({
    kind: m[1],
    author: /w:author="([^"]*)"/.exec(m[2])?.[1],
    date: /w:date="([^"]*)"/.exec(m[2])?.[1],
    text: [...(m[4] ?? '').matchAll(/<w:(?:t|delText)[^>]*>([^<]*)</g)].map((t) => t[1]).join(''),
    mark: m[3] === '/>',
  }));
}

describe('revision-marked DOCX of fixtures/example', () => {
  let bytes: Uint8Array;
  let xml: string;
  const oldText = readFileSync(FILE, 'utf8');
  beforeAll(async () => {
    bytes = await renderRevisionDocx(doc(oldText), doc(edit(oldText)), 'itu', { date: DATE });
    xml = strFromU8(unzipSync(bytes)['word/document.xml']);
  });

  it('marks the changed word, the deleted and the inserted paragraph as w:del / w:ins, by commontext', () => {
    const revs = revisions(xml);
    const content = revs.filter((r) => !r.mark);
    expect(content.map((r) => [r.kind, r.text])).toEqual([
      ['del', 'produces'],
      ['ins', 'generates'],
      ['del', DELETED],
      ['ins', INSERTED],
    ]);
    // the whole paragraphs' marks too: accepting leaves no empty paragraph, rejecting no merged one
    expect(revs.filter((r) => r.mark).map((r) => r.kind)).toEqual(['del', 'ins']);
    for (const r of revs) {
      expect(r.author).toBe('commontext');
      expect(r.date).toBe(DATE);
    }
    // deleted text is w:delText (Word shows w:t inside w:del as corrupt)
    expect(xml).toMatch(/<w:delText[^>]*>produces<\/w:delText>/);
    // w:ids unique across revisions and bookmarks
    const ids = [...xml.matchAll(/<w:(?:ins|del|bookmarkStart) [^>]*w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the unchanged text is untouched around the change', () => {
    expect(xml).toMatch(/An attester <\/w:t><\/w:r><w:del [^>]*><w:r><w:delText[^>]*>produces/);
  });

  it('readDocx counts the tracked changes and reads the text as accepted', async () => {
    const read = await readDocx(bytes);
    expect(read.trackedChanges).toEqual({ insertions: 2, deletions: 2 });
    const all = paragraphs(read).map((p) => p.text).join('\n');
    expect(all).toContain('An attester generates attestation evidence');
    expect(all).not.toContain('An attester produces');
    expect(all).toContain(INSERTED);
    expect(all).not.toContain('The model separates the appraisal');
  });

  it('no change, no revision marks', async () => {
    const same = await renderRevisionDocx(doc(oldText), doc(oldText), 'iso', { date: DATE });
    const read = await readDocx(same);
    expect(read.trackedChanges).toEqual({ insertions: 0, deletions: 0 });
  });

  it('a changed table cell is marked inside the table', async () => {
    const t2 = oldText.replace('| Verifier |', '| Checker |');
    expect(t2).not.toBe(oldText);
    const b = await renderRevisionDocx(doc(oldText), doc(t2), 'iso', { date: DATE });
    const revs = revisions(strFromU8(unzipSync(b)['word/document.xml'])).filter((r) => !r.mark);
    expect(revs.map((r) => [r.kind, r.text])).toEqual([['del', 'Verifier'], ['ins', 'Checker']]);
    const read = await readDocx(b);
    const table = read.body.find((x) => x.kind === 'table' && x.rows.some((r) => r.cells.some((c) => c.text === 'Checker')));
    expect(table).toBeDefined();
  });
});

describe('footnotes in deleted text', () => {
  const oldText = readFileSync(FILE, 'utf8');
  const PARA = /The attestation key shall be generated and used only within[^\n]*\n\n\[\^2\]: [^\n]*\n\n/;

  it('a deleted paragraph keeps its footnote mark, tracked as deleted, and the footnote\'s text deleted with it', async () => {
    const t2 = oldText.replace(PARA, '');
    expect(t2).not.toContain('[^2]');
    const b = await renderRevisionDocx(doc(oldText), doc(t2), 'itu', { date: DATE });
    const files = unzipSync(b);
    const xml = strFromU8(files['word/document.xml']);
    const deletedRef = /<w:del [^>]*><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:footnoteReference w:id="(\d+)"\/><\/w:r><\/w:del>/.exec(xml);
    expect(deletedRef).not.toBeNull();
    const notes = strFromU8(files['word/footnotes.xml']);
    const note = new RegExp(`<w:footnote w:id="${deletedRef![1]}">([\\s\\S]*?)</w:footnote>`).exec(notes)![1];
    expect(note).toMatch(/<w:del [^>]*><w:r><w:delText xml:space="preserve">The certification of such a management system is not required by /);
    // accepted, the paragraph and its footnote are gone; footnote 1 is untouched
    const read = await readDocx(b);
    expect(paragraphs(read).map((p) => p.text).join('\n')).not.toContain('The attestation key shall be generated');
    expect(Object.values(read.footnotes).join('\n')).toContain('The root of trust is the component');
  });

  it('a word changed next to a footnote mark leaves the mark alone (no deleted copy)', async () => {
    const t2 = oldText.replace('key-management processes[^2]', 'key-management procedures[^2]');
    expect(t2).not.toBe(oldText);
    const b = await renderRevisionDocx(doc(oldText), doc(t2), 'itu', { date: DATE });
    const xml = strFromU8(unzipSync(b)['word/document.xml']);
    expect(revisions(xml).filter((r) => !r.mark).map((r) => [r.kind, r.text])).toEqual([['del', 'processes'], ['ins', 'procedures']]);
    // the body's two marks, each once (the History table's "Unique ID*" footnote prints its own mark: customMarkFollows)
    expect(xml.match(/<w:footnoteReference (?![^>]*customMarkFollows)/g)).toHaveLength(2);
    expect(xml).not.toMatch(/<w:del [^>]*><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/);
  });
});

describe('rows and tables added or removed are tracked as rows', () => {
  const oldText = readFileSync(FILE, 'utf8');
  /** Each table row's trPr revision mark (ins, del or none) with the row's text. */
  const rowMarks = (xml: string) => [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) => ({
    mark: /<w:trPr>[^]*?<w:(ins|del) [^>]*\/>[^]*?<\/w:trPr>/.exec(m[1])?.[1] ?? '',
    text: [...m[1].matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)</g)].map((t) => t[1]).join(' '),
  }));

  it('a removed row is a deleted row and an added row an inserted one; read as accepted, the table is the new one', async () => {
    const t2 = oldText.replace('| Endorser | Endorsements | – | Verifier |\n', '').replace('| Reference value provider |', '| Auditor | Audit reports | Attestation results | Relying party |\n| Reference value provider |');
    expect(t2).not.toContain('| Endorser |');
    expect(t2).toContain('| Auditor |');
    const b = await renderRevisionDocx(doc(oldText), doc(t2), 'itu', { date: DATE });
    const xml = strFromU8(unzipSync(b)['word/document.xml']);
    const marked = rowMarks(xml).filter((r) => r.mark);
    expect(marked.map((r) => [r.mark, r.text.split(' ')[0]])).toEqual([['del', 'Endorser'], ['ins', 'Auditor']]);
    // the row marks carry the author and date like every other change
    expect(xml).toMatch(/<w:trPr><w:cantSplit\/><w:del w:id="\d+" w:author="commontext" w:date="2024-05-01T00:00:00Z"\/><\/w:trPr>/);
    const read = await readDocx(b);
    const table = read.body.find((x) => x.kind === 'table' && x.rows.some((r) => r.cells[0]?.text === 'Attester'));
    expect(table && table.kind === 'table' && table.rows.map((r) => r.cells[0].text)).toEqual(['Role', 'Attester', 'Verifier', 'Relying party', 'Auditor', 'Reference value provider']);
  });

  it('a removed table has every row tracked as deleted, so that accepting removes it whole', async () => {
    const t2 = oldText.replace(/Table: Patent declarations \{#tbl-patents\}\n\n(\|.*\n)+\n/, '');
    expect(t2).not.toContain('Patent declarations');
    const b = await renderRevisionDocx(doc(oldText), doc(t2), 'iso', { date: DATE });
    const rows = rowMarks(strFromU8(unzipSync(b)['word/document.xml'])).filter((r) => /Patent holder|Example Security Labs/.test(r.text));
    expect(rows.map((r) => r.mark)).toEqual(['del', 'del']);
    const read = await readDocx(b);
    expect(read.body.some((x) => x.kind === 'table' && x.rows.length > 0 && x.rows.some((r) => r.cells.some((c) => c.text.includes('Example Security Labs'))))).toBe(false);
  });
});

const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
const pdftotext = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).stdout.trim();
if (!soffice || !pdftotext) console.log('soffice or pdftotext not installed: skipping the LibreOffice revision-marks test');

describe.skipIf(!soffice || !pdftotext)('LibreOffice shows the tracked changes', () => {
  it('prints the deleted and the inserted words side by side (changes shown with markup)', async () => {
    const oldText = readFileSync(FILE, 'utf8');
    const out = tmp('ct-rev-lo-');
    const docx = path.join(out, 'revision.docx');
    writeFileSync(docx, await renderRevisionDocx(doc(oldText), doc(edit(oldText)), 'itu', { date: DATE }));
    execFileSync(soffice, [`-env:UserInstallation=file://${tmp('lo-profile-')}`, '--headless', '--convert-to', 'pdf', '--outdir', out, docx], { stdio: 'ignore', timeout: 170_000 });
    expect(readdirSync(out)).toContain('revision.pdf');
    const text = execFileSync(pdftotext, [path.join(out, 'revision.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    // deleted text is struck through but still printed, right before the inserted word
    expect(text).toContain('An attester producesgenerates attestation evidence');
    expect(text).toContain('The model separates the appraisal of evidence');
    expect(text).toContain(INSERTED);
  });
});

describe('corrigendum command writes the revision-marked DOCX', () => {
  it('<out>/<publication>.revision.docx for both sides, with the changes tracked', async () => {
    const dir = tmp('ct-rev-cor-');
    cpSync(path.join(repo, 'fixtures/example'), dir, { recursive: true });
    const oldFile = path.join(dir, 'old.md');
    const src = path.join(dir, 'example.md');
    const oldText = readFileSync(src, 'utf8');
    writeFileSync(oldFile, oldText);
    writeFileSync(src, edit(oldText));
    const out = path.join(dir, 'out');
    const io = { out: () => {}, err: (s: string) => { throw new Error(s); } };
    writeFileSync(path.join(dir, 'summary.md'), 'Technical Corrigendum 1 corrects the model.\n');
    expect(await main(['corrigendum', '--base', oldFile, src, '--number', '1', '--approved', '2025-06-20', '--summary', path.join(dir, 'summary.md'), '--out', out], io)).toBe(0);
    const revs = readdirSync(out).filter((f) => f.endsWith('.revision.docx'));
    expect(revs).toHaveLength(2);
    for (const f of revs) {
      const read = await readDocx(new Uint8Array(readFileSync(path.join(out, f))));
      expect(read.trackedChanges).toEqual({ insertions: 2, deletions: 2 });
    }
    expect(existsSync(path.join(out, 'T-REC-X.1999-202403-I-E.revision.docx'))).toBe(true);
  });
});
