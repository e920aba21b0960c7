/**
 * Supplements (corrigenda, amendments) from two versions of a source: the library API.
 *
 *   const base = loadVersion('spec.md', 'v1.0');        // a git revision, or a file
 *   const head = loadVersion('spec.md');
 *   const changes = changeSet(base, head);               // located by the old numbering
 *   const md = supplementSource(changes, head, { type: 'corrigendum', number: 1 });
 *   const corrected = applySupplement(md, 'old.md');     // the instructions carried out
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSourceText } from '../source/parse.js';
import type { SourceDocument } from '../model/types.js';
import type { Metadata, SupplementMeta } from '../source/metadata.js';
import { LineCounter, parseDocument } from 'yaml';
import { Templates } from '../profile/index.js';
import { numberDocument } from '../model/prepare.js';
import { type Diagnostic, DiagnosticError, problem } from '../util/diagnostics.js';
import { allSections, buildTree, loadRoot, type SourceTree } from './tree.js';
import { bodyStrings, documentTemplates, numberTree } from './numbering.js';
import { type Change, diffTrees } from './changes.js';
import { readSupplement, writeSupplement } from './instructions.js';
import { applyChanges } from './apply.js';
import { withoutSummary } from './front.js';
import { Wording } from './wording.js';

export { diffTrees, type Change } from './changes.js';
export { Wording } from './wording.js';
export { writeSupplement, readSupplement, instructionText } from './instructions.js';
export { applyChanges } from './apply.js';

/** An input problem, as diagnostics: the CLI prints them and exits with status 2. */
export class SupplementError extends DiagnosticError {
  /** One problem about `where` (a file, or an option such as "--base v1.0"), or the diagnostics found. */
  constructor(where: string | Diagnostic[], code = 'supplement', message = '') {
    super(typeof where === 'string' ? [problem(where, code, message)] : where);
    this.name = 'SupplementError';
  }
}

/** Problems of a supplement at their lines and columns. */
function positioned(file: string, problems: { line: number; column: number; message: string }[]): Diagnostic[] {
  return problems.map((p) => ({ file, line: p.line, column: p.column, severity: 'error', code: 'supplement', message: p.message }));
}

export interface Version {
  file: string;
  /** What was read: "v1.0:spec.md" or the file name. */
  label: string;
  doc: SourceDocument;
  tree: SourceTree;
  text: string;
}

