/**
 * build and lint: compositions of the stages (source → prepare → DOCX writer → files). The watch mode
 * (watch.ts) runs the same publish and write steps on its cached parse; the CLI wraps these.
 */
import path from 'node:path';
import { parseSource, parseSourceText } from '../source/parse.js';
import { preparePublication } from '../model/prepare.js';
import { withInstructionRoles } from '../supplement/front.js';
import { layoutFor, loadProfile, TemplateError, templatesFolderProblem, templatesFor } from '../profile/index.js';
import { loadDocxProfile } from '../profile/docx.js';
import { checkImageWidths } from '../source/authoring.js';
import { renderDocxSync, type DocxOptions } from '../render/docx.js';
import { inputAmong, safeFileName, writeFilesAtomic, type OutputFile } from '../util/files.js';
import { SIDES, type Side, type SourceDocument } from '../model/types.js';
import type { DeclaredDifference, Publication } from '../model/publication.js';
import { type Diagnostic, DiagnosticError, Diagnostics, problem } from '../util/diagnostics.js';

export interface PrepareOptions {
  /** A folder of the user's own templates, searched before the bundled ones. */
  templates?: string;
}

export interface TextOptions extends PrepareOptions {
  /** The source's text as an editor holds it (commontext lsp): `file` then only places it (includes are read relative to it). */
  text?: string;
}

function parseEither(file: string, text: string | undefined) {
  return text === undefined ? parseSource(file) : parseSourceText(text, file);
}

export interface BuildOptions extends PrepareOptions {
  outDir?: string;
  only?: Side;
  /** Called as each stage ends, for progress lines. */
  onStage?: (stage: string, ms: number) => void;
  /** Build in memory only (check <source.md>). */
  write?: boolean;
  /** The source's text, when it is not (or not yet) a file: `file` then only places it (includes and images are relative to it). */
  text?: string;
  /** Also write each publication as HTML (`<name>.html` beside its DOCX). */
  html?: boolean;
}

export interface BuildOutput {
  side: Side;
  fileName: string;
  path?: string;
  bytes: Uint8Array;
  publication: Publication;
  /** The publication as HTML (build --html), written beside the DOCX with the same base name. */
  html?: string;
  htmlPath?: string;
}

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  outputs: BuildOutput[];
  manifestPath?: string;
  declared: DeclaredDifference[];
  timings: Record<string, number>;
}

/** Times a stage into `timings` and tells `onStage`. */
export type Stage = <T>(name: string, f: () => T) => T;

export function stageTimer(timings: Record<string, number>, onStage?: (stage: string, ms: number) => void): Stage {
  return (name, f) => {
    const t0 = performance.now();
    const v = f();
    timings[name] = performance.now() - t0;
    onStage?.(name, timings[name]);
    return v;
  };
}

/** --templates naming no folder is an error (exit status 2), not a silent fall-back to the bundled templates. */
function templatesOptionProblem(options: PrepareOptions): Diagnostic | undefined {
  if (options.templates === undefined) return undefined;
  const why = templatesFolderProblem(path.resolve(options.templates));
  return why ? problem(options.templates, 'templates-folder', `the templates folder given with --templates ${why}, so none of its templates could be used`,
    'name an existing folder of your own templates, or leave --templates out to use the bundled ones') : undefined;
}

export function prepare(doc: SourceDocument, side: Side, options: PrepareOptions = {}): Publication {
  const templates = templatesFor(doc, options.templates);
  const pub = preparePublication(doc, loadProfile(side, templates), templates);
  // a corrigendum or amendment: its instruction headings and sentences in their own styles (src/supplement/front.ts)
  return doc.meta.supplement ? withInstructionRoles(pub, doc.meta) : pub;
}

/** Whether the source is published on this side: an implementers' guide only where the profile has a guide layout (ITU). */
export function publishes(doc: SourceDocument, side: Side, options: PrepareOptions = {}): boolean {
  return layoutFor(doc.meta, loadProfile(side, templatesFor(doc, options.templates))) !== undefined;
}

/** Prepares each publication; a template's problem stops it (the diagnostics then hold it, at its own file:line:column). */
export function prepareSides(doc: SourceDocument, sides: readonly Side[], options: PrepareOptions, stage: Stage, diagnostics: Diagnostics): Publication[] | undefined {
  return reportingTemplateErrors(doc, diagnostics, () => sides.map((side) => stage(`prepare ${side.toUpperCase()}`, () => prepare(doc, side, options))));
}

