/**
 * A publication: one rendering (ITU or ISO) of a source, fully numbered and filled with its fixed
 * texts. The renderers (DOCX, text) lay out exactly this and decide nothing (xml2rfc's "prepare" step).
 */
import type { Side } from './types.js';
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
  /** A tracked change (revision-marked DOCX, src/supplement/revision.ts): written as w:ins / w:del. */
  change?: 'ins' | 'del';
}

export interface Para {
  kind: 'p';
  /** What the paragraph is; the profile maps it to a style name. */
  role: string;
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
  /** change: the whole row is a tracked insertion or deletion (revision-marked DOCX). */
  rows: { header: boolean; cells: Para[][]; change?: 'ins' | 'del' }[];
  declared?: { side: Side; reason: string };
}

export interface ImageBlock {
  kind: 'image';
  path: string;
  alt: string;
  role: string;
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

export function paraText(p: Para): string {
  return p.runs.map((r) => r.text).join('');
}
