/**
 * check(a, b): are two DOCX publications technically identical?
 * Front matter, TOC, headers, footers and back matter are masked (summarised, not compared);
 * the bodies are compared clause by clause; declared differences are listed with their reasons.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TemplateError } from '../profile/index.js';
import { readDocx, DocxReadError, type ReadDocument } from '../reader/index.js';
import { segment, type Segmented } from './segment.js';
import { segmentPublication } from './prepared.js';
import type { Publication } from '../model/publication.js';
import { compareClauses, type RawFinding } from './compare.js';
import { CheckError, loadAllowRules, makeMatcher, type AllowRule } from './declared.js';
import { chooseManifest, manifestSide } from './manifest.js';
import { documentIdentity, ituSideByFooters } from './identity.js';
import { say, toolVersion } from './wording.js';
import { NORMALISATIONS } from './normalize.js';
import { styleRoles, type StyleRoles } from './roles.js';
import type { CheckOptions, CheckResult, DeclaredDifference, DeclaredEntry, Finding, ManifestStatus, MaskedEntry } from './types.js';

/** A DOCX file (its path or bytes, or read already), or a publication as prepare made it (check <source.md>). */
type Input = ReadDocument | Publication | Uint8Array | string;

const isPublication = (x: ReadDocument | Publication): x is Publication => 'templates' in x;

/** Read an input; a read error names the file it is about ('first file' for bytes in memory). */
async function load(x: Input, which: string): Promise<ReadDocument | Publication> {
  if (typeof x !== 'string' && !(x instanceof Uint8Array)) return x;
  try {
    return await readDocx(x);
  } catch (e) {
    if (e instanceof DocxReadError) throw e.file ? e : e.about(typeof x === 'string' ? x : which);
    throw e;
  }
}

/** Unique header or footer texts of a document, page numbers removed, for the one-line summary. */
function hfSummary(doc: ReadDocument | Publication, which: 'headers' | 'footers'): string {
  const seen: string[] = [];
  const texts = isPublication(doc)
    ? doc.sections.map((s) => (which === 'headers' ? s.header : s.footer))
    : doc.sections.flatMap((s) => (['default', 'first', 'even'] as const).map((k) => s[which][k]));
  for (const text of texts) {
    const t = (text ?? '')
      .replace(/(^|\t)([0-9]+|[ivxlc]+)(?=\t|$)/g, '$1')
      .replace(/\s+/g, ' ')
      .trim();
    if (t && !seen.includes(t)) seen.push(t);
  }
  if (!seen.length) return 'none';
  return seen.length > 3 ? `${seen.slice(0, 3).join(' · ')} (+${seen.length - 3} more)` : seen.join(' · ');
}

function clauseCount(s: Segmented): number {
  return s.body.length + s.introduction.length;
}

/** Declared differences, sides, labels and the style map: from the options, else from the alignment manifest beside an input (or given). */
function setting(files: [string | undefined, string | undefined], options: CheckOptions) {
  let declared: { d: DeclaredDifference; source: DeclaredEntry['source'] }[] = [];
  let ituSide: 'a' | 'b' = 'a';
  const warnings: string[] = [];
  let labels = options.labels;
  let templates = options.templates;
  let manifest: ManifestStatus;
  let sidesKnown = !!options.labels;
  if (options.declared) {
    const source = options.declaredFrom ?? 'options';
    declared = options.declared.map((d) => ({ d, source }));
    const note = source === 'source' ? say('declaredFromSource', { count: declared.length, source: options.source ?? '' }) : say('declaredFromOptions', { count: declared.length });
    manifest = { status: source, file: null, note, problems: [] };
  } else {
    const chosen = chooseManifest(files.filter((f): f is string => !!f), options.manifest);
    manifest = chosen.status;
    warnings.push(...chosen.warnings);
    if (chosen.manifest && chosen.file) {
      const m = chosen.manifest;
      declared = m.declared.map((d) => ({ d, source: 'manifest' as const }));
      const side = manifestSide(files, chosen.file, m);
      sidesKnown = true;
      if (side) ituSide = side;
      else if (!chosen.warnings.length) warnings.push(`neither input is named as in ${chosen.file} ("${m.itu}", "${m.iso}"); the first was taken as the ITU publication`);
      // sides unknown by name: the first is taken as the ITU publication (a warning says so), and labelled so
      labels ??= ituSide === 'a' ? ['ITU', 'ISO'] : ['ISO', 'ITU'];
      // the build's own template folder, named relative to the manifest, maps its style names to roles
      if (m.templates) templates ??= path.resolve(path.dirname(chosen.file), m.templates);
    }
  }
  if (options.labels) {
    const l0 = options.labels[0].toLowerCase();
    const l1 = options.labels[1].toLowerCase();
    if (l0.includes('iso') || l1.includes('itu')) ituSide = 'b';
  }
  return { declared, ituSide, warnings, manifest, sidesKnown, labels: labels ?? ['A', 'B'] as [string, string], styles: stylesOf(templates) };
}

