/**
 * Splitting a Markdown file into chunks that can be parsed apart (by the watch mode's cache), and shifting
 * a chunk's positions into its file.
 */
interface Point { line: number; column: number; offset?: number }
export interface Positioned { position?: { start: Point; end: Point }; children?: Positioned[] }

/**
 * Splits a file into chunks at ATX headings of any level ("#" … "######" at the start of a line), outside
 * front matter, code fences, ::: blocks and raw HTML blocks: [start offset, start line (0-based)] of each.
 * A heading at the start of a line closes every open paragraph, list, table and block quote, so each chunk
 * parses to the same nodes as it does inside the whole file. Subclause chunks keep an edit's re-parse small
 * (a top-level clause of a large text is tens of kilobytes; micromark reads about 1 MB/s).
 */
export function chunkStarts(text: string): { offset: number; line: number }[] {
  const starts = [{ offset: 0, line: 0 }];
  let fence: string | undefined;
  let containers = 0;
  // raw HTML: a comment or <pre>/<script>/<style>/<textarea> runs to its end marker, any other tag to a blank line
  let html: RegExp | undefined;
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
    } else if (html) {
      if (html.test(l)) html = undefined;
    } else {
      const f = /^\s{0,3}(`{3,}|~{3,})/.exec(l);
      if (f) fence = f[1];
      else if (/^\s{0,3}</.test(l)) html = htmlBlockEnd(l);
      else if (/^:::+\s*$/.test(l)) containers = Math.max(0, containers - 1);
      else if (/^:::+\s*[A-Za-z]/.test(l)) containers++;
      else if (!containers && /^#{1,6}(\s|$)/.test(l) && offset > 0) starts.push({ offset, line });
    }
    offset = end + 1;
    line++;
  }
  return starts;
}

const BLANK_LINE = /^\s*$/;

/** What ends a raw HTML block that starts on this line; undefined when it ends on the line itself. */
function htmlBlockEnd(line: string): RegExp | undefined {
  const end = /^\s{0,3}<!--/.test(line) ? /-->/ : /^\s{0,3}<(pre|script|style|textarea)[\s>]/i.test(line) ? /<\/(pre|script|style|textarea)>/i : BLANK_LINE;
  // "<!-- x -->" on one line: the end marker after the opening one
  if (end !== BLANK_LINE && end.test(line.slice(line.indexOf('<') + 4))) return undefined;
  return end;
}

const FOOTNOTE_DEFINITION = /^ {0,3}\[\^([^\]\s]+)\]:/gm;
const FOOTNOTE_REFERENCE = /\[\^([^\]\s]+)\](?!:)/g;

/**
 * The chunks a file can be parsed in apart: those of chunkStarts, joined where a footnote is referenced in
 * one chunk and defined in another (micromark makes "[^x]" a reference only when "x" is defined). A file
 * with a link reference definition ("[x]: url", document-wide) is one chunk.
 */
export function parseChunks(text: string): { offset: number; line: number }[] {
  const starts = chunkStarts(text);
  if (starts.length === 1) return starts;
  if (/^ {0,3}\[(?!\^)[^\]]+\]:/m.test(text)) return [starts[0]];
  const chunkOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid].offset <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  };
  const definedIn = new Map<string, number>();
  for (const m of text.matchAll(FOOTNOTE_DEFINITION)) if (!definedIn.has(m[1])) definedIn.set(m[1], chunkOf(m.index));
  // joinTo[i]: the last chunk that chunk i must be parsed together with
  const joinTo = starts.map((_, i) => i);
  for (const m of text.matchAll(FOOTNOTE_REFERENCE)) {
    const def = definedIn.get(m[1]);
    if (def === undefined) continue;
    const at = chunkOf(m.index);
    const [a, b] = at < def ? [at, def] : [def, at];
    if (joinTo[a] < b) joinTo[a] = b;
  }
  const out: { offset: number; line: number }[] = [];
  let reach = -1;
  starts.forEach((s, i) => {
    if (i > reach) out.push(s);
    reach = Math.max(reach, joinTo[i]);
  });
  return out;
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

