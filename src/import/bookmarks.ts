/**
 * A DOCX that commontext wrote names its bookmarks after the source's anchors (src/render/ooxml.ts):
 * `_ct_<id>` where the author wrote `{#id}` (what cross-references link to), `_cg_<…>` where the build
 * made one up. Importing such a file keeps the author's anchors, written even where nothing links to
 * them, and makes no link to a target that has only a generated bookmark: no cross-reference of the
 * source pointed there, so "clause 11" was plain text. The rebuilt DOCX then has the same bookmarks and
 * hyperlinks as the one imported. A Word file from elsewhere has neither kind, and is left as it is.
 */
import type { Clause, Unit } from '../check/segment.js';
import type { ReadDocument } from '../reader/index.js';
import type { TargetIds } from './targets.js';

const AUTHOR = /^_ct_(.+)$/;
const GENERATED = /^_cg_/;

function bookmarksOf(doc: ReadDocument, block: number): string[] {
  const b = doc.body[block];
  return b?.kind === 'paragraph' ? b.bookmarks ?? [] : [];
}

/** "_ct_fig_access" → "fig-access" (the writer turned every character but letters and digits into "_"). */
function authorId(names: string[]): string | undefined {
  const m = names.map((n) => AUTHOR.exec(n)).find(Boolean);
  return m ? m[1].replace(/_/g, '-') : undefined;
}

function retarget(ids: TargetIds, from: string | undefined, to: string | undefined): void {
  for (const [label, id] of ids.targets.byLabel) {
    if (id !== from) continue;
    if (to) ids.targets.byLabel.set(label, to);
    else ids.targets.byLabel.delete(label);
  }
}

/** Was the file written by commontext? Its bookmarks say so. */
function writtenByCommontext(doc: ReadDocument): boolean {
  return doc.body.some((b) => b.kind === 'paragraph' && (b.bookmarks ?? []).some((n) => AUTHOR.test(n) || GENERATED.test(n)));
}

/** The author's anchors as the targets' ids; targets without one are no link targets. Nothing changes for another file. */
export function authorAnchors(ids: TargetIds, doc: ReadDocument, clauses: Clause[]): void {
  if (!writtenByCommontext(doc)) return;
  for (const c of clauses) {
    const id = authorId(bookmarksOf(doc, c.block));
    const old = ids.clause.get(c);
    retarget(ids, old, id);
    if (id) {
      ids.clause.set(c, id);
      ids.targets.used.add(id);
    } else ids.clause.delete(c);
  }
  const captions: [Unit, string][] = [...ids.caption];
  for (const [u, old] of captions) {
    const id = authorId(bookmarksOf(doc, u.block));
    retarget(ids, old, id);
    if (id) {
      ids.caption.set(u, id);
      ids.targets.used.add(id);
    } else ids.caption.delete(u);
  }
  for (const c of clauses) for (const u of c.units) {
    // a caption collectTargets did not take (an unnumbered one) with an author's anchor
    const id = !ids.caption.has(u) && (u.kind === 'table title' || u.kind === 'figure title') ? authorId(bookmarksOf(doc, u.block)) : undefined;
    if (id) {
      ids.caption.set(u, id);
      ids.targets.used.add(id);
    }
  }
}

/**
 * The author's anchors of text only the ISO/IEC publication has (its clauses, its captions), read from
 * the ISO/IEC file's bookmarks: written in the source as the ITU-T text's are.
 */
export function oneSideAnchors(ids: TargetIds, doc: ReadDocument, clauses: Clause[], units: Unit[]): void {
  if (!writtenByCommontext(doc)) return;
  const taken = new Set([...ids.clause.values(), ...ids.caption.values()]);
  const set = <K>(map: Map<K, string>, key: K, block: number) => {
    const id = authorId(bookmarksOf(doc, block));
    if (!id || taken.has(id)) return;
    taken.add(id);
    map.set(key, id);
    ids.targets.used.add(id);
  };
  for (const c of clauses) set(ids.clause, c, c.block);
  for (const u of [...units, ...clauses.flatMap((c) => c.units)]) if (u.kind === 'table title' || u.kind === 'figure title') set(ids.caption, u, u.block);
}
