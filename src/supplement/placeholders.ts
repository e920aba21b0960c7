/**
 * The convention for inserted tables, figures, notes and terms (README "Inserted elements"): as for
 * sections, nothing published is renumbered. An element inserted before a published one of its kind
 * (in its numbering scope: tables and figures in the body or in one annex, notes and terms in their
 * (sub)clause) takes a placeholder number after the published one before it ("Table 2a", "Figure A.1a",
 * "NOTE 1a", definition "3.2.5a"; "0a" before the first), which takes no place in the count; one
 * inserted after the last published one takes the number the count gives it anyway ("Table 5").
 * The number is the same in the instruction ("Add the following new Table 2a after …:"), in the
 * supplement's content (`{number="2a"}`), in `apply`'s corrected text and in the revision DOCX.
 */
import type { RootContent } from 'mdast';
import { SIDES } from '../model/types.js';
import { printedOn } from './sides.js';
import { type BlockUnit, type SectionUnit, type SourceTree, allSections } from './tree.js';
import { withPrintedNumber, withoutPrintedNumber } from './labels.js';
import type { Wording } from './wording.js';

export type NumberedKind = 'table' | 'figure' | 'note' | 'term';

const NUMBERED = new Set<string>(['table', 'figure', 'note', 'term']);

/** An element a change inserts: its kind, its first node's index in the change's content, the number it is printed with. */
export interface InsertedElement { kind: NumberedKind; index: number; number: string }

/** The label words a unit's label starts with (body.yaml: "Table", "Figure", "NOTE"; a term's label is its number). */
export type LabelWords = Record<'table' | 'figure' | 'note', string>;

type Entry = { section: SectionUnit; unit?: BlockUnit };

const letter = (k: number) => String.fromCharCode(97 + k);

/** A number the supplement writes that the count gives anyway ("5", "A.3", "3.2.7", "" for a lone NOTE): apply takes it off again. */
export const countedNumber = (n: string) => /^(?:[A-Z]+\.)?\d+(?:\.\d+)*$/.test(n) || n === '';

/** The numbers of the elements a change set inserts, as the old text's order and labels give them. */
export class Placeholders {
  /** The old text in reading order: each section (its heading), then its blocks. */
  private readonly order: Entry[] = [];
  private readonly letters = new Map<string, number>();
  /** Placeholders given so far in each scope: the count of the elements after them is theirs less these. */
  private readonly placed = new Map<string, number>();
  /** Published terms deleted so far in each clause: a term added after the last one takes the number after the last published one. */
  private readonly deletedTerms = new Map<SectionUnit, number>();

  constructor(tree: SourceTree, private readonly words: LabelWords) {
    for (const s of allSections(tree.sections)) {
      this.order.push({ section: s });
      for (const unit of s.blocks) this.order.push({ section: s, unit });
    }
  }

  /** A published unit of `section` that the change set deletes (README: a deleted term leaves its number unused). */
  deleted(u: BlockUnit, section: SectionUnit): void {
    if (u.kind === 'term' && u.label && !/[a-z]$/.test(u.label)) this.deletedTerms.set(section, (this.deletedTerms.get(section) ?? 0) + 1);
  }

  /** The reading-order point after a unit of the old text. */
  afterUnit(u: BlockUnit): number {
    return this.order.findIndex((e) => e.unit === u);
  }

  /** The point at the start of a section (after its heading, before its blocks). */
  atStart(s: SectionUnit): number {
    return this.order.findIndex((e) => e.section === s && !e.unit);
  }

  /** The point after a section's last unit (its subtree's). */
  afterSubtree(s: SectionUnit): number {
    const inside = (x: SectionUnit | undefined): boolean => !!x && (x === s || inside(x.parent));
    let last = this.atStart(s);
    this.order.forEach((e, i) => { if (inside(e.section)) last = i; });
    return last;
  }

  /** The numbering scope of a kind in a section: the body or an annex (tables, figures), the section itself (notes, terms). */
  private scope(kind: NumberedKind, s: SectionUnit): SectionUnit | 'body' {
    if (kind === 'note' || kind === 'term') return s;
    let top = s;
    while (top.parent) top = top.parent;
    return top.kind === 'annex' ? top : 'body';
  }

