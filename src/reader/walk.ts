/**
 * Single-pass walk over a WordprocessingML part (document, header, footer, footnotes, comments),
 * turning it into paragraphs and tables with the text a reader sees:
 *  - field results only (never field codes), tracked changes accepted (w:ins kept, w:del and
 *    w:moveFrom dropped, both counted), text boxes and content controls in reading order,
 *    mc:Fallback skipped (it duplicates mc:Choice), automatic numbers rebuilt and prefixed.
 */
import { DocxReadError } from './errors.js';
import { XmlScanner, Tok } from './xml.js';
import { Numbering, type StyleInfo } from './numbering.js';
import type { ReadBlock, ReadCell, ReadParagraph, ReadTable } from './types.js';
import { symbolChar } from './symbols.js';

export interface SectionRefs {
  headers: Partial<Record<'default' | 'first' | 'even', string>>;
  footers: Partial<Record<'default' | 'first' | 'even', string>>;
}

/** A root element whose content is collected separately (w:body, w:hdr, w:footnote, w:comment …). */
export interface RootResult {
  name: string;
  id?: string;
  type?: string;
  author?: string;
  blocks: ReadBlock[];
}

export interface WalkResult {
  roots: RootResult[];
  sections: SectionRefs[];
  insertions: number;
  deletions: number;
}

interface ParaState {
  p: ReadParagraph;
  parts: string[];
  styleId?: string;
  numId?: string;
  ilvl?: number;
  /** Blocks from text boxes anchored in this paragraph: emitted right after it. */
  after: ReadBlock[];
  sawText: boolean;
  start: number;
}

interface Container {
  blocks: ReadBlock[];
}

interface CellState extends Container {
  cell: ReadCell;
}

interface TableState {
  table: ReadTable;
  row?: { cells: ReadCell[]; header: boolean; deleted: boolean; gridBefore?: number; gridAfter?: number };
}

/** Elements whose whole subtree carries no reader-visible text, or text that must be dropped. */
const SKIP = new Set([
  'w:rPr', 'w:instrText', 'w:delInstrText', 'w:sdtPr', 'w:sdtEndPr', 'mc:Fallback', 'w:tblGrid',
  'w:pPrChange', 'w:rPrChange', 'w:sectPrChange', 'w:tblPrChange', 'w:tblGridChange',
  'w:trPrChange', 'w:tcPrChange', 'w:numberingChange', 'w:fldData', 'w:delText',
]);

const ROOTS = new Set(['w:body', 'w:hdr', 'w:ftr', 'w:footnote', 'w:endnote', 'w:comment']);

/**
 * Tag name -> action code: one hash lookup per tag, then an integer switch (much faster than a
 * chain of string comparisons on the ~1 million tags of a large document).
 */
