/** The text model of a .docx that readDocx returns. Stable API (see README.md). */
export interface ReadFootnoteRef {
  id: string;
  text: string;
  /** Where the reference mark stands: the offset in the paragraph's text (after its automatic number). */
  at?: number;
}

export interface ReadParagraph {
  kind: 'paragraph';
  /** Style NAME from styles.xml ('heading 1', 'Rec_No'); '' when the paragraph has no w:pStyle. */
  style: string;
  styleId: string;
  /**
   * Full text as a reader sees it: tabs as \t, line breaks as \n, w:sym mapped to Unicode,
   * w:noBreakHyphen as U+2011, soft hyphen as U+00AD, field results only, automatic number
   * prefixed with its suffix ('7.4.1\t', 'a)\t').
   */
  text: string;
  /** The automatic number alone ('7.4.1', 'a)'), when Word numbering produced one. */
  numberText?: string;
  /** Footnotes referenced in this paragraph, in order (endnotes have ids 'endnote-N'). */
  footnotes?: ReadFootnoteRef[];
  bookmarks?: string[];
  /** Pictures drawn in this paragraph (a:blip, v:imagedata), as part names ('word/media/image3.png'), in order. */
  images?: string[];
  pageBreakBefore?: boolean;
  /**
   * The text of a paragraph whose style prints it invisibly (hidden, or white on no shading): a reader
   * sees nothing, so `text` is '' and the document's warnings list it.
   */
  invisible?: string;
  /** Position in `body` (top level) or in the containing cell's `paragraphs`. */
  index: number;
  /** With ReadOptions.sourcePositions: offsets of this w:p element in the decoded part XML. */
  source?: { start: number; end: number };
}

export interface ReadCell {
  paragraphs: ReadParagraph[];
  /** Paragraph texts joined with \n. */
  text: string;
  /** w:gridSpan: the number of grid columns the cell spans, when more than one. */
  span?: number;
  /** w:vMerge: the cell starts a merge down ('restart') or continues the one above ('continue'). */
  vMerge?: 'restart' | 'continue';
}

export interface ReadRow {
  cells: ReadCell[];
  /** w:tblHeader: the row repeats as a header on each page. */
  header: boolean;
  /** w:gridBefore / w:gridAfter: grid columns the row leaves out before its first cell / after its last. */
  gridBefore?: number;
  gridAfter?: number;
}

export interface ReadTable {
  kind: 'table';
  rows: ReadRow[];
  index: number;
  /** Table style name ('' if none). */
  style: string;
}

export type ReadBlock = ReadParagraph | ReadTable;

export type HeaderFooterKind = 'default' | 'first' | 'even';

export interface ReadSection {
  headers: Record<HeaderFooterKind, string | undefined>;
  footers: Record<HeaderFooterKind, string | undefined>;
}

export interface ReadDocument {
  body: ReadBlock[];
  /** One entry per section, in order; a section without its own header inherits the previous one, as in Word. */
  sections: ReadSection[];
  /** Footnote id -> text (paragraphs joined with \n, trimmed). Endnotes are under 'endnote-N'. */
  footnotes: Record<string, string>;
  comments: { id: string; author?: string; text: string }[];
  trackedChanges: { insertions: number; deletions: number };
  /** Style id -> style name. */
  styles: Record<string, string>;
  warnings: string[];
}

export interface ReadOptions {
  /** Maximum number of zip entries (default 10 000). */
  maxEntries?: number;
  /** Maximum declared total unpacked size (default 512 MiB). */
  maxTotalSize?: number;
  /** Maximum unpacked size of one part (default 256 MiB). */
  maxEntrySize?: number;
  /** Record each paragraph's offsets in word/document.xml (`source`), e.g. to edit it (tests, corrections). */
  sourcePositions?: boolean;
}
