/**
 * Alignment and comparison of two segmented bodies:
 *  1. clauses aligned by number and title (LCS on 'number|title' keys), so a missing, extra,
 *     renumbered, retitled or moved clause is one finding, not a cascade of text differences;
 *  2. inside each pair of clauses, units aligned by their normalised text (LCS again), changed
 *     units paired by word similarity; tables compared row by row and cell by cell;
 *  3. words inside a changed unit (diffWords, per unit only: on a whole document it takes seconds).
 * A unit missing on one side whose exact text appears on the other side elsewhere is 'moved'.
 */
import { diffArrays, diffWords } from 'diff';
import type { Clause, Unit } from './segment.js';
import type { DiffPart, Finding } from './types.js';

export type RawFinding = Omit<Finding, 'id'> & {
  /** For one-sided findings: the side that has the text ('a' = missing in B, 'b' = extra in B). */
  side?: 'a' | 'b';
  /** Normalised texts of the one-sided units (for declared differences). */
  texts?: string[];
};

export interface Labels {
  a: string;
  b: string;
}

export function wordDiff(a: string, b: string): DiffPart[] {
  return diffWords(a, b).map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'equal', text: c.value }));
}

function words(s: string): Set<string> {
  return new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
}

/** Dice coefficient on word sets: 1 = same words, 0 = nothing in common. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const wa = words(a);
  const wb = words(b);
  if (!wa.size && !wb.size) return a.trim() === b.trim() ? 1 : 0.5;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return (2 * common) / (wa.size + wb.size);
}

export function unitLocation(u: Unit, clause: string): string {
  switch (u.kind) {
    case 'note':
    case 'example':
      return /\d/.test(u.label) ? `${u.label} in ${clause}` : `${u.kind} ${u.ordinal} in ${clause}`;
    case 'table':
      return u.label || `table ${u.ordinal} in ${clause}`;
    case 'table title':
    case 'figure title':
      return u.label ? `${u.label} (title), in ${clause}` : `${clause}, ${u.kind} ${u.ordinal}`;
    case 'footnote':
      return `footnote ${u.ordinal} in ${clause}`;
    case 'obligation':
      return `${clause}, obligation line`;
    case 'list item':
      return `${clause}, list item ${u.ordinal}${/^[a-z0-9]{1,4}[.)]$/i.test(u.label) ? ` (${u.label})` : ''}`;
    default:
      return `${clause}, ${u.kind} ${u.ordinal}`;
  }
}

function describe(u: Unit): string {
  return u.kind === 'table' ? `${u.label || 'table'} (${u.table?.rows.length ?? 0} rows)` : u.label || u.kind;
}

/**
 * Beyond this many edits the LCS (Myers, O((N+M)·D)) is abandoned: two clauses of tens of thousands of
 * differing paragraphs would take minutes. The common head and tail still align; the rest is one run.
 */
const MAX_EDITS = 2000;

/** LCS of the keys; past MAX_EDITS: the common head and tail equal, the middle removed and added. */
function lcs(ka: string[], kb: string[]): { count: number; added?: boolean; removed?: boolean; value: string[] }[] {
  const ops = diffArrays(ka, kb, { maxEditLength: MAX_EDITS });
  if (ops) return ops;
  let head = 0;
  while (head < ka.length && head < kb.length && ka[head] === kb[head]) head++;
  let tail = 0;
  while (tail < ka.length - head && tail < kb.length - head && ka[ka.length - 1 - tail] === kb[kb.length - 1 - tail]) tail++;
  const op = (count: number, flag?: 'added' | 'removed') => ({ count, value: [] as string[], ...(flag ? { [flag]: true } : {}) });
  return [op(head), op(ka.length - head - tail, 'removed'), op(kb.length - head - tail, 'added'), op(tail)].filter((o) => o.count > 0);
}

