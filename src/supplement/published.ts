/**
 * The published numbers kept after deletions (deleted.ts), in the edited source: the revision DOCX
 * prints them as the corrected text does, and where the editor's source prints a published element
 * with another number because of a deletion, the editor is told (a warning at that element, with the
 * `{number="…"}` that keeps it), so that the corrected text and the editor's source agree.
 */
import path from 'node:path';
import type { RootContent } from 'mdast';
import type { SourceDocument } from '../model/types.js';
import type { Diagnostic } from '../util/diagnostics.js';
import type { Change } from './changes.js';
import { deletedBy } from './apply.js';
import { type Kept, comparableMd, keptNumbers, labelNumber, numberedNode, ownNumber } from './deleted.js';
import { type NumbersByPosition, withInsertedNumbers } from './inserted.js';
import { nodeKey } from './numbering.js';
import { type BlockUnit, type SectionUnit, type SourceTree, allSections, originOf } from './tree.js';
import type { Wording } from './wording.js';

/** A version of the source as loaded (index.ts Version): its unit tree and its document. */
export interface LoadedVersion { file: string; tree: SourceTree; doc: SourceDocument }

/** A kept number in the edited source: the element, the node its number goes on, what it prints now. */
export interface KeptInEdited { kept: Kept; section?: SectionUnit; unit?: BlockUnit; node: RootContent; printed: string }

/** The edited source's section or unit that is the published one `k` names: same key and depth, or the same Markdown (a printed number that is the one it prints aside). */
function counterpart(k: Kept, head: SourceTree): { section?: SectionUnit; unit?: BlockUnit } | undefined {
  const sections = allSections(head.sections);
  if (k.section) {
    const found = sections.filter((s) => s.key === k.section!.key && s.depth === k.section!.depth);
    return found.length === 1 ? { section: found[0] } : undefined;
  }
  const found = sections.flatMap((s) => s.blocks).filter((u) => u.kind === k.unit!.kind && comparableMd(u) === comparableMd(k.unit!));
  return found.length === 1 ? { unit: found[0] } : undefined;
}

/**
 * The published elements after deleted ones that the edited source prints with another number. The
 * notes of a (sub)clause go together: once one of them carries its number, the others are counted
 * without it ("NOTE 1" alone would print "NOTE"), so each one not carrying its number yet is named.
 */
export function renumberedInEdited(base: LoadedVersion, head: LoadedVersion, changes: Change[]): KeptInEdited[] {
  const found: KeptInEdited[] = [];
  for (const kept of keptNumbers(base.tree, deletedBy(base.tree, changes))) {
    const there = counterpart(kept, head.tree);
    if (!there) continue;
    const node = there.section ? there.section.heading : numberedNode(there.unit!, kept.kind);
    const printed = there.section ? there.section.number : labelNumber(there.unit!);
    if (node) found.push({ kept, ...there, node, printed });
  }
  const shifted = new Set(found.filter((k) => k.kept.kind === 'note' && k.printed !== k.kept.number).map((k) => k.kept.in));
  return found.filter((k) => (k.kept.kind === 'note' ? shifted.has(k.kept.in) && ownNumber(k, 'note') === undefined : k.printed !== k.kept.number));
}

/** Where the model block of a unit starts: a captioned table's table, else its first node (numbering.ts). */
const blockStart = (u: BlockUnit) => (u.kind === 'table' ? u.nodes[u.nodes.length - 1] : u.nodes[0]);

/**
 * The edited source as the corrected text prints it: inserted sections and elements with the numbers
 * the supplement gives them, published ones after deleted ones with their published numbers (a copy).
 */
export function withPublishedNumbers(base: LoadedVersion, head: LoadedVersion, changes: Change[], w: Wording): SourceDocument {
  const kept: NumbersByPosition = { sections: new Map(), blocks: new Map() };
  for (const k of renumberedInEdited(base, head, changes)) {
    if (k.section) kept.sections.set(nodeKey(head.file, k.section.heading), k.kept.number);
    else kept.blocks.set(nodeKey(head.file, blockStart(k.unit!)), k.kept.number);
  }
  return withInsertedNumbers(head.doc, changes, w, kept);
}

/** What the editor writes to keep a published number, on the line of the element. */
function fix(k: KeptInEdited): string {
  const attr = `{number="${k.kept.number}"}`;
  if (k.kept.kind === 'note') return `write :::note${attr} there`;
  if (k.kept.kind === 'term') return `write ${attr} at the end of its definition`;
  return `write ${attr} at the end of that line`;
}

/** The warnings for the editor: a published element the edited source renumbers because of a deletion. */
export function renumberWarnings(base: LoadedVersion, head: LoadedVersion, changes: Change[], w: Wording): Diagnostic[] {
  return renumberedInEdited(base, head, changes).map((k) => {
    const p = k.node.position?.start;
    const name = (x: { section?: SectionUnit; unit?: BlockUnit }) => (x.section ? `${x.section.kind} ${x.section.number}` : x.unit!.kind === 'term' ? `definition ${x.unit!.label}` : x.unit!.label ?? '');
    const was = k.kept.unit?.kind === 'term' || k.kept.section ? k.kept.number : k.kept.unit!.label;
    const now = k.section ? k.printed : k.unit!.kind === 'term' ? k.printed : k.unit!.label;
    return {
      file: path.relative(process.cwd(), originOf(k.node) ?? head.file), line: p?.line ?? 0, column: p?.column ?? 0, severity: 'warning', code: 'renumbered',
      message: k.printed === k.kept.number
        ? `the other notes after the deletion keep their published numbers, which leaves the published ${was} alone in the count of its (sub)clause (printed "${w.labels.note}")`
        : `a deletion before it makes the edited source print the published ${name(k.kept)} as ${now ? `"${now}"` : 'one without a number'}, while the corrected text and the revision keep ${was} (a deleted element leaves its number unused)`,
      fix: `${fix(k)} to keep the published number`,
    };
  });
}