  private inScope(kind: NumberedKind, scope: SectionUnit | 'body', s: SectionUnit): boolean {
    return this.scope(kind, s) === scope;
  }

  /** The number part of a label ("Table A.2" → "A.2", "NOTE 2" → "2", "NOTE" → ""). */
  private numberOf(kind: NumberedKind, label: string): string {
    return kind === 'term' ? label : label.slice(this.words[kind].length).trim();
  }

  /**
   * The number of `unit` (a unit of the new text) inserted at `point` of the old text, in `section`
   * (the old section it goes into); undefined when the convention cannot say it: the two publications
   * number the neighbours differently, or the published notes there have no number ("NOTE").
   */
  numberFor(unit: BlockUnit, section: SectionUnit, point: number): string | undefined {
    if (!NUMBERED.has(unit.kind) || (!unit.label && unit.kind !== 'note')) return undefined;
    const kind = unit.kind as NumberedKind;
    const scope = this.scope(kind, section);
    const found = SIDES.filter((side) => printedOn(unit, 'label', side) !== undefined).map((side) => this.onSide(kind, scope, section, unit, point, side));
    if (!found.length || found.some((f) => f?.number !== found[0]?.number) || !found[0]) return undefined;
    const { number, letterKey } = found[0];
    if (letterKey) {
      const key = this.scopeKey(kind, scope);
      this.letters.set(letterKey, (this.letters.get(letterKey) ?? 0) + 1);
      this.placed.set(key, (this.placed.get(key) ?? 0) + 1);
    }
    return number;
  }

  private scopeKey(kind: NumberedKind, scope: SectionUnit | 'body'): string {
    return `${kind}:${scope === 'body' ? 'body' : this.order.findIndex((e) => e.section === scope)}`;
  }

  private onSide(kind: NumberedKind, scope: SectionUnit | 'body', section: SectionUnit, unit: BlockUnit, point: number, side: 'itu' | 'iso'): { number: string; letterKey?: string } | undefined {
    const labelOf = (e: Entry) => (e.unit?.kind === kind && this.inScope(kind, scope, e.section) ? printedOn(e.unit, 'label', side) : undefined);
    const before = this.order.slice(0, point + 1).map(labelOf).filter((l): l is string => l !== undefined).at(-1);
    // terms share their clause's count with its subclauses: a numbered subclause follows them
    const following = this.order.slice(point + 1).some((e) => labelOf(e) !== undefined) || (kind === 'term' && section.children.some((c) => printedOn(c, 'number', side)));
    if (following) {
      const prev = before !== undefined ? this.numberOf(kind, before) : this.zero(kind, scope, section);
      if (!prev) return undefined;
      const letterKey = `${this.scopeKey(kind, scope)}:${prev}`;
      return { number: `${prev}${letter(this.letters.get(letterKey) ?? 0)}`, letterKey };
    }
    // after the last published one: the number the corrected text's count gives (the new text's, less the placeholders before it)
    const own = this.numberOf(kind, printedOn(unit, 'label', side) ?? '');
    const placed = this.placed.get(this.scopeKey(kind, scope)) ?? 0;
    const gone = kind === 'term' ? this.deletedTerms.get(section) ?? 0 : 0;
    if (!placed && !gone) return { number: kind === 'term' ? `${section.number}.${own.slice(own.lastIndexOf('.') + 1)}` : own };
    const m = /^(.*?)(\d+)$/.exec(own);
    if (!m || kind === 'note') return undefined;
    return { number: `${kind === 'term' ? `${section.number}.` : m[1]}${Number(m[2]) - placed + gone}` };
  }

  /** The number before the first one: "0" (a placeholder before Table 1 is "Table 0a"), "A.0" in an annex, "3.2.0" for a term. */
  private zero(kind: NumberedKind, scope: SectionUnit | 'body', section: SectionUnit): string {
    if (kind === 'term') return section.number ? `${section.number}.0` : '';
    return scope === 'body' || kind === 'note' ? '0' : `${scope.number}.0`;
  }
}