/** Split LCS output into runs of [removed, added] between equal stretches. */
function runs<T>(a: T[], b: T[], key: (x: T) => string): { equal: [T, T][]; runs: { rem: T[]; add: T[] }[] } {
  const ops = lcs(a.map(key), b.map(key));
  const equal: [T, T][] = [];
  const out: { rem: T[]; add: T[] }[] = [];
  let ia = 0;
  let ib = 0;
  let cur = { rem: [] as T[], add: [] as T[] };
  for (const op of ops) {
    const n = op.count ?? op.value.length;
    if (op.removed) for (let k = 0; k < n; k++) cur.rem.push(a[ia++]);
    else if (op.added) for (let k = 0; k < n; k++) cur.add.push(b[ib++]);
    else {
      if (cur.rem.length || cur.add.length) out.push(cur);
      cur = { rem: [], add: [] };
      for (let k = 0; k < n; k++) equal.push([a[ia++], b[ib++]]);
    }
  }
  if (cur.rem.length || cur.add.length) out.push(cur);
  return { equal, runs: out };
}

/** Above this many candidate pairs in one run, removed and added items are paired in order, not by similarity. */
const MAX_PAIRINGS = 250_000;

/** Pair removed and added items of one run: in order when the counts match, else by similarity. */
function pairRun<T>(rem: T[], add: T[], text: (x: T) => string, threshold: number): { pairs: [T, T][]; rem: T[]; add: T[] } {
  const pairs: [T, T][] = [];
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  if (rem.length === add.length) {
    rem.forEach((r, i) => {
      if (rem.length === 1 || similarity(text(r), text(add[i])) >= threshold / 2) {
        pairs.push([r, add[i]]);
        usedA.add(i);
        usedB.add(i);
      }
    });
  } else if (rem.length * add.length > MAX_PAIRINGS) {
    // too many to weigh every pair (quadratic): pair in order as far as the shorter side goes
    for (let i = 0; i < Math.min(rem.length, add.length); i++) {
      pairs.push([rem[i], add[i]]);
      usedA.add(i);
      usedB.add(i);
    }
  } else {
    const cand: [number, number, number][] = [];
    rem.forEach((r, i) => add.forEach((x, j) => {
      const s = similarity(text(r), text(x));
      if (s >= threshold) cand.push([s, i, j]);
    }));
    cand.sort((p, q) => q[0] - p[0]);
    const at: [number, number][] = [];
    for (const [, i, j] of cand) {
      if (usedA.has(i) || usedB.has(j)) continue;
      // keep pairs in document order: no crossing with an accepted pair
      if (at.some(([pi, pj]) => (pi < i) !== (pj < j))) continue;
      at.push([i, j]);
      usedA.add(i);
      usedB.add(j);
    }
    at.sort((p, q) => p[0] - q[0]);
    for (const [i, j] of at) pairs.push([rem[i], add[j]]);
  }
  return { pairs, rem: rem.filter((_, i) => !usedA.has(i)), add: add.filter((_, j) => !usedB.has(j)) };
}

function compareTables(ua: Unit, ub: Unit, clause: string, L: Labels, out: RawFinding[]): void {
  const name = unitLocation(ua, clause);
  const ta = ua.table!;
  const tb = ub.table!;
  const rowKey = (r: (typeof ta.rows)[number]) => r.cells.map((c) => c.text).join('\t');
  const ra = ua.norm.split('\n');
  const rb = ub.norm.split('\n');
  const ia = ta.rows.map((r, i) => ({ i, norm: ra[i] ?? rowKey(r) }));
  const ib = tb.rows.map((r, i) => ({ i, norm: rb[i] ?? rowKey(r) }));
  const { runs: rs } = runs(ia, ib, (x) => x.norm);
  for (const run of rs) {
    const { pairs, rem, add } = pairRun(run.rem, run.add, (x) => x.norm, 0.3);
    for (const [x, y] of pairs) {
      const ca = x.norm.split('\t');
      const cb = y.norm.split('\t');
      if (ca.length !== cb.length) {
        out.push({
          kind: 'changed', clause, location: `${name}, row ${x.i + 1}`, unit: { kind: 'table row', label: `row ${x.i + 1}` },
          message: `row ${x.i + 1} has ${ca.length} cells in ${L.a} and ${cb.length} in ${L.b}`,
          a: ca.join(' | '), b: cb.join(' | '), diff: wordDiff(ca.join(' | '), cb.join(' | ')),
        });
        continue;
      }
      ca.forEach((c, k) => {
        if (c === cb[k]) return;
        out.push({
          kind: 'changed', clause, location: `${name}, row ${x.i + 1}, column ${k + 1}`, unit: { kind: 'table cell', label: `row ${x.i + 1}, column ${k + 1}` },
          message: `the cell text differs`, a: c, b: cb[k], diff: wordDiff(c, cb[k]),
        });
      });
    }
    for (const x of rem) {
      out.push({ kind: 'missing', clause, location: `${name}, row ${x.i + 1}`, unit: { kind: 'table row', label: `row ${x.i + 1}` }, message: `row ${x.i + 1} is in ${L.a} but not in ${L.b}`, a: x.norm.replace(/\t/g, ' | '), side: 'a', texts: [x.norm] });
    }
    for (const y of add) {
      out.push({ kind: 'extra', clause, location: `${name}, row ${y.i + 1}`, unit: { kind: 'table row', label: `row ${y.i + 1}` }, message: `row ${y.i + 1} is in ${L.b} but not in ${L.a}`, b: y.norm.replace(/\t/g, ' | '), side: 'b', texts: [y.norm] });
    }
  }
}

