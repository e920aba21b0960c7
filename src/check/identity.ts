/**
 * Which document was checked, for the identity block of the reports: the ITU-T number and date, the
 * ISO/IEC designation and year, the title and the edition, as the inputs print them (title block
 * first, then headers and footers, then the cover and front matter). What is not found stays absent:
 * nothing is guessed. The patterns read other files' words, so they are patterns, not wording.
 */
import type { ReadDocument } from '../reader/index.js';
import type { Para, Publication } from '../model/publication.js';
import { paraText } from '../model/publication.js';
import type { Segmented } from './segment.js';
import type { DocumentIdentity } from './types.js';
import { normalise } from './normalize.js';

const isPublication = (x: ReadDocument | Publication): x is Publication => 'templates' in x;

/** Texts of a publication where its identity is printed, most telling first. */
function identityTexts(d: ReadDocument | Publication, s: Segmented): string[] {
  const titleBlock = s.body[0]?.label === 'title block' ? s.body[0].units.map((u) => u.text) : [];
  if (isPublication(d)) {
    const at = d.sections.findIndex((x) => x.name === 'body');
    const front = d.sections.slice(0, Math.max(0, at)).flatMap((x) => x.blocks).filter((b): b is Para => b.kind === 'p').map(paraText);
    const hf = d.sections.flatMap((x) => [x.header ?? '', x.footer ?? '']);
    return ordered(titleBlock, hf, front);
  }
  const hf = d.sections.flatMap((x) => (['default', 'first', 'even'] as const).flatMap((k) => [x.headers[k] ?? '', x.footers[k] ?? '']));
  const front = d.body.slice(0, s.bodyStart).flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
  return ordered(titleBlock, hf, front);
}

/**
 * Headers and footers first (they print the publication's own number on every page), then the title
 * block, then the short lines of the cover: a sentence of the Summary or the Foreword cites other
 * Recommendations. Typography normalised (TSB files write "ITU‑T" with a non-breaking hyphen).
 */
function ordered(titleBlock: string[], hf: string[], front: string[]): string[] {
  return [...hf, ...titleBlock, ...front.filter((t) => t.trim().length <= 80)].map((t) => normalise(t, false));
}

const first = (texts: string[], re: RegExp): RegExpExecArray | undefined => {
  for (const t of texts) {
    const m = re.exec(t.replace(/\s+/g, ' ').trim());
    if (m) return m;
  }
  return undefined;
};

/** A title block line that is not the title: "INTERNATIONAL STANDARD ISO/IEC …", "RECOMMENDATION ITU-T …". */
const IDENTIFIER_LINE = /^(INTERNATIONAL STANDARD|RECOMMENDATION ITU-T|ITU-T RECOMMENDATION)\b/i;

/**
 * A title block line that can be the title: a line (not a cover read as one paragraph), in mixed case
 * (not "ITU-T O-SERIES RECOMMENDATIONS", "COVERING NOTE"), not an identifier ("ISO/IEC 14492:2001 (E)").
 */
function isTitle(t: string): boolean {
  return t.length > 0 && t.length <= 300 && /\p{Ll}/u.test(t) && !IDENTIFIER_LINE.test(t) && !/^(ISO\/IEC|ISO|ITU-T|Rec\.|Recommendation)\b/.test(t);
}

/** The title of a title block: the line after its identifier lines ("INTERNATIONAL STANDARD …", "RECOMMENDATION ITU-T …"), when there are such lines. */
function titleOf(lines: string[]): string | undefined {
  let last = -1;
  lines.forEach((t, i) => { if (IDENTIFIER_LINE.test(t)) last = i; });
  const t = last >= 0 ? lines[last + 1] : undefined;
  return t !== undefined && isTitle(t) ? t : undefined;
}

/** The identity both publications print, the first side's where they differ. */
export function documentIdentity(sides: [ReadDocument | Publication, Segmented][]): DocumentIdentity {
  const texts = sides.flatMap(([d, s]) => identityTexts(d, s));
  const titleBlocks = sides.map(([, s]) => (s.body[0]?.label === 'title block' ? s.body[0].units.map((u) => normalise(u.text, false)) : []));
  const itu = first(texts, /\b(?:Recommendation|Rec\.) ITU-T ([A-Z]\.\d+(?:\.\d+)*)/);
  const ituDate = first(texts, /\bRec\. ITU-T [A-Z]\.\d+(?:\.\d+)* \((\d{2}\/\d{4})\)/) ?? first(texts, /^\((\d{2}\/\d{4})\)$/);
  const iso = first(texts, /\b(ISO(?:\/IEC)?(?: TR| TS)? \d+(?:-\d+)*)(?![\d-])/);
  const isoYear = iso ? first(texts, new RegExp(`${iso[1].replace(/[/.]/g, '\\$&')}:(\\d{4})\\b`)) : undefined;
  const edition = first(texts, /^(\p{L}+ edition)(?: \d{4}(?:-\d{2})*)?$/iu);
  // a title is a line, not a cover's whole text read as one paragraph
  const title = titleBlocks.map(titleOf).find((t) => t !== undefined);
  const out: DocumentIdentity = {};
  if (itu) out.itu = `ITU-T ${itu[1]}`;
  if (ituDate) out.ituDate = ituDate[1];
  if (iso) out.iso = iso[1];
  if (isoYear) out.isoYear = isoYear[1];
  if (title) out.title = title.replace(/\s+/g, ' ');
  if (edition) out.edition = edition[1];
  return out;
}

/**
 * Which publisher a publication is, by its own footers ("Rec. ITU-T X.1999 (03/2024)", "© ISO/IEC
 * 2024 – All rights reserved"); undefined when they say neither or both.
 */
export function publisherOf(d: ReadDocument | Publication): 'itu' | 'iso' | undefined {
  const footers = isPublication(d) ? d.sections.map((x) => x.footer ?? '') : d.sections.flatMap((x) => (['default', 'first', 'even'] as const).map((k) => x.footers[k] ?? ''));
  const itu = footers.some((t) => /\bRec\. ITU-T [A-Z]\.\d/.test(normalise(t, false)));
  const iso = footers.some((t) => /©\s*ISO\b/.test(normalise(t, false)));
  return itu === iso ? undefined : itu ? 'itu' : 'iso';
}

/** 'a' or 'b', the ITU side, when the footers tell one ITU and the other ISO publication. */
export function ituSideByFooters(da: ReadDocument | Publication, db: ReadDocument | Publication): 'a' | 'b' | undefined {
  const [pa, pb] = [publisherOf(da), publisherOf(db)];
  if (pa === 'itu' && pb === 'iso') return 'a';
  if (pa === 'iso' && pb === 'itu') return 'b';
  return undefined;
}