/** Prepares and writes each publication in memory; undefined when a template (or docx.yaml) has a problem. */
export function publish(doc: SourceDocument, sides: readonly Side[], options: PrepareOptions, stage: Stage, diagnostics: Diagnostics, docx: (side: Side) => DocxOptions = () => ({})): BuildOutput[] | undefined {
  // side by side (prepare ITU, render ITU, prepare ISO …): the progress line shows each publication done in turn
  // of both, those that publish the source (an implementers' guide: ITU); one asked for by name is prepared, or its profile says why not
  const published = () => (sides.length > 1 ? sides.filter((side) => publishes(doc, side, options)) : sides);
  return reportingTemplateErrors(doc, diagnostics, () => published().map((side) => {
    const pub = stage(`prepare ${side.toUpperCase()}`, () => prepare(doc, side, options));
    return { side, fileName: pub.fileName, publication: pub, bytes: stage(`render ${side.toUpperCase()}`, () => renderDocxSync(pub, docx(side))) };
  }));
}

function reportingTemplateErrors<T>(doc: SourceDocument, diagnostics: Diagnostics, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    reportTemplateError(diagnostics, e, doc);
    return undefined;
  }
}

export interface PreparedSource {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** ITU, then ISO. */
  publications: Publication[];
  declared: DeclaredDifference[];
}

/** Both publications prepared, nothing written or rendered (check <source.md>). */
export function prepareSource(file: string, options: TextOptions = {}): PreparedSource {
  const parsed = parseEither(file, options.text);
  const diagnostics = new Diagnostics();
  diagnostics.list.push(...parsed.diagnostics.list);
  const badTemplates = templatesOptionProblem(options);
  if (badTemplates) return { ok: false, diagnostics: [badTemplates, ...diagnostics.sorted()], publications: [], declared: [] };
  const publications = parsed.document ? prepareSides(parsed.document, SIDES, options, (_name, f) => f(), diagnostics) : undefined;
  if (!publications) return { ok: false, diagnostics: diagnostics.sorted(), publications: [], declared: [] };
  return { ok: true, diagnostics: diagnostics.sorted(), publications, declared: publications.flatMap((p) => p.declared) };
}

/**
 * Writes the publications and, for both, the alignment manifest `check` reads, as one set (all or
 * none replaced); returns the manifest's path. Names are made safe and kept inside `outDir`; a file
 * the source was read from is never written over.
 */
export function writeOutputs(outputs: BuildOutput[], outDir: string, sourceFile: string, inputs: readonly string[] = [sourceFile]): string | undefined {
  const files: OutputFile[] = outputs.map((o) => {
    o.path = outputPath(outDir, o.fileName);
    return { path: o.path, data: o.bytes };
  });
  for (const o of outputs) {
    if (o.html === undefined) continue;
    o.htmlPath = o.path!.replace(/\.docx$/i, '') + '.html';
    files.push({ path: o.htmlPath, data: o.html });
  }
  let manifestPath: string | undefined;
  if (outputs.length === 2) {
    manifestPath = outputPath(outDir, `${path.basename(sourceFile, path.extname(sourceFile))}.alignment.json`);
    files.push({ path: manifestPath, data: manifestText(outputs, outDir, sourceFile) });
  }
  refuseInputs(files.map((f) => f.path), inputs);
  writeFilesAtomic(files);
  return manifestPath;
}

