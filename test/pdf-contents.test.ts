/**
 * build --pdf and commontext pdf (issue 13): the PDF LibreOffice makes has a contents list in which
 * every entry carries the number of the page where its clause starts. Checked on the PDF itself with
 * pdftotext: each dotted contents line's number is looked up among the printed page numbers (the
 * footers), and the heading must stand at the start of a line on that page.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { readDocx } from '../src/reader/index.js';
import { corpus, paragraphs, repo, tmp } from './helpers.js';

const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
const pdftotext = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).stdout.trim();
if (!soffice || !pdftotext) console.log('soffice or pdftotext not installed: skipping the PDF tests');
const realX500 = path.join(corpus, 'itu/T-REC-X.500-201610-I-MSW-E.docx');

function capture() {
  const o = { out: '', err: '' };
  return { o, io: { out: (s: string) => { o.out += s; }, err: (s: string) => { o.err += s; } } };
}

/** The PDF's pages, each as its lines with white space folded. */
function pages(pdf: string): string[][] {
  return execFileSync(pdftotext, ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\f').map((p) => p.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean));
}

/** Contents lines "title ....... 12" (the ones of wrapped entries joined first). */
function contentsLines(all: string[][]): { title: string; page: string }[] {
  const out: { title: string; page: string }[] = [];
  let pending = '';
  for (const lines of all) {
    for (const line of lines) {
      const m = /^(.*?)\s?\.{5,}\s*(\S+)?$/.exec(line);
      if (!m) { pending = /^(\d+(\.\d+)*|Annex [A-Z]|[A-Z]\.\d+)\s/.test(line) && out.length ? line : ''; continue; }
      out.push({ title: `${pending ? `${pending} ` : ''}${m[1]}`.trim(), page: m[2] ?? '' });
      pending = '';
    }
  }
  return out;
}

/** Page index by the number its footer prints ("Rec. ITU-T X.500 (10/2016) 5" or "6 Rec. ITU-T …"). */
function pagesByNumber(all: string[][], footer: RegExp): Map<string, number> {
  const map = new Map<string, number>();
  all.forEach((lines, i) => {
    const last = lines[lines.length - 1] ?? '';
    if (!footer.test(last)) return;
    const n = last.replace(footer, '').trim();
    if (n && !map.has(n)) map.set(n, i);
  });
  return map;
}

function pdfPages(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
}

describe.skipIf(!soffice || !pdftotext)('PDF with a contents list that has page numbers', () => {
  it('build --pdf: every contents entry of the X.500 mirror carries the page where its clause starts', async () => {
    const out = tmp();
    const { o, io } = capture();
    expect(await main(['build', path.join(repo, 'fixtures/x500/x500.md'), '--out', out, '--only', 'itu', '--pdf', '--quiet'], io), o.err).toBe(0);
    const pdf = path.join(out, 'T-REC-X.500-201610-I-E.pdf');
    expect(o.out).toContain('PDF: ');
    expect(existsSync(pdf)).toBe(true);
    const all = pages(pdf);
    const entries = contentsLines(all);
    // as many numbered lines as the DOCX has contents entries, and the "Page" column heading
    const doc = await readDocx(path.join(out, 'T-REC-X.500-201610-I-E.docx'));
    const tocParagraphs = paragraphs(doc).filter((p) => /^toc [1-9]$/.test(p.style));
    expect(tocParagraphs.length).toBeGreaterThan(30);
    expect(entries.length).toBe(tocParagraphs.length);
    expect(all.some((lines) => lines.includes('Page'))).toBe(true);
    const byNumber = pagesByNumber(all, /\s*Rec\. ITU-T X\.500 \(10\/2016\)\s*/);
    for (const e of entries) {
      expect(e.page, `no page number: ${e.title}`).toMatch(/^\d+$/);
      const index = byNumber.get(e.page);
      expect(index, `no page printed ${e.page} (${e.title})`).toBeDefined();
      // an annex heading is label and title on lines of their own
      for (const part of e.title.split(' – ')) {
        expect(all[index!].some((l) => l.startsWith(part)), `"${part}" does not start a line on page ${e.page}`).toBe(true);
      }
    }
    // the DOCX written beside the PDF carries the numbers too
    expect(tocParagraphs.every((p) => /\t\d+$/.test(p.text))).toBe(true);
    // page count against the real X.500 converted the same way
    if (!existsSync(realX500)) return;
    const real = tmp();
    copyFileSync(realX500, path.join(real, 'real.docx'));
    execFileSync(soffice, [`-env:UserInstallation=file://${tmp('lo-profile-')}`, '--headless', '--convert-to', 'pdf', '--outdir', real, path.join(real, 'real.docx')], { stdio: 'ignore', timeout: 300_000 });
    const ours = pdfPages(pdf);
    const theirs = pdfPages(path.join(real, 'real.pdf'));
    console.log(`X.500 pages: ours ${ours}, real ${theirs}`);
    expect(ours).toBeGreaterThan(0.6 * theirs);
    expect(ours).toBeLessThanOrEqual(1.1 * theirs);
  }, 300_000);

  it('commontext pdf <file.docx> writes the PDF beside the file with numbered contents and leaves the DOCX alone', async () => {
    const out = tmp();
    expect(await main(['build', path.join(repo, 'fixtures/example/example.md'), '--out', out, '--only', 'iso', '--quiet'], capture().io)).toBe(0);
    const docx = path.join(out, 'ISO_IEC_29999-1_2024(E).docx');
    const before = readFileSync(docx);
    const { o, io } = capture();
    expect(await main(['pdf', docx, '--soffice', soffice], io), o.err).toBe(0);
    expect(readFileSync(docx).equals(before)).toBe(true);
    const entries = contentsLines(pages(docx.replace(/\.docx$/, '.pdf')));
    expect(entries.length).toBeGreaterThan(5);
    expect(entries.every((e) => /^(\d+|[ivx]+)$/.test(e.page)), JSON.stringify(entries)).toBe(true);
  }, 300_000);

  it('without LibreOffice, one line says how to install it, exit status 2, nothing written', async () => {
    const out = tmp();
    const saved = process.env.PATH;
    const empty = path.join(tmp(), 'bin');
    mkdirSync(empty);
    process.env.PATH = empty;
    try {
      const { o, io } = capture();
      expect(await main(['build', path.join(repo, 'fixtures/example/example.md'), '--out', out, '--only', 'itu', '--pdf', '--quiet'], io)).toBe(2);
      expect(o.err.trim().split('\n')).toHaveLength(1);
      expect(o.err).toMatch(/LibreOffice \(soffice\) is not on PATH; install LibreOffice \(Debian\/Ubuntu: apt-get install libreoffice-writer-nogui/);
      expect(existsSync(path.join(out, 'T-REC-X.1999-202403-I-E.pdf'))).toBe(false);
      const r = capture();
      expect(await main(['pdf', path.join(out, 'T-REC-X.1999-202403-I-E.docx'), '--soffice', path.join(empty, 'soffice')], r.io)).toBe(2);
      expect(r.o.err.trim().split('\n')).toHaveLength(1);
    } finally {
      process.env.PATH = saved;
    }
  });
});
