/**
 * Headings typed as body paragraphs: T.88 (08/2018) has "6.5<tab>Symbol Dictionary Decoding
 * Procedure", "6.5.1<tab>General description" … in bold Normal paragraphs, not in a heading style, so
 * segmentation (as check reads the file) sees paragraphs of the clause before them. A paragraph that
 * is one short line "<number><tab><title>" with exactly the number that comes next in the clause
 * sequence (a first subclause, the next sibling, or the next number of a level above) is such a
 * heading (a title ends in no full stop, colon or comma): the import splits the clause there and writes it as `{.as-paragraph}`, which the build
 * prints the same way and numbers like any heading (so 6.5.5 … after it are numbered as printed).
 */
import type { Clause, Unit } from '../check/segment.js';
import { normalise } from '../check/normalize.js';

const TYPED_HEADING = /^((?:[A-Z]|\d+)(?:\.\d+)+|\d+)\t([^\t\n]{1,150})$/;

/** The numbers that may come after `number`: its first subclause, its next sibling, the next number of each level above. */
function nextNumbers(number: string): Set<string> {
  const parts = number.split('.');
  const out = new Set([`${number}.1`]);
  for (let n = parts.length; n >= 1; n--) {
    const last = parts[n - 1];
    if (!/^\d+$/.test(last)) continue;
    out.add([...parts.slice(0, n - 1), String(Number(last) + 1)].join('.'));
  }
  return out;
}

/** A clause whose units are term entries ("3.1<tab>term: definition" looks like a heading too). */
function isTerms(c: Clause, inTerms: boolean): boolean {
  if (c.level === 1) return /^(terms and )?definitions$/i.test(c.title.trim());
  return inTerms;
}

function typedClause(parent: Clause, u: Unit, number: string, title: string): Clause {
  return {
    number, title, label: number, key: `${number}|${normalise(title, false)}`, level: number.split('.').length,
    heading: u.text, headingNorm: u.norm, units: [], block: u.block,
  };
}

/** The clauses with each heading typed as a paragraph made a clause of its own (those clauses are also returned as a set). */
export function splitTypedHeadings(body: Clause[]): { clauses: Clause[]; typed: Set<Clause> } {
  const clauses: Clause[] = [];
  const typed = new Set<Clause>();
  let inTerms = false;
  for (const c of body) {
    inTerms = isTerms(c, inTerms);
    let current: Clause = { ...c, units: [] };
    clauses.push(current);
    for (const u of c.units) {
      const m = u.kind === 'paragraph' && !inTerms && current.number && !/^(Annex|Appendix|SECTION) /.test(current.number) ? TYPED_HEADING.exec(u.text.trim()) : null;
      if (m && !/[.:;,]$/.test(m[2].trim()) && nextNumbers(current.number).has(m[1])) {
        current = typedClause(c, u, m[1], m[2].trim());
        typed.add(current);
        clauses.push(current);
        continue;
      }
      current.units.push(u);
    }
  }
  return { clauses, typed };
}
