/**
 * The reference registry as printed: entries of the normative references clause and the Bibliography,
 * citations in running text, and the order entries are listed in. The wording of each identifier is a
 * body.yaml template (referenceItu, citeItu, referenceIso, citeIso; common-texts.md §4.4, §4.5 [V]).
 */
import type { ReferenceEntry } from '../source/metadata.js';
import type { Run } from './publication.js';
import { Templates } from '../profile/index.js';

/** Renders a body.yaml key with data (prepare's bodyStrings; by default the bundled templates). */
export type ReferenceStrings = (key: string, data?: object) => string;

let bundled: ReferenceStrings | undefined;

/** The bundled templates' reference wording, for callers outside a publication (supplements). */
function bundledStrings(): ReferenceStrings {
  if (!bundled) {
    const templates = new Templates();
    const table = templates.strings('common/body.yaml');
    bundled = (key, data) => templates.renderString(table[key], data ?? {});
  }
  return bundled;
}

/** Sort key for reference entries: ITU-T by series and number, then ISO/IEC by number, then labels. */
export function referenceSortKey(r: ReferenceEntry): string {
  const pad = (s: string) => s.replace(/\d+/g, (d) => d.padStart(6, '0'));
  if (r.itu) return `1 ${pad(r.itu.number)}`;
  if (r.iso) return `2 ${pad(r.iso.designation.replace(/^ISO(\/IEC)? /, ''))}`;
  return `3 ${r.label ?? r.id}`;
}

/** The ITU-T and ISO/IEC identifiers of an entry, dated or not, in the wording of `ituKey` / `isoKey`. */
function identifiers(r: ReferenceEntry, dated: boolean, ituKey: string, isoKey: string, strings: ReferenceStrings) {
  const itu = r.itu ? strings(ituKey, { number: r.itu.number, year: dated ? r.itu.year : undefined }) : '';
  const iso = r.iso ? strings(isoKey, { designation: r.iso.designation, year: dated ? r.iso.year : undefined }) : '';
  return { itu, iso };
}

export function referenceEntryText(r: ReferenceEntry, strings: ReferenceStrings = bundledStrings()): string {
  return referenceEntryRuns(r, strings).map((run) => run.text).join('');
}

/** A reference entry as runs: the identifiers upright, each title in italics, as the real publications set them. */
export function referenceEntryRuns(r: ReferenceEntry, strings: ReferenceStrings = bundledStrings()): Run[] {
  const { itu, iso } = identifiers(r, true, 'referenceItu', 'referenceIso', strings);
  const end = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
  const entry = (id: string, title: string | undefined): Run[] => (title === undefined ? [{ text: end(id) }] : [{ text: `${id}, ` }, { text: end(title), italic: true }]);
  if (r.label) return entry(r.label, r.title || undefined);
  if (r.itu && r.iso && r.relation === 'paired') return [...entry(itu, r.itu.title ?? r.title ?? ''), { text: '\n\t' }, ...entry(iso, r.iso.title ?? r.title ?? '')];
  return entry([itu, iso].filter(Boolean).join(' | '), r.title ?? r.itu?.title ?? r.iso?.title);
}

export function citationText(r: ReferenceEntry, dated: boolean, strings: ReferenceStrings = bundledStrings()): string {
  if (r.label && !r.itu && !r.iso) return r.label;
  const { itu, iso } = identifiers(r, dated, 'citeItu', 'citeIso', strings);
  // paired texts are cited like identical ones in running text, as H.222.0 cites H.264 | ISO/IEC 14496-10
  if (r.itu && r.iso) return `${itu} | ${iso}`;
  return itu || iso || r.label || r.id;
}
