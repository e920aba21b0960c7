/**
 * The library API. The CLI only wraps these functions.
 *
 *   const { document, diagnostics } = parse('spec.md');
 *   const itu = prepare(document, 'itu');            // numbered, filled publication
 *   const bytes = await render(itu);                   // DOCX bytes
 *   const result = await build('spec.md', { outDir: 'out' });
 *
 * Only re-exports: the compositions live in src/app, the stages in their folders (README, "Architecture").
 */
import { parseSource, parseSourceText, type ParseOptions, type ParseResult } from './source/parse.js';
import { renderDocx } from './render/docx.js';
import type { Publication } from './model/publication.js';

export type { SourceDocument, Side } from './model/types.js';
export type { Publication, DeclaredDifference } from './model/publication.js';
export type { Diagnostic } from './util/diagnostics.js';
export { formatDiagnostic, SourceError } from './util/diagnostics.js';
export { renderText } from './render/text.js';
export { build, lint, prepare, type BuildOptions, type BuildOutput, type BuildResult, type PrepareOptions } from './app/build.js';

export function parse(file: string, options?: ParseOptions): ParseResult {
  return parseSource(file, options);
}

export function parseText(text: string, fileName?: string, options?: ParseOptions): ParseResult {
  return parseSourceText(text, fileName, options);
}

export async function render(pub: Publication): Promise<Uint8Array> {
  return renderDocx(pub);
}
