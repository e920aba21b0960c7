/**
 * The convention for deleted sections and elements (README "Inserted and deleted sections"): nothing
 * published is renumbered, so a deleted subclause, table, figure, note or term leaves its number
 * unused. The corrected text says so with the source format's printed number, written on the
 * published elements after it whose number the count would otherwise change:
 *
 * - a (sub)clause: on its first following sibling only (`## Title {number="8.3.3"}`), since the count
 *   of the siblings after a plain printed number goes on from it; the subclauses inside keep theirs;
 * - a term: on the next term of its clause (`… {number="3.2.4"}`), else on the clause's first
 *   subclause, which shares the count;
 * - a table or figure: on every later caption of its numbering scope (the body, or its annex), since a
 *   caption's printed number takes no place in the count;
 * - a note: on every other note of its (sub)clause, when the count would print any of them otherwise
 *   (NOTE 3 as NOTE 2, or a remaining NOTE 1 as "NOTE").
 *
 * A deleted last element needs nothing. The same numbers go into the revision DOCX (published.ts).
 */
import type { RootContent } from 'mdast';
import { type BlockUnit, type SectionUnit, type SourceTree, allSections } from './tree.js';
import { countedNumber } from './placeholders.js';

export type KeptKind = 'section' | 'table' | 'figure' | 'note' | 'term';

/** A published element after a deleted one, with the number it keeps. */
export interface Kept { kind: KeptKind; number: string; section?: SectionUnit; unit?: BlockUnit; /** a note's (sub)clause */ in?: SectionUnit }

/** What a change set deletes from the old text: sections (with their subtrees) and block units. */
export interface Deleted { sections: Set<SectionUnit>; units: Set<BlockUnit> }

const ATTRS = /\{([^{}\n]*)\}\s*$/;

/** The number part of a unit's label ("Table A.3" → "A.3", "NOTE 2" → "2", "NOTE" → "", a term's "3.2.4"). */
export function labelNumber(u: BlockUnit): string {
  if (u.kind === 'term') return u.label ?? '';
  const last = /\S+$/.exec(u.label ?? '')?.[0] ?? '';
  return /\d/.test(last) ? last : '';
}

/** The printed number the source writes on a section or unit (`{number="…"}`), if any. */
export function ownNumber(x: { section?: SectionUnit; unit?: BlockUnit }, kind: KeptKind): string | undefined {
  if (x.section) return x.section.attrs.pairs.number;
  const node = x.unit ? numberedNode(x.unit, kind) : undefined;
  if (node?.type === 'containerDirective') return node.attributes?.number ?? undefined;
  const md = x.unit?.md ?? '';
  return /\bnumber="([^"]*)"/.exec(ATTRS.exec(kind === 'table' ? md.split('\n')[0] : md)?.[1] ?? '')?.[1];
}

/** The node that carries an element's printed number: a heading, a caption, a note, a term entry. */
export function numberedNode(u: BlockUnit, kind: KeptKind): RootContent | undefined {
  if (kind === 'table') return u.nodes.length === 2 ? u.nodes[0] : undefined;
  if (kind === 'figure') return u.nodes.length === 2 ? u.nodes[1] : undefined;
  return u.nodes[0];
}

/** The units of a deleted subtree count as deleted (its tables shift the later ones). */
export function withSubtrees(d: Deleted): Deleted {
  const units = new Set(d.units);
  for (const s of d.sections) for (const x of allSections([s])) x.blocks.forEach((u) => units.add(u));
  return { sections: d.sections, units };
}

// clauses and subclauses, an annex's too ("B.2"); annexes themselves are left to the count (their letters move up)
const counted = (s: SectionUnit) => (s.kind === 'clause' || s.kind === 'subclause') && !s.sides && /^(?:[A-Z]{1,2}\.)?\d+(?:\.\d+)*$/.test(s.number);

/** The first published sibling after `s` that the count numbers, when the deletion shifts it. */
function nextCounted(siblings: SectionUnit[], from: number, d: Deleted): SectionUnit | undefined {
  for (const x of siblings.slice(from)) {
    if (d.sections.has(x) || x.kind === 'unnumbered' || /[a-z]$/.test(x.number)) continue;
    return counted(x) && !(x.attrs.pairs.number && countedNumber(x.attrs.pairs.number)) ? x : undefined;
  }
  return undefined;
}

function insideDeleted(s: SectionUnit, d: Deleted): boolean {
  for (let p = s.parent; p; p = p.parent) if (d.sections.has(p)) return true;
  return false;
}

function afterSections(tree: SourceTree, d: Deleted, keep: (k: Kept) => void) {
  for (const s of d.sections) {
    if (!counted(s) || insideDeleted(s, d)) continue;
    const siblings = s.parent ? s.parent.children : tree.sections;
    const next = nextCounted(siblings, siblings.indexOf(s) + 1, d);
    if (next) keep({ kind: 'section', number: next.number, section: next });
  }
}