/** Without a manifest or labels: ITU and ISO told apart by the publications' own footers, and said so; else A and B. */
function sidesByFooters(da: ReadDocument | Publication, db: ReadDocument | Publication, sides: { ituSide: 'a' | 'b'; labels: [string, string] }, warnings: string[]) {
  const side = ituSideByFooters(da, db);
  if (!side) return sides;
  warnings.push(say('sidesByFooters'));
  return { ituSide: side, labels: (side === 'a' ? ['ITU', 'ISO'] : ['ISO', 'ITU']) as [string, string] };
}

/** The style map of a template folder; a missing folder or a broken docx.yaml is a CheckError (exit 2), in plain words. */
function stylesOf(dir: string | undefined): StyleRoles {
  if (dir && !existsSync(dir)) throw new CheckError('template folder not found', { file: dir, code: 'templates-not-found' });
  try {
    return styleRoles(dir);
  } catch (e) {
    if (e instanceof TemplateError) throw new CheckError(e.detail, { ...(e.at ?? { file: dir ?? 'templates' }), code: 'template' });
    throw e;
  }
}

export async function check(a: Input, b: Input, options: CheckOptions = {}): Promise<CheckResult> {
  const t0 = performance.now();
  const strict = !!options.strictTypography;
  const files: [string | undefined, string | undefined] = [typeof a === 'string' ? a : undefined, typeof b === 'string' ? b : undefined];
  const { declared, warnings, styles, manifest, sidesKnown, ...sides } = setting(files, options);
  const rules: AllowRule[] = options.allowRulesFile ? loadAllowRules(options.allowRulesFile) : [];
  const [da, db] = await loadBoth(a, b);
  const { ituSide, labels } = sidesKnown ? sides : sidesByFooters(da, db, sides, warnings);
  // a prepared publication says what each paragraph is; a DOCX file is segmented by its styles and text
  const segmentOf = (d: ReadDocument | Publication) => (isPublication(d) ? segmentPublication(d, strict) : segment(d, { strictTypography: strict, styles }));
  const [sa, sb] = [segmentOf(da), segmentOf(db)];
  const L = { a: labels[0], b: labels[1] };
  const { findings, declaredOut } = sift(compareInOrder(sa, sb, L), makeMatcher(declared, rules, ituSide, strict));
  warnings.push(...readingWarnings([[da, sa, L.a], [db, sb, L.b]]));
  const identical = findings.length === 0;
  const units = (s: Segmented) => [...s.introduction, ...s.body].reduce((n, c) => n + c.units.length, 0);
  return {
    schemaVersion: 2,
    tool: 'commontext check',
    toolVersion: toolVersion(),
    checkedAt: new Date().toISOString(),
    document: documentIdentity([[da, sa], [db, sb]]),
    source: options.source ?? null,
    names: [nameOf(a, da, say('firstInput')), nameOf(b, db, say('secondInput'))],
    manifest,
    identical,
    verdict: identical
      ? `technically identical: no differences in the body${declaredOut.length ? ` (${declaredOut.length} declared difference${declaredOut.length > 1 ? 's' : ''})` : ''}`
      : `NOT technically identical: ${findings.length} finding${findings.length > 1 ? 's' : ''} in the body`,
    labels,
    files,
    normalisations: strict ? [] : NORMALISATIONS.map((n) => n.description),
    strictTypography: strict,
    masked: maskedAreas(da, db, sa, sb),
    declared: declaredOut,
    findings,
    stats: {
      clauses: [clauseCount(sa), clauseCount(sb)],
      units: [units(sa), units(sb)],
      bodyStart: [sa.bodyStartReason, sb.bodyStartReason],
      ms: Math.round(performance.now() - t0),
    },
    warnings,
  };
}

/** A publication's name in the reports: its file name, or the one the build would give it (check <source.md>). */
function nameOf(x: Input, d: ReadDocument | Publication, which: string): string {
  if (typeof x === 'string') return path.basename(x);
  return isPublication(d) ? d.fileName : which;
}

