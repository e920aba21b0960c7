/**
 * Declared differences: what may legitimately be on one side only (an ISO-only annex, an ITU-only
 * note …). They come from the build's alignment manifest (<name>.alignment.json), from
 * CheckOptions.declared, or from an allow-rules YAML file. A finding they cover is listed as
 * declared, with its reason, instead of as a finding.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CheckError } from './errors.js';
import { normalise } from './normalize.js';
import type { RawFinding } from './compare.js';
import type { DeclaredDifference, DeclaredEntry } from './types.js';

export { CheckError } from './errors.js';

export interface AlignmentManifest {
  schemaVersion: 1;
  itu: string;
  iso: string;
  declared: DeclaredDifference[];
  /** The build's own template folder, relative to the manifest's folder (its docx.yaml names the styles). */
  templates?: string;
}

function validDeclared(d: unknown, file: string, where: string): DeclaredDifference {
  const o = d as Record<string, unknown>;
  const fail = (message: string) => new CheckError(`${where}: ${message}`, { file, code: 'manifest' });
  if (!o || typeof o !== 'object') throw fail('each declared difference must be an object');
  if (o.side !== 'itu' && o.side !== 'iso') throw fail('"side" must be "itu" or "iso"');
  if (typeof o.reason !== 'string' || !o.reason) throw fail('"reason" must be a non-empty string');
  if (!Array.isArray(o.texts) || o.texts.some((t) => typeof t !== 'string')) throw fail('"texts" must be a list of strings');
  if (o.clause !== undefined && typeof o.clause !== 'string') throw fail('"clause" must be a string');
  return { side: o.side, reason: o.reason, clause: o.clause as string | undefined, texts: o.texts as string[] };
}

const isRegularFile = (file: string) => { try { return statSync(file).isFile(); } catch { return false; } };

export function loadAlignmentManifest(file: string): AlignmentManifest {
  let data: unknown;
  if (existsSync(file) && !isRegularFile(file)) throw new CheckError('the alignment manifest is not a regular file (a folder, pipe or device); remove it or give a file', { file, code: 'manifest' });
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new CheckError(code === 'ENOENT' ? 'alignment manifest not found' : `the alignment manifest is not valid JSON (${(err as Error).message})`, { file, code: 'manifest' });
  }
  const o = data as Record<string, unknown>;
  const fail = (message: string) => new CheckError(message, { file, code: 'manifest' });
  if (!o || o.schemaVersion !== 1) throw fail('the alignment manifest must have "schemaVersion": 1');
  if (typeof o.itu !== 'string' || typeof o.iso !== 'string') throw fail('the alignment manifest must name the "itu" and "iso" files');
  const declared = Array.isArray(o.declared) ? o.declared.map((d, i) => validDeclared(d, file, `declared[${i}]`)) : [];
  if (o.templates !== undefined && typeof o.templates !== 'string') throw fail('"templates" must be a folder name');
  return { schemaVersion: 1, itu: o.itu, iso: o.iso, declared, ...(o.templates ? { templates: o.templates } : {}) };
}

/**
 * Find the manifest for two input files: '<name>.alignment.json' beside either file, where <name>
 * is the file name without '.docx', or any '*.alignment.json' there whose "itu" or "iso" names it.
 */
export function findAlignmentManifest(files: string[]): { path: string; manifest: AlignmentManifest } | undefined {
  const bases = files.map((f) => path.basename(f));
  for (const f of files) {
    const dir = path.dirname(f);
    const base = path.basename(f);
    const direct = path.join(dir, `${base.replace(/\.docx$/i, '')}.alignment.json`);
    if (existsSync(direct)) return { path: direct, manifest: loadAlignmentManifest(direct) };
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.alignment.json'));
    } catch {
      continue;
    }
    for (const n of names) {
      const m = manifestFor(path.join(dir, n), base, bases);
      if (m) return { path: path.join(dir, n), manifest: m };
    }
  }
  return undefined;
}

/**
 * The manifest in `file` when it names the input `base`. A damaged manifest that names an input (its
 * text has the input's file name) is an error (exit 2); a damaged one of some other document in the same folder is
 * not ours to judge and is skipped.
 */
