/**
 * A Word table's grid as the source format can hold it. Word files often carry a grid column at an
 * edge that holds nothing: an 8-twip sliver that a title row spans (w:gridSpan) and every other row
 * leaves out (w:gridBefore / w:gridAfter). It is dropped: the spanning cells span one column less and
 * the rows need no padding cell there (which check would count as a cell).
 */
import type { ReadRow, ReadTable } from '../reader/index.js';

/** The grid columns [from, to) each cell of the row covers, after the columns the row leaves out before it. */
function cellRanges(r: ReadRow): [number, number][] {
  let col = r.gridBefore ?? 0;
  return r.cells.map((c) => {
    const range: [number, number] = [col, col + (c.span ?? 1)];
    col = range[1];
    return range;
  });
}

/**
 * The columns at the table's edges that hold nothing: in every row left out (w:gridBefore at the
 * left edge, w:gridAfter at the right) or inside a cell that spans further, and left out by at least
 * one row. Columns inside the table are kept: staggered spans (a bit-field diagram) need them.
 */
function emptyColumns(t: ReadTable): Set<number> {
  const ranges = t.rows.map(cellRanges);
  const width = Math.max(0, ...t.rows.map((r, i) => (ranges[i].at(-1)?.[1] ?? r.gridBefore ?? 0) + (r.gridAfter ?? 0)));
  const leftOut = (i: number, col: number) => col < (t.rows[i].gridBefore ?? 0) || col >= (ranges[i].at(-1)?.[1] ?? 0);
  const spanned = (i: number, col: number) => ranges[i].some(([a, b]) => col >= a && col < b && b - a > 1);
  const empty = (col: number) => t.rows.every((_, i) => leftOut(i, col) || spanned(i, col)) && t.rows.some((_, i) => leftOut(i, col));
  const out = new Set<number>();
  for (let col = 0; col < width - 1 && empty(col); col++) out.add(col);
  for (let col = width - 1; col > 0 && !out.has(col) && empty(col); col--) out.add(col);
  return out.size >= width ? new Set() : out;
}

const countIn = (cols: Set<number>, from: number, to: number) => [...cols].filter((c) => c >= from && c < to).length;

/** The table with its empty grid columns dropped (the same object when it has none). */
export function withoutEmptyColumns(t: ReadTable): ReadTable {
  const empty = emptyColumns(t);
  if (!empty.size) return t;
  const rows = t.rows.map((r): ReadRow => {
    const ranges = cellRanges(r);
    const before = (r.gridBefore ?? 0) - countIn(empty, 0, r.gridBefore ?? 0);
    const end = ranges.at(-1)?.[1] ?? r.gridBefore ?? 0;
    const after = (r.gridAfter ?? 0) - countIn(empty, end, end + (r.gridAfter ?? 0));
    const cells = r.cells.map((c, i) => {
      const span = ranges[i][1] - ranges[i][0] - countIn(empty, ranges[i][0], ranges[i][1]);
      const { span: _old, ...rest } = c;
      return span > 1 ? { ...rest, span } : rest;
    });
    return { cells, header: r.header, ...(before ? { gridBefore: before } : {}), ...(after ? { gridAfter: after } : {}) };
  });
  return { ...t, rows };
}