interface Loose {
  unit: Unit;
  clause: string;
  side: 'a' | 'b';
}

function compareUnits(ca: Clause, cb: Clause, L: Labels, out: RawFinding[], loose: Loose[]): void {
  const clause = ca.label;
  const { runs: rs } = runs(ca.units, cb.units, (u) => u.norm);
  for (const run of rs) {
    const { pairs, rem, add } = pairRun(run.rem, run.add, (u) => u.norm, 0.5);
    for (const [x, y] of pairs) {
      if (x.kind === 'table' && y.kind === 'table') {
        compareTables(x, y, clause, L, out);
        continue;
      }
      out.push({
        kind: 'changed', clause, location: unitLocation(x, clause), unit: { kind: x.kind, label: x.label },
        message: `the ${x.kind} text differs`, a: x.norm, b: y.norm, diff: wordDiff(x.norm, y.norm),
      });
    }
    for (const u of rem) loose.push({ unit: u, clause, side: 'a' });
    for (const u of add) loose.push({ unit: u, clause: cb.label, side: 'b' });
  }
}

function clauseSize(c: Clause): string {
  const n = c.units.length;
  return `${n} unit${n === 1 ? '' : 's'}`;
}

/** Compare two lists of clauses; returns the findings (one-sided ones carry `side` and `texts`). */
export function compareClauses(A: Clause[], B: Clause[], L: Labels): RawFinding[] {
  const out: RawFinding[] = [];
  const loose: Loose[] = [];
  const { equal, runs: rs } = runs(A, B, (c) => c.key);
  for (const [x, y] of equal) {
    if (x.headingNorm !== y.headingNorm) {
      // same number and title, different heading text (e.g. tab vs spaces in strict mode)
      out.push(headingChanged(x, y, 'the heading text differs'));
    }
    if (x.units.length !== y.units.length || x.units.some((u, i) => u.norm !== y.units[i].norm)) compareUnits(x, y, L, out, loose);
  }
  const { goneA, goneB } = retitled(rs, L, out, loose);
  pairMoved(goneA, goneB, L, out, loose);
  oneSided(goneA, 'a', L, out);
  oneSided(goneB, 'b', L, out);
  looseUnits(loose, L, out);
  return out;
}

function headingChanged(x: Clause, y: Clause, message: string): RawFinding {
  return { kind: 'heading-changed', clause: x.label, location: `heading of ${x.label}`, unit: { kind: 'heading', label: x.label }, message, a: x.headingNorm, b: y.headingNorm, diff: wordDiff(x.headingNorm, y.headingNorm) };
}

/** In each run of unaligned clauses: the same number with another title is a changed heading; the rest are gone from one side. */
function retitled(rs: ReturnType<typeof runs<Clause>>['runs'], L: Labels, out: RawFinding[], loose: Loose[]): { goneA: Clause[]; goneB: Clause[] } {
  const goneA: Clause[] = [];
  const goneB: Clause[] = [];
  for (const run of rs) {
    const addLeft = [...run.add];
    for (const x of run.rem) {
      const j = addLeft.findIndex((y) => x.number && y.number === x.number);
      if (j < 0) {
        goneA.push(x);
        continue;
      }
      const [y] = addLeft.splice(j, 1);
      out.push(headingChanged(x, y, `the title of ${x.label} differs`));
      compareUnits(x, y, L, out, loose);
    }
    goneB.push(...addLeft);
  }
  return { goneA, goneB };
}

