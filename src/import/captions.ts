/**
 * A caption's printed label and title. Segmentation labels "Table 3", "Figure A.1", "Table 2-7"; a
 * caption numbered otherwise ("Figure Intro. 1 – …" in an Introduction, "Table U.1bis – …") has no
 * label there, and is read here: its number is kept as printed ({number="Intro. 1"}).
 */
import type { Unit } from '../check/segment.js';
import { Templates } from '../profile/index.js';

/** The separator a build writes between label and title (body.yaml labelSeparator), read once. */
let separator: string | undefined;
const labelSeparator = () => (separator ??= new Templates().strings('common/body.yaml').labelSeparator);

// "Table 27(a) – Title" (T.88): a number with a letter in brackets, which check's labels do not take
const LABELLED = /^\S+\s+[A-Z]?[\d.\-–]*\d[a-z]?(?:\([a-z]\))?\s*[–—-]\s*/;
const OTHER_NUMBER = /^((?:Table|Figure)\s+[^\s–—]+(?:\s+\d+[a-z]*)?)\s+[–—-]\s+/;

/** The caption's label and separator as printed ("Table 2-129 — "), when the separator is not the " – " a build writes. */
export function ownLead(u: Unit): string | undefined {
  const { label } = captionParts(u);
  const lead = label ? /^\S+\s+\S+(?:\s+\d+[a-z]*)?\s*[–—-]\s*/.exec(u.text.trim())?.[0] : undefined;
  // no-break spaces and doubled spaces are what check normalises: only another dash is kept
  const plain = (t: string) => t.replace(/[\s\u00A0]+/g, ' ');
  return lead && plain(lead) !== plain(`${label}${labelSeparator()}`) ? lead : undefined;
}

/** The caption's label ("Figure Intro. 1"; '' for none) and its title without the label. */
export function captionParts(u: Unit): { label: string; title: string } {
  const text = u.text.trim();
  if (u.label) return { label: u.label, title: text.replace(LABELLED, '') };
  const m = OTHER_NUMBER.exec(text);
  if (m && /\d/.test(m[1])) return { label: m[1].replace(/\s+/g, ' '), title: text.slice(m[0].length) };
  return { label: '', title: text.replace(LABELLED, '') };
}