const SKIPPED = 1;
const ROOT = 99;
const W_T = 2;
const M_T = 3;
const W_TAB = 4;
const W_PTAB = 5;
const W_BR = 6;
const W_CR = 7;
const W_NOBREAKHYPHEN = 8;
const W_SOFTHYPHEN = 9;
const W_SYM = 10;
const W_FLDCHAR = 11;
const W_FOOTNOTEREFERENCE = 12;
const W_ENDNOTEREFERENCE = 13;
const W_BOOKMARKSTART = 14;
const W_INS = 15;
const W_MOVETO = 16;
const W_DEL = 17;
const W_MOVEFROM = 18;
const W_P = 19;
const W_PPR = 20;
const W_PSTYLE = 21;
const W_NUMPR = 22;
const W_NUMID = 23;
const W_ILVL = 24;
const W_PAGEBREAKBEFORE = 25;
const W_SECTPR = 26;
const W_HEADERREFERENCE = 27;
const W_FOOTERREFERENCE = 28;
const W_TBL = 29;
const W_TBLSTYLE = 30;
const W_TR = 31;
const W_TRPR = 32;
const W_TBLHEADER = 33;
const W_TC = 34;
const W_TXBXCONTENT = 35;
const A_BLIP = 36;
const V_IMAGEDATA = 37;
const W_GRIDSPAN = 38;
const W_VMERGE = 39;
const W_GRIDBEFORE = 40;
const W_GRIDAFTER = 41;
const CODES = new Map<string, number>([
  ['w:t', W_T],
  ['m:t', M_T],
  ['w:tab', W_TAB],
  ['w:ptab', W_PTAB],
  ['w:br', W_BR],
  ['w:cr', W_CR],
  ['w:noBreakHyphen', W_NOBREAKHYPHEN],
  ['w:softHyphen', W_SOFTHYPHEN],
  ['w:sym', W_SYM],
  ['w:fldChar', W_FLDCHAR],
  ['w:footnoteReference', W_FOOTNOTEREFERENCE],
  ['w:endnoteReference', W_ENDNOTEREFERENCE],
  ['w:bookmarkStart', W_BOOKMARKSTART],
  ['w:ins', W_INS],
  ['w:moveTo', W_MOVETO],
  ['w:del', W_DEL],
  ['w:moveFrom', W_MOVEFROM],
  ['w:p', W_P],
  ['w:pPr', W_PPR],
  ['w:pStyle', W_PSTYLE],
  ['w:numPr', W_NUMPR],
  ['w:numId', W_NUMID],
  ['w:ilvl', W_ILVL],
  ['w:pageBreakBefore', W_PAGEBREAKBEFORE],
  ['w:sectPr', W_SECTPR],
  ['w:headerReference', W_HEADERREFERENCE],
  ['w:footerReference', W_FOOTERREFERENCE],
  ['w:tbl', W_TBL],
  ['w:tblStyle', W_TBLSTYLE],
  ['w:tr', W_TR],
  ['w:trPr', W_TRPR],
  ['w:tblHeader', W_TBLHEADER],
  ['w:tc', W_TC],
  ['w:gridSpan', W_GRIDSPAN],
  ['w:vMerge', W_VMERGE],
  ['w:gridBefore', W_GRIDBEFORE],
  ['w:gridAfter', W_GRIDAFTER],
  ['w:txbxContent', W_TXBXCONTENT],
  ['a:blip', A_BLIP],
  ['v:imagedata', V_IMAGEDATA],
  ...[...SKIP].map((n) => [n, SKIPPED] as [string, number]),
  ...[...ROOTS].map((n) => [n, ROOT] as [string, number]),
]);

export function blockText(b: ReadBlock): string {
  if (b.kind === 'paragraph') return b.text;
  return b.rows.map((r) => r.cells.map((c) => c.text).join('\t')).join('\n');
}

export function walkPart(
  xml: string,
  styles: Map<string, StyleInfo>,
  numbering: Numbering,
  positions = false,
  part = 'word/document.xml',
): WalkResult {
  return new PartWalker(xml, styles, numbering, positions, part).walk();
}

/**
 * The state of one walk. The loop in walk() reads each tag once, keeps the depth and skips what has
 * no text, and hands a tag with an action code to open() or close(), which switch on the code and
 * call one small handler per kind of element; the handlers share the state in fields, without closures.
 */
class PartWalker {
  private readonly s: XmlScanner;
  private readonly roots: RootResult[] = [];
  private readonly sections: SectionRefs[] = [];
  private insertions = 0;
  private deletions = 0;

  private readonly containers: Container[] = [];
  private readonly paras: ParaState[] = [];
  private readonly tables: TableState[] = [];
  private root: RootResult | undefined;
  /** Field state is part-wide: a TOC field begins in one paragraph and ends many paragraphs later. */
  private readonly fields: ('code' | 'result')[] = [];
  /** The number of open fields still in their code phase. */
  private codeDepth = 0;
  private inPPr = false;
  private inNumPr = false;
  private inTrPr = false;
  private sect: SectionRefs | undefined;

