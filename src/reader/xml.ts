/**
 * A tiny pull tokenizer for the XML that Word, LibreOffice and docx write.
 *
 * Why hand-written: a DOM (or fast-xml-parser with preserveOrder) of a 26 MB document.xml costs
 * seconds and hundreds of MB; this scanner only finds tag boundaries with indexOf and lets the
 * caller read attributes or text lazily, so a 450-page document is scanned in tens of milliseconds.
 * It does not validate the markup; it notes (in `broken`) a tag, comment or declaration that never
 * ends, and the walker (walk.ts) checks that every closing tag closes the element open at that depth:
 * a damaged part is refused, not read as something it is not.
 */
export const Tok = { Open: 1, Close: 2, End: 3 } as const;
export type Tok = (typeof Tok)[keyof typeof Tok];

export class XmlScanner {
  pos = 0;
  /** Qualified name of the current tag, e.g. 'w:p'. */
  name = '';
  /** True for `<x/>`. */
  selfClosing = false;
  /** Offsets of the raw attribute text of the current open tag. */
  private attrStart = 0;
  private attrEnd = 0;
  /** Offset of the current tag's '<'. */
  tagStart = 0;
  /** Offset just after the current tag's '>'. */
  tagEnd = 0;
  /** Set when the text ends inside a tag, comment, CDATA section or declaration (the part is cut short or damaged). */
  broken = false;

  constructor(readonly xml: string) {}

  next(): Tok {
    const xml = this.xml;
    for (;;) {
      const lt = xml.indexOf('<', this.pos);
      if (lt < 0) return Tok.End;
      const c = xml.charCodeAt(lt + 1);
      if (c === 63 /* ? */) {
        this.pos = xml.indexOf('?>', lt) + 2;
        if (this.pos < 2) return this.end();
        continue;
      }
      if (c === 33 /* ! */) {
        if (xml.startsWith('<!--', lt)) {
          const e = xml.indexOf('-->', lt);
          if (e < 0) return this.end();
          this.pos = e + 3;
        } else if (xml.startsWith('<![CDATA[', lt)) {
          const e = xml.indexOf(']]>', lt);
          if (e < 0) return this.end();
          this.pos = e + 3;
        } else {
          const e = xml.indexOf('>', lt);
          if (e < 0) return this.end();
          this.pos = e + 1;
        }
        continue;
      }
      const gt = xml.indexOf('>', lt);
      if (gt < 0) return this.end();
      this.tagStart = lt;
      this.tagEnd = this.pos = gt + 1;
      if (c === 47 /* / */) {
        this.name = xml.slice(lt + 2, gt).trim();
        return Tok.Close;
      }
      let i = lt + 1;
      for (; i < gt; i++) {
        const ch = xml.charCodeAt(i);
        if (ch === 32 || ch === 47 || ch === 9 || ch === 10 || ch === 13) break;
      }
      this.name = xml.slice(lt + 1, i);
      this.selfClosing = xml.charCodeAt(gt - 1) === 47;
      this.attrStart = i;
      this.attrEnd = this.selfClosing ? gt - 1 : gt;
      return Tok.Open;
    }
  }

  /** The end of a text cut short inside markup. */
  private end(): Tok {
    this.broken = true;
    this.pos = this.xml.length;
    return Tok.End;
  }

  /**
   * Jump past the end of the current (non-self-closing) element when it does not contain another
   * element of the same name (then the first closing tag is its own). Returns false when it cannot.
   * Skipping w:rPr, drawings and the like this way avoids tokenizing most of a large document.
   */
  skipElement(): boolean {
    const xml = this.xml;
    const close = xml.indexOf(`</${this.name}>`, this.pos);
    if (close < 0) return false;
    const open = `<${this.name}`;
    for (let k = xml.indexOf(open, this.pos); k >= 0 && k < close; k = xml.indexOf(open, k + 1)) {
      const c = xml.charCodeAt(k + open.length);
      if (c === 62 || c === 32 || c === 47 || c === 9 || c === 10 || c === 13) return false; // a nested same-name element
    }
    this.pos = close + this.name.length + 3;
    return true;
  }

  /** Value of attribute `name` on the current open tag, or undefined. */
  attr(name: string): string | undefined {
    const xml = this.xml;
    let i = this.attrStart;
    const end = this.attrEnd;
    while (i < end) {
      const k = xml.indexOf(name, i);
      if (k < 0 || k >= end) return undefined;
      const before = xml.charCodeAt(k - 1);
      const eq = k + name.length;
      if ((before === 32 || before === 9 || before === 10 || before === 13) && xml.charCodeAt(eq) === 61 /* = */) {
        const q = xml.charCodeAt(eq + 1);
        const close = xml.indexOf(q === 39 ? "'" : '"', eq + 2);
        return decodeEntities(xml.slice(eq + 2, close));
      }
      i = k + name.length;
    }
    return undefined;
  }

  /** Raw character data from the end of the current tag to the next '<' (decoded). */
  text(): string {
    const lt = this.xml.indexOf('<', this.tagEnd);
    return decodeEntities(this.xml.slice(this.tagEnd, lt < 0 ? this.xml.length : lt));
  }
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e] ?? m;
  });
}

/** Decode an XML part's bytes (UTF-8, or UTF-16 with a BOM). */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  // Buffer#toString is markedly faster than TextDecoder on large, mostly-ASCII parts.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
