/**
 * A revision-marked DOCX: the whole new text of a publication with its differences from the old text
 * as real Word tracked changes (w:ins / w:del), which a reviewer accepts or rejects in Word or LibreOffice.
 *
 * Both sources are prepared into publications (numbered, filled); each section of the new publication is
 * aligned with the section of the same name in the old one, block by block (an LCS over the blocks'
 * texts, then similar paragraphs in a replaced stretch are paired as "changed"), and a changed paragraph
 * is diffed word by word. The result is an ordinary Publication whose runs carry `change`, so the one
 * DOCX writer (src/render/docx.ts) lays it out exactly as the normal build does.
 */
import { diffArrays } from 'diff';
import path from 'node:path';
import { preparePublication } from '../model/prepare.js';
import { loadProfile, Templates } from '../profile/index.js';
import { renderDocx } from '../render/docx.js';
import type { ImageBlock, Para, PubBlock, PubSection, Publication, Run, TableBlock } from '../model/publication.js';
import { paraText } from '../model/publication.js';
import type { Side, SourceDocument } from '../model/types.js';

export interface RevisionOptions {
  /** The author of the tracked changes, as Word shows it (default "commontext"). */
  author?: string;
  /** When the changes were made: ISO 8601, e.g. "2024-05-01T00:00:00Z" (default: now). Fix it for reproducible files. */
  date?: string;
  /** A folder of the user's own templates (as `build --templates`); default: the new source's `templates:` key. */
  templates?: string;
}

/** Paragraphs of a replaced stretch are paired as one changed paragraph when this similar (Dice over words). */
const PAIR_THRESHOLD = 0.5;
/** Above this many candidate pairs in one replaced stretch, pair greedily instead of optimally (time). */
const MAX_PAIR_MATRIX = 40_000;

type Op<T> =
  | { kind: 'same'; a: T; b: T }
  | { kind: 'change'; a: T; b: T }
  | { kind: 'del'; a: T }
  | { kind: 'ins'; b: T };

/** Words, runs of white space and single punctuation marks: what a word-level change replaces. */
function tokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

/** Dice coefficient of the two texts' word multisets: 1 identical, 0 nothing in common. */
function similarity(a: string, b: string): number {
  const wa = a.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  const wb = b.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (!wa.length && !wb.length) return a === b ? 1 : 0;
  const count = new Map<string, number>();
  for (const w of wa) count.set(w, (count.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wb) {
    const n = count.get(w) ?? 0;
    if (n > 0) { common++; count.set(w, n - 1); }
  }
  return (2 * common) / (wa.length + wb.length);
}

/**
 * Aligns two sequences: equal keys are kept (LCS), and within each stretch where old items were replaced
 * by new ones, the pairs most alike (in order) become changes; the rest are deletions and insertions.
 */
function align<T>(olds: T[], news: T[], key: (t: T) => string, pairScore: (a: T, b: T) => number): Op<T>[] {
  const parts = diffArrays(olds.map(key), news.map(key));
  const out: Op<T>[] = [];
  let i = 0;
  let j = 0;
  let removed: T[] = [];
  let added: T[] = [];
  const flush = () => {
    out.push(...pairUp(removed, added, pairScore));
    removed = [];
    added = [];
  };
  for (const part of parts) {
    if (part.removed) { removed.push(...olds.slice(i, i + part.count)); i += part.count; }
    else if (part.added) { added.push(...news.slice(j, j + part.count)); j += part.count; }
    else {
      flush();
      for (let k = 0; k < part.count; k++) out.push({ kind: 'same', a: olds[i + k], b: news[j + k] });
      i += part.count;
      j += part.count;
    }
  }
  flush();
  return out;
}

/** Pairs old and new items of a replaced stretch, keeping both orders (a monotone best matching). */
function pairUp<T>(olds: T[], news: T[], score: (a: T, b: T) => number): Op<T>[] {
  const m = olds.length;
  const n = news.length;
  const pairs: [number, number][] = [];
  // one item replaced by one (a cell's "Verifier" → "Checker"): a change in place, however different,
  // so that accepting it leaves no empty paragraph behind; a negative score means "never pair these"
  if (m === 1 && n === 1 && score(olds[0], news[0]) >= 0) pairs.push([0, 0]);
  else if (m && n && m * n <= MAX_PAIR_MATRIX) {
    const s = olds.map((a) => news.map((b) => score(a, b)));
    // best[i][j]: the best total score pairing olds[i..] with news[j..]
    const best = Array.from({ length: m + 1 }, () => new Float64Array(n + 1));
    for (let i = m - 1; i >= 0; i--)
      for (let j = n - 1; j >= 0; j--)
        best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], s[i][j] >= PAIR_THRESHOLD ? s[i][j] + best[i + 1][j + 1] : -1);
    let i = 0;
    let j = 0;
    while (i < m && j < n) {
      if (s[i][j] >= PAIR_THRESHOLD && best[i][j] === s[i][j] + best[i + 1][j + 1]) { pairs.push([i, j]); i++; j++; }
      else if (best[i][j] === best[i + 1][j]) i++;
      else j++;
    }
  } else if (m && n) {
    let j = 0;
    for (let i = 0; i < m && j < n; i++) {
      for (let k = j; k < n; k++) if (score(olds[i], news[k]) >= PAIR_THRESHOLD) { pairs.push([i, k]); j = k + 1; break; }
    }
  }
  // deletions before insertions between pairs: the reader meets the old text first, as in Word's compare
  const out: Op<T>[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [m, n] as [number, number]]) {
    while (i < pi) out.push({ kind: 'del', a: olds[i++] });
    while (j < pj) out.push({ kind: 'ins', b: news[j++] });
    if (pi < m) { out.push({ kind: 'change', a: olds[pi], b: news[pj] }); i++; j++; }
  }
  return out;
}

