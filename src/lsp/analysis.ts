/**
 * The language server's answers, from the editor's text: the lint diagnostics of that text (not the
 * file on disk), and what a citation or cross-reference prints in each publication, read from the
 * prepared publications and the citation wording the DOCX writer uses.
 */
import path from 'node:path';
import { lint, prepare, publishes, type PrepareOptions } from '../app/build.js';
import { parseSourceText } from '../source/parse.js';
import { bodyStrings, citationText } from '../model/prepare.js';
import { metadataView } from '../model/view.js';
import { SIDES, type Side, type SourceDocument } from '../model/types.js';
import type { Para, PubBlock, Publication } from '../model/publication.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { TemplateError } from '../profile/index.js';

/** Diagnostics by the absolute path of the file they are in (an include's are its own). */
export function diagnosticsByFile(file: string, text: string, options: PrepareOptions): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>([[path.resolve(file), []]]);
  for (const d of lint(file, { ...options, text })) {
    const at = d.line ? path.resolve(d.file) : path.resolve(file);
    byFile.set(at, [...(byFile.get(at) ?? []), d]);
  }
  return byFile;
}

export interface Prepared { doc: SourceDocument; publications: Publication[] }

/** Both publications of the text, or undefined while it has errors (hover then says nothing). */
export function prepareText(file: string, text: string, options: PrepareOptions): Prepared | undefined {
  const parsed = parseSourceText(text, file);
  if (!parsed.document) return undefined;
  try {
    // an implementers' guide has one publication (ITU): the sides whose profile lays it out
    return { doc: parsed.document, publications: SIDES.filter((side) => publishes(parsed.document!, side, options)).map((side) => prepare(parsed.document!, side, options)) };
  } catch (e) {
    if (e instanceof TemplateError) return undefined;
    throw e;
  }
}

/** `:ref[id]` as each publication prints it, with the wording of that publication's templates. */
export function citationBySide(p: Prepared, id: string, dated: boolean): { side: Side; text: string }[] | undefined {
  const r = p.doc.meta.references.get(id);
  if (!r) return undefined;
  return p.publications.map((pub) => ({ side: pub.side, text: citationText(r, dated, bodyStrings(pub.templates, metadataView(p.doc.meta, pub.templates, false))) }));
}

function* paragraphs(blocks: PubBlock[]): Generator<Para> {
  for (const b of blocks) {
    if (b.kind === 'p') yield b;
    else if (b.kind === 'table') for (const row of b.rows) for (const cell of row.cells) yield* cell;
  }
}

/** What a cross-reference to `id` prints in a publication: its text in the paragraph at `line` (1-based), else anywhere. */
function crossReferenceText(pub: Publication, id: string, file: string, line: number): string | undefined {
  let best: { line: number; text: string } | undefined;
  let anywhere: string | undefined;
  for (const para of pub.sections.flatMap((s) => [...paragraphs(s.blocks)])) {
    const text = para.runs.filter((r) => r.anchor === id).map((r) => r.text).join('');
    if (!text) continue;
    anywhere ??= text;
    const here = para.pos && path.resolve(para.pos.file) === path.resolve(file) && para.pos.line <= line;
    if (here && (!best || para.pos!.line >= best.line)) best = { line: para.pos!.line, text };
  }
  return best?.text ?? anywhere;
}

/** The target's label and title in a publication ("Figure 2 – Structure of the DIT"), for the hover's second line. */
function targetLabel(pub: Publication, id: string): string | undefined {
  for (const para of pub.sections.flatMap((s) => [...paragraphs(s.blocks)])) {
    if (para.target?.id !== id || para.target.generated) continue;
    return para.runs.map((r) => r.text).join('').replace(/\s+/g, ' ').trim();
  }
  return undefined;
}

/** `[](#id)` as each publication prints it, and what it points at there. */
export function crossReferenceBySide(p: Prepared, id: string, file: string, line: number): { side: Side; text: string; target?: string }[] | undefined {
  const out = p.publications.map((pub) => ({ side: pub.side, text: crossReferenceText(pub, id, file, line) ?? '', target: targetLabel(pub, id) }));
  return out.some((o) => o.text || o.target) ? out : undefined;
}
