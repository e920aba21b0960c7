/**
 * Normalisation applied before comparing: only what Word (or LibreOffice) changes by itself,
 * never wording. Each rule is listed in NORMALISATIONS (shown in reports and in README.md) and all
 * of them are switched off by `strictTypography`.
 */
export interface Normalisation {
  id: string;
  description: string;
}

export const NORMALISATIONS: readonly Normalisation[] = [
  { id: 'no-break-spaces', description: 'no-break and fixed-width spaces (U+00A0, U+202F, U+2007, U+2009, U+200A) count as ordinary spaces' },
  { id: 'no-break-hyphens', description: 'non-breaking hyphen U+2011 and hyphen U+2010 count as the ordinary hyphen-minus "-"' },
  { id: 'soft-hyphens', description: 'soft hyphens (U+00AD) and zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF) are ignored' },
  { id: 'smart-quotes', description: "curly quotes ‘ ’ ‚ ‛ ′ count as ' and “ ” „ ‟ ″ count as \"" },
  { id: 'whitespace', description: 'runs of spaces, tabs and line breaks count as one space; leading and trailing whitespace is ignored' },
];

const SPACES = /[\u00A0\u202F\u2007\u2009\u200A]/g;
const HYPHENS = /[\u2011\u2010]/g;
const INVISIBLE = /[\u00AD\u200B\u200C\u200D\u2060\uFEFF]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;
const WS = /\s+/g;

/** Fast path: plain ASCII with single inner spaces needs no change (most paragraphs). */
const NEEDS_WORK = /[^\x21-\x7E ]|  |^ | $/;

export function normalise(text: string, strict = false): string {
  if (strict || !NEEDS_WORK.test(text)) return text;
  return text
    .replace(SPACES, ' ')
    .replace(HYPHENS, '-')
    .replace(INVISIBLE, '')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(WS, ' ')
    .trim();
}
