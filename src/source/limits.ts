/**
 * Limits on what a source may ask of the parser (issue 10, hostile input): a source received from
 * someone else must not crash the tool, hang it or exhaust its memory. Each limit is far above what a
 * real common text needs; going over it is an error at the place where it is exceeded.
 *
 * The nesting scan reads the text line by line before micromark does, because deep nesting is where
 * micromark itself is slow (its time grows with the square of the depth): it stops at the first line
 * that is too deep, so the parser never sees it.
 */
import { statSync } from 'node:fs';

export const LIMITS = {
  /** Block containers (block quotes, list items, ::: blocks) one inside another. */
  blockDepth: 32,
  /** Inline containers (emphasis, strong, links, :itu[…]/:iso[…]) open at once in a paragraph. */
  inlineDepth: 32,
  /** Included files expanded in one source, counting each ::include every time it is reached. */
  includes: 1000,
  /** Bytes in one file (the main file or an included one). */
  fileBytes: 20 * 1024 * 1024,
  /** Blocks in the whole source, includes expanded: headings, list items, table rows, and other blocks after a blank line. */
  blocks: 20_000,
} as const;

export interface NestingProblem {
  line: number;
  column: number;
  code: 'nesting-depth' | 'too-many-blocks';
  message: string;
}

/** Why a file may not be read (not a regular file, too large), or undefined; a file that does not exist is left to the reader. */
export function fileProblem(file: string): { code: string; message: string } | undefined {
  let st;
  try { st = statSync(file); } catch { return undefined; }
  if (st.isDirectory()) return { code: 'file-not-regular', message: 'is a folder, not a file: name a Markdown file in it' };
  if (!st.isFile()) return { code: 'file-not-regular', message: `is not a regular file (${st.isFIFO() ? 'a named pipe' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'a socket or other special file'}): only regular files are read, name a Markdown file` };
  if (st.size > LIMITS.fileBytes) {
    return { code: 'file-too-large', message: `is ${(st.size / 1048576).toFixed(1)} MB; the limit for one file is ${LIMITS.fileBytes / 1048576} MB: split it into files joined with ::include` };
  }
  return undefined;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
// a container marker at the start of what is left of a line: ">" or a list marker ("-", "*", "+", "1." or "1)") before a space
// a line that starts a block even without a blank line before it: a heading, a list item, a table row
const ITEM_START = /^(?:#|[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|[ \t>]*\|)/;
const MARKER = /^[ \t]*(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))/;

/**
 * The first place where the text nests deeper than the limits or has too many blocks (`blocksBefore`:
 * those of the files read before it), and its blocks. Approximate where that is safe: it may count a
 * little less nesting than micromark would (a lazy line), never much more.
 */
export function scanSource(text: string, blocksBefore = 0): { problem?: NestingProblem; blocks: number } {
  const scan = new NestingScan(blocksBefore);
  let offset = 0;
  let line = 1;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    const end = nl < 0 ? text.length : nl;
    const problem = scan.line(text.slice(offset, end), line);
    if (problem) return { problem, blocks: scan.blocks };
    offset = end + 1;
    line++;
  }
  return { blocks: scan.blocks };
}

class NestingScan {
  private fence: string | undefined;
  /** The content columns of the list items open (by indentation) before this line. */
  private readonly items: number[] = [];
  private directives = 0;
  private inline = 0;
  private blank = true;

  constructor(public blocks: number) {}

  line(l: string, line: number): NestingProblem | undefined {
    if (this.fence) {
      if (l.trimStart().startsWith(this.fence)) this.fence = undefined;
      return undefined;
    }
    const blank = !l.trim();
    const starts = !blank && (this.blank || ITEM_START.test(l));
    this.blank = blank;
    if (starts && ++this.blocks > LIMITS.blocks) {
      return {
        line, column: 1, code: 'too-many-blocks',
        message: `the source has more than ${LIMITS.blocks} blocks (headings, paragraphs, list items, table rows, …) by here, includes counted; the limit is ${LIMITS.blocks} blocks in one source: split the text into several sources`,
      };
    }
    const f = FENCE.exec(l);
    if (f) { this.fence = f[1]; this.inline = 0; return undefined; }
    if (blank) { this.inline = 0; return undefined; }
    if (/^:::+\s*$/.test(l)) { this.directives = Math.max(0, this.directives - 1); this.inline = 0; return undefined; }
    if (/^:::+\s*[A-Za-z]/.test(l)) {
      this.directives++;
      this.inline = 0;
      return this.directives > LIMITS.blockDepth ? this.tooDeep(line, 1, 'blocks (::: blocks, block quotes and lists)') : undefined;
    }
    const indent = /^[ \t]*/.exec(l)![0].replace(/\t/g, '    ').length;
    while (this.items.length && this.items[this.items.length - 1] > indent) this.items.pop();
    let depth = this.directives + this.items.length;
    let rest = l;
    let column = 1;
    let quoted = false;
    for (let m = MARKER.exec(rest); m; m = MARKER.exec(rest)) {
      const marker = m[0].trimStart();
      column += m[0].length - marker.length;
      if (++depth > LIMITS.blockDepth) return this.tooDeep(line, column, 'blocks (::: blocks, block quotes and lists)');
      if (marker.startsWith('>')) quoted = true;
      else if (!quoted) this.items.push(column - 1 + marker.length);
      column += marker.length;
      rest = rest.slice(m[0].length);
      if (!rest) break;
    }
    return this.inlineLine(rest, line, column);
  }

  /** Emphasis runs and brackets open at once in the paragraph (a paragraph ends at a blank line). */
  private inlineLine(rest: string, line: number, column: number): NestingProblem | undefined {
    if (/^#{1,6}(\s|$)/.test(rest)) this.inline = 0;
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i];
      if (c === '\\') { i++; continue; }
      if (c === '`') {
        const close = rest.indexOf('`', i + 1);
        if (close > 0) { i = close; continue; }
      } else if (c === '[') {
        if (++this.inline > LIMITS.inlineDepth) return this.tooDeep(line, column + i, 'inline spans (emphasis, strong, links, :itu[…] and :iso[…])');
      } else if (c === ']') {
        if (this.inline > 0) this.inline--;
      } else if (c === '*' || c === '_') {
        let j = i;
        while (rest[j + 1] === c) j++;
        const before = rest[i - 1] ?? ' ';
        const after = rest[j + 1] ?? ' ';
        const opens = /\s/.test(before) || !/\s/.test(after) && /[\p{P}\p{S}]/u.test(before) || (c === '*' && !/\s/.test(after));
        const closes = !/\s/.test(before);
        const n = j - i + 1;
        if (closes && this.inline > 0) this.inline = Math.max(0, this.inline - n);
        else if (opens && !/\s/.test(after) && (this.inline += n) > LIMITS.inlineDepth) {
          return this.tooDeep(line, column + i, 'inline spans (emphasis, strong, links, :itu[…] and :iso[…])');
        }
        i = j;
      }
    }
    return undefined;
  }

  private tooDeep(line: number, column: number, what: string): NestingProblem {
    const limit = what.startsWith('blocks') ? LIMITS.blockDepth : LIMITS.inlineDepth;
    return {
      line, column, code: 'nesting-depth',
      message: `${what} nest more than ${limit} deep here; the limit is ${limit} levels: flatten the structure (this is not the shape of a real text)`,
    };
  }
}
