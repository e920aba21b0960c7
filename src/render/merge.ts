/**
 * Cells merged down ("^" in the source, w:vMerge in the DOCX, rowspan in HTML): which cell of a row
 * starts at a grid column, and how many rows below continue a cell.
 */
import type { TableBlock } from '../model/publication.js';

type Row = TableBlock['rows'][number];

/** The grid column cell i of the row starts at (cells merged across count for the columns they span). */
export function gridOf(row: Row, i: number): number {
  let at = 0;
  for (let j = 0; j < i; j++) at += row.spans?.[j] ?? 1;
  return at;
}

/** The index of the row's cell that starts at the grid column, if one does. */
export function cellAt(row: Row, grid: number): number | undefined {
  for (let j = 0, at = 0; j < row.cells.length; at += row.spans?.[j] ?? 1, j++) if (at === grid) return j;
  return undefined;
}

/** Whether the row's cell at this grid column continues the cell above it. */
export function continues(row: Row | undefined, grid: number): boolean {
  const j = row?.down ? cellAt(row, grid) : undefined;
  return j !== undefined && !!row!.down![j];
}

/** How many rows, from rows[r] on, cell i of rows[r] covers: 1 and the rows below that continue it. */
export function rowsCovered(rows: readonly Row[], r: number, i: number): number {
  const grid = gridOf(rows[r], i);
  let n = 1;
  while (continues(rows[r + n], grid)) n++;
  return n;
}