/** Both inputs read at once; when both fail, the first file's error is the one reported (not whichever fails first). */
async function loadBoth(a: Input, b: Input): Promise<[ReadDocument | Publication, ReadDocument | Publication]> {
  const [ra, rb] = await Promise.allSettled([load(a, 'first file'), load(b, 'second file')]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

/** The Introduction's and the body's findings, in document order (by the clause's position on side A, else B). */
function compareInOrder(sa: Segmented, sb: Segmented, L: { a: string; b: string }): RawFinding[] {
  const raw: RawFinding[] = [...compareIntroductions(sa, sb, L), ...compareClauses(sa.body, sb.body, L)];
  const order = new Map<string, number>();
  [...sa.introduction, ...sa.body, ...sb.introduction, ...sb.body].forEach((c, i) => {
    if (!order.has(c.label)) order.set(c.label, i);
  });
  return raw.sort((x, y) => (order.get(x.clause) ?? 1e9) - (order.get(y.clause) ?? 1e9));
}

/** Findings the source or the allow rules declare go to the declared list; the others are numbered. */
function sift(raw: RawFinding[], matcher: ReturnType<typeof makeMatcher>): { findings: Finding[]; declaredOut: DeclaredEntry[] } {
  const findings: Finding[] = [];
  const declaredOut: DeclaredEntry[] = [];
  for (const f of raw) {
    const d = matcher.match(f);
    if (d) { declaredOut.push(d); continue; }
    const { side: _side, texts: _texts, ...rest } = f;
    findings.push({ id: findings.length + 1, ...rest });
  }
  return { findings, declaredOut };
}

/** What is summarised, not compared. */
function maskedAreas(da: ReadDocument | Publication, db: ReadDocument | Publication, sa: Segmented, sb: Segmented): MaskedEntry[] {
  return [
    { area: 'front matter', a: sa.frontMatter.summary, b: sb.frontMatter.summary },
    { area: 'table of contents', a: `${sa.toc.entries} entries`, b: `${sb.toc.entries} entries` },
    { area: 'headers', a: hfSummary(da, 'headers'), b: hfSummary(db, 'headers') },
    { area: 'footers', a: hfSummary(da, 'footers'), b: hfSummary(db, 'footers') },
    { area: 'back matter', a: sa.backMatter.summary, b: sb.backMatter.summary },
    ...numbering(sa, sb),
    ...annotations(da, db),
  ];
}

/** The reader's warnings, and where no title block was found, each with its side's label. */
function readingWarnings(sides: [ReadDocument | Publication, Segmented, string][]): string[] {
  const out: string[] = [];
  for (const [d, , l] of sides) if (!isPublication(d)) for (const w of d.warnings) out.push(`${l}: ${w}`);
  for (const [, s, l] of sides) {
    if (!s.bodyStartReason.startsWith('title block')) out.push(`${l}: no common-text title block found; the body was taken to start at ${s.bodyStartReason}`);
  }
  return out;
}

/** A supplement's numbering of its instruction headings ("1)⇥Changes to …", "1.1)"), when either has one: each publication's own. */
function numbering(sa: Segmented, sb: Segmented): MaskedEntry[] {
  const [a, b] = [sa.instructionNumbering?.summary ?? 'none', sb.instructionNumbering?.summary ?? 'none'];
  return a === 'none' && b === 'none' ? [] : [{ area: 'instruction numbering', a, b }];
}

/** Comments and tracked changes of DOCX inputs (a prepared publication has none), when there are any. */
function annotations(da: ReadDocument | Publication, db: ReadDocument | Publication): MaskedEntry[] {
  const count = (d: ReadDocument | Publication) => (isPublication(d) ? { comments: 0, changes: 0 } : { comments: d.comments.length, changes: d.trackedChanges.insertions + d.trackedChanges.deletions });
  const [ca, cb] = [count(da), count(db)];
  if (!ca.comments && !cb.comments && !ca.changes && !cb.changes) return [];
  const tc = (c: { comments: number; changes: number }) => `${c.comments} comments, ${c.changes} tracked changes (read as accepted)`;
  return [{ area: 'comments and tracked changes', a: tc(ca), b: tc(cb) }];
}

/** The Introduction sits in the front matter but is shared text: compare it when either side has one. */
function compareIntroductions(sa: Segmented, sb: Segmented, L: { a: string; b: string }): RawFinding[] {
  if (!sa.introduction.length && !sb.introduction.length) return [];
  return compareClauses(sa.introduction, sb.introduction, L);
}

export { CheckError };