  constructor(
    xml: string,
    private readonly styles: Map<string, StyleInfo>,
    private readonly numbering: Numbering,
    private readonly positions: boolean,
    private readonly part: string,
  ) {
    this.s = new XmlScanner(xml);
  }

  walk(): WalkResult {
    const s = this.s;
    // The depth and the skipping are touched on every tag: they stay in locals (registers), and a
    // handler is called only for a tag that has an action (most, such as w:r, have none). The names
    // of the open elements are kept too: a closing tag must close the element open at its depth.
    const open: string[] = [];
    let depth = 0;
    let skipDepth = -1; // when >= 0, ignore everything until depth returns to it
    for (let t = s.next(); t !== Tok.End; t = s.next()) {
      if (t === Tok.Close) {
        depth--;
        if (open.pop() !== s.name) this.illFormed(`</${s.name}> closes an element that is not open`);
        if (skipDepth >= 0) {
          if (depth === skipDepth) skipDepth = -1;
          continue;
        }
        const code = CODES.get(s.name) ?? 0;
        if (code !== 0) this.close(code);
        continue;
      }
      if (!s.selfClosing) open.push(s.name);
      if (skipDepth >= 0) {
        if (!s.selfClosing) depth++;
        continue;
      }
      const code = CODES.get(s.name) ?? 0;
      if (code === SKIPPED) {
        if (s.selfClosing) continue;
        if (s.skipElement()) open.pop();
        else {
          skipDepth = depth;
          depth++;
        }
        continue;
      }
      if (!s.selfClosing) depth++;
      if (code !== 0 && this.open(code)) skipDepth = depth - 1;
    }
    if (s.broken) this.illFormed('it ends inside a tag');
    if (open.length) this.illFormed(`<${open[open.length - 1]}> is never closed`);
    return { roots: this.roots, sections: this.sections, insertions: this.insertions, deletions: this.deletions };
  }

  /** A damaged part is refused: read anyway, its text would be compared as something it is not. */
  private illFormed(why: string): never {
    throw new DocxReadError('corrupt', `the part ${this.part} is damaged (not well-formed XML: ${why.slice(0, 80)}); open the file in Word or LibreOffice and save it again`);
  }

  // ---- Open tags ------------------------------------------------------------------------------

  /** Returns true when the element's content is to be skipped (deleted text). */
  private open(code: number): boolean {
    switch (code) {
      case W_T:
      case M_T:
      case W_TAB:
      case W_PTAB:
      case W_BR:
      case W_CR:
      case W_NOBREAKHYPHEN:
      case W_SOFTHYPHEN:
      case W_SYM:
        this.runContent(code);
        break;
      case W_FLDCHAR:
        this.fieldChar();
        break;
      case W_FOOTNOTEREFERENCE:
      case W_ENDNOTEREFERENCE:
      case W_BOOKMARKSTART:
        this.paragraphMarker(code);
        break;
      case W_INS:
      case W_MOVETO:
        if (!this.inTrPr) this.insertions++;
        break;
      case W_DEL:
      case W_MOVEFROM:
        return this.deletion();
      case W_P:
        this.startParagraph();
        break;
      case W_PPR:
      case W_PSTYLE:
      case W_NUMPR:
      case W_NUMID:
      case W_ILVL:
      case W_PAGEBREAKBEFORE:
        this.paragraphProperty(code);
        break;
      case W_SECTPR:
      case W_HEADERREFERENCE:
      case W_FOOTERREFERENCE:
        this.sectionProperty(code);
        break;
      case W_TBL:
      case W_TBLSTYLE:
      case W_TR:
      case W_TRPR:
      case W_TBLHEADER:
      case W_TC:
      case W_GRIDSPAN:
      case W_VMERGE:
      case W_GRIDBEFORE:
      case W_GRIDAFTER:
        this.tablePart(code);
        break;
      case W_TXBXCONTENT:
        this.containers.push({ blocks: [] });
        break;
      case A_BLIP:
      case V_IMAGEDATA:
        this.picture(code);
        break;
      case ROOT:
        this.startRoot();
        break;
    }
    return false;
  }

