/**
 * Characters a source must not hold (issue 10): bytes that are not UTF-8, NUL and the other C0
 * control characters (tab, line feed and carriage return excepted), DEL and the C1 controls (U+007F to
 * U+009F, which no text needs and a terminal obeys), and the non-characters U+FFFE and
 * U+FFFF. Left alone they would be changed or dropped on the way to the DOCX (a NUL cannot be written
 * in XML; a bad byte becomes U+FFFD), even inside a code block, whose text is never to be altered; so
 * each is reported where it is, and the user fixes the file.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostics, SourcePosition } from '../util/diagnostics.js';

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex
const ANY_FORBIDDEN = new RegExp(FORBIDDEN.source);

const hex = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function describe(c: string): string {
  if (c === '\u0000') return 'the NUL character (U+0000)';
  if (c === '\uFFFE' || c === '\uFFFF') return `the non-character ${hex(c)}`;
  return `the control character ${hex(c)}`;
}

/** DEL and the C1 controls could be written, but no text needs them and a terminal obeys them. */
function whyNot(c: string): string {
  const code = c.codePointAt(0)!;
  return code >= 0x7f && code <= 0x9f ? 'which no text needs (a terminal or a viewer would act on it)' : 'which cannot be written to a DOCX file';
}

/**
 * Where the file's bytes are not UTF-8: the lines and columns of the U+FFFD that decoding put in
 * their place (a U+FFFD that is in the file as such is left alone). Nothing when the file cannot be
 * read again (a source given as text) or is valid.
 */
function invalidUtf8(file: string, text: string): { line: number; column: number; byte: number }[] {
  if (!text.includes('\uFFFD')) return [];
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return [];
  } catch {
    if (!bytes!) return [];
  }
  // a line feed byte is never part of a UTF-8 sequence, so the file's lines are the text's lines
  const rawLines: Buffer[] = [];
  for (let start = 0; start <= bytes.length;) {
    const end = bytes.indexOf(0x0a, start);
    rawLines.push(bytes.subarray(start, end < 0 ? bytes.length : end));
    if (end < 0) break;
    start = end + 1;
  }
  const out: { line: number; column: number; byte: number }[] = [];
  text.split('\n').forEach((lineText, i) => {
    const raw = rawLines[i];
    if (!raw || !lineText.includes('\uFFFD') || Buffer.from(lineText, 'utf8').equals(raw)) return;
    // the first column where the text, encoded again, stops matching the bytes
    let offset = 0;
    for (let col = 0; col < lineText.length; col++) {
      const piece = Buffer.from(lineText[col], 'utf8');
      if (lineText[col] === '\uFFFD' && !raw.subarray(offset, offset + 3).equals(piece)) { out.push({ line: i + 1, column: col + 1, byte: raw[offset] }); return; }
      offset += piece.length;
    }
  });
  return out;
}

/** Reports every forbidden character in one file's text, and every place its bytes are not UTF-8. */
export function checkSourceText(text: string, file: string, display: string, diagnostics: Diagnostics): void {
  const at = (line: number, column: number): SourcePosition => ({ file: display, line, column });
  for (const p of invalidUtf8(file, text))
    diagnostics.error(at(p.line, p.column), 'invalid-utf8',
      `the byte 0x${p.byte.toString(16).toUpperCase().padStart(2, '0')} here is not UTF-8 text (decoding would put U+FFFD in its place); save the file as UTF-8 (your editor's "UTF-8" encoding), or retype the character`);
  if (!ANY_FORBIDDEN.test(text)) return;
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(FORBIDDEN))
      diagnostics.error(at(i + 1, m.index! + 1), 'control-character', `the line holds ${describe(m[0])}, ${whyNot(m[0])}; delete it (for a code block's layout use spaces or a tab)`);
  });
}