/** Across the whole document: a clause on both sides under another position or number (taken out of the gone lists). */
function pairMoved(goneA: Clause[], goneB: Clause[], L: Labels, out: RawFinding[], loose: Loose[]) {
  const titleKey = (c: Clause) => c.key.slice(c.key.indexOf('|') + 1);
  for (let i = 0; i < goneA.length; i++) {
    const x = goneA[i];
    let j = goneB.findIndex((y) => y.key === x.key);
    let kind: RawFinding['kind'] = 'clause-moved';
    if (j < 0 && titleKey(x)) {
      j = goneB.findIndex((y) => titleKey(y) === titleKey(x));
      kind = 'clause-renumbered';
    }
    if (j < 0) continue;
    const [y] = goneB.splice(j, 1);
    goneA.splice(i--, 1);
    out.push({
      kind, clause: x.label, location: x.label, unit: { kind: 'clause', label: x.label },
      message: kind === 'clause-moved' ? `${x.label} "${x.title}" is at another place in ${L.b}` : `${x.label} "${x.title}" is numbered ${y.label} in ${L.b}`,
      a: x.headingNorm, b: y.headingNorm,
    });
    compareUnits(x, y, L, out, loose);
  }
}

/** Clauses on one side only; a clause and its subclauses are one finding. */
function oneSided(list: Clause[], side: 'a' | 'b', L: Labels, out: RawFinding[]) {
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    const group = [c];
    while (i + 1 < list.length && c.number && list[i + 1].number.startsWith(`${c.number.replace(/^(Annex|Appendix) /, '')}.`)) group.push(list[++i]);
    const sub = group.length > 1 ? ` and its ${group.length - 1} subclause${group.length > 2 ? 's' : ''}` : '';
    const has = side === 'a' ? L.a : L.b;
    const lacks = side === 'a' ? L.b : L.a;
    const texts = group.flatMap((g) => [g.headingNorm, ...g.units.map((u) => u.norm)]);
    out.push({
      kind: side === 'a' ? 'clause-missing' : 'clause-extra', clause: c.label, location: c.label, unit: { kind: 'clause', label: c.label },
      message: `${c.label} "${c.title}"${sub} (${group.map(clauseSize).join(', ')}) is in ${has} but not in ${lacks}`,
      [side]: c.headingNorm, side, texts,
    });
  }
}

/** Loose units: the same text on the other side elsewhere is a move, else missing / extra. */
function looseUnits(loose: Loose[], L: Labels, out: RawFinding[]) {
  const extras = loose.filter((l) => l.side === 'b');
  // by text, each list in document order: the first extra of the same text is the move's other end
  const byText = new Map<string, Loose[]>();
  for (const e of extras) {
    const list = byText.get(e.unit.norm);
    if (list) list.push(e);
    else byText.set(e.unit.norm, [e]);
  }
  const taken = new Set<Loose>();
  for (const l of loose) {
    if (l.side !== 'a') continue;
    const e = byText.get(l.unit.norm)?.shift();
    const where = unitLocation(l.unit, l.clause);
    if (e) {
      taken.add(e);
      const there = unitLocation(e.unit, e.clause);
      out.push({ kind: 'moved', clause: l.clause, location: where, unit: { kind: l.unit.kind, label: l.unit.label }, message: `the ${l.unit.kind} is at another place in ${L.b} (${there})`, a: l.unit.norm, b: e.unit.norm });
      continue;
    }
    out.push({ kind: 'missing', clause: l.clause, location: where, unit: { kind: l.unit.kind, label: l.unit.label }, message: `${describe(l.unit)} is in ${L.a} but not in ${L.b}`, a: l.unit.norm, side: 'a', texts: [l.unit.norm] });
  }
  for (const e of extras) {
    if (taken.has(e)) continue;
    out.push({ kind: 'extra', clause: e.clause, location: unitLocation(e.unit, e.clause), unit: { kind: e.unit.kind, label: e.unit.label }, message: `${describe(e.unit)} is in ${L.b} but not in ${L.a}`, b: e.unit.norm, side: 'b', texts: [e.unit.norm] });
  }
}