  /** Text, tabs, breaks and special characters of a run. */
  private runContent(code: number): void {
    const s = this.s;
    switch (code) {
      case W_T:
      case M_T:
        if (!s.selfClosing) this.addText(s.text());
        break;
      case W_TAB:
        // w:tab inside w:tabs (a tab stop definition) is in pPr and never reaches here as text.
        if (!this.inPPr) this.addText('\t');
        break;
      case W_PTAB:
        this.addText('\t');
        break;
      case W_BR: {
        const type = s.attr('w:type');
        if (type === 'page') {
          const p = this.para();
          if (p && !p.sawText) p.p.pageBreakBefore = true;
        } else if (type !== 'column') this.addText('\n');
        break;
      }
      case W_CR:
        this.addText('\n');
        break;
      case W_NOBREAKHYPHEN:
        this.addText('\u2011');
        break;
      case W_SOFTHYPHEN:
        this.addText('\u00AD');
        break;
      case W_SYM:
        this.addText(symbolChar(s.attr('w:font'), s.attr('w:char')));
        break;
    }
  }

  /** w:fldChar: text between begin and separate is the field code, which a reader never sees. */
  private fieldChar(): void {
    const type = this.s.attr('w:fldCharType');
    const fields = this.fields;
    if (type === 'begin') {
      fields.push('code');
      this.codeDepth++;
    } else if (type === 'separate') {
      if (fields[fields.length - 1] === 'code') {
        fields[fields.length - 1] = 'result';
        this.codeDepth--;
      }
    } else if (type === 'end') {
      if (fields.pop() === 'code') this.codeDepth--;
    }
  }

  /** Footnote and endnote references and bookmarks: listed on the paragraph, not in its text. */
  private paragraphMarker(code: number): void {
    const p = this.para();
    if (code === W_BOOKMARKSTART) {
      const bm = this.s.attr('w:name');
      if (p && bm && bm !== '_GoBack') (p.p.bookmarks ??= []).push(bm);
      return;
    }
    const id = this.s.attr('w:id');
    if (p && id !== undefined && this.codeDepth === 0) {
      (p.p.footnotes ??= []).push({ id: code === W_ENDNOTEREFERENCE ? `endnote-${id}` : id, text: '', at: p.parts.reduce((n, s) => n + s.length, 0) });
    }
  }

  /** a:blip / v:imagedata: the relationship id of a picture drawn in the paragraph (read.ts resolves it to a part name). */
  private picture(code: number): void {
    const p = this.para();
    const rid = this.s.attr(code === A_BLIP ? 'r:embed' : 'r:id');
    if (p && rid) (p.p.images ??= []).push(rid);
  }

  /** w:del / w:moveFrom: a deleted row is marked (and dropped at its end), deleted content skipped. */
  private deletion(): boolean {
    this.deletions++;
    if (this.inTrPr) {
      const ts = this.table();
      if (ts?.row) ts.row.deleted = true;
      return false;
    }
    return !this.s.selfClosing;
  }

  private startParagraph(): void {
    const s = this.s;
    const p: ReadParagraph = { kind: 'paragraph', style: '', styleId: '', text: '', index: 0 };
    this.paras.push({ p, parts: [], after: [], sawText: false, start: s.tagStart });
    if (s.selfClosing) {
      this.paras.pop();
      if (this.positions) p.source = { start: s.tagStart, end: s.tagEnd };
      this.pushBlock(p);
    }
  }

