/**
 * Footnote references where the original has them: the reader gives each reference's offset in the
 * paragraph's text; the unit's text carries a private-use mark there through label splitting and
 * inline conversion, and the mark becomes the [^n] reference. A reference whose mark was lost (the
 * text was not the paragraph's own) goes at the end of the paragraph, as before.
 */
import type { PhrasingContent } from 'mdast';
import type { ReadParagraph } from '../reader/index.js';

export const FOOTNOTE_MARK = '\uE000';
const MARKS = new RegExp(FOOTNOTE_MARK, 'g');

/** The text with a mark at each footnote reference the reader placed (only when it is the paragraph's own text). */
export function markFootnotes(text: string, p: ReadParagraph | undefined): string {
  const refs = p?.footnotes ?? [];
  if (!refs.length || text !== p!.text || refs.some((f) => f.at === undefined || f.at > text.length)) return text;
  let out = '';
  let last = 0;
  for (const f of refs) {
    out += text.slice(last, f.at) + FOOTNOTE_MARK;
    last = f.at!;
  }
  return out + text.slice(last);
}

export const withoutMarks = (s: string): string => s.replace(MARKS, '');

/** Each mark in the top-level text replaced by the next reference; marks elsewhere dropped; references left over appended. */
export function placeFootnotes(children: PhrasingContent[], refs: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let next = 0;
  for (const c of children) {
    if (c.type !== 'text' || !c.value.includes(FOOTNOTE_MARK)) {
      out.push(stripNested(c));
      continue;
    }
    c.value.split(FOOTNOTE_MARK).forEach((piece, i) => {
      if (i > 0 && next < refs.length) out.push(refs[next++]);
      if (piece) out.push({ ...c, value: piece });
    });
  }
  return [...out, ...refs.slice(next)];
}

function stripNested(c: PhrasingContent): PhrasingContent {
  if (c.type === 'text') return c;
  if ('children' in c) c.children.forEach((x) => { if (x.type === 'text') x.value = withoutMarks(x.value); else stripNested(x); });
  else if ('value' in c && typeof c.value === 'string') (c as { value: string }).value = withoutMarks(c.value);
  return c;
}
