/**
 * The proof of an import: build the imported source (ITU only, in memory), check the rebuilt DOCX
 * against the original (src/check, the same report format as `commontext check`), and compare the
 * front matter paragraph by paragraph: a paragraph of the original that the build does not write is
 * a fixed text that differs from the known wording (or a field not recognised), listed with its text.
 */
import { build } from '../app/build.js';
import { check } from '../check/check.js';
import { formatTerminal } from '../check/report.js';
import { segment, type Segmented } from '../check/segment.js';
import { readDocxSync, type ReadDocument } from '../reader/index.js';
import { symbolChar } from '../reader/symbols.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import { frontParagraphs } from './front.js';
import type { ImportedSource } from './import.js';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * A character typed in the Symbol font (Word's private-use U+F020–U+F0FF, as the © of " ITU 2018" in T.88 and H.222.0
 * (08/2018)) compared as the character it prints.
 */
const symbolFont = (s: string): string => s.replace(/[\uF020-\uF0FF]/g, (c) => symbolChar('Symbol', c.codePointAt(0)!.toString(16)));

export const normalised = (s: string): string => symbolFont(s).replace(/\u2011/g, '-').replace(/\u00AD/g, '').replace(/[\u00A0\t\n]/g, ' ').replace(/\s+/g, ' ').trim();

/** The texts of the front matter (before the Introduction or the body's title block), TOC lines left out, normalised. */
export function frontTexts(doc: ReadDocument, seg: Segmented = segment(doc)): string[] {
  // the Introduction is shared text, imported and compared by check: the front matter ends before it
  const end = seg.introduction[0]?.block ?? seg.bodyStart;
  return frontParagraphs(doc.body.slice(0, end)).filter((p) => !/^(toc|table of figures)/i.test(p.style)).map((p) => normalised(p.text)).filter(Boolean);
}

/**
 * A placeholder left in a published file: bracketed alternatives for the editor to choose, as the prepublished
 * T.88 and H.222.0 (08/2018) print "ITU [had/had not] received notice". A build prints the chosen text instead.
 */
export const isPlaceholder = (t: string): boolean => /\[[^\]/]+\/[^\]]+\]/.test(t);

/** Paragraphs of the original front matter that the rebuilt one does not have. */
export function frontDifferences(original: ReadDocument, rebuilt: ReadDocument, originalSegments?: Segmented): string[] {
  const have = new Set(frontTexts(rebuilt));
  return frontTexts(original, originalSegments).filter((t) => !have.has(t));
}

function printPlaceholders(placeholders: string[], io: Io): void {
  if (!placeholders.length) return;
  io.out(`\nFront matter: ${placeholders.length} placeholder(s) of the original ("[a/b]": a choice left open in the published file) are printed by the build as the front matter chooses (see the import report):\n`);
  for (const t of placeholders) io.out(`   - ${t.length > 200 ? `${t.slice(0, 197)}…` : t}\n`);
}

/** Builds and checks; returns the exit status (0 no finding in the body, 1 findings, 2 the source does not build). */
export async function verifyImport(sourceFile: string, original: string, imported: ImportedSource, io: Io): Promise<number> {
  const built = await build(sourceFile, { only: imported.iso ? undefined : 'itu', write: false });
  for (const d of built.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  if (!built.ok) {
    io.err('verify: the imported source does not build (errors above)\n');
    return 2;
  }
  const itu = built.outputs.find((o) => o.side === 'itu')!;
  // one publication against its own rebuild: no declared difference applies (a manifest beside the original is about ITU-T vs ISO/IEC)
  const result = await check(original, itu.bytes, { labels: ['original', 'rebuilt'], declared: [] });
  io.out(formatTerminal(result));
  const differences = frontDifferences(imported.doc, readDocxSync(itu.bytes), imported.segmented);
  const front = differences.filter((t) => !isPlaceholder(t));
  printPlaceholders(differences.filter(isPlaceholder), io);
  io.out(`\nFront matter: ${front.length ? `${front.length} paragraph(s) of the original are not written by the build (a fixed text with other wording, or a field not recognised):` : 'every paragraph of the original is written by the build.'}\n`);
  for (const t of front) io.out(`   - ${t.length > 200 ? `${t.slice(0, 197)}…` : t}\n`);
  const iso = built.outputs.find((o) => o.side === 'iso');
  if (!imported.iso || !iso) return result.identical ? 0 : 1;
  // the ISO/IEC publication rebuilt from the same source, checked against the one given with --iso
  io.out(`\nISO/IEC publication (${imported.iso.file}):\n`);
  const isoResult = await check(imported.iso.doc, iso.bytes, { labels: ['original ISO/IEC', 'rebuilt ISO/IEC'], declared: [] });
  io.out(formatTerminal(isoResult));
  return result.identical && isoResult.identical ? 0 : 1;
}
