/**
 * Single-pass walk over a WordprocessingML part (document, header, footer, footnotes, comments),
 * turning it into paragraphs and tables with the text a reader sees:
 *  - field results only (never field codes), tracked changes accepted (w:ins kept, w:del and
 *    w:moveFrom dropped, both counted), text boxes and content controls in reading order,
 *    mc:Fallback skipped (it duplicates mc:Choice), automatic numbers rebuilt and prefixed.
 */
import { XmlScanner, Tok } from './xml.js';
import { Numbering, type StyleInfo } from './numbering.js';
import type { ReadBlock, ReadParagraph, ReadTable } from './types.js';
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
  cell: { paragraphs: ReadParagraph[]; text: string };
}

interface TableState {
  table: ReadTable;
  row?: { cells: { paragraphs: ReadParagraph[]; text: string }[]; header: boolean; deleted: boolean };
}

/** Elements whose whole subtree carries no reader-visible text, or text that must be dropped. */
const SKIP = new Set([
  'w:rPr', 'w:instrText', 'w:delInstrText', 'w:sdtPr', 'w:sdtEndPr', 'mc:Fallback', 'w:tblGrid',
  'w:tcPr', 'w:pPrChange', 'w:rPrChange', 'w:sectPrChange', 'w:tblPrChange', 'w:tblGridChange',
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
  ['w:txbxContent', W_TXBXCONTENT],
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
): WalkResult {
  const s = new XmlScanner(xml);
  const roots: RootResult[] = [];
  const sections: SectionRefs[] = [];
  let insertions = 0;
  let deletions = 0;

  let depth = 0;
  let skipDepth = -1; // when >= 0, ignore everything until depth returns to it
  const containers: Container[] = [];
  const paras: ParaState[] = [];
  const tables: TableState[] = [];
  let root: RootResult | undefined;
  // Field state is part-wide: a TOC field begins in one paragraph and ends many paragraphs later.
  const fields: ('code' | 'result')[] = [];
  let codeDepth = 0; // number of open fields still in their code phase
  let inPPr = false;
  let inNumPr = false;
  let inTrPr = false;
  let sect: SectionRefs | undefined;

  const para = () => paras[paras.length - 1];
  const container = () => containers[containers.length - 1];

  const pushBlock = (b: ReadBlock) => {
    const c = container();
    if (!c) return;
    if ('cell' in c) {
      const cell = (c as CellState).cell;
      if (b.kind === 'paragraph') cell.paragraphs.push(b);
      else for (const r of b.rows) for (const x of r.cells) cell.paragraphs.push(...x.paragraphs);
    } else {
      b.index = c.blocks.length;
      c.blocks.push(b);
    }
  };

  const addText = (t: string) => {
    const p = para();
    if (!p || codeDepth > 0) return;
    p.parts.push(t);
    if (t !== '\n') p.sawText = true;
  };

  for (let t = s.next(); t !== Tok.End; t = s.next()) {
    if (t === Tok.Close) {
      depth--;
      if (skipDepth >= 0) {
        if (depth === skipDepth) skipDepth = -1;
        continue;
      }
      switch (CODES.get(s.name) ?? 0) {
        case W_P: {
          const st = paras.pop();
          if (!st) break;
          const p = st.p;
          let body = st.parts.join('');
          let { numId, ilvl } = st;
          if (numId === undefined) ({ numId, ilvl } = numbering.fromStyle(st.styleId));
          if (numId !== undefined) {
            const n = numbering.next(numId, ilvl ?? 0);
            if (n && n.text) {
              p.numberText = n.text;
              body = n.text + n.suffix + body;
            }
          }
          p.text = body;
          if (positions) p.source = { start: st.start, end: s.tagEnd };
          pushBlock(p);
          for (const b of st.after) pushBlock(b);
          break;
        }
        case W_TC: {
          const c = containers.pop() as CellState;
          c.cell.text = c.cell.paragraphs.map((x) => x.text).join('\n');
          tables[tables.length - 1]?.row?.cells.push(c.cell);
          break;
        }
        case W_TR: {
          const ts = tables[tables.length - 1];
          if (ts?.row && !ts.row.deleted) ts.table.rows.push({ cells: ts.row.cells, header: ts.row.header });
          if (ts) ts.row = undefined;
          break;
        }
        case W_TRPR:
          inTrPr = false;
          break;
        case W_TBL: {
          const ts = tables.pop();
          if (ts) pushBlock(ts.table);
          break;
        }
        case W_TXBXCONTENT: {
          const c = containers.pop()!;
          const p = para();
          if (p) p.after.push(...c.blocks);
          else for (const b of c.blocks) pushBlock(b);
          break;
        }
        case W_PPR:
          inPPr = false;
          break;
        case W_NUMPR:
          inNumPr = false;
          break;
        case W_SECTPR:
          if (sect) sections.push(sect);
          sect = undefined;
          break;
        case ROOT:
          if (root) {
            root.blocks = containers.pop()!.blocks;
            roots.push(root);
            root = undefined;
          }
      }
      continue;
    }

    // Open tag
    const name = s.name;
    if (skipDepth >= 0) {
      if (!s.selfClosing) depth++;
      continue;
    }
    const code = CODES.get(name) ?? 0;
    if (code === SKIPPED) {
      if (!s.selfClosing && !s.skipElement()) {
        skipDepth = depth;
        depth++;
      }
      continue;
    }
    if (!s.selfClosing) depth++;

    switch (code) {
      case W_T:
      case M_T:
        if (!s.selfClosing) addText(s.text());
        break;
      case W_TAB:
        // w:tab inside w:tabs (a tab stop definition) is in pPr and never reaches here as text.
        if (!inPPr) addText('\t');
        break;
      case W_PTAB:
        addText('\t');
        break;
      case W_BR: {
        const type = s.attr('w:type');
        if (type === 'page') {
          const p = para();
          if (p && !p.sawText) p.p.pageBreakBefore = true;
        } else if (type !== 'column') addText('\n');
        break;
      }
      case W_CR:
        addText('\n');
        break;
      case W_NOBREAKHYPHEN:
        addText('\u2011');
        break;
      case W_SOFTHYPHEN:
        addText('\u00AD');
        break;
      case W_SYM:
        addText(symbolChar(s.attr('w:font'), s.attr('w:char')));
        break;
      case W_FLDCHAR: {
        const type = s.attr('w:fldCharType');
        if (type === 'begin') {
          fields.push('code');
          codeDepth++;
        } else if (type === 'separate') {
          if (fields[fields.length - 1] === 'code') {
            fields[fields.length - 1] = 'result';
            codeDepth--;
          }
        } else if (type === 'end') {
          if (fields.pop() === 'code') codeDepth--;
        }
        break;
      }
      case W_FOOTNOTEREFERENCE:
      case W_ENDNOTEREFERENCE: {
        const p = para();
        const id = s.attr('w:id');
        if (p && id !== undefined && codeDepth === 0) {
          (p.p.footnotes ??= []).push({ id: code === W_ENDNOTEREFERENCE ? `endnote-${id}` : id, text: '' });
        }
        break;
      }
      case W_BOOKMARKSTART: {
        const p = para();
        const bm = s.attr('w:name');
        if (p && bm && bm !== '_GoBack') (p.p.bookmarks ??= []).push(bm);
        break;
      }
      case W_INS:
      case W_MOVETO:
        if (inTrPr) break;
        insertions++;
        break;
      case W_DEL:
      case W_MOVEFROM:
        deletions++;
        if (inTrPr) {
          const ts = tables[tables.length - 1];
          if (ts?.row) ts.row.deleted = true;
        } else if (!s.selfClosing) skipDepth = depth - 1;
        break;
      case W_P: {
        const p: ReadParagraph = { kind: 'paragraph', style: '', styleId: '', text: '', index: 0 };
        paras.push({ p, parts: [], after: [], sawText: false, start: s.tagStart });
        if (s.selfClosing) {
          paras.pop();
          if (positions) p.source = { start: s.tagStart, end: s.tagEnd };
          pushBlock(p);
        }
        break;
      }
      case W_PPR:
        if (!s.selfClosing) inPPr = true;
        break;
      case W_PSTYLE:
        if (inPPr && para()) {
          const id = s.attr('w:val') ?? '';
          const st = para();
          st.styleId = id;
          st.p.styleId = id;
          st.p.style = styles.get(id)?.name ?? id;
        }
        break;
      case W_NUMPR:
        if (inPPr && !s.selfClosing) inNumPr = true;
        break;
      case W_NUMID:
        if (inNumPr && para()) {
          para().numId = s.attr('w:val') ?? '0';
          para().ilvl ??= 0;
        }
        break;
      case W_ILVL:
        if (inNumPr && para()) para().ilvl = Number(s.attr('w:val') ?? 0);
        break;
      case W_PAGEBREAKBEFORE:
        if (inPPr && para()) {
          const v = s.attr('w:val');
          para().p.pageBreakBefore = v !== '0' && v !== 'false';
        }
        break;
      case W_SECTPR:
        sect = { headers: {}, footers: {} };
        if (s.selfClosing) {
          sections.push(sect);
          sect = undefined;
        }
        break;
      case W_HEADERREFERENCE:
      case W_FOOTERREFERENCE:
        if (sect) {
          const type = (s.attr('w:type') ?? 'default') as 'default' | 'first' | 'even';
          const rid = s.attr('r:id') ?? '';
          (code === W_HEADERREFERENCE ? sect.headers : sect.footers)[type] = rid;
        }
        break;
      case W_TBL:
        tables.push({ table: { kind: 'table', rows: [], index: 0, style: '' } });
        break;
      case W_TBLSTYLE: {
        const ts = tables[tables.length - 1];
        const id = s.attr('w:val') ?? '';
        if (ts) ts.table.style = styles.get(id)?.name ?? id;
        break;
      }
      case W_TR: {
        const ts = tables[tables.length - 1];
        if (ts) ts.row = { cells: [], header: false, deleted: false };
        break;
      }
      case W_TRPR:
        if (!s.selfClosing) inTrPr = true;
        break;
      case W_TBLHEADER: {
        const ts = tables[tables.length - 1];
        const v = s.attr('w:val');
        if (inTrPr && ts?.row) ts.row.header = v !== '0' && v !== 'false';
        break;
      }
      case W_TC: {
        const cell: CellState = { blocks: [], cell: { paragraphs: [], text: '' } };
        containers.push(cell);
        if (s.selfClosing) {
          containers.pop();
          tables[tables.length - 1]?.row?.cells.push(cell.cell);
        }
        break;
      }
      case W_TXBXCONTENT:
        containers.push({ blocks: [] });
        break;
      case ROOT:
        root = { name, id: s.attr('w:id'), type: s.attr('w:type'), author: s.attr('w:author'), blocks: [] };
        containers.push({ blocks: [] });
        if (s.selfClosing) {
          containers.pop();
          roots.push(root);
          root = undefined;
        }
        break;
    }
  }
  return { roots, sections, insertions, deletions };
}