  /** w:pPr and what the reader takes from it: the style, the numbering, a page break before. */
  private paragraphProperty(code: number): void {
    const s = this.s;
    const st = this.para();
    switch (code) {
      case W_PPR:
        if (!s.selfClosing) this.inPPr = true;
        break;
      case W_PSTYLE:
        if (this.inPPr && st) {
          const id = s.attr('w:val') ?? '';
          st.styleId = id;
          st.p.styleId = id;
          st.p.style = this.styles.get(id)?.name ?? id;
        }
        break;
      case W_NUMPR:
        if (this.inPPr && !s.selfClosing) this.inNumPr = true;
        break;
      case W_NUMID:
        if (this.inNumPr && st) {
          st.numId = s.attr('w:val') ?? '0';
          st.ilvl ??= 0;
        }
        break;
      case W_ILVL:
        if (this.inNumPr && st) st.ilvl = Number(s.attr('w:val') ?? 0);
        break;
      case W_PAGEBREAKBEFORE:
        if (this.inPPr && st) {
          const v = s.attr('w:val');
          st.p.pageBreakBefore = v !== '0' && v !== 'false';
        }
        break;
    }
  }

  /** w:sectPr and its header and footer references (relationship ids, read by the caller). */
  private sectionProperty(code: number): void {
    const s = this.s;
    if (code === W_SECTPR) {
      this.sect = { headers: {}, footers: {} };
      if (s.selfClosing) this.endSection();
      return;
    }
    const sect = this.sect;
    if (sect) {
      const type = (s.attr('w:type') ?? 'default') as 'default' | 'first' | 'even';
      const rid = s.attr('r:id') ?? '';
      (code === W_HEADERREFERENCE ? sect.headers : sect.footers)[type] = rid;
    }
  }

  private tablePart(code: number): void {
    const s = this.s;
    const ts = this.table();
    switch (code) {
      case W_TBL:
        this.tables.push({ table: { kind: 'table', rows: [], index: 0, style: '' } });
        break;
      case W_TBLSTYLE: {
        const id = s.attr('w:val') ?? '';
        if (ts) ts.table.style = this.styles.get(id)?.name ?? id;
        break;
      }
      case W_TR:
        if (ts) ts.row = { cells: [], header: false, deleted: false };
        break;
      case W_TRPR:
        if (!s.selfClosing) this.inTrPr = true;
        break;
      case W_TBLHEADER: {
        const v = s.attr('w:val');
        if (this.inTrPr && ts?.row) ts.row.header = v !== '0' && v !== 'false';
        break;
      }
      case W_GRIDSPAN: {
        // a cell merged across grid columns (w:tcPr/w:gridSpan; w:tcPr is read for it alone, nothing in it carries text); read by import, ignored by check
        const span = Number(s.attr('w:val'));
        const top = this.containers[this.containers.length - 1] as Partial<CellState>;
        if (top.cell && span > 1) top.cell.span = span;
        break;
      }
      case W_VMERGE:
      case W_GRIDBEFORE:
      case W_GRIDAFTER:
        this.mergePart(code, ts);
        break;
      case W_TC: {
        const cell: CellState = { blocks: [], cell: { paragraphs: [], text: '' } };
        this.containers.push(cell);
        if (s.selfClosing) {
          this.containers.pop();
          ts?.row?.cells.push(cell.cell);
        }
        break;
      }
    }
  }

  private startRoot(): void {
    const s = this.s;
    this.root = { name: s.name, id: s.attr('w:id'), type: s.attr('w:type'), author: s.attr('w:author'), blocks: [] };
    this.containers.push({ blocks: [] });
    if (s.selfClosing) {
      this.containers.pop();
      this.roots.push(this.root);
      this.root = undefined;
    }
  }

  // ---- Close tags -----------------------------------------------------------------------------

  private close(code: number): void {
    switch (code) {
      case W_P:
        this.endParagraph();
        break;
      case W_TC:
        this.endCell();
        break;
      case W_TR:
        this.endRow();
        break;
      case W_TRPR:
        this.inTrPr = false;
        break;
      case W_TBL: {
        const ts = this.tables.pop();
        if (ts) this.pushBlock(ts.table);
        break;
      }
      case W_TXBXCONTENT:
        this.endTextBox();
        break;
      case W_PPR:
        this.inPPr = false;
        break;
      case W_NUMPR:
        this.inNumPr = false;
        break;
      case W_SECTPR:
        this.endSection();
        break;
      case ROOT:
        this.endRoot();
    }
  }

