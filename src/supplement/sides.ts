/**
 * A change as each publication reads it. A location carries its number or label per publication
 * when the two differ (`sides`, tree.ts BySide): the ITU publication of a corrigendum then says
 * "Delete Table 2." where the ISO one says "Delete Table 1.", each naming the table as it prints it;
 * a change to an element printed in one publication only is an instruction of that publication only.
 * The reverse (mergeSides) joins the two readings of an instruction back into one change, and
 * resolveSide says by which publication's numbers apply.ts finds a location in the old text.
 */
import type { RootContent } from 'mdast';
import { SIDES, type Side } from '../model/types.js';
import type { Change, ElementRef, SectionRef } from './changes.js';
import type { BySide, OrdinalBySide } from './tree.js';

type Located = { sides?: BySide };

/** The value a publication prints for a location; undefined when the location is not in it. */
export function printedOn(r: Located & { number?: string; label?: string }, field: 'number' | 'label', side: Side): string | undefined {
  if (!r.sides) return r[field] ?? '';
  return side in r.sides ? r.sides[side] ?? '' : undefined;
}

function onSide<T extends Located>(r: T, field: 'number' | 'label', side: Side): T | undefined {
  if (!r.sides) return r;
  const value = printedOn(r, field, side);
  if (value === undefined) return undefined;
  const { sides: _sides, ...rest } = r;
  return { ...rest, [field]: value } as unknown as T;
}

/** A section location as publication `side` prints it; undefined when it is not in that publication. */
export function sectionOnSide(r: SectionRef, side: Side): SectionRef | undefined {
  return onSide(r, 'number', side);
}

/** A unit's ordinal ("the second paragraph") in publication `side`. */
export function ordinalOn(r: { ordinal: number; ordinals?: OrdinalBySide }, side: Side): number {
  return r.ordinals?.[side] ?? r.ordinal;
}

function elementOnSide(e: ElementRef, side: Side): ElementRef | undefined {
  const section = onSide(e.section, 'number', side);
  if (!section) return undefined;
  if (e.type === 'section') return { ...e, section };
  const { ordinals: _ordinals, ...counted } = { ...e, ordinal: ordinalOn(e, side) };
  if (counted.type !== 'block') return { ...counted, section };
  const b = onSide(counted, 'label', side);
  return b && { ...b, section };
}

/** The publication new content is printed in alone: every node of it a `:::itu` (or `:::iso`) block. */
function contentSide(content: RootContent[]): Side | undefined {
  const sides = new Set(content.map((n) => (n.type === 'containerDirective' && (n.name === 'itu' || n.name === 'iso') ? n.name : '')));
  const [only] = sides;
  return sides.size === 1 && only ? (only as Side) : undefined;
}

const isElement = (at: ElementRef | SectionRef): at is ElementRef => 'type' in at;

/** The change as publication `side` prints it, or undefined when it does not concern that publication. */
export function changeOnSide(c: Change, side: Side): Change | undefined {
  const only = 'content' in c && c.op !== 'addSection' ? contentSide(c.content) : undefined;
  if (only && only !== side) return undefined;
  const group = onSide(c.group, 'number', side);
  const at = isElement(c.at) ? elementOnSide(c.at, side) : onSide(c.at, 'number', side);
  return group && at ? ({ ...c, group, at } as Change) : undefined;
}

/** One location from each publication's reading of it: `sides` where they differ or only one names it. */
function mergeRef<T extends Located>(refs: Partial<Record<Side, T>>, field: 'number' | 'label'): T {
  const present = SIDES.filter((s) => refs[s]);
  const values = present.map((s) => (refs[s] as Record<string, unknown>)[field] as string | undefined);
  const base = refs[present[0]]!;
  if (present.length === SIDES.length && values.every((v) => v === values[0])) return base;
  return { ...base, sides: Object.fromEntries(present.map((s, i) => [s, values[i] ?? ''])) };
}

function mergeElement(refs: Partial<Record<Side, ElementRef>>): ElementRef {
  const present = SIDES.filter((s) => refs[s]);
  const section = mergeRef(Object.fromEntries(present.map((s) => [s, refs[s]!.section])) as Partial<Record<Side, SectionRef>>, 'number');
  const base = refs[present[0]]!;
  if (base.type === 'section') return { ...base, section };
  const ordinals = present.map((s) => (refs[s] as typeof base).ordinal);
  const counted = ordinals.every((o) => o === ordinals[0]) ? base : { ...base, ordinals: Object.fromEntries(present.map((s, i) => [s, ordinals[i]])) };
  if (counted.type !== 'block') return { ...counted, section };
  return { ...mergeRef({ ...refs, [present[0]]: counted } as Partial<Record<Side, typeof counted>>, 'label'), section };
}

/** The change an instruction makes, from its reading in each publication that prints it. */
export function mergeSides(views: Partial<Record<Side, Change>>): Change {
  const present = SIDES.filter((s) => views[s]);
  const base = views[present[0]]!;
  const pick = <T>(f: (c: Change) => T) => Object.fromEntries(present.map((s) => [s, f(views[s]!)])) as Partial<Record<Side, T>>;
  const group = mergeRef(pick((c) => c.group), 'number');
  const at = isElement(base.at) ? mergeElement(pick((c) => c.at as ElementRef)) : mergeRef(pick((c) => c.at as SectionRef), 'number');
  return { ...base, group, at } as Change;
}

/** The publication by whose numbers a location (a section and an element in it) is found: the first that prints all of it. */
export function resolveSide(...refs: Located[]): Side {
  return SIDES.find((s) => refs.every((r) => !r.sides || s in r.sides)) ?? SIDES[0];
}
