/**
 * A publication: one rendering (ITU or ISO) of a source, fully numbered and filled with its fixed
 * texts. The renderers (DOCX, text) lay out exactly this and decide nothing (xml2rfc's "prepare" step).
 */
import type { ImageWidth, Side } from './types.js';
import type { SourcePosition } from '../util/diagnostics.js';
import type { Templates } from '../profile/index.js';

export interface Run {
  /** May contain "\t" (a tab) and "\n" (a line break). */
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  /** A cross-reference: the anchor (`{#id}`) of its target. Or an external URL. */
  anchor?: string;
  url?: string;
  /** A footnote reference: the footnote's number in this publication. */
  footnote?: number;
  /** The footnote reference prints this mark of its own instead of a number (the "*" of the ITU History table). */
  footnoteMark?: string;
  /** A tracked change (revision-marked DOCX, src/supplement/revision.ts): written as w:ins / w:del. */
  change?: 'ins' | 'del';
}

/**
 * What a paragraph is in the document, in its own words, with what the publication prints for it: the
 * check reads a build's clauses and units from here, without guessing them back from styles and text.
 */
export interface Part {
  kind: 'title-block' | 'clause' | 'annex' | 'note' | 'example' | 'term' | 'list-item' | 'table' | 'figure' | 'obligation' | 'footnote';
  /** As printed: "7.4.1" (a clause; '' unnumbered), "Annex B", "NOTE 2", "EXAMPLE", "3.2.1", "c)", "Table A.1", "Figure 3". */
  label: string;
  /** A heading's title as printed; a clause's level (1 for a clause, 2 for a subclause …). */
  title?: string;
  level?: number;
  /** The second and later paragraphs of a note, example or list item. */
  continued?: boolean;
}

export interface Para {
  kind: 'p';
  /** What the paragraph is; the profile maps it to a style name. */
  role: string;
  /** The part of the document it starts or continues (absent for plain body text and fixed texts). */
  part?: Part;
  /** Where in the source it comes from (absent for fixed texts). */
  pos?: SourcePosition;
  runs: Run[];
  /** The place cross-references and the contents point at (a writer names it: a DOCX bookmark, an HTML id). */
  target?: Anchor;
  /** Start of a one-side (declared) difference. */
  declared?: { side: Side; reason: string };
  /** The paragraph mark itself is a tracked insertion or deletion (a whole paragraph added or removed). */
  change?: 'ins' | 'del';
}

export interface TableBlock {
  kind: 'table';
  /** A fixed text's table with a look of its own (the DOCX data's `tables:`), e.g. the ITU History table. */
  look?: string;
  /** The table's label ("Table 3"), as on its caption. */
  part?: Part;
  pos?: SourcePosition;
  /** change: the whole row is a tracked insertion or deletion (revision-marked DOCX). */
  /** spans: the grid columns each cell spans, when one spans more than one. down: per cell, whether it continues the cell above (merged down), when one does. */
  rows: { header: boolean; cells: Para[][]; change?: 'ins' | 'del'; spans?: number[]; down?: boolean[] }[];
  declared?: { side: Side; reason: string };
}

export interface ImageBlock {
  kind: 'image';
  path: string;
  alt: string;
  role: string;
  /** The width the source gives (`{width=50%}`); default: the picture's own size, at most the text width. */
  width?: ImageWidth;
  /** A tracked insertion or deletion of the whole figure. */
  change?: 'ins' | 'del';
}

export type PubBlock = Para | TableBlock | ImageBlock | { kind: 'pagebreak' } | { kind: 'toc' };

export interface PubSection {
  /** 'body' is the shared body; the others are publication-specific. */
  name: string;
  blocks: PubBlock[];
  header?: string;
  footer?: string;
  pageNumbers: 'none' | 'lower-roman' | 'decimal';
}

/**
 * A place in the publication: an author's anchor (`{#id}`, the id cross-references name) or one the
 * prepare pass made for a heading the contents list. Unique by object, not by id: two generated
 * anchors may share an id ("sec_Scope"), and the writer gives each its own name.
 */
export interface Anchor {
  id: string;
  generated: boolean;
}

export interface TocEntry {
  level: number;
  text: string;
  target: Anchor;
}

export interface DeclaredDifference {
  side: Side;
  reason: string;
  clause?: string;
  texts: string[];
}

export interface Publication {
  side: Side;
  label: string;
  fileName: string;
  sections: PubSection[];
  footnotes: Para[][];
  toc: TocEntry[];
  /** The template chain it was prepared with: writers find their own format data there (docx.yaml). */
  templates: Templates;
  declared: DeclaredDifference[];
  title: string;
}

/**
 * A paragraph with every field present (undefined when unset), in one order: the writer, the watch
 * cache and the checker read millions of them, and objects of one shape keep V8's property reads fast
 * (paragraphs of a dozen shapes made the DOCX writer measurably slower).
 */
export function makePara(role: string, runs: Run[], extra: Partial<Omit<Para, 'kind' | 'role' | 'runs'>> = {}): Para {
  return { kind: 'p', role, runs, part: extra.part, pos: extra.pos, target: extra.target, declared: extra.declared, change: extra.change };
}

export function paraText(p: Para): string {
  return p.runs.map((r) => r.text).join('');
}
