/**
 * Test helpers: build small .docx packages from WordprocessingML snippets, edit parts of real
 * packages, and hand-craft raw zips (for zip-bomb and truncation cases).
 */
import { zipSync, unzipSync, strToU8, strFromU8 } from 'fflate';
import { deflateRawSync } from 'node:zlib';

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface DocxParts {
  /** Inner XML of w:body. */
  body: string;
  /** Inner XML of w:styles (w:style elements). */
  styles?: string;
  /** Inner XML of w:numbering. */
  numbering?: string;
  /** Inner XML of w:footnotes (w:footnote elements). */
  footnotes?: string;
  /** Inner XML of w:comments. */
  comments?: string;
  /** rId -> inner XML of w:hdr. */
  headers?: Record<string, string>;
  /** rId -> inner XML of w:ftr. */
  footers?: Record<string, string>;
}

/** A paragraph: p('text', 'StyleId') */
export function p(text: string, style?: string, extraPPr = ''): string {
  const ppr = style || extraPPr ? `<w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}${extraPPr}</w:pPr>` : '';
  return `<w:p>${ppr}<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function style(id: string, name: string, extra = ''): string {
  return `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/>${extra}</w:style>`;
}

export function makeDocx(parts: DocxParts): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const rels: string[] = [];
  const put = (name: string, xml: string) => (files[name] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${xml}`));
  put('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>');
  put('_rels/.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`);
  put('word/document.xml', `<w:document ${W_NS}><w:body>${parts.body}</w:body></w:document>`);
  if (parts.styles !== undefined) {
    put('word/styles.xml', `<w:styles ${W_NS}>${parts.styles}</w:styles>`);
    rels.push(`<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>`);
  }
  if (parts.numbering !== undefined) {
    put('word/numbering.xml', `<w:numbering ${W_NS}>${parts.numbering}</w:numbering>`);
    rels.push(`<Relationship Id="rIdN" Type="${REL}/numbering" Target="numbering.xml"/>`);
  }
  if (parts.footnotes !== undefined) {
    put('word/footnotes.xml', `<w:footnotes ${W_NS}>${parts.footnotes}</w:footnotes>`);
    rels.push(`<Relationship Id="rIdF" Type="${REL}/footnotes" Target="footnotes.xml"/>`);
  }
  if (parts.comments !== undefined) {
    put('word/comments.xml', `<w:comments ${W_NS}>${parts.comments}</w:comments>`);
    rels.push(`<Relationship Id="rIdC" Type="${REL}/comments" Target="comments.xml"/>`);
  }
  for (const [kind, map] of [['header', parts.headers], ['footer', parts.footers]] as const) {
    for (const [rid, xml] of Object.entries(map ?? {})) {
      const tag = kind === 'header' ? 'w:hdr' : 'w:ftr';
      put(`word/${rid}.xml`, `<${tag} ${W_NS}>${xml}</${tag}>`);
      rels.push(`<Relationship Id="${rid}" Type="${REL}/${kind}" Target="${rid}.xml"/>`);
    }
  }
  put('word/_rels/document.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`);
  return zipSync(files);
}

/** Apply `edit` to one part of a real package and re-zip it (what the mutation tests do). */
export function editPart(docx: Uint8Array, part: string, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(docx);
  const before = strFromU8(files[part]);
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${part} changed nothing`);
  files[part] = strToU8(after);
  return zipSync(files, { level: 1 });
}

export function readPart(docx: Uint8Array, part: string): string {
  return strFromU8(unzipSync(docx, { filter: (f) => f.name === part })[part]);
}

/**
 * A hand-made zip whose central directory lists `count` entries that all point at ONE deflated
 * local entry (an "overlapping" zip bomb): tiny on disk, `count * size` bytes when unpacked.
 */
export function overlappingZipBomb(count: number, size: number): Uint8Array {
  const data = deflateRawSync(Buffer.alloc(size));
  const name = Buffer.from('word/document.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const cds: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const n = Buffer.from(i === 0 ? 'word/document.xml' : `word/media/x${i}.bin`);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(0, 42);
    cds.push(cd, n);
  }
  const head = Buffer.concat([local, name, data]);
  const cd = Buffer.concat(cds);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(count, 8);
  eocd.writeUInt16LE(count, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(head.length, 16);
  return new Uint8Array(Buffer.concat([head, cd, eocd]));
}

/** A zip whose directory understates the size of document.xml (`declared` bytes, really `actual`). */
export function lyingZip(declared: number, actual: number): Uint8Array {
  const z = zipSync({ 'word/document.xml': new Uint8Array(actual) });
  const buf = Buffer.from(z);
  // patch the uncompressed size in the local header (offset 22) and central directory (offset 24)
  buf.writeUInt32LE(declared, 22);
  const cd = buf.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
  buf.writeUInt32LE(declared, cd + 24);
  return new Uint8Array(buf);
}

/** An OLE compound file header followed by UTF-16LE stream names, enough for the sniffing. */
export function fakeOle(streams: string[]): Uint8Array {
  const magic = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const body = Buffer.alloc(512);
  const names = Buffer.concat(streams.map((s) => Buffer.from(s, 'utf16le')));
  return new Uint8Array(Buffer.concat([magic, body, names, Buffer.alloc(512)]));
}