  /** The paragraph's text, prefixed with its automatic number (direct, or from its style). */
  private endParagraph(): void {
    const st = this.paras.pop();
    if (!st) return;
    const p = st.p;
    let body = st.parts.join('');
    let { numId, ilvl } = st;
    if (numId === undefined) ({ numId, ilvl } = this.numbering.fromStyle(st.styleId));
    if (numId !== undefined) {
      const n = this.numbering.next(numId, ilvl ?? 0);
      if (n && n.text) {
        p.numberText = n.text;
        body = n.text + n.suffix + body;
        for (const f of p.footnotes ?? []) if (f.at !== undefined) f.at += n.text.length + n.suffix.length;
      }
    }
    p.text = body;
    if (this.positions) p.source = { start: st.start, end: this.s.tagEnd };
    this.pushBlock(p);
    for (const b of st.after) this.pushBlock(b);
  }

  private endCell(): void {
    const c = this.containers.pop() as CellState;
    c.cell.text = c.cell.paragraphs.map((x) => x.text).join('\n');
    this.table()?.row?.cells.push(c.cell);
  }

  /**
   * w:vMerge (a cell merged down: "restart" starts it, no value continues it) and w:trPr's
   * w:gridBefore / w:gridAfter (grid columns a row leaves out): read by import, ignored by check.
   */
  private mergePart(code: number, ts: TableState | undefined): void {
    const n = Number(this.s.attr('w:val') ?? '0');
    if (code === W_VMERGE) {
      const top = this.containers[this.containers.length - 1] as Partial<CellState>;
      if (top.cell) top.cell.vMerge = this.s.attr('w:val') === 'restart' ? 'restart' : 'continue';
    } else if (this.inTrPr && ts?.row && n > 0) ts.row[code === W_GRIDBEFORE ? 'gridBefore' : 'gridAfter'] = n;
  }

  /** A row deleted as a tracked change is dropped. */
  private endRow(): void {
    const ts = this.table();
    const { gridBefore, gridAfter } = ts?.row ?? {};
    if (ts?.row && !ts.row.deleted) ts.table.rows.push({ cells: ts.row.cells, header: ts.row.header, ...(gridBefore ? { gridBefore } : {}), ...(gridAfter ? { gridAfter } : {}) });
    if (ts) ts.row = undefined;
  }

  /** A text box's blocks follow the paragraph that anchors it. */
  private endTextBox(): void {
    const c = this.containers.pop()!;
    const p = this.para();
    if (p) p.after.push(...c.blocks);
    else for (const b of c.blocks) this.pushBlock(b);
  }

  private endSection(): void {
    if (this.sect) this.sections.push(this.sect);
    this.sect = undefined;
  }

  private endRoot(): void {
    const root = this.root;
    if (!root) return;
    root.blocks = this.containers.pop()!.blocks;
    this.roots.push(root);
    this.root = undefined;
  }

  // ---- Shared helpers -------------------------------------------------------------------------

  private para(): ParaState | undefined {
    return this.paras[this.paras.length - 1];
  }

  private table(): TableState | undefined {
    return this.tables[this.tables.length - 1];
  }

  /** Text of the open paragraph; dropped while a field code is being read. */
  private addText(t: string): void {
    const p = this.para();
    if (!p || this.codeDepth > 0) return;
    p.parts.push(t);
    if (t !== '\n') p.sawText = true;
  }

  /** Into the innermost container: a root's or text box's blocks, or a cell (tables flattened). */
  private pushBlock(b: ReadBlock): void {
    const c = this.containers[this.containers.length - 1];
    if (!c) return;
    if ('cell' in c) {
      const cell = (c as CellState).cell;
      if (b.kind === 'paragraph') cell.paragraphs.push(b);
      else for (const r of b.rows) for (const x of r.cells) cell.paragraphs.push(...x.paragraphs);
    } else {
      b.index = c.blocks.length;
      c.blocks.push(b);
    }
  }
}
