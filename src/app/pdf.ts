/**
 * PDF of a DOCX through LibreOffice (headless), with a contents list whose every entry carries its page
 * number. LibreOffice does not update the contents field on loading, so the page numbers are found by
 * laying the document out: a first conversion, the page where each entry's heading starts found in the
 * PDF's text (pdftotext) with the number printed in that page's footer, the numbers written into the
 * contents entries (after the entry style's tabs: dots, then the number), and a second conversion; again
 * until the numbers no longer move (a number can make an entry wrap). `build --pdf` writes the DOCX with
 * the numbers as well; `commontext pdf <file.docx>` leaves the DOCX as it is and writes the PDF beside it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Io } from '../cli/main.js';
import { decodeEntities } from '../reader/xml.js';
import { DiagnosticError, formatDiagnostic, problem } from '../util/diagnostics.js';
import { writeFilesAtomic } from '../util/files.js';
import type { BuildOutput } from './build.js';

const INSTALL: Record<string, string> = {
  soffice: 'install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; macOS: brew install --cask libreoffice) or give its program with --soffice PATH',
  pdftotext: 'install poppler (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler)',
};

/** The tools the conversion runs, found on PATH (soffice may be given); a missing one is a DiagnosticError saying how to install it. */
export function pdfTools(command: string, soffice?: string): { soffice: string; pdftotext: string } {
  const onPath = (name: string) => (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, name)).find((p) => existsSync(p));
  const found = { soffice: soffice ?? onPath('soffice'), pdftotext: onPath('pdftotext') };
  if (soffice && !existsSync(soffice)) throw new DiagnosticError([problem(command, 'pdf', `--soffice ${soffice}: no such program`, INSTALL.soffice)]);
  for (const tool of ['soffice', 'pdftotext'] as const) {
    if (!found[tool]) throw new DiagnosticError([problem(command, 'pdf', `${tool === 'soffice' ? 'LibreOffice (soffice)' : 'pdftotext'} is not on PATH`, INSTALL[tool])]);
  }
  return found as { soffice: string; pdftotext: string };
}

type Tools = ReturnType<typeof pdfTools>;

