/**
 * The Bibliography → non-normative entries of the `references:` registry, which the build lists
 * under {.bibliography} as "[id]\t<entry>" in the registry's sort order. Taken only when every
 * entry has the "[id]" tag form, the build lists them in the printed order and no closing rule
 * ("______") follows them (a generated Bibliography cannot print it); else the Bibliography is kept as
 * written text (T.88 (08/2018): [1] … [22] in an order of their own, then the rule).
 */
import { referenceSortKey } from '../model/references.js';
import type { Clause } from '../check/segment.js';
import type { ReferenceEntry } from '../source/metadata.js';
import type { ImportReport } from './report.js';

const TAGGED = /^\[([^\]\n]{1,60})\]\s*([\s\S]+)$/;

export function bibliographyEntries(c: Clause, report: ImportReport): ReferenceEntry[] | undefined {
  const entries: ReferenceEntry[] = [];
  // the closing rule some Recommendations end with ("______") is not an entry, and a build cannot print it
  const units = c.units.filter((u) => u.kind !== 'footnote');
  if (units.some((u) => /^_+$/.test(u.text.trim()))) return keptAsText(c, report, 'the Bibliography ends with a closing rule, which a Bibliography generated from the registry cannot print');
  for (const u of units) {
    const m = TAGGED.exec(u.text.trim());
    if (!m) {
      report.add('kept-as-text', c.label, 'a Bibliography entry without an "[id]" tag: the Bibliography is kept as written text under {.bibliography}', u.text);
      return undefined;
    }
    const label = m[2].replace(/\s+/g, ' ').trim();
    if (!/[.!?]$/.test(label)) report.add('not-reproducible', c.label, `entry [${m[1]}] does not end with a full stop; the build adds one`);
    entries.push({ id: m[1], relation: 'identical', label, normative: false });
  }
  const sorted = [...entries].sort((a, b) => referenceSortKey(a).localeCompare(referenceSortKey(b)));
  if (sorted.some((e, i) => e !== entries[i])) return keptAsText(c, report, 'the build lists Bibliography entries in the order of their texts, which differs from the printed order');
  return entries.length ? entries : undefined;
}

function keptAsText(c: Clause, report: ImportReport, why: string): undefined {
  report.add('kept-as-text', c.label, `${why}: the Bibliography is kept as written text under {.bibliography}`);
  return undefined;
}
