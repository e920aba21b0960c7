/**
 * The reference registry as printed: entries of the normative references clause and the Bibliography,
 * citations in running text, and the order entries are listed in.
 */
import type { ReferenceEntry } from '../source/metadata.js';

/** Sort key for reference entries: ITU-T by series and number, then ISO/IEC by number, then labels. */
export function referenceSortKey(r: ReferenceEntry): string {
  const pad = (s: string) => s.replace(/\d+/g, (d) => d.padStart(6, '0'));
  if (r.itu) return `1 ${pad(r.itu.number)}`;
  if (r.iso) return `2 ${pad(r.iso.designation.replace(/^ISO(\/IEC)? /, ''))}`;
  return `3 ${r.label ?? r.id}`;
}

export function referenceEntryText(r: ReferenceEntry): string {
  const itu = r.itu ? `Recommendation ITU-T ${r.itu.number}${r.itu.year ? ` (${r.itu.year})` : ''}` : '';
  const iso = r.iso ? `${r.iso.designation}${r.iso.year ? `:${r.iso.year}` : ''}` : '';
  const end = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
  if (r.label) return end(`${r.label}${r.title ? `, ${r.title}` : ''}`);
  if (r.itu && r.iso && r.relation === 'paired') {
    return `${end(`${itu}, ${r.itu.title ?? r.title ?? ''}`)}\n\t${end(`${iso}, ${r.iso.title ?? r.title ?? ''}`)}`;
  }
  const title = r.title ?? r.itu?.title ?? r.iso?.title;
  const id = [itu, iso].filter(Boolean).join(' | ');
  return end(title ? `${id}, ${title}` : id);
}

export function citationText(r: ReferenceEntry, dated: boolean): string {
  const itu = r.itu ? `Rec. ITU-T ${r.itu.number}${dated && r.itu.year ? ` (${r.itu.year})` : ''}` : '';
  const iso = r.iso ? `${r.iso.designation}${dated && r.iso.year ? `:${r.iso.year}` : ''}` : '';
  if (r.label && !r.itu && !r.iso) return r.label;
  // paired texts are cited like identical ones in running text, as H.222.0 cites H.264 | ISO/IEC 14496-10
  if (r.itu && r.iso) return `${itu} | ${iso}`;
  return itu || iso || r.label || r.id;
}
