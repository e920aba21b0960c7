/**
 * Mutation helpers for the check tests: pick a unit of a real publication through the reader and
 * the segmenter, then edit word/document.xml at that paragraph's source offsets.
 */
import { readFileSync } from 'node:fs';
import { unzipSync, zipSync, strToU8, strFromU8 } from 'fflate';
import { readDocx, type ReadDocument, type ReadParagraph } from '../../src/reader/index.js';
import { segment, type Clause, type Segmented, type Unit } from '../../src/check/index.js';
import { esc } from './make-docx.js';

export interface Original {
  bytes: Uint8Array;
  files: Record<string, Uint8Array>;
  xml: string;
  doc: ReadDocument;
  seg: Segmented;
}

export async function loadOriginal(file: string): Promise<Original> {
  const bytes = new Uint8Array(readFileSync(file));
  const files = unzipSync(bytes);
  const doc = await readDocx(bytes, { sourcePositions: true });
  return { bytes, files, xml: strFromU8(files['word/document.xml']), doc, seg: segment(doc) };
}

/** Re-zip the original with some parts replaced. */
export function rezip(o: Original, parts: Record<string, string>): Uint8Array {
  const files = { ...o.files };
  for (const [k, v] of Object.entries(parts)) files[k] = strToU8(v);
  return zipSync(files, { level: 1 });
}

/** Paragraphs we can rewrite without losing anything the reader sees (no fields, notes, boxes …). */
const COMPLEX = /<w:(footnoteReference|endnoteReference|fldChar|fldSimple|txbxContent|drawing|object|pict|sym|br|numPr|ins |del |sdt)\b|<m:oMath|<mc:/;

export function paraOf(o: Original, u: Unit): ReadParagraph {
  return o.doc.body[u.block] as ReadParagraph;
}

export function isSimple(o: Original, p: ReadParagraph): boolean {
  if (!p.source || p.numberText !== undefined) return false;
  const x = o.xml.slice(p.source.start, p.source.end);
  return !COMPLEX.test(x);
}

/** Replace the runs of a simple paragraph by one run carrying `text` (tabs and the paragraph properties kept). */
export function setText(xml: string, p: ReadParagraph, text: string): string {
  const { start, end } = p.source!;
  const px = xml.slice(start, end);
  const open = px.slice(0, px.indexOf('>') + 1);
  const ppr = /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(px)?.[0] ?? '';
  const runs = text
    .split('\t')
    .map((t, i) => `<w:r>${i ? '<w:tab/>' : ''}<w:t xml:space="preserve">${esc(t)}</w:t></w:r>`)
    .join('');
  return xml.slice(0, start) + `${open}${ppr}${runs}</w:p>` + xml.slice(end);
}

export function remove(xml: string, start: number, end: number): string {
  return xml.slice(0, start) + xml.slice(end);
}

/** Body clauses that have a real number (not the title block), with their heading paragraph. */
export function numberedClauses(o: Original): Clause[] {
  return o.seg.body.filter((c) => c.number && !c.number.startsWith('SECTION'));
}

export function headingPara(o: Original, c: Clause): ReadParagraph {
  return o.doc.body[c.block] as ReadParagraph;
}

/** A word of the text worth changing: the first word of 6+ letters that occurs once in it. */
export function pickWord(text: string): string | undefined {
  const ws = text.match(/\b[A-Za-z]{6,}\b/g) ?? [];
  return ws.find((w) => text.split(w).length === 2);
}

export function styleIdByName(doc: ReadDocument, name: string): string | undefined {
  return Object.entries(doc.styles).find(([, n]) => n === name)?.[0];
}
