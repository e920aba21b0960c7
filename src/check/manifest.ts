/**
 * The alignment manifest (<name>.alignment.json, written by `build`): which file is the ITU and which
 * the ISO publication, and the differences the source declares. Read leniently for `check`: a bad
 * entry is reported at its line and column and the good ones are used; a manifest that cannot be used
 * at all, or none found, is said in one plain line with the fix (`--manifest FILE`, `--allow`).
 * Given explicitly (`--manifest FILE`), a missing or unreadable manifest is an error (exit 2).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, isMap, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../util/diagnostics.js';
import { realPath } from '../util/files.js';
import { CheckError } from './errors.js';
import { say } from './wording.js';
import type { DeclaredDifference, ManifestStatus } from './types.js';

export interface AlignmentManifest {
  schemaVersion: 1;
  itu: string;
  iso: string;
  declared: DeclaredDifference[];
  /** The build's own template folder, relative to the manifest's folder (its docx.yaml names the styles). */
  templates?: string;
}

/** A manifest as read: the usable part, or the one problem that makes it unusable, and its entries' problems. */
interface ManifestRead {
  manifest?: AlignmentManifest;
  fatal?: Diagnostic;
  entries: Diagnostic[];
  total: number;
}

/** The manifest's choice for check: what it declares, and the plain line every report shows. */
export interface ManifestChoice {
  file?: string;
  manifest?: AlignmentManifest;
  status: ManifestStatus;
  warnings: string[];
}

/** Far above any real manifest (a 450-page common text's is under 100 kB). */
const MAX_MANIFEST_BYTES = 50_000_000;

const isRegularFile = (file: string) => { try { return statSync(file).isFile(); } catch { return false; } };

const diag = (file: string, line: number, column: number, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic =>
  ({ file, line, column, severity, code: 'manifest', message });

/** Line and column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** The JSON text of a manifest, or the reason it cannot be read. */
function manifestText(file: string): string | Diagnostic {
  if (existsSync(file) && !isRegularFile(file)) return diag(file, 0, 0, 'the alignment manifest is not a regular file (a folder, pipe or device); remove it or give a file');
  // a build writes a few kilobytes; a huge file is not one, and would fill the memory before JSON.parse fails
  if (isRegularFile(file) && statSync(file).size > MAX_MANIFEST_BYTES) return diag(file, 0, 0, `the alignment manifest is larger than ${MAX_MANIFEST_BYTES / 1_000_000} MB; it is not one that commontext build wrote`);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    return diag(file, 0, 0, code === 'ENOENT' ? 'alignment manifest not found' : `cannot read the alignment manifest (${(err as Error).message})`);
  }
}

/** What is wrong with one declared difference, or undefined when it can be used. */
function entryProblem(d: unknown): string | undefined {
  const o = d as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o)) return 'each declared difference must be an object';
  if (o.side !== 'itu' && o.side !== 'iso') return '"side" must be "itu" or "iso"';
  if (typeof o.reason !== 'string') return '"reason" must be a text';
  if (!Array.isArray(o.texts) || o.texts.some((t) => typeof t !== 'string')) return '"texts" must be a list of strings';
  if (o.clause !== undefined && typeof o.clause !== 'string') return '"clause" must be a string';
  return undefined;
}

/** Reads a manifest; never throws for what is in the file (the caller decides what a problem means). */
export function readManifest(file: string): ManifestRead {
  const text = manifestText(file);
  if (typeof text !== 'string') return { fatal: text, entries: [], total: 0 };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const p = position(text, at ? Number(at[1]) : text.length);
    return { fatal: diag(file, p.line, p.column, `the alignment manifest is not valid JSON (${message})`), entries: [], total: 0 };
  }
  const o = data as Record<string, unknown>;
  const fatal = (message: string): ManifestRead => ({ fatal: diag(file, 1, 1, message), entries: [], total: 0 });
  if (!o || typeof o !== 'object' || o.schemaVersion !== 1) return fatal('the alignment manifest must have "schemaVersion": 1');
  if (typeof o.itu !== 'string' || typeof o.iso !== 'string') return fatal('the alignment manifest must name the "itu" and "iso" files');
  if (o.declared !== undefined && !Array.isArray(o.declared)) return fatal('"declared" must be a list');
  if (o.templates !== undefined && typeof o.templates !== 'string') return fatal('"templates" must be a folder name');
  const list = (o.declared ?? []) as unknown[];
  const { declared, entries } = readEntries(file, text, list);
  return { manifest: { schemaVersion: 1, itu: o.itu, iso: o.iso, declared, ...(o.templates ? { templates: o.templates as string } : {}) }, entries, total: list.length };
}

/** The usable declared differences, and each other one's problem at its own line and column. */
function readEntries(file: string, text: string, list: unknown[]): { declared: DeclaredDifference[]; entries: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const seq = isMap(doc.contents) ? doc.contents.get('declared', true) : undefined;
  const at = (i: number) => {
    const node = isSeq(seq) ? (seq.items[i] as YamlNode | undefined) : undefined;
    const p = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
    return { line: p.line, column: p.col };
  };
  const declared: DeclaredDifference[] = [];
  const entries: Diagnostic[] = [];
  list.forEach((d, i) => {
    const problem = entryProblem(d);
    const { line, column } = at(i);
    if (problem) {
      entries.push(diag(file, line, column, say('manifestEntrySkipped', { n: i + 1, problem })));
      return;
    }
    const o = d as DeclaredDifference;
    if (!o.reason.trim()) entries.push(diag(file, line, column, say('manifestEntryNoReason', { n: i + 1, noReason: say('noReason') }), 'warning'));
    declared.push({ side: o.side, reason: o.reason, clause: o.clause, texts: o.texts });
  });
  return { declared, entries };
}

