/**
 * The convention for inserted sections and elements, carried into the revision DOCX: the new text's
 * section that a supplement inserts between published ones is printed with the number the supplement
 * gave it ("8.3.3a"), and so is an inserted table, figure, note or term ("Table 2a", placeholders.ts),
 * as in the instructions and in `apply`'s corrected text, so that no published number after it changes
 * (and "see 8.3.4" still points at the published 8.3.4).
 *
 * A change's content is nodes of the new source's tree; the model's sections and blocks are found by
 * where those nodes start: file, line and column (an included file's line 12 is not the main file's).
 */
import type { Heading, RootContent } from 'mdast';
import type { Block, Section, SourceDocument } from '../model/types.js';
import type { Change } from './changes.js';
import { headingParts } from './tree.js';
import { addedNumber } from './instructions.js';
import { nodeKey, positionKey } from './numbering.js';
import type { InsertedElement } from './placeholders.js';
import type { Wording } from './wording.js';

/** The node of an inserted element the model block starts at: a captioned table's table (tree.ts unit order), else its first node. */
function blockAnchor(content: RootContent[], e: InsertedElement): RootContent | undefined {
  return e.kind === 'table' && content[e.index + 1]?.type === 'table' ? content[e.index + 1] : content[e.index];
}

/** Number by start position of each inserted section (non-annex, numbered) and each inserted element. */
function insertedByPosition(file: string, changes: Change[], w: Wording): { sections: Map<string, string>; blocks: Map<string, string> } {
  const sections = new Map<string, string>();
  const blocks = new Map<string, string>();
  for (const c of changes) {
    if (c.op === 'addSection' && c.kind !== 'annex') {
      const h = c.content.find((n): n is Heading => n.type === 'heading');
      const { attrs } = h ? headingParts(h) : { attrs: undefined };
      const number = h && !attrs?.classes.includes('unnumbered') ? addedNumber(w, c, attrs?.pairs.number) : '';
      if (h && /[a-z]$/.test(number)) sections.set(nodeKey(file, h), number);
    }
    if (!('inserted' in c) || !c.inserted) continue;
    for (const e of c.inserted) {
      const anchor = blockAnchor(c.content, e);
      if (anchor && /[a-z]$/.test(e.number)) blocks.set(nodeKey(file, anchor), e.number);
    }
  }
  return { sections, blocks };
}

/** A model block with the number the supplement gave it (a copy), and the blocks inside it likewise. */
function renumberBlock(b: Block, numbers: Map<string, string>): Block {
  const number = numbers.get(positionKey(b.pos.file, b.pos.line, b.pos.column));
  switch (b.type) {
    case 'table': case 'figure': return number && b.caption ? { ...b, caption: { ...b.caption, number } } : b;
    case 'term': return number ? { ...b, number } : b;
    case 'note': case 'example': return { ...b, ...(number ? { number } : {}), blocks: b.blocks.map((x) => renumberBlock(x, numbers)) };
    case 'only': return { ...b, blocks: b.blocks.map((x) => renumberBlock(x, numbers)) };
    case 'list': return { ...b, items: b.items.map((it) => it.map((x) => renumberBlock(x, numbers))) };
    default: return b;
  }
}

/** Numbers by start position (positionKey) of sections and model blocks. */
export interface NumbersByPosition { sections: Map<string, string>; blocks: Map<string, string> }

/**
 * The new text with each inserted section and element numbered as the supplement numbers it (a copy;
 * `doc` is unchanged); `kept`: published numbers kept after deleted ones (published.ts), likewise.
 */
export function withInsertedNumbers(doc: SourceDocument, changes: Change[], w: Wording, kept?: NumbersByPosition): SourceDocument {
  const inserted = insertedByPosition(doc.mainFile, changes, w);
  const sections = new Map([...(kept?.sections ?? []), ...inserted.sections]);
  const blocks = new Map([...(kept?.blocks ?? []), ...inserted.blocks]);
  if (!sections.size && !blocks.size) return doc;
  const renumber = (s: Section): Section => {
    const number = sections.get(positionKey(s.pos.file, s.pos.line, s.pos.column));
    return { ...s, ...(number && !s.number ? { number } : {}), blocks: s.blocks.map((b) => renumberBlock(b, blocks)), children: s.children.map(renumber) };
  };
  return { ...doc, sections: doc.sections.map(renumber) };
}
