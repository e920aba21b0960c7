/**
 * w:sym stores a code point in a symbol font (usually Symbol, in the private-use range F020–F0FF).
 * Map the Symbol font to the Unicode character it draws; keep other fonts' code points as given.
 */
// Adobe Symbol encoding, 0x20..0xFF ('' = no single Unicode equivalent).
const SYMBOL =
  ' !∀#∃%&∋()∗+,−./0123456789:;<=>?' +
  '≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_' +
  '‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼\u007f' +
  '\u0080'.repeat(32) +
  '€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵' +
  'ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓' +
  '◊〈®©™∑⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪\uF8FF〉∫⌠⎮⌡⎞⎟⎠⎤⎥⎦⎫⎬⎭\u00ff';

export function symbolChar(font: string | undefined, hex: string | undefined): string {
  if (!hex) return '';
  let cp = parseInt(hex, 16);
  if (!Number.isFinite(cp)) return '';
  if ((font ?? '').toLowerCase() === 'symbol') {
    const low = cp >= 0xf000 ? cp - 0xf000 : cp;
    if (low >= 0x20 && low <= 0xff) {
      const ch = SYMBOL[low - 0x20];
      if (ch && ch !== '\u0080') return ch;
    }
  }
  if (cp < 0x20) cp = 0xfffd;
  return String.fromCodePoint(cp);
}