function manifestText(outputs: BuildOutput[], outDir: string, sourceFile: string): string {
  // the user's template folder, when there is one, so that `check` maps its style names to roles as the writer did
  const userTemplates = outputs[0].publication.templates.userDir;
  const templates = userTemplates ? path.relative(outDir, userTemplates) || '.' : undefined;
  const declared = outputs.flatMap((o) => o.publication.declared);
  const manifest = { schemaVersion: 1, itu: outputs[0].fileName, iso: outputs[1].fileName, source: path.basename(sourceFile), ...(templates ? { templates } : {}), declared };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The path a named output gets: a safe name, directly inside the output folder. */
function outputPath(outDir: string, name: string): string {
  const safe = safeFileName(name);
  const target = path.resolve(outDir, safe);
  if (!safe || path.dirname(target) !== path.resolve(outDir)) throw new DiagnosticError([problem(name, 'output-name', 'this output name does not make a file name inside the output folder; check the profile\'s fileName')]);
  return target;
}

/** An output may not replace a file the build read (a source built with --out into its own folder under its own name). */
function refuseInputs(targets: string[], inputs: readonly string[]) {
  const clash = inputAmong(targets, inputs);
  if (clash) throw new DiagnosticError([problem(clash, 'output-is-input', 'the build would write over a file it reads; choose another --out')]);
}

/** Parses, prepares and renders both publications; writes them only when everything succeeded. */
export async function build(file: string, options: BuildOptions = {}): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const stage = stageTimer(timings, options.onStage);
  const parsed = stage('parse', () => parseEither(file, options.text));
  const badTemplates = templatesOptionProblem(options);
  if (badTemplates) return { ok: false, diagnostics: [badTemplates, ...parsed.diagnostics.sorted()], outputs: [], declared: [], timings };
  if (!parsed.document) return { ok: false, diagnostics: parsed.diagnostics.sorted(), outputs: [], declared: [], timings };
  const diagnostics = new Diagnostics();
  diagnostics.list.push(...parsed.diagnostics.list);
  const outputs = publish(parsed.document, options.only ? [options.only] : SIDES, options, stage, diagnostics);
  if (!outputs) return { ok: false, diagnostics: diagnostics.sorted(), outputs: [], declared: [], timings };
  if (options.html && !(await renderHtmlOutputs(parsed.document, outputs, stage, diagnostics))) return { ok: false, diagnostics: diagnostics.sorted(), outputs: [], declared: [], timings };
  const declared = outputs.flatMap((o) => o.publication.declared);
  let manifestPath: string | undefined;
  try {
    manifestPath = options.write === false ? undefined : stage('write', () => writeOutputs(outputs, path.resolve(options.outDir ?? 'out'), file, parsed.document!.files));
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    diagnostics.list.push(...e.diagnostics);
    return { ok: false, diagnostics: diagnostics.sorted(), outputs: [], declared: [], timings };
  }
  return { ok: true, diagnostics: diagnostics.sorted(), outputs, manifestPath, declared, timings };
}

/** build --html: each publication as HTML too; the writer is loaded only then. False when a template has a problem. */
async function renderHtmlOutputs(doc: SourceDocument, outputs: BuildOutput[], stage: Stage, diagnostics: Diagnostics): Promise<boolean> {
  const { renderHtml } = await import('../render/html.js');
  return reportingTemplateErrors(doc, diagnostics, () => {
    for (const o of outputs) o.html = stage(`html ${o.side.toUpperCase()}`, () => renderHtml(o.publication));
    return true;
  }) ?? false;
}

/** A template's problems at their own file:line:column; one with no place of its own (a template not found) at the source. */
export function reportTemplateError(diagnostics: Diagnostics, e: TemplateError, doc: SourceDocument): void {
  for (const problem of e.all()) {
    const at = problem.at ? { ...problem.at, file: path.relative(process.cwd(), problem.at.file) } : { file: path.relative(process.cwd(), doc.mainFile), line: 1, column: 1 };
    if (!diagnostics.list.some((d) => d.file === at.file && d.line === at.line && d.column === at.column && d.message === problem.detail)) diagnostics.error(at, 'template', problem.detail);
  }
}

/** Errors and warnings only, nothing written. */
export function lint(file: string, options: TextOptions = {}): Diagnostic[] {
  const parsed = parseEither(file, options.text);
  const badTemplates = templatesOptionProblem(options);
  if (badTemplates) return [badTemplates, ...parsed.diagnostics.sorted()];
  if (parsed.document) {
    for (const side of SIDES) {
      try {
        if (!publishes(parsed.document, side, options)) continue;
        const pub = prepare(parsed.document, side, options);
        const page = loadDocxProfile(side, pub.templates).page;
        checkImageWidths(parsed.document, page.width - 2 * page.margin, side.toUpperCase(), parsed.diagnostics);
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        reportTemplateError(parsed.diagnostics, e, parsed.document);
      }
    }
  }
  return parsed.diagnostics.sorted();
}
