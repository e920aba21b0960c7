/**
 * The library API. The CLI only wraps these functions.
 *
 *   const { document, diagnostics } = parse('spec.md');   // diagnostics: an array, as lint and build return
 *   const itu = prepare(document, 'itu');            // numbered, filled publication
 *   const bytes = await render(itu);                   // DOCX bytes
 *   const result = await build('spec.md', { outDir: 'out' });
 *
 * Only re-exports: the compositions live in src/app, the stages in their folders (README, "Architecture").
 */
import { parseSource, parseSourceText, type ParseOptions } from './source/parse.js';
import { renderDocx } from './render/docx.js';
import type { Publication } from './model/publication.js';
import type { SourceDocument } from './model/types.js';
import type { Diagnostic } from './util/diagnostics.js';

export type { SourceDocument, Side } from './model/types.js';
export type { Publication, DeclaredDifference } from './model/publication.js';
export type { Diagnostic } from './util/diagnostics.js';
export { formatDiagnostic, SourceError } from './util/diagnostics.js';
export { renderText } from './render/text.js';
export { build, lint, prepare, type BuildOptions, type BuildOutput, type BuildResult, type PrepareOptions } from './app/build.js';
export { check, formatTerminal, formatJson, formatHtml } from './check/index.js';
export type { CheckOptions, CheckResult, Finding, DeclaredEntry, MaskedEntry } from './check/index.js';
export type { ParseOptions } from './source/parse.js';

/** A parsed source: the document (absent when there are errors) and every diagnostic, sorted, as lint and build give them. */
export interface ParseResult {
  document?: SourceDocument;
  diagnostics: Diagnostic[];
}

export function parse(file: string, options?: ParseOptions): ParseResult {
  const r = parseSource(file, options);
  return { document: r.document, diagnostics: r.diagnostics.sorted() };
}

export function parseText(text: string, fileName?: string, options?: ParseOptions): ParseResult {
  const r = parseSourceText(text, fileName, options);
  return { document: r.document, diagnostics: r.diagnostics.sorted() };
}

export async function render(pub: Publication): Promise<Uint8Array> {
  return renderDocx(pub);
}
