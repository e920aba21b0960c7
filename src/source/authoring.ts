/**
 * Authoring checks: the mistakes that would otherwise pass silently (issue 14) — an attribute a
 * construct does not take, a directive name that is almost a known one, a caption on the wrong side of
 * its table or image, an image without a caption, a malformed abbreviation. Each is a positioned
 * diagnostic saying what would be right; the parser (parse.ts) and its document checker call these.
 */
import type { Diagnostics, SourcePosition } from '../util/diagnostics.js';
import type { Block, Inline, Section, SourceDocument } from '../model/types.js';

/** What each construct accepts in its `{…}` group, as the README's source-format section lists it. */
export const ACCEPTED_ATTRIBUTES = {
  heading: ['#id', '.unnumbered', '.as-paragraph', '.section', '.summary', '.introduction', '.normative-references', '.terms', '.bibliography', 'annex=integral|non-integral|unstated', 'defect=…', 'number="6.4.10"', 'number=""'],
  caption: ['#id', '.unnumbered', 'number="5a"', 'label="Table 5 — "'],
  image: ['width=…% | …cm | …mm'],
  note: ['number="…"', 'label="…"'],
  term: ['number="3.2.5a"'],
  example: ['label="…"'],
  itu: ['reason="…"'],
  iso: ['reason="…"'],
  ref: ['dated'],
  this: [],
  This: [],
  include: ['file="…"'],
  pagebreak: [],
} as const satisfies Record<string, readonly string[]>;

export type Construct = keyof typeof ACCEPTED_ATTRIBUTES;

/** "it accepts #id" / "it takes no attributes": the fix for an unknown attribute. */
export function acceptedList(construct: Construct): string {
  const list: readonly string[] = ACCEPTED_ATTRIBUTES[construct];
  return list.length ? `it accepts ${list.map((a) => `{${a}}`).join(', ')}` : 'it takes no attributes: remove the {…} group';
}

/**
 * The attributes of a directive (as remark-directive reads `{#id .class key=value}`) that the construct
 * does not take, written as the author wrote them.
 */
export function unknownDirectiveAttributes(attributes: Record<string, string | null | undefined> | null | undefined, construct: Construct): string[] {
  const accepted = new Set(ACCEPTED_ATTRIBUTES[construct].map((a) => a.replace(/[=].*$/, '')));
  const out: string[] = [];
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (accepted.has(key)) continue;
    if (key === 'id') out.push(`#${value}`);
    else if (key === 'class') out.push(...String(value).split(/\s+/).filter(Boolean).map((c) => `.${c}`));
    else out.push(value ? `${key}=${value}` : key);
  }
  return out;
}

/** Reports the attributes a directive does not take, all in one diagnostic. */
export function reportDirectiveAttributes(diagnostics: Diagnostics, at: SourcePosition, written: string, attributes: Record<string, string | null | undefined> | null | undefined, construct: Construct): void {
  const unknown = unknownDirectiveAttributes(attributes, construct);
  if (!unknown.length) return;
  diagnostics.error(at, 'unknown-attribute', `${written} does not take ${unknown.map((a) => `{${a}}`).join(', ')}`, acceptedList(construct));
}

/** Edit distance, two swapped letters counting as one edit ("thsi" is one from "this"); only 0, 1, 2 or "more" matter. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known name a misspelt one is closest to (case aside, or one letter off; two for long names).
 * `short`: a two-letter name may be one letter off too (where the name is surely meant as markup).
 */
export function didYouMean(name: string, known: readonly string[], short = false): string | undefined {
  const exact = known.find((k) => k.toLowerCase() === name.toLowerCase());
  if (exact) return exact;
  const limit = name.length >= 6 ? 2 : name.length >= 3 || (short && name.length === 2) ? 1 : 0;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) { best = k; bestDistance = d; }
  }
  return best;
}

/** The first text of a paragraph block, where a caption or an abbreviation starts. */
function leadingText(b: Block): string | undefined {
  if (b.type !== 'paragraph') return undefined;
  const first = b.children[0];
  return first?.type === 'text' ? first.value : undefined;
}

/**
 * Captions on the wrong side, and images without one. "Table: …" stands directly before its table and
 * "Figure: …" directly after its image (spec §2); elsewhere they would print as plain paragraphs and
 * their anchors would not exist. Returns the anchors those misplaced captions give, so that a
 * cross-reference to one is not reported a second time as pointing nowhere.
 */
export function checkCaptions(blocks: Block[], diagnostics: Diagnostics): { id: string; pos: SourcePosition }[] {
  const anchors: { id: string; pos: SourcePosition }[] = [];
  blocks.forEach((b, i) => {
    const text = leadingText(b);
    const prev = blocks[i - 1];
    const next = blocks[i + 1];
    if (text?.startsWith('Table:')) {
      const after = prev?.type === 'table' && !prev.caption;
      anchors.push(...captionAnchor(b));
      diagnostics.error(b.pos, 'misplaced-caption', after ? 'this table caption comes after its table' : 'this table caption has no table directly after it',
        'a "Table: Title {#tbl-id}" paragraph goes directly before its table (a blank line between them, or none)');
    } else if (text?.startsWith('Figure:')) {
      const before = next?.type === 'figure' && !next.caption;
      anchors.push(...captionAnchor(b));
      diagnostics.error(b.pos, 'misplaced-caption', before ? 'this figure caption comes before its image' : 'this figure caption has no image directly before it',
        'a "Figure: Title {#fig-id}" paragraph goes directly after its image (the image in a paragraph of its own, then a blank line, then the caption)');
    } else if (b.type === 'figure' && !b.caption && leadingText(prev ?? b)?.startsWith('Figure:') !== true) {
      diagnostics.warn(b.pos, 'figure-caption-missing', 'this image has no caption, so it has no figure number and cannot be cross-referenced',
        'add a paragraph "Figure: Title {#fig-id}" directly after the image');
    }
  });
  return anchors;
}