/** The manifest of a file, for the library: every problem is an error (CheckError), as before. */
export function loadAlignmentManifest(file: string): AlignmentManifest {
  const r = readManifest(file);
  const errors = r.fatal ? [r.fatal] : r.entries.filter((d) => d.severity === 'error');
  if (errors.length) throw CheckError.of(errors);
  return r.manifest!;
}

/** Does the manifest in `file` name one of the inputs (by path from its folder, else by file name)? */
function namesAnInput(file: string, m: AlignmentManifest, inputs: string[]): boolean {
  const named = [m.itu, m.iso].map((n) => realPath(path.resolve(path.dirname(file), n)));
  const real = inputs.map(realPath);
  if (real.some((r) => named.includes(r))) return true;
  return inputs.some((f) => path.basename(f) === m.itu || path.basename(f) === m.iso);
}

/** The plain line and the problems of a manifest that was read. */
function outcome(file: string, r: ManifestRead, inputs: string[], explicit: boolean): ManifestChoice {
  if (r.fatal) {
    if (explicit) throw CheckError.of([r.fatal]);
    const note = say('manifestNotUsed', { file, reason: r.fatal.message });
    return { file, status: { status: 'not-used', file, note, problems: [r.fatal] }, warnings: [] };
  }
  const m = r.manifest!;
  const skipped = r.entries.filter((d) => d.severity === 'error').length;
  const note = skipped
    ? say('manifestPartlyUsed', { file, used: m.declared.length, total: r.total, skipped })
    : say('manifestUsed', { file, count: m.declared.length });
  const warnings = namesAnInput(file, m, inputs) ? [] : [say('manifestOtherNames', { file, itu: m.itu, iso: m.iso })];
  return { file, manifest: m, status: { status: skipped ? 'partly-used' : 'used', file, note, problems: r.entries }, warnings };
}

/**
 * The manifest for two input files: the one given (`explicit`), else '<name>.alignment.json' beside
 * either file (<name>: the file name without '.docx'), else any '*.alignment.json' there that names
 * one of them. A damaged manifest that mentions an input is reported as not used; a damaged one of
 * some other document in the same folder is not ours to judge and is skipped.
 */
export function chooseManifest(inputs: string[], explicit?: string): ManifestChoice {
  if (explicit) return outcome(explicit, readManifest(explicit), inputs, true);
  const direct = inputs.map((f) => path.join(path.dirname(f), `${path.basename(f).replace(/\.docx$/i, '')}.alignment.json`));
  for (const file of direct) if (existsSync(file)) return outcome(file, readManifest(file), inputs, false);
  const others: { file: string; m: AlignmentManifest }[] = [];
  for (const dir of [...new Set(inputs.map((f) => path.dirname(f)))]) {
    for (const file of manifestsIn(dir)) {
      const r = readManifest(file);
      if (r.fatal) {
        if (mentionsAnInput(file, inputs)) return outcome(file, r, inputs, false);
        continue;
      }
      if (namesAnInput(file, r.manifest!, inputs)) return outcome(file, r, inputs, false);
      others.push({ file, m: r.manifest! });
    }
  }
  return notFound(inputs, direct, others);
}

/** The '*.alignment.json' regular files of a folder (none when it cannot be listed). */
function manifestsIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.alignment.json')).sort().map((n) => path.join(dir, n)).filter(isRegularFile);
  } catch {
    return [];
  }
}

/** Does the text of a (damaged) manifest contain an input's file name? */
function mentionsAnInput(file: string, inputs: string[]): boolean {
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { /* unreadable: not ours to judge */ }
  return inputs.some((f) => text.includes(path.basename(f)));
}

/** No manifest: what was looked for, and the manifests of other files found on the way (renamed inputs?). */
function notFound(inputs: string[], direct: string[], others: { file: string; m: AlignmentManifest }[]): ManifestChoice {
  const folders = [...new Set(inputs.map((f) => path.dirname(f)))];
  const looked = say('manifestLooked', { names: [...new Set(direct)].join(', '), folders: folders.join(', ') });
  const lines = [say('manifestNotFound', { looked }), ...others.map((o) => say('manifestOthers', { file: o.file, names: `${o.m.itu}, ${o.m.iso}` }))];
  return { status: { status: 'not-found', file: null, note: lines.join(' '), problems: [] }, warnings: [] };
}

/**
 * Which input is the ITU publication: by the paths the manifest names (relative to its folder), else
 * by file name; undefined when neither matches. Two inputs with the same file name (a/spec.docx,
 * b/spec.docx) are told apart by their folders, never by the name alone.
 */
export function manifestSide(files: [string | undefined, string | undefined], file: string, m: { itu: string; iso: string }): 'a' | 'b' | undefined {
  const dir = path.dirname(file);
  const [ra, rb] = files.map((f) => (f ? realPath(f) : undefined));
  const [itu, iso] = [m.itu, m.iso].map((n) => realPath(path.resolve(dir, n)));
  if (ra === itu || rb === iso) return 'a';
  if (ra === iso || rb === itu) return 'b';
  const [a, b] = files.map((f) => (f ? path.basename(f) : undefined));
  if (a === b) {
    // the same name on both sides: the input beside the manifest is the one its name is about
    const beside = files.findIndex((f) => f && realPath(path.dirname(f)) === realPath(dir));
    if (beside < 0 || (a !== m.itu && a !== m.iso)) return undefined;
    return (beside === 0) === (a === m.itu) ? 'a' : 'b';
  }
  if (a === m.itu || (b === m.iso && a !== m.iso)) return 'a';
  if (a === m.iso || b === m.itu) return 'b';
  return undefined;
}
