/**
 * What the language server reads from the editor's text itself: the token at a place, the
 * front matter's reference registry with where each entry is, and the {#id} anchors with where each
 * is written. Positions are LSP's (0-based line and character).
 */
import { parseDocument, isMap, isScalar } from 'yaml';

export interface Place { line: number; character: number }
export interface Span { start: Place; end: Place }

/** Line starts of a text, for offset ↔ place. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function placeAt(starts: number[], offset: number): Place {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** The offending token at a 0-based place: a directive with its [label] and {attributes}, a link, or a word. */
export function tokenLength(lineText: string, character: number): number {
  const rest = lineText.slice(character);
  const m = /^:{1,3}[A-Za-z][\w-]*(\[[^\]\n]*\])?(\{[^}\n]*\})?/.exec(rest)
    ?? /^!?\[[^\]\n]*\](\([^)\n]*\))?(\{[^}\n]*\})?/.exec(rest)
    ?? /^\{[^}\n]*\}/.exec(rest)
    ?? /^\S+?(?=[.,;]?(\s|$))/.exec(rest);
  return Math.max(m ? m[0].length : 0, rest.length ? 1 : 0);
}

export interface FrontReference { id: string; title?: string; span: Span }

/** The `references:` entries of the front matter, with the place of each id (YAML's own parser, ranges kept). */
export function frontReferences(text: string): FrontReference[] {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text);
  if (!m) return [];
  const offset = m[0].indexOf(m[1]);
  const starts = lineStarts(text);
  const doc = parseDocument(m[1]);
  const refs = doc.get('references', true);
  if (!isMap(refs)) return [];
  const out: FrontReference[] = [];
  for (const item of refs.items) {
    if (!isScalar(item.key) || !item.key.range) continue;
    const [from, to] = item.key.range;
    const value = item.value as { get?: (k: string) => unknown } | null;
    const title = value && typeof value.get === 'function' ? value.get('title') : undefined;
    out.push({ id: String(item.key.value), title: typeof title === 'string' ? title : undefined, span: { start: placeAt(starts, offset + from), end: placeAt(starts, offset + to) } });
  }
  return out;
}

export interface WrittenAnchor { id: string; line: string; span: Span }

/** Every `{#id}` written in the text (headings, captions), with the line it labels. */
export function writtenAnchors(text: string): WrittenAnchor[] {
  const starts = lineStarts(text);
  const out: WrittenAnchor[] = [];
  for (const m of text.matchAll(/\{#([^\s}]+)/g)) {
    const start = placeAt(starts, m.index + 2);
    const lineEnd = text.indexOf('\n', m.index);
    out.push({ id: m[1], line: text.slice(starts[start.line], lineEnd < 0 ? text.length : lineEnd).trim(), span: { start, end: { line: start.line, character: start.character + m[1].length } } });
  }
  return out;
}

export type Completing = { kind: 'ref'; typed: string } | { kind: 'anchor'; typed: string } | { kind: 'directive'; colons: number; typed: string };

/** What is being typed just before the cursor: a reference id after `:ref[`, an anchor after `](#`, a directive name after `:`. */
export function completing(lineBefore: string): Completing | undefined {
  let m = /:ref\[([^\]\s]*)$/.exec(lineBefore);
  if (m) return { kind: 'ref', typed: m[1] };
  m = /\]\(#([^)\s]*)$/.exec(lineBefore);
  if (m) return { kind: 'anchor', typed: m[1] };
  m = /(?:^|[\s(])(:{1,3})([A-Za-z]*)$/.exec(lineBefore);
  if (m) return { kind: 'directive', colons: m[1].length, typed: m[2] };
  return undefined;
}

export type Target = { kind: 'ref'; id: string; dated: boolean } | { kind: 'anchor'; id: string };

/** The `:ref[id]{dated}` or `[…](#id)` under the cursor. */
export function targetAt(lineText: string, character: number): Target | undefined {
  for (const m of lineText.matchAll(/:ref\[([^\]\s]+)\](\{[^}]*\})?/g)) {
    if (character >= m.index && character <= m.index + m[0].length) return { kind: 'ref', id: m[1], dated: /\bdated\b/.test(m[2] ?? '') };
  }
  for (const m of lineText.matchAll(/\[[^\]]*\]\(#([^)\s]+)\)/g)) {
    if (character >= m.index && character <= m.index + m[0].length) return { kind: 'anchor', id: m[1] };
  }
  return undefined;
}
