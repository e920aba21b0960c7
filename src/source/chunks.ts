/**
 * Splitting a Markdown file into top-level clause chunks that can be parsed apart (by the watch mode's
 * cache, and by the parallel parse of large sources), and shifting a chunk's positions into its file.
 */
interface Point { line: number; column: number; offset?: number }
export interface Positioned { position?: { start: Point; end: Point }; children?: Positioned[] }

/** Splits a file into top-level chunks: [start offset, start line (0-based)] of each. */
export function chunkStarts(text: string): { offset: number; line: number }[] {
  const starts = [{ offset: 0, line: 0 }];
  let fence: string | undefined;
  let containers = 0;
  let offset = 0;
  let line = 0;
  let inFrontMatter = text.startsWith('---');
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    const end = nl < 0 ? text.length : nl;
    const l = text.slice(offset, end);
    if (inFrontMatter) {
      if (line > 0 && /^(---|\.\.\.)\s*$/.test(l)) inFrontMatter = false;
    } else if (fence) {
      if (l.trimStart().startsWith(fence)) fence = undefined;
    } else {
      const f = /^\s{0,3}(`{3,}|~{3,})/.exec(l);
      if (f) fence = f[1];
      else if (/^:::+\s*$/.test(l)) containers = Math.max(0, containers - 1);
      else if (/^:::+\s*[A-Za-z]/.test(l)) containers++;
      else if (!containers && /^# /.test(l) && offset > 0) starts.push({ offset, line });
    }
    offset = end + 1;
    line++;
  }
  return starts;
}

/** Chunks may be parsed apart only when no footnote or link definition is used across them. */
export function splittable(chunks: string[]): boolean {
  for (const c of chunks) {
    if (/^ {0,3}\[(?!\^)[^\]]+\]:/m.test(c)) return false; // link reference definitions: document-wide
    const refs = new Set([...c.matchAll(/\[\^([^\]\s]+)\](?!:)/g)].map((m) => m[1]));
    for (const r of refs) if (!new RegExp(`^ {0,3}\\[\\^${r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]:`, 'm').test(c)) return false;
  }
  return true;
}

export function shift(node: Positioned, dLine: number, dOffset: number): void {
  const p = node.position;
  if (p) {
    p.start.line += dLine; p.end.line += dLine;
    if (p.start.offset != null) p.start.offset += dOffset;
    if (p.end.offset != null) p.end.offset += dOffset;
  }
  if (node.children) for (const c of node.children) shift(c, dLine, dOffset);
}

