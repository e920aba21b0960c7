/**
 * Declared differences: what may legitimately be on one side only (an ISO-only annex, an ITU-only
 * note …). They come from the build's alignment manifest (<name>.alignment.json), from
 * CheckOptions.declared, or from an allow-rules YAML file. A finding they cover is listed as
 * declared, with its reason, instead of as a finding.
 */
import { chooseManifest, type AlignmentManifest } from './manifest.js';
import { normalise } from './normalize.js';
import type { RawFinding } from './compare.js';
import type { DeclaredDifference, DeclaredEntry } from './types.js';

export { CheckError } from './errors.js';

export { loadAlignmentManifest, type AlignmentManifest } from './manifest.js';

/** The manifest check would use for two input files (see chooseManifest), when there is a usable one. */
export function findAlignmentManifest(files: string[]): { path: string; manifest: AlignmentManifest } | undefined {
  const c = chooseManifest(files);
  return c.file && c.manifest ? { path: c.file, manifest: c.manifest } : undefined;
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

/**
 * Is a declared difference's clause a clause number ("7.3", "A.1", "Annex C")? A one-side block under
 * an unnumbered heading (a supplement's "3) Subclause A.1") records that heading, which is not a clause
 * the comparison knows: its texts alone then say what it covers.
 */
function numberedScope(scope: string): boolean {
  return /^(\d+(\.\d+)*|[A-Z](\.\d+)*|(Annex|Appendix) \S+)$/i.test(scope.trim());
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
          if (x.d.clause && numberedScope(x.d.clause) && !inClause(f.clause, x.d.clause)) continue;
          // a whole clause is declared when its heading is declared; a unit when its text is
          const covered = f.kind.startsWith('clause-') ? x.texts.has(texts[0]) || texts.every((t) => x.texts.has(t)) : texts.every((t) => x.texts.has(t));
          if (covered) return { location: f.location, clause: f.clause, side: f.side, reason: x.d.reason, source: x.source, text: texts[0] ?? '', ...sideTexts(f, texts) };
        }
      }
      // a paragraph that differs by inline one-side text (:itu[…] / :iso[…]) is declared on both sides
      if (!f.side && f.a !== undefined && f.b !== undefined) {
        const onA = decl.find((x) => x.side === 'a' && x.texts.has(f.a!));
        const onB = decl.find((x) => x.side === 'b' && x.texts.has(f.b!));
        if (onA && onB) return { location: f.location, clause: f.clause, side: 'a', both: true, reason: onA.d.reason || onB.d.reason, source: onA.source, text: f.a, a: f.a, b: f.b };
      }
      for (const { r, re, text } of compiled) {
        if (r.kinds && !r.kinds.includes(f.kind)) continue;
        if (r.side && r.side !== 'any' && f.side && sideOf(r.side) !== f.side) continue;
        if (r.clause && !inClause(f.clause, r.clause)) continue;
        if (text !== undefined && !texts.some((t) => t === text)) continue;
        if (re && !texts.some((t) => re.test(t))) continue;
        return { location: f.location, clause: f.clause, side: f.side ?? 'a', ...(f.side ? {} : { both: true }), reason: r.reason, source: 'allow-rules', text: texts[0] ?? '', ...sideTexts(f, texts) };
      }
      return undefined;
    },
  };
}

/** The text each side has for a declared finding: a one-sided one's every paragraph (a clause's heading and body), else both texts. */
function sideTexts(f: RawFinding, texts: string[]): { a?: string; b?: string } {
  if (f.side === 'a') return { a: texts.join('\n') };
  if (f.side === 'b') return { b: texts.join('\n') };
  return { a: f.a, b: f.b };
}
