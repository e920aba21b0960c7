/**
 * A Word table's grid as the source format can hold it. Word files often carry a grid column no
 * cell starts in: an 8-twip sliver that a title row spans (w:gridSpan) and every other row leaves
 * out (w:gridBefore / w:gridAfter). Such a column holds nothing, so it is dropped: the spanning cells
 * span one column less and the rows need no padding cell there (which check would count as a cell).
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

/** A column is empty when, in every row, it is left out or lies inside a cell that spans other columns too. */
function emptyColumns(t: ReadTable): Set<number> {
  const width = Math.max(0, ...t.rows.map((r) => (cellRanges(r).at(-1)?.[1] ?? r.gridBefore ?? 0) + (r.gridAfter ?? 0)));
  const empty = new Set<number>();
  for (let col = 0; col < width; col++) {
    const holds = t.rows.some((r) => cellRanges(r).some(([a, b]) => col >= a && col < b && b - a === 1));
    if (!holds) empty.add(col);
  }
  // a table of spanning cells only keeps its grid: there is nothing to tell the columns by
  return empty.size === width ? new Set() : empty;
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