function blockKey(b: PubBlock): string {
  switch (b.kind) {
    case 'p': return `p\u0000${b.role}\u0000${paraText(b)}\u0000${b.runs.map((r) => (r.footnote ? '¹' : '')).join('')}`;
    case 'table': return `table\u0000${tableText(b)}`;
    case 'image': return `image\u0000${b.path}\u0000${b.alt}`;
    default: return b.kind;
  }
}

function tableText(t: TableBlock): string {
  return t.rows.map((r) => r.cells.map((c) => c.map(paraText).join('\n')).join('\t')).join('\n');
}

/** How alike two blocks are (0…1); -1 when they can never be one block changed (a paragraph and a table). */
function blockScore(a: PubBlock, b: PubBlock): number {
  if (a.kind === 'p' && b.kind === 'p') return a.role === b.role ? similarity(paraText(a), paraText(b)) : similarity(paraText(a), paraText(b)) || -1;
  // a table is paired with a table even when much of it changed: its cells are then diffed one by one
  if (a.kind === 'table' && b.kind === 'table') return Math.max(PAIR_THRESHOLD, similarity(tableText(a), tableText(b)));
  return -1;
}

/**
 * Old text shown as deleted: formatting kept, links dropped (their targets may be gone). A footnote mark
 * is kept with its OLD number, negated; revisionPublication gives it the old footnote, marked deleted.
 */
function deletedRuns(runs: Run[]): Run[] {
  return runs.filter((r) => r.text || r.footnote).map((r) => (r.footnote
    ? { text: '', footnote: -r.footnote, change: 'del' as const }
    : { text: r.text, bold: r.bold, italic: r.italic, code: r.code, change: 'del' as const }));
}

const footnoteCount = (runs: Run[]) => runs.filter((r) => r.footnote).length;

function insertedRuns(runs: Run[]): Run[] {
  return runs.map((r) => (r.footnote ? r : { ...r, change: 'ins' as const }));
}

/**
 * The runs covering characters [start, end) of a paragraph's text, cut at the range's ends, each with
 * its own formatting. Zero-width runs (footnote marks) at `start` go with the range that begins there,
 * and those at the very end with the last range (`atEnd`).
 */
function sliceRuns(runs: Run[], start: number, end: number, atEnd: boolean): Run[] {
  const out: Run[] = [];
  let pos = 0;
  for (const r of runs) {
    const len = r.text.length;
    if (len === 0) {
      if ((pos >= start && pos < end) || (atEnd && pos === end)) out.push(r);
      continue;
    }
    const s = Math.max(start, pos);
    const e = Math.min(end, pos + len);
    if (s < e) out.push({ ...r, text: r.text.slice(s - pos, e - pos) });
    pos += len;
  }
  return out;
}