/** The `{#id}` at the end of a caption paragraph that was not read as a caption. */
function captionAnchor(b: Block): { id: string; pos: SourcePosition }[] {
  const last = b.type === 'paragraph' ? b.children[b.children.length - 1] : undefined;
  const id = last?.type === 'text' ? /\{#([\w:.-]+)[^{}]*\}\s*$/.exec(last.value)?.[1] : undefined;
  return id ? [{ id, pos: b.pos }] : [];
}

/** Whether a heading introduces the abbreviations clause (its title starts with "Abbreviations"). */
export function isAbbreviationsHeading(s: Section): boolean {
  const first = s.title[0];
  return first?.type === 'text' && /^\s*abbreviations\b/i.test(first.value);
}

/** An abbreviation written with something else than one tab between it and its expansion: "BER : Basic Encoding Rules". */
const MALFORMED_ABBREVIATION = /^([A-Za-z0-9][\w.\-/&+]*?)(\s*[:=–—]\s*|\s+-\s+| {2,}|\t\s*[:=–—-]\s*| +\t\s*)(\S.*)$/s;
/** "BER Basic Encoding Rules": an upper-case abbreviation, one space, a capitalised expansion, no tab. */
const SPACED_ABBREVIATION = /^([A-Z][A-Z0-9][\w.\-/&+]*) ([A-Z][^\t]*)$/s;

/**
 * In the abbreviations clause each paragraph is one abbreviation, a tab, and its expansion
 * ("BER<tab>Basic Encoding Rules"); the lead-in ends with ":". Anything else is a warning with the form.
 */
export function checkAbbreviations(s: Section, diagnostics: Diagnostics): void {
  for (const b of s.blocks) {
    const text = b.type === 'paragraph' ? inlineText(b.children) : undefined;
    if (!text || /:\s*$/.test(text) || /^(NOTE|EXAMPLE)\b/.test(text)) continue;
    const lines = text.split('\n');
    if (lines.length > 1 && lines.filter((l) => l.includes('\t')).length > 1) {
      diagnostics.warn(b.pos, 'abbreviation-form', 'several abbreviations in one paragraph: they would print on one line', 'leave a blank line between abbreviations, one per paragraph');
      continue;
    }
    // one space: only a short paragraph, not a sentence that starts with an acronym
    const m = MALFORMED_ABBREVIATION.exec(text) ?? (text.split(' ').length <= 8 ? SPACED_ABBREVIATION.exec(text) : null);
    if (!m) continue;
    const expansion = m[m.length - 1].trim();
    diagnostics.warn(b.pos, 'abbreviation-form', `the abbreviation "${m[1]}" is not followed by one tab`,
      `write the abbreviation, one tab, then the expansion: "${m[1]}<tab>${expansion}" (no colon, dash or spaces between them)`);
  }
}

function inlineText(inlines: Inline[]): string {
  return inlines.map((n) => ('value' in n ? n.value : 'children' in n ? inlineText(n.children) : '')).join('');
}

/** The figure blocks of a document, notes, lists and one-side blocks included. */
function figures(doc: SourceDocument): Extract<Block, { type: 'figure' }>[] {
  const out: Extract<Block, { type: 'figure' }>[] = [];
  const walk = (blocks: Block[]) => {
    for (const b of blocks) {
      if (b.type === 'figure') out.push(b);
      else if (b.type === 'note' || b.type === 'example' || b.type === 'only') walk(b.blocks);
      else if (b.type === 'list') b.items.forEach(walk);
    }
  };
  const sections = (list: Section[]) => list.forEach((s) => { walk(s.blocks); sections(s.children); });
  sections([...(doc.summary ? [doc.summary] : []), ...(doc.introduction ? [doc.introduction] : []), ...doc.sections]);
  return out;
}

/**
 * An image given a length ({width=20cm}) wider than the text width of a publication's page is printed at
 * the text width: said, with the width that fits. `textWidthMm`: the page width less its margins (docx.yaml).
 */
export function checkImageWidths(doc: SourceDocument, textWidthMm: number, label: string, diagnostics: Diagnostics): void {
  const textCm = textWidthMm / 10;
  for (const f of figures(doc)) {
    if (!f.width || f.width.unit === '%') continue;
    const cm = f.width.unit === 'cm' ? f.width.value : f.width.value / 10;
    if (cm <= textCm + 0.005) continue;
    if (diagnostics.list.some((d) => d.code === 'image-width' && d.line === f.pos.line && d.file === f.pos.file)) continue;
    diagnostics.warn(f.pos, 'image-width', `this image is ${f.width.value}${f.width.unit} wide, wider than the text of the ${label} page (${textCm.toFixed(1)} cm): it is printed at the text width`,
      `write at most {width=${Math.floor(textCm * 10) / 10}cm}, or a share of the text width such as {width=100%}`);
  }
}
