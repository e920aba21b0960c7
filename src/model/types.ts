/**
 * The document model: what a source means, independent of either publication. Positions travel with
 * every node so that a problem found at any later stage is reported at file:line:column.
 */
import type { Metadata } from '../source/metadata.js';
import type { SourcePosition } from '../util/diagnostics.js';

export type Side = 'itu' | 'iso';
export const SIDES: readonly Side[] = ['itu', 'iso'];

export type Inline =
  | { type: 'text'; value: string }
  | { type: 'emphasis' | 'strong'; children: Inline[] }
  | { type: 'code'; value: string }
  | { type: 'break' }
  | { type: 'link'; url: string; children: Inline[] }
  /** `[](#id)` (children empty: the target's label is generated) or `[text](#id)`. */
  | { type: 'xref'; target: string; children: Inline[]; pos: SourcePosition }
  /** `:ref[id]` / `:ref[id]{dated}` */
  | { type: 'cite'; id: string; dated: boolean; pos: SourcePosition }
  /** `:this` / `:This` */
  | { type: 'this'; capital: boolean }
  | { type: 'footnoteRef'; id: string; pos: SourcePosition }
  /** `:itu[…]` / `:iso[…]`: text in one publication only (a declared difference). */
  | { type: 'only'; side: Side; reason?: string; children: Inline[]; pos: SourcePosition };

export interface Caption {
  title: Inline[];
  anchor?: string;
  /** {number="5a"}: the number as printed, where the publication does not number 1, 2, 3 (kept by import). */
  number?: string;
  /** {label="Table 2-129 — "}: the whole lead-in as printed (another dash), outside the count (kept by import). */
  label?: string;
  /** {.unnumbered}: a table or figure the publication neither numbers nor titles (no caption line is printed). */
  unnumbered?: boolean;
  pos: SourcePosition;
  anchorPos?: SourcePosition;
}

/** `![…](fig.png){width=50%}`: the printed width, a percentage of the text width or a length. */
export interface ImageWidth {
  value: number;
  unit: '%' | 'cm' | 'mm';
}

export type Block =
  | { type: 'paragraph'; children: Inline[]; pos: SourcePosition }
  /** number: a printed number the build would not give (`**x**: y {number="3.2.5a"}`, a corrigendum's inserted term). */
  | { type: 'term'; term: Inline[]; definition: Inline[]; pos: SourcePosition; number?: string }
  /** number: {number="3"} / {number=""}, the number as printed where the publication does not number the notes 1, 2 … (kept by import). */
  /** number: as printed, outside the count; label: the whole lead-in as printed ("Note – ", "NOTE 1\t"), outside the count. */
  | { type: 'note' | 'example'; blocks: Block[]; pos: SourcePosition; number?: string; label?: string }
  | { type: 'list'; ordered: boolean; items: Block[][]; pos: SourcePosition; /** an ordered list's first number when not 1 (`3.` prints c)) */ start?: number;
      /** labels as printed where a build would give others: `+ item` prints "•", `1) item` prints 1), 2) at any depth (kept by import) */ labels?: 'round-bullet' | 'numbers' }
  /** spans: per row (the header first), the grid columns each cell spans, when a cell "<" merged one (source-format extension). */
  /** figure: a figure drawn as a table ("Figure: Title" after it): its caption is a figure's, numbered as one and printed below it. */
  /** down: per row, per cell, whether the cell is "^", merged with the one above it (source-format extension, w:vMerge). */
  | { type: 'table'; caption?: Caption; header: Inline[][]; rows: Inline[][][]; spans?: number[][]; figure?: boolean; down?: boolean[][]; pos: SourcePosition }
  | { type: 'figure'; caption?: Caption; src: string; path: string; alt: string; width?: ImageWidth; pos: SourcePosition }
  | { type: 'code'; lang?: string; value: string; pos: SourcePosition }
  | { type: 'pagebreak'; pos: SourcePosition }
  | { type: 'only'; side: Side; reason: string; blocks: Block[]; pos: SourcePosition };

export type SectionRole = 'summary' | 'introduction' | 'normative-references' | 'terms' | 'bibliography';

export interface Section {
  level: number;
  title: Inline[];
  anchor?: string;
  /** Where the `{#id}` of the heading is, for messages about the anchor. */
  anchorPos?: SourcePosition;
  role?: SectionRole;
  /** unstated: an annex the publication prints without an obligation line (T.88 (08/2018) Annex K). */
  annex?: 'integral' | 'non-integral' | 'unstated';
  unnumbered: boolean;
  /** Set when the heading sits in a `:::itu` / `:::iso` block: the section exists in one publication only. */
  side?: Side;
  reason?: string;
  /** `number="6.4.10"` on a heading: the number as printed where the publication skips one (kept by import); the count goes on from it. '' (`number=""`): a clause heading printed without a number, outside the count. */
  number?: string;
  /** `{.as-paragraph}`: a heading the publication prints as a bold body paragraph ("6.5<tab>Title" in the body style), numbered and a link target like any heading, not in the contents. */
  asParagraph?: boolean;
  /** `.section` on a top-level heading: printed "SECTION 1 – Title" (in the contents too), numbered as clause 1. */
  printedAsSection?: boolean;
  /** `defect="3"` on a heading: the defect reports a change to this section resolves (corrigenda). */
  defects?: string[];
  blocks: Block[];
  children: Section[];
  pos: SourcePosition;
}

export interface SourceDocument {
  meta: Metadata;
  /** The `{.summary}` section (ITU front matter only). */
  summary?: Section;
  /** The `{.introduction}` section (both, before the body title block). */
  introduction?: Section;
  /** Clauses, then annexes, then the bibliography, in source order. */
  sections: Section[];
  footnotes: Map<string, { blocks: Block[]; pos: SourcePosition }>;
  /** Every file read (main file first), for --watch and for messages. */
  files: string[];
  /** Folder of the main file: includes and images may not leave it. */
  root: string;
  mainFile: string;
}