/** A paragraph present in both texts but changed: the new paragraph with word-level w:del / w:ins. */
function changedPara(a: Para, b: Para): Para {
  const oldTokens = tokens(paraText(a));
  const newTokens = tokens(paraText(b));
  const parts = diffArrays(oldTokens, newTokens);
  const runs: Run[] = [];
  let oi = 0;
  let ni = 0;
  const newLength = paraText(b).length;
  parts.forEach((part) => {
    const len = part.value.join('').length;
    if (part.removed) {
      runs.push(...deletedRuns(sliceRuns(a.runs, oi, oi + len, false)));
      oi += len;
    } else {
      const slice = sliceRuns(b.runs, ni, ni + len, ni + len === newLength);
      runs.push(...(part.added ? insertedRuns(slice) : slice));
      ni += len;
      if (!part.added) oi += len;
    }
  });
  if (newLength === 0) runs.push(...b.runs.filter((r) => r.footnote));
  // a footnote mark is deleted only when the new paragraph has fewer marks than the old: a mark that
  // merely sits at the edge of a changed word is still there in the new text
  let deletable = footnoteCount(a.runs) - footnoteCount(b.runs);
  return { ...b, runs: runs.filter((r) => !(r.footnote && r.footnote < 0) || deletable-- > 0) };
}

function deletedPara(p: Para, inCell: boolean): Para {
  // the paragraph mark too, so that accepting leaves no empty paragraph; a cell's last mark cannot be deleted
  return { kind: 'p', role: p.role, runs: deletedRuns(p.runs), ...(inCell ? {} : { change: 'del' as const }) };
}

function insertedPara(p: Para, inCell: boolean): Para {
  return { ...p, runs: insertedRuns(p.runs), ...(inCell ? {} : { change: 'ins' as const }) };
}

/** The paragraphs of a cell (or a footnote), aligned and marked. */
function mergeParas(olds: Para[], news: Para[], inCell: boolean): Para[] {
  const out: Para[] = [];
  for (const op of align(olds, news, blockKey, blockScore)) {
    if (op.kind === 'same') out.push(op.b);
    else if (op.kind === 'change') out.push(changedPara(op.a, op.b));
    else if (op.kind === 'del') out.push(deletedPara(op.a, false));
    else out.push(insertedPara(op.b, false));
  }
  // Word cannot track the mark of a cell's (or footnote's) last paragraph: it stays, untracked
  const last = out[out.length - 1];
  if (inCell && last?.change) out[out.length - 1] = { ...last, change: undefined };
  return out;
}

type Row = TableBlock['rows'][number];

/** A row added or removed: tracked as a row (w:trPr/w:ins, w:del), and its text as inserted or deleted. */
function deletedRow(r: Row): Row {
  return { ...r, change: 'del', cells: r.cells.map((c) => c.map((p) => deletedPara(p, true))) };
}

function insertedRow(r: Row): Row {
  return { ...r, change: 'ins', cells: r.cells.map((c) => c.map((p) => insertedPara(p, true))) };
}

/** Two versions of a table: rows aligned by their text; a row much like its old self (same cells) diffed cell by cell. */
function mergeTable(a: TableBlock, b: TableBlock): TableBlock {
  const rowText = (r: Row) => r.cells.map((c) => c.map(paraText).join('\n')).join('\t');
  const rows: Row[] = [];
  // a row is changed in place only when it is still much the same row; else it is one row deleted, another inserted
  const rowScore = (x: Row, y: Row) => {
    const s = x.cells.length === y.cells.length ? similarity(rowText(x), rowText(y)) : 0;
    return s >= PAIR_THRESHOLD ? s : -1;
  };
  for (const op of align(a.rows, b.rows, rowText, rowScore)) {
    if (op.kind === 'same') rows.push(op.b);
    else if (op.kind === 'change') rows.push({ ...op.b, cells: op.b.cells.map((c, k) => mergeParas(op.a.cells[k], c, true)) });
    else if (op.kind === 'del') rows.push(deletedRow(op.a));
    else rows.push(insertedRow(op.b));
  }
  return { ...b, rows };
}

function mergeBlocks(olds: PubBlock[], news: PubBlock[]): PubBlock[] {
  const out: PubBlock[] = [];
  for (const op of align(olds, news, blockKey, blockScore)) {
    if (op.kind === 'same') { out.push(op.b); continue; }
    if (op.kind === 'change') {
      const { a, b } = op;
      if (a.kind === 'p' && b.kind === 'p') out.push(changedPara(a, b));
      else if (a.kind === 'table' && b.kind === 'table') out.push(mergeTable(a, b));
      else { out.push(...deletedBlock(a)); out.push(...insertedBlock(b)); }
      continue;
    }
    if (op.kind === 'del') out.push(...deletedBlock(op.a));
    else out.push(...insertedBlock(op.b));
  }
  return out;
}