function afterTerm(s: SectionUnit, u: BlockUnit, d: Deleted, keep: (k: Kept) => void) {
  const next = s.blocks.slice(s.blocks.indexOf(u) + 1).find((x) => x.kind === 'term' && !d.units.has(x));
  if (next) {
    if (next.label && !next.sides && !ownNumber({ unit: next }, 'term')) keep({ kind: 'term', number: next.label, unit: next });
    return;
  }
  const sub = nextCounted(s.children, 0, d);
  if (sub) keep({ kind: 'section', number: sub.number, section: sub });
}

/** The top of a section's numbering scope for tables and figures: its annex, or the body. */
function scopeOf(s: SectionUnit): SectionUnit | 'body' {
  let top = s;
  while (top.parent) top = top.parent;
  return top.kind === 'annex' ? top : 'body';
}

function afterCaption(tree: SourceTree, s: SectionUnit, u: BlockUnit, d: Deleted, keep: (k: Kept) => void) {
  const order = allSections(tree.sections).flatMap((x) => x.blocks.map((unit) => ({ section: x, unit })));
  const scope = scopeOf(s);
  for (const e of order.slice(order.findIndex((x) => x.unit === u) + 1)) {
    const x = e.unit;
    if (x.kind !== u.kind || d.units.has(x) || scopeOf(e.section) !== scope || x.sides || !labelNumber(x)) continue;
    const kind = x.kind as 'table' | 'figure';
    if (numberedNode(x, kind) && ownNumber({ unit: x }, kind) === undefined) keep({ kind, number: labelNumber(x), unit: x });
  }
}

function notesAround(s: SectionUnit, d: Deleted, keep: (k: Kept) => void) {
  const left = s.blocks.filter((x) => x.kind === 'note' && !d.units.has(x) && !x.sides && ownNumber({ unit: x }, 'note') === undefined);
  const shifted = left.some((x, i) => labelNumber(x) !== (left.length > 1 ? String(i + 1) : ''));
  if (shifted) left.forEach((x) => keep({ kind: 'note', number: labelNumber(x), unit: x, in: s }));
}

/** The published elements whose number the deletions would change, each with the number it keeps. */
export function keptNumbers(tree: SourceTree, deleted: Deleted): Kept[] {
  const d = withSubtrees(deleted);
  const out: Kept[] = [];
  const seen = new Set<object>();
  const keep = (k: Kept) => {
    const o = k.section ?? k.unit!;
    if (!seen.has(o)) { seen.add(o); out.push(k); }
  };
  afterSections(tree, d, keep);
  for (const s of allSections(tree.sections)) {
    if (insideDeleted(s, d) || d.sections.has(s)) continue;
    for (const u of s.blocks) {
      // a deleted element printed with a number of its own ("Table 2a") took no place in the count
      if (!deleted.units.has(u) || u.sides || (u.kind !== 'note' && ownNumber({ unit: u }, u.kind as KeptKind) !== undefined)) continue;
      if (u.kind === 'term') afterTerm(s, u, d, keep);
      else if (u.kind === 'table' || u.kind === 'figure') afterCaption(tree, s, u, d, keep);
      else if (u.kind === 'note') notesAround(s, d, keep);
    }
  }
  for (const s of deleted.sections) for (const x of allSections([s])) for (const u of x.blocks) if (u.kind === 'table' || u.kind === 'figure') afterCaption(tree, x, u, d, keep);
  return out;
}

/** A heading's, caption's, note's or term entry's source text with the printed number written on it (the rest kept as written). */
export function withNumberText(raw: string, kind: KeptKind, number: string): string {
  const attr = `number="${number}"`;
  if (kind === 'note') {
    const m = /^(\s*:{3,}\s*note)(\{([^{}\n]*)\})?/.exec(raw);
    if (!m) return raw;
    const inside = m[3]?.trim();
    return `${m[1]}{${inside ? `${inside} ` : ''}${attr}}${raw.slice(m[0].length)}`;
  }
  if (kind === 'term') return `${raw.trimEnd()} {${attr}}`;
  const m = ATTRS.exec(raw);
  return m ? `${raw.slice(0, m.index)}{${m[1].trim()} ${attr}}` : `${raw.trimEnd()} {${attr}}`;
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A unit's Markdown as compared between versions: a printed number on it that is the number it is
 * printed with (the editor kept a published number after a deletion) is no change of it.
 */
export function comparableMd(u: BlockUnit): string {
  if (u.kind !== 'table' && u.kind !== 'figure' && u.kind !== 'note' && u.kind !== 'term') return u.md;
  const own = ownNumber({ unit: u }, u.kind);
  if (own === undefined || !own || own !== labelNumber(u)) return u.md;
  const attr = `number="${escaped(own)}"`;
  const alone = new RegExp(`\\s*\\{${attr}\\}`);
  return alone.test(u.md) ? u.md.replace(alone, '') : u.md.replace(new RegExp(`\\s+${attr}|${attr}\\s+`), '');
}

/** A heading's attributes as compared between versions: a printed number that is the one it is printed with is no change. */
export function comparablePairs(s: SectionUnit): Record<string, string | undefined> {
  return { ...s.attrs.pairs, number: s.attrs.pairs.number === s.number ? undefined : s.attrs.pairs.number };
}