/** One LibreOffice profile per run, in a temporary folder: a running LibreOffice of the user's does not block the conversion. */
class Converter {
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'ct-pdf-'));

  constructor(private readonly tools: Tools) {}

  pdf(name: string, docx: Uint8Array): Uint8Array {
    const file = path.join(this.dir, `${name}.docx`);
    writeFileSync(file, docx);
    const out = path.join(this.dir, `${name}.pdf`);
    rmSync(out, { force: true });
    execFileSync(this.tools.soffice, [`-env:UserInstallation=${pathToFileURL(path.join(this.dir, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', this.dir, file], { stdio: 'ignore', timeout: 600_000 });
    if (!existsSync(out)) throw new DiagnosticError([problem(name, 'pdf', 'LibreOffice wrote no PDF for this file', 'open it in LibreOffice to see whether it loads')]);
    return readFileSync(out);
  }

  /** The text of each page, one string a line. */
  pages(pdf: Uint8Array): string[][] {
    const file = path.join(this.dir, 'pages.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync(this.tools.pdftotext, ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    return text.split('\f').map((page) => page.split('\n'));
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Letters and digits only, lower case: a heading wraps, and its label separator is a line break in the body, otherwise than in the contents. */
const squeeze = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The page number a page's footer prints (the last line that has text: a number or roman numeral at its start or end). */
function printedNumber(lines: string[]): string | undefined {
  const last = [...lines].reverse().find((l) => l.trim());
  const words = last?.trim().split(/\s+/) ?? [];
  return [words[words.length - 1], words[0]].find((w) => w && /^(\d+|[ivxlc]+)$/i.test(w));
}

/** Where (page, line) the next line at or after `from` starts with the entry's text (joined with the two lines after it). */
function find(pages: string[][], entry: string, from: { page: number; line: number }) {
  for (let p = from.page; p < pages.length; p++) {
    const lines = pages[p];
    for (let l = p === from.page ? from.line : 0; l < lines.length; l++) {
      if (!lines[l].trim()) continue;
      if (squeeze(lines.slice(l, l + 3).join(' ')).startsWith(entry)) return { page: p, line: l + 1 };
    }
  }
  return undefined;
}

/**
 * The printed page number of each contents entry: the entries are found in order in the contents, then
 * their headings in order after it. An entry not found is reported by its text.
 */
function entryPages(pages: string[][], entries: string[], name: string): string[] {
  let at: { page: number; line: number } | undefined = { page: 0, line: 0 };
  const keys = entries.map(squeeze);
  for (const key of keys) at = at && find(pages, key, at);
  const out: string[] = [];
  entries.forEach((entry, i) => {
    at = at && find(pages, keys[i], at);
    const number = at && printedNumber(pages[at.page]);
    if (!at || !number) throw new DiagnosticError([problem(name, 'pdf', `the contents entry "${entry}" was not found ${at ? 'on a page with a printed page number' : 'in the PDF laid out by LibreOffice'}`, 'check that the heading is in the document as the contents list has it')]);
    out.push(number);
  });
  return out;
}

/** A contents paragraph of document.xml: where it is, its text (tabs as \t) and whether it ends with a page number. */
interface Entry { start: number; end: number; xml: string; text: string; numbered: boolean; level: number }

function contentsEntries(document: string, styles: string): { entries: Entry[]; tabs: Map<number, number> } {
  // the contents styles (toc 1 … toc 9) by id, and how many right tab stops each has (dots, page column)
  const levels = new Map<string, number>();
  const tabs = new Map<number, number>();
  for (const m of styles.matchAll(/<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const level = /<w:name w:val="toc ([1-9])"/i.exec(m[2])?.[1];
    if (!level) continue;
    levels.set(m[1], Number(level));
    tabs.set(Number(level), Math.max(1, (m[2].match(/<w:tab w:val="right"/g) ?? []).length));
  }
  const entries: Entry[] = [];
  for (const m of document.matchAll(/<w:p(?: [^>]*)?>[\s\S]*?<\/w:p>/g)) {
    const style = /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1];
    const level = style && levels.get(style);
    if (!level) continue;
    let text = '';
    for (const piece of m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)) text += piece[1] === undefined ? '\t' : decodeEntities(piece[1]);
    if (!text.trim()) continue;
    entries.push({ start: m.index!, end: m.index! + m[0].length, xml: m[0], text: text.replace(/\t+$/, ''), numbered: /\t\s*(\d+|[ivxlc]+)\s*$/i.test(text), level });
  }
  return { entries, tabs };
}

/** document.xml with each entry's page number written after its tabs (inside the entry's link when it has one). */
function withNumbers(document: string, entries: Entry[], tabs: Map<number, number>, numbers: string[]): string {
  let out = '';
  let from = 0;
  entries.forEach((e, i) => {
    const run = `<w:r>${'<w:tab/>'.repeat(tabs.get(e.level) ?? 1)}<w:t>${numbers[i]}</w:t></w:r>`;
    const cut = e.xml.lastIndexOf('</w:hyperlink>') >= 0 ? e.xml.lastIndexOf('</w:hyperlink>') : e.xml.lastIndexOf('</w:p>');
    out += document.slice(from, e.start) + e.xml.slice(0, cut) + run + e.xml.slice(cut);
    from = e.end;
  });
  return out + document.slice(from);
}

const MAX_PASSES = 4;

/**
 * The DOCX with the page numbers in its contents and its PDF. A DOCX whose contents already have numbers
 * (updated in Word) is converted as it is; one without contents too.
 */
export function pdfWithContentsPages(name: string, docx: Uint8Array, converter: Converter): { docx: Uint8Array; pdf: Uint8Array } {
  const files = unzipSync(docx);
  const document = strFromU8(files['word/document.xml']);
  const { entries, tabs } = contentsEntries(document, files['word/styles.xml'] ? strFromU8(files['word/styles.xml']) : '');
  let pdf = converter.pdf(name, docx);
  if (!entries.length || entries.every((e) => e.numbered)) return { docx, pdf };
  const texts = entries.map((e) => e.text);
  let numbers = entryPages(converter.pages(pdf), texts, name);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    files['word/document.xml'] = strToU8(withNumbers(document, entries, tabs, numbers));
    docx = zipSync(files, { mtime: new Date('2000-01-01T00:00:00Z') });
    pdf = converter.pdf(name, docx);
    const again = entryPages(converter.pages(pdf), texts, name);
    if (again.join() === numbers.join()) return { docx, pdf };
    numbers = again;
  }
  throw new DiagnosticError([problem(name, 'pdf', `the contents' page numbers still moved after ${MAX_PASSES} layouts`, 'convert the file in Word, or update the contents field there')]);
}

/** Runs `work` with a converter (the tools found or a one-line problem), and prints what stopped it: exit status 0 or 2. */
export function converting(command: string, soffice: string | undefined, io: Io, work: (converter: Converter) => void): number {
  try {
    const converter = new Converter(pdfTools(command, soffice));
    try {
      work(converter);
    } finally {
      converter.close();
    }
    return 0;
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    for (const d of e.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
    return 2;
  }
}

/** build --pdf: each DOCX written again with its contents' page numbers, and its PDF beside it. */
export function writeBuildPdfs(outputs: BuildOutput[], io: Io): number {
  return converting('commontext build --pdf', undefined, io, (converter) => {
    for (const o of outputs) {
      const r = pdfWithContentsPages(path.basename(o.path!, '.docx'), o.bytes, converter);
      const pdfPath = o.path!.replace(/\.docx$/i, '.pdf');
      writeFilesAtomic([{ path: o.path!, data: r.docx }, { path: pdfPath, data: r.pdf }]);
      o.bytes = r.docx;
      io.out(`PDF: ${path.relative(process.cwd(), pdfPath)}\n`);
    }
  });
}