/** A reader of files as they were at a git revision. */
function gitReader(file: string, rev: string): (f: string) => string {
  const dir = path.dirname(path.resolve(file));
  let top: string;
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new SupplementError(`--base ${rev}`, 'base', `${path.relative(process.cwd(), dir) || '.'} is not in a git repository, and no file "${rev}" exists`);
  }
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: top, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new SupplementError(`--base ${rev}`, 'base', 'no such git revision (and no such file); give a tag, branch or commit, e.g. --base v1.0, or the old source file');
  }
  return (f: string) => {
    const rel = path.relative(fs(top), fs(path.resolve(f))).split(path.sep).join('/');
    try {
      return execFileSync('git', ['show', `${rev}:${rel}`], { cwd: top, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
    } catch {
      throw new SupplementError(`--base ${rev}`, 'base', `${rel} does not exist at that revision`);
    }
  };
}

function fs(p: string): string {
  try { return execFileSync('realpath', [p], { encoding: 'utf8' }).trim(); } catch { return p; }
}

/**
 * Reads a version of a source: `base` undefined → the file itself; an existing file → that file;
 * otherwise a git revision of `file`.
 */
export function loadVersion(file: string, base?: string): Version {
  let read: (f: string) => string = (f) => readFileSync(f, 'utf8');
  let main = path.resolve(file);
  let label = path.relative(process.cwd(), main);
  if (base !== undefined) {
    if (existsSync(base)) { main = path.resolve(base); label = path.relative(process.cwd(), main); }
    else { read = gitReader(file, base); label = `${base}:${path.basename(file)}`; }
  }
  if (!existsSync(main) && base === undefined) throw new SupplementError(file, 'not-found', 'no such file');
  let text: string;
  try { text = read(main); } catch (e) {
    if (e instanceof SupplementError) throw e;
    throw new SupplementError(label, 'read', `cannot read it (${(e as Error).message})`);
  }
  const parsed = parseSourceText(text, main, { readFile: read });
  if (!parsed.document) {
    const diags = parsed.diagnostics.sorted().filter((d) => d.severity === 'error');
    throw new SupplementError(diags);
  }
  const tree = buildTree(main, loadRoot(main, read, text));
  const doc = parsed.document;
  numberTree(tree, doc, bodyStrings(documentTemplates(doc), doc));
  tree.references = parsed.document.meta.references;
  return { file: main, label, doc: parsed.document, tree, text };
}

export function changeSet(base: Version, head: Version, options: { defects?: string[] } = {}): Change[] {
  const strings = bodyStrings(documentTemplates(base.doc), base.doc);
  const labelWords = { table: strings('table'), figure: strings('figure'), note: strings('note') };
  return diffTrees(base.tree, head.tree, base.doc.meta, head.doc.meta, { labels: anchorLabels(base.doc), soleNote: strings('note'), labelWords, ...options });
}

function bodyTable(templates: Templates): Record<string, string> {
  return templates.strings('common/body.yaml');
}

/** anchor → label in a document ("clause 6.2", "Annex A", "Table 3"), as the ITU publication prints it. */
export function anchorLabels(doc: SourceDocument, templates = new Templates()): Map<string, string> {
  return numberDocument(doc, 'itu', bodyStrings(templates, doc)).labels;
}

/** The supplement as a common-text source. */
export function supplementSource(changes: Change[], head: Version, supplement: SupplementMeta, templates = new Templates()): string {
  const yaml = head.tree.yaml;
  const footnotes = new Map(allSections(head.tree.sections).flatMap((s) => s.blocks).filter((b) => b.kind === 'footnote').map((b) => [(b.nodes[0] as { identifier: string }).identifier, b.nodes[0]] as const));
  return writeSupplement(changes, { yaml, supplement, labels: anchorLabels(head.doc, templates), bodyStrings: bodyTable(templates), footnotes }, new Wording(templates));
}

/**
 * A supplement is for one text: its front matter names it (itu.number, iso.designation) as the old
 * source's does. Each that differs is an error at the supplement's field, naming both.
 */
function notForThisText(meta: Metadata, old: Version, yaml: string, file: string): Diagnostic[] {
  const lines = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: lines });
  const out: Diagnostic[] = [];
  const fields = [['itu', 'number', meta.itu.number, old.doc.meta.itu.number], ['iso', 'designation', meta.iso.designation, old.doc.meta.iso.designation]] as const;
  for (const [side, key, mine, theirs] of fields) {
    if (mine === theirs) continue;
    const pair = (doc.getIn([side], true) as { items?: { key: { value?: unknown; range?: number[] } }[] } | undefined)?.items?.find((p) => p.key?.value === key);
    const p = pair?.key.range ? lines.linePos(pair.key.range[0]) : { line: 0, col: 0 };
    out.push({
      file, line: p.line ? p.line + 1 : 1, column: p.col || 1, severity: 'error', code: 'supplement-other-text',
      message: `the supplement is for ${side === 'itu' ? `Rec. ITU-T ${mine}` : mine} (${side}.${key}), but ${old.label} is ${side === 'itu' ? `Rec. ITU-T ${theirs}` : theirs}; apply it to the text it corrects, or correct its front matter`,
    });
  }
  return out;
}

/**
 * Carries out the instructions of a supplement source on an old source; returns the corrected source.
 * `outFile`: where it will be written; beside the old source (the default) the old text's untouched
 * `::include` lines are kept, elsewhere every include is written in.
 */
export function applySupplement(supplementText: string, supplementFile: string, old: Version, templates = new Templates(), outFile?: string): string {
  const parsed = parseSourceText(supplementText, supplementFile);
  if (!parsed.document) {
    const diags = parsed.diagnostics.sorted().filter((d) => d.severity === 'error');
    throw new SupplementError(diags);
  }
  // the supplement's own Summary is no instruction (its lines are kept, empty, for the messages' line numbers)
  const read = readSupplement(withoutSummary(supplementText), bodyTable(templates), new Wording(templates));
  const rel = path.relative(process.cwd(), supplementFile) || supplementFile;
  const other = notForThisText(parsed.document.meta, old, read.yaml, rel);
  if (other.length) throw new SupplementError(other);
  if (read.problems.length) {
    throw new SupplementError(positioned(rel, read.problems));
  }
  const inline = outFile !== undefined && path.dirname(path.resolve(outFile)) !== path.dirname(old.file);
  const result = applyChanges(old.tree, read.instructions.map((i) => i.change), { yaml: read.yaml, references: parsed.document.meta.references }, { inline });
  if (result.problems.length) {
    throw new SupplementError(positioned(rel, result.problems.map((p) => ({ ...read.instructions[p.index], message: p.message }))));
  }
  return result.text;
}