/** The elements of the new units `added` (their nodes are `content` from `offset`) that the convention numbers, inserted at `point`. */
export function insertedElements(p: Placeholders, added: BlockUnit[], content: RootContent[], section: SectionUnit, point: number): InsertedElement[] {
  const out: InsertedElement[] = [];
  for (const u of added) {
    const number = p.numberFor(u, section, point);
    const index = content.indexOf(u.nodes[0]);
    // the number goes on a table's or figure's caption: one without a caption is counted as before
    const captioned = (u.kind !== 'table' && u.kind !== 'figure') || u.nodes.length === 2;
    if (number !== undefined && index >= 0 && captioned) out.push({ kind: u.kind as NumberedKind, index, number });
  }
  return out;
}

/** The content with each inserted element's number written on it (`{number="2a"}` on its caption, note or term entry): a copy. */
export function numberedContent(w: Wording, content: RootContent[], inserted: InsertedElement[] | undefined): RootContent[] {
  if (!inserted?.length) return content;
  const out = [...content];
  for (const e of inserted) {
    const size = e.kind === 'table' || e.kind === 'figure' ? 2 : 1;
    out.splice(e.index, size, ...withPrintedNumber(w, out.slice(e.index, e.index + size), { kind: e.kind, number: e.number }));
  }
  return out;
}

/** The label an instruction names a lone inserted element by ("Table 2a", "NOTE 1a", "definition 3.2.5a"); undefined when the content is more than it. */
export function insertedLabel(w: Wording, c: { content: RootContent[]; inserted?: InsertedElement[] }): string | undefined {
  const e = c.inserted?.length === 1 ? c.inserted[0] : undefined;
  if (!e || e.index !== 0 || c.content.length !== (e.kind === 'table' || e.kind === 'figure' ? 2 : 1)) return undefined;
  if (e.kind === 'term') return w.t('term', { number: e.number });
  return e.number ? `${w.labels[e.kind]} ${e.number}` : w.labels[e.kind];
}

/**
 * Inserted content read back: a number the count gives anyway ("Table 5" after the last, Table 4) is
 * taken off again, so that the corrected source reads as the edited one; a placeholder ("2a") stays.
 */
export function withoutCountedNumbers(w: Wording, content: RootContent[]): RootContent[] {
  let out = content;
  content.forEach((n, i) => {
    const kind = unitKind(w, n);
    const number = kind && ownNumber(n);
    if (!kind || number === undefined || !countedNumber(number)) return;
    out = [...out.slice(0, i), ...withoutPrintedNumber(w, [out[i]], { kind, number }), ...out.slice(i + 1)];
  });
  return out;
}

/** The kind of a node that carries an element's number: a `Table:` / `Figure:` caption, a note, a term entry. */
function unitKind(w: Wording, n: RootContent): NumberedKind | undefined {
  if (n.type === 'containerDirective') return n.name === 'note' ? 'note' : undefined;
  if (n.type !== 'paragraph') return undefined;
  const first = n.children[0];
  if (first?.type === 'text' && first.value.startsWith(`${w.labels.table}:`)) return 'table';
  if (first?.type === 'text' && first.value.startsWith(`${w.labels.figure}:`)) return 'figure';
  return first?.type === 'strong' && n.children[1]?.type === 'text' && /^:\s/.test((n.children[1] as { value: string }).value) ? 'term' : undefined;
}

/** The `number` an element's node carries. */
function ownNumber(n: RootContent): string | undefined {
  if (n.type === 'containerDirective') return n.attributes?.number ?? undefined;
  if (n.type !== 'paragraph') return undefined;
  const last = n.children.at(-1);
  const attrs = last?.type === 'text' ? /\{([^{}\n]*)\}\s*$/.exec(last.value)?.[1] : undefined;
  return attrs ? /\bnumber="([^"]*)"/.exec(attrs)?.[1] : undefined;
}