function deletedBlock(b: PubBlock): PubBlock[] {
  switch (b.kind) {
    case 'p': return [deletedPara(b, false)];
    // every row tracked as deleted: accepting removes the table
    case 'table': return [{ ...b, rows: b.rows.map(deletedRow) }];
    case 'image': return [{ ...b, change: 'del' } satisfies ImageBlock];
    // an old page break or contents field has nothing to show as deleted
    default: return [];
  }
}

function insertedBlock(b: PubBlock): PubBlock[] {
  switch (b.kind) {
    case 'p': return [insertedPara(b, false)];
    case 'table': return [{ ...b, rows: b.rows.map(insertedRow) }];
    case 'image': return [{ ...b, change: 'ins' } satisfies ImageBlock];
    default: return [b];
  }
}

/**
 * The new publication with its differences from the old one marked: sections paired by name (a section
 * only in the new text is kept as it is), footnotes paired by number.
 */
export function revisionPublication(oldPub: Publication, newPub: Publication): Publication {
  const oldSections = new Map(oldPub.sections.map((s) => [s.name, s]));
  const sections: PubSection[] = newPub.sections.map((s) => {
    const old = oldSections.get(s.name);
    return old ? { ...s, blocks: mergeBlocks(old.blocks, s.blocks) } : s;
  });
  // Footnotes keep the new numbering; a footnote's text is compared with the old footnote of the same
  // number only when their first words agree (a renumbered footnote would otherwise show as rewritten).
  const footnotes = newPub.footnotes.map((paras, i) => {
    const old = oldPub.footnotes[i];
    return old && similarity(old.map(paraText).join(' '), paras.map(paraText).join(' ')) >= PAIR_THRESHOLD ? mergeParas(old, paras, true) : paras;
  });
  // footnote marks in deleted text carry their old number (negated): each gets its old footnote,
  // its text marked deleted, after the new footnotes (Word numbers footnotes by position anyway)
  const carried = new Map<number, number>();
  const carry = (runs: Run[]) => {
    for (const r of runs) {
      if (!r.footnote || r.footnote > 0) continue;
      const old = -r.footnote;
      let id = carried.get(old);
      if (id === undefined) {
        footnotes.push((oldPub.footnotes[old - 1] ?? []).map((p) => deletedPara(p, true)));
        id = footnotes.length;
        carried.set(old, id);
      }
      r.footnote = id;
    }
  };
  for (const s of sections) {
    for (const b of s.blocks) {
      if (b.kind === 'p') carry(b.runs);
      else if (b.kind === 'table') for (const row of b.rows) for (const cell of row.cells) for (const p of cell) carry(p.runs);
    }
  }
  return { ...newPub, sections, footnotes };
}

function templatesFor(doc: SourceDocument, dir?: string): Templates {
  const userDir = dir ?? (doc.meta.templates ? path.resolve(doc.root, doc.meta.templates) : undefined);
  return new Templates(userDir);
}

/** Both texts prepared for one side; the new publication with the changes as Word tracked changes. */
export async function renderRevisionDocx(oldDoc: SourceDocument, newDoc: SourceDocument, side: Side, options: RevisionOptions = {}): Promise<Uint8Array> {
  const pub = revisionPublicationFor(oldDoc, newDoc, side, options);
  return renderDocx(pub, { revision: { author: options.author ?? 'commontext', date: options.date } });
}

export function revisionPublicationFor(oldDoc: SourceDocument, newDoc: SourceDocument, side: Side, options: RevisionOptions = {}): Publication {
  const tOld = templatesFor(oldDoc, options.templates);
  const tNew = templatesFor(newDoc, options.templates);
  const oldPub = preparePublication(oldDoc, loadProfile(side, tOld), tOld);
  const newPub = preparePublication(newDoc, loadProfile(side, tNew), tNew);
  return revisionPublication(oldPub, newPub);
}

/**
 * The revision-marked DOCX of both publications, named after the new publication's file
 * ("T-REC-X.1999-202403-I-E.revision.docx"), for the corrigendum and amendment commands.
 */
export async function revisionOutputs(oldDoc: SourceDocument, newDoc: SourceDocument, options: RevisionOptions = {}): Promise<{ side: Side; fileName: string; bytes: Uint8Array }[]> {
  const out: { side: Side; fileName: string; bytes: Uint8Array }[] = [];
  for (const side of ['itu', 'iso'] as const) {
    const pub = revisionPublicationFor(oldDoc, newDoc, side, options);
    const bytes = await renderDocx(pub, { revision: { author: options.author ?? 'commontext', date: options.date } });
    out.push({ side, fileName: `${pub.fileName.replace(/\.docx$/i, '')}.revision.docx`, bytes });
  }
  return out;
}
