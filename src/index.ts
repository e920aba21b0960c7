/**
 * The library API. The CLI only wraps these functions.
 *
 *   const { document, diagnostics } = parse('spec.md');
 *   const itu = prepare(document, 'itu');            // numbered, filled publication
 *   const bytes = await render(itu);                   // DOCX bytes
 *   const result = await build('spec.md', { outDir: 'out' });
 */
import path from 'node:path';
import { parseSource, parseSourceText, type ParseOptions, type ParseResult } from './source/parse.js';
import { preparePublication } from './model/prepare.js';
import { loadProfile, TemplateError, Templates } from './profile/index.js';
import { renderDocx, renderDocxSync } from './render/docx.js';
import { loadDocxProfile } from './profile/docx.js';
import { writeFileAtomic } from './util/files.js';
import { SIDES, type Side, type SourceDocument } from './model/types.js';
import type { DeclaredDifference, Publication } from './model/publication.js';
import { type Diagnostic, Diagnostics } from './util/diagnostics.js';

export type { SourceDocument, Side } from './model/types.js';
export type { Publication, DeclaredDifference } from './model/publication.js';
export type { Diagnostic } from './util/diagnostics.js';
export { formatDiagnostic, SourceError } from './util/diagnostics.js';
export { renderText } from './render/text.js';

export function parse(file: string, options?: ParseOptions): ParseResult {
  return parseSource(file, options);
}

export function parseText(text: string, fileName?: string, options?: ParseOptions): ParseResult {
  return parseSourceText(text, fileName, options);
}

export interface PrepareOptions {
  /** A folder of the user's own templates, searched before the bundled ones. */
  templates?: string;
}

function templatesFor(doc: SourceDocument, options: PrepareOptions): Templates {
  const dir = options.templates ?? (doc.meta.templates ? path.resolve(doc.root, doc.meta.templates) : undefined);
  return new Templates(dir);
}

export function prepare(doc: SourceDocument, side: Side, options: PrepareOptions = {}): Publication {
  const templates = templatesFor(doc, options);
  return preparePublication(doc, loadProfile(side, templates), templates);
}

export async function render(pub: Publication): Promise<Uint8Array> {
  return renderDocx(pub);
}

export interface BuildOptions extends PrepareOptions {
  outDir?: string;
  only?: Side;
  /** Called as each stage ends, for progress lines. */
  onStage?: (stage: string, ms: number) => void;
  /** Build in memory only (check <source.md>). */
  write?: boolean;
}

export interface BuildOutput {
  side: Side;
  fileName: string;
  path?: string;
  bytes: Uint8Array;
  publication: Publication;
}

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  outputs: BuildOutput[];
  manifestPath?: string;
  declared: DeclaredDifference[];
  timings: Record<string, number>;
}

/** Parses, prepares and renders both publications; writes them only when everything succeeded. */
export async function build(file: string, options: BuildOptions = {}): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const stage = <T>(name: string, f: () => T): T => {
    const t0 = performance.now();
    const v = f();
    timings[name] = performance.now() - t0;
    options.onStage?.(name, timings[name]);
    return v;
  };
  const parsed = stage('parse', () => parseSource(file));
  if (!parsed.document) return { ok: false, diagnostics: parsed.diagnostics.sorted(), outputs: [], declared: [], timings };
  const doc = parsed.document;
  const sides = options.only ? [options.only] : [...SIDES];
  const outputs: BuildOutput[] = [];
  const diagnostics = new Diagnostics();
  diagnostics.list.push(...parsed.diagnostics.list);
  for (const side of sides) {
    try {
      const pub = stage(`prepare ${side.toUpperCase()}`, () => prepare(doc, side, options));
      const bytes = stage(`render ${side.toUpperCase()}`, () => renderDocxSync(pub));
      outputs.push({ side, fileName: pub.fileName, bytes, publication: pub });
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      reportTemplateError(diagnostics, e, doc);
      return { ok: false, diagnostics: diagnostics.sorted(), outputs: [], declared: [], timings };
    }
  }
  const declared = outputs.flatMap((o) => o.publication.declared);
  let manifestPath: string | undefined;
  if (options.write !== false) {
    const outDir = path.resolve(options.outDir ?? 'out');
    stage('write', () => {
      for (const o of outputs) {
        o.path = path.join(outDir, o.fileName);
        writeFileAtomic(o.path, o.bytes);
      }
      if (outputs.length === 2) {
        manifestPath = path.join(outDir, `${path.basename(file, path.extname(file))}.alignment.json`);
        // the user's template folder, when there is one, so that `check` maps its style names to roles as the writer did
        const userTemplates = outputs[0].publication.templates.userDir;
        const templates = userTemplates ? path.relative(outDir, userTemplates) || '.' : undefined;
        const manifest = { schemaVersion: 1, itu: outputs[0].fileName, iso: outputs[1].fileName, source: path.basename(file), ...(templates ? { templates } : {}), declared };
        writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      }
    });
  }
  return { ok: true, diagnostics: diagnostics.sorted(), outputs, manifestPath, declared, timings };
}

/** A template's problems at their own file:line:column; one with no place of its own (a template not found) at the source. */
function reportTemplateError(diagnostics: Diagnostics, e: TemplateError, doc: SourceDocument) {
  for (const problem of e.all()) {
    const at = problem.at ? { ...problem.at, file: path.relative(process.cwd(), problem.at.file) } : { file: path.relative(process.cwd(), doc.mainFile), line: 1, column: 1 };
    if (!diagnostics.list.some((d) => d.file === at.file && d.line === at.line && d.column === at.column && d.message === problem.detail)) diagnostics.error(at, 'template', problem.detail);
  }
}

/** Errors and warnings only, nothing written. */
export function lint(file: string, options: PrepareOptions = {}): Diagnostic[] {
  const parsed = parseSource(file);
  if (parsed.document) {
    for (const side of SIDES) {
      try {
        const pub = prepare(parsed.document, side, options);
        loadDocxProfile(side, pub.templates);
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        reportTemplateError(parsed.diagnostics, e, parsed.document);
      }
    }
  }
  return parsed.diagnostics.sorted();
}
