/**
 * HTML ids of a publication's anchors: an author's anchor keeps its own id (what `[](#id)` and a URL
 * fragment name), a generated one (a heading the contents list) gets `g-<id>`, made unique in document
 * order. Authors' ids are taken first, so a generated id never takes one a cross-reference names.
 */
import type { Anchor, Para, Publication } from '../../model/publication.js';

export class HtmlIds {
  private readonly names = new Map<Anchor, string>();
  private readonly used = new Set<string>();

  constructor(pub: Publication) {
    const targets: Anchor[] = [];
    const visit = (p: Para) => { if (p.target) targets.push(p.target); };
    for (const s of pub.sections) for (const b of s.blocks) if (b.kind === 'p') visit(b);
    for (const f of pub.footnotes) f.forEach(visit);
    for (const a of targets) if (!a.generated) this.take(a, a.id);
    for (const a of targets) if (a.generated) this.take(a, `g-${a.id.replace(/[^A-Za-z0-9_.-]+/g, '_')}`);
  }

  /** The id of an author's anchor, as cross-references link to it. */
  link(id: string): string {
    return id;
  }

  of(a: Anchor): string {
    return this.names.get(a) ?? this.take(a, `g-${a.id}`);
  }

  private take(a: Anchor, wanted: string): string {
    let id = wanted;
    for (let i = 2; this.used.has(id); i++) id = `${wanted}-${i}`;
    this.used.add(id);
    this.names.set(a, id);
    return id;
  }
}