function manifestFor(file: string, base: string, bases: string[]): AlignmentManifest | undefined {
  if (!isRegularFile(file)) return undefined;
  let m: AlignmentManifest;
  try {
    m = loadAlignmentManifest(file);
  } catch (err) {
    let text = '';
    try { text = readFileSync(file, 'utf8'); } catch { /* unreadable: not ours to judge */ }
    if (bases.some((b) => text.includes(b))) throw err;
    return undefined;
  }
  return m.itu === base || m.iso === base ? m : undefined;
}

/** One allow rule (YAML format documented in README.md). */
export interface AllowRule {
  reason: string;
  side?: 'itu' | 'iso' | 'any';
  clause?: string;
  text?: string;
  pattern?: string;
  kinds?: string[];
}

export { loadAllowRules } from './allow-rules.js';

/** Is `clause` the clause `scope` or inside it ('7.3.2' is inside '7.3'; 'C.1' is inside 'Annex C')? */
function inClause(clause: string, scope: string): boolean {
  const s = scope.trim().replace(/\s+/g, ' ');
  if (clause === s || clause.toLowerCase() === s.toLowerCase()) return true;
  const num = s.replace(/^(Annex|Appendix) /i, '');
  return clause.startsWith(`${num}.`);
}

export interface Matcher {
  /** Returns the declared entry if the finding is covered, else undefined. */
  match(f: RawFinding): DeclaredEntry | undefined;
}

/**
 * Build the matcher. `ituSide` tells which of A/B is the ITU publication (for rules by side).
 */
export function makeMatcher(declared: { d: DeclaredDifference; source: DeclaredEntry['source'] }[], rules: AllowRule[], ituSide: 'a' | 'b', strict: boolean): Matcher {
  const sideOf = (s: 'itu' | 'iso'): 'a' | 'b' => (s === 'itu' ? ituSide : ituSide === 'a' ? 'b' : 'a');
  const decl = declared.map(({ d, source }) => ({ d, source, side: sideOf(d.side), texts: new Set(d.texts.map((t) => normalise(t, strict))) }));
  const compiled = rules.map((r) => ({ r, re: r.pattern ? new RegExp(r.pattern, 'u') : undefined, text: r.text !== undefined ? normalise(r.text, strict) : undefined }));
  return {
    match(f) {
      const texts = f.texts ?? [f.a, f.b].filter((t): t is string => t !== undefined);
      if (f.side) {
        for (const x of decl) {
          if (x.side !== f.side) continue;
          if (x.d.clause && !inClause(f.clause, x.d.clause)) continue;
          // a whole clause is declared when its heading is declared; a unit when its text is
          const covered = f.kind.startsWith('clause-') ? x.texts.has(texts[0]) || texts.every((t) => x.texts.has(t)) : texts.every((t) => x.texts.has(t));
          if (covered) return { location: f.location, clause: f.clause, side: f.side, reason: x.d.reason, source: x.source, text: texts[0] ?? '' };
        }
      }
      // a paragraph that differs by inline one-side text (:itu[…] / :iso[…]) is declared on both sides
      if (!f.side && f.a !== undefined && f.b !== undefined) {
        const onA = decl.find((x) => x.side === 'a' && x.texts.has(f.a!));
        const onB = decl.find((x) => x.side === 'b' && x.texts.has(f.b!));
        if (onA && onB) return { location: f.location, clause: f.clause, side: 'a', reason: onA.d.reason || onB.d.reason, source: onA.source, text: f.a };
      }
      for (const { r, re, text } of compiled) {
        if (r.kinds && !r.kinds.includes(f.kind)) continue;
        if (r.side && r.side !== 'any' && f.side && sideOf(r.side) !== f.side) continue;
        if (r.clause && !inClause(f.clause, r.clause)) continue;
        if (text !== undefined && !texts.some((t) => t === text)) continue;
        if (re && !texts.some((t) => re.test(t))) continue;
        return { location: f.location, clause: f.clause, side: f.side ?? 'a', reason: r.reason, source: 'allow-rules', text: texts[0] ?? '' };
      }
      return undefined;
    },
  };
}
