/**
 * The normative references clause → the `references:` registry. Each entry is parsed from its
 * printed form ("Recommendation ITU-T X.501 (2016) | ISO/IEC 9594-2:2017, Title."), and kept only
 * if the build's own wording of it (model/references.ts) gives back the same text; the clause
 * becomes {.normative-references} only when every entry does. The citations of the registry, as the
 * build writes them, are what inline.ts turns into :ref[id].
 */
import { citationText, referenceEntryText } from '../model/references.js';
import type { ReferenceEntry } from '../source/metadata.js';
import type { Citations } from './inline.js';

const ITU = /^Recommendation[ \u00A0]+ITU[-\u2011]T[ \u00A0]+([A-Z]\.[\w.\-\u2011/]+)(?:[ \u00A0]+\((\d{4})\))?/;
const ISO = /^(ISO(?:\/IEC)?|IEC)[ \u00A0]+([\d\-\u2011]+(?:-\d+)*)(?::(\d{4}))?/;

const norm = (s: string) => s.replace(/\u2011/g, '-').replace(/[\u00A0\t\n]/g, ' ').replace(/\s+/g, ' ').trim();

/** One printed entry (list label removed) → a registry entry, or undefined when its form is not one the build writes. */
export function parseReference(printed: string, relation: 'identical' | 'paired' | 'additional'): ReferenceEntry | undefined {
  let rest = norm(printed).replace(/^[–-]\s*/, '').replace(/\.$/, '');
  const entry: ReferenceEntry = { id: '', relation: relation === 'paired' ? 'paired' : 'identical', normative: true };
  const itu = ITU.exec(rest);
  if (itu) {
    entry.itu = { number: itu[1], ...(itu[2] ? { year: Number(itu[2]) } : {}) };
    rest = rest.slice(itu[0].length);
    if (relation === 'paired') return pairedRest(entry, rest);
    if (rest.startsWith(' | ')) rest = rest.slice(3);
    else return titled(entry, rest);
  }
  const iso = ISO.exec(rest);
  if (!iso) return undefined;
  entry.iso = { designation: `${iso[1]} ${iso[2]}`, ...(iso[3] ? { year: Number(iso[3]) } : {}) };
  return titled(entry, rest.slice(iso[0].length));
}

function titled(entry: ReferenceEntry, rest: string): ReferenceEntry | undefined {
  if (!rest.startsWith(', ')) return undefined;
  entry.title = rest.slice(2);
  entry.id = entry.itu?.number ?? entry.iso!.designation.replace(/^ISO(\/IEC)? /, 'ISO-');
  return entry;
}

/** "…, ITU title. ISO/IEC n:yyyy, ISO title" of a paired entry. */
function pairedRest(entry: ReferenceEntry, rest: string): ReferenceEntry | undefined {
  const m = /^, (.+?)\.\s+(ISO(?:\/IEC)?|IEC) ([\d-]+)(?::(\d{4}))?, (.+)$/.exec(rest);
  if (!m) return undefined;
  entry.itu!.title = m[1];
  entry.iso = { designation: `${m[2]} ${m[3]}`, ...(m[4] ? { year: Number(m[4]) } : {}), title: m[5] };
  entry.id = entry.itu!.number;
  return entry;
}

/** Whether the build prints the entry exactly as the original does (normalised as check compares). */
export function reprints(entry: ReferenceEntry, printed: string): boolean {
  return norm(referenceEntryText(entry)) === norm(printed).replace(/^[–-]\s*/, '');
}

/** The registry's citations as the build writes them, undated and dated, each → its directive. */
export function citationsOf(entries: ReferenceEntry[]): Citations {
  const out: Citations = new Map();
  for (const r of entries.filter((e) => e.normative)) {
    const id = /^[\w.\-/]+$/.test(r.id) ? r.id : JSON.stringify(r.id);
    out.set(citationText(r, true), `:ref[${id}]{dated}`);
    out.set(citationText(r, false), `:ref[${id}]`);
  }
  return out;
}

/** The registry as YAML data (id → entry), in the order of the original clause. */
export function registryData(entries: ReferenceEntry[]): Record<string, object> {
  const out: Record<string, object> = {};
  for (const r of entries) {
    const relation = r.relation === 'paired' ? { relation: 'paired' } : {};
    const itu = r.itu ? { itu: { number: r.itu.number, ...(r.itu.year ? { year: r.itu.year } : {}), ...(r.itu.title ? { title: r.itu.title } : {}) } } : {};
    const iso = r.iso ? { iso: { designation: r.iso.designation, ...(r.iso.year ? { year: r.iso.year } : {}), ...(r.iso.title ? { title: r.iso.title } : {}) } } : {};
    out[r.id] = { ...relation, ...(r.label ? { label: r.label } : {}), ...itu, ...iso, ...(r.title ? { title: r.title } : {}), ...(r.normative ? {} : { normative: false }) };
  }
  return out;
}
