/**
 * The things a cross-reference can point at — clauses, annexes, tables, figures — with the label the
 * build prints for a link to each ("clause 6.2", "A.3", "Annex A", "Table 3", "Figure A.1") and the
 * anchor the imported source gives it (only written when some text links to it).
 */
import type { Clause, Unit } from '../check/segment.js';
import type { Targets } from './inline.js';

export function slug(s: string, max = 5): string {
  const words = s.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}\s-]/gu, ' ').split(/\s+/).filter((w) => w && !/^(the|of|and|a|an|in|for|to)$/.test(w));
  return words.slice(0, max).join('-') || 'x';
}

export interface TargetIds {
  targets: Targets;
  /** Anchor of each clause (by its index in the segmented body), of each table and figure label. */
  clause: Map<Clause, string>;
  caption: Map<Unit, string>;
}

/** The label of a clause in a link: "clause 6.2" for the body, "A.3" inside an annex, "Annex A" for an annex. */
function clauseLabel(c: Clause): string | undefined {
  if (!c.number) return undefined;
  if (/^(Annex|Appendix) /.test(c.number)) return c.number;
  if (/^\d/.test(c.number)) return `clause ${c.number}`;
  return c.number;
}

export function collectTargets(body: Clause[]): TargetIds {
  const byLabel = new Map<string, string>();
  const clause = new Map<Clause, string>();
  const caption = new Map<Unit, string>();
  const taken = new Set<string>();
  const unique = (id: string) => {
    let u = id;
    for (let i = 2; taken.has(u); i++) u = `${id}-${i}`;
    taken.add(u);
    return u;
  };
  for (const c of body) {
    const label = clauseLabel(c);
    if (label) {
      const annex = /^(Annex|Appendix) /.test(c.number);
      const id = unique(annex ? `annex-${slug(c.title, 3)}` : slug(c.title));
      clause.set(c, id);
      byLabel.set(label, id);
    }
    for (const u of c.units) {
      if ((u.kind === 'table title' || u.kind === 'figure title') && /^(Table|Figure)\s+[A-Z]?[\d.\-–]*\d[a-z]?\s+[–—-]\s/.test(u.text.trim()) && u.label && !byLabel.has(u.label)) {
        const id = unique(`${u.kind === 'table title' ? 'tbl' : 'fig'}-${u.label.replace(/^\S+\s+/, '').toLowerCase().replace(/\./g, '-')}`);
        caption.set(u, id);
        byLabel.set(u.label, id);
      }
    }
  }
  return { targets: { byLabel, used: new Set() }, clause, caption };
}
