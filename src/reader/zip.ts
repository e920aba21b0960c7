/**
 * Minimal, defensive ZIP reader for DOCX packages.
 *
 * Why not fflate.unzipSync: we must refuse zip bombs from the central directory BEFORE inflating
 * anything, inflate only the few parts we need (a 450-page file carries megabytes of images we never
 * look at), and cap each inflation at its declared size so a lying directory cannot blow memory up.
 * node:zlib's `maxOutputLength` gives that cap natively and is faster than a JS inflater.
 */
import * as zlib from 'node:zlib';
import { inflateRawSync } from 'node:zlib';
import { DocxReadError } from './errors.js';

export interface ZipLimits {
  /** Maximum number of entries in the package (default 10 000). */
  maxEntries: number;
  /** Maximum sum of the declared uncompressed sizes of all entries (default 512 MiB). */
  maxTotalSize: number;
  /** Maximum uncompressed size of any one entry (default 256 MiB). */
  maxEntrySize: number;
}

export const DEFAULT_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalSize: 512 * 1024 * 1024,
  maxEntrySize: 256 * 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** CRC-32 of the unpacked data, from the central directory. */
  crc: number;
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}
function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 0x100000000;
}

/** Does `buf` contain `needle` encoded as UTF-16LE (how OLE directory entries store stream names)? */
function hasUtf16(buf: Uint8Array, needle: string): boolean {
  const first = needle.charCodeAt(0);
  outer: for (let i = 0; i + needle.length * 2 <= buf.length; i++) {
    if (buf[i] !== first || buf[i + 1] !== 0) continue;
    for (let k = 1; k < needle.length; k++) {
      if (buf[i + 2 * k] !== needle.charCodeAt(k) || buf[i + 2 * k + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

/** Recognise the non-zip files people actually hand in, so the message can say what to do. */
function diagnoseNotZip(buf: Uint8Array): never {
  if (buf.length >= 8 && OLE_MAGIC.every((v, i) => buf[i] === v)) {
    // Both legacy .doc and password-protected .docx are OLE compound files; an encrypted OOXML
    // package is stored in streams named EncryptionInfo and EncryptedPackage.
    if (hasUtf16(buf, 'EncryptionInfo') || hasUtf16(buf, 'EncryptedPackage')) {
      throw new DocxReadError(
        'encrypted',
        'this document is password-protected (encrypted); open it in Word, remove the password (File > Info > Protect Document) and save it again as .docx',
      );
    }
    throw new DocxReadError(
      'legacy-doc',
      'this is a legacy Word .doc file; open it in Word or LibreOffice and save it as .docx',
    );
  }
  const head = new TextDecoder('latin1').decode(buf.subarray(0, 16));
  if (head.startsWith('{\\rtf')) {
    throw new DocxReadError('not-zip', 'this is an RTF file, not a .docx; open it in Word or LibreOffice and save it as .docx');
  }
  if (head.startsWith('%PDF')) {
    throw new DocxReadError('not-zip', 'this is a PDF file, not a .docx; the check needs the Word (.docx) publications');
  }
  if (buf.length === 0) throw new DocxReadError('not-zip', 'the file is empty');
  throw new DocxReadError('not-zip', 'this is not a .docx file (a .docx is a zip package, and this file is not a zip)');
}

/** Read the central directory and enforce the limits. Nothing is inflated here. */
export function listZip(buf: Uint8Array, limits: ZipLimits = DEFAULT_LIMITS): Map<string, ZipEntry> {
  const startsLikeZip = buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 3 && buf[3] === 4;
  // End-of-central-directory record: 22 bytes plus a comment of up to 65 535 bytes, at the very end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 5 && buf[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    if (startsLikeZip) {
      throw new DocxReadError('truncated', 'the file is incomplete (truncated): its zip directory is missing; download or copy it again');
    }
    diagnoseNotZip(buf);
  }
  let count = u16(buf, eocd + 10);
  let cdOffset = u32(buf, eocd + 16);
  // ZIP64: the real values live in a second record pointed to by a locator just before the EOCD.
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && u32(buf, eocd - 20) === 0x07064b50) {
    const z64 = u64(buf, eocd - 12);
    if (z64 + 56 > buf.length || u32(buf, z64) !== 0x06064b50) {
      throw new DocxReadError('truncated', 'the file is incomplete (truncated): its zip directory is damaged');
    }
    count = u64(buf, z64 + 32);
    cdOffset = u64(buf, z64 + 48);
  }
  if (count > limits.maxEntries) {
    throw new DocxReadError('too-large', `the package has ${count} entries (limit ${limits.maxEntries}); this is not a normal .docx (possibly a zip bomb)`);
  }
  if (cdOffset > buf.length) {
    throw new DocxReadError('truncated', 'the file is incomplete (truncated): its zip directory points past the end of the file; download or copy it again');
  }
  const entries = new Map<string, ZipEntry>();
  let total = 0;
  let p = cdOffset;
  const dec = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || u32(buf, p) !== 0x02014b50) {
      throw new DocxReadError('truncated', 'the file is incomplete or damaged: its zip directory is cut short');
    }
    const flags = u16(buf, p + 8);
    const crc = u32(buf, p + 16);
    const method = u16(buf, p + 10);
    let compressedSize = u32(buf, p + 20);
    let size = u32(buf, p + 24);
    const nameLen = u16(buf, p + 28);
    const extraLen = u16(buf, p + 30);
    const commentLen = u16(buf, p + 32);
    let localOffset = u32(buf, p + 42);
    const name = dec.decode(buf.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extended information extra field (id 1) carries the fields that were set to 0xFFFFFFFF.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = u16(buf, e);
      const len = u16(buf, e + 2);
      if (id === 1) {
        let q = e + 4;
        if (size === 0xffffffff) { size = u64(buf, q); q += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = u64(buf, q); q += 8; }
        if (localOffset === 0xffffffff) { localOffset = u64(buf, q); }
      }
      e += 4 + len;
    }
    if (size > limits.maxEntrySize) {
      throw new DocxReadError('too-large', `the package entry ${name} would unpack to ${mb(size)} (limit ${mb(limits.maxEntrySize)}); this is not a normal .docx (possibly a zip bomb)`);
    }
    total += size;
    if (total > limits.maxTotalSize) {
      throw new DocxReadError('too-large', `the package would unpack to more than ${mb(limits.maxTotalSize)}; this is not a normal .docx (possibly a zip bomb)`);
    }
    entries.set(name, { name, method, flags, compressedSize, size, localOffset, crc });
    p = eEnd + commentLen;
  }
  return entries;
}

function mb(n: number): string {
  return `${Math.round(n / 1024 / 1024)} MiB`;
}

/** Inflate one entry, never producing more than its declared size. */
export function readEntry(buf: Uint8Array, entry: ZipEntry): Uint8Array {
  if (entry.flags & 1) {
    throw new DocxReadError('encrypted', 'this .docx package is encrypted with a zip password; remove the password and save it again');
  }
  const lo = entry.localOffset;
  if (lo + 30 > buf.length || u32(buf, lo) !== 0x04034b50) {
    throw new DocxReadError('truncated', `the file is incomplete or damaged: the part ${entry.name} is missing`);
  }
  const start = lo + 30 + u16(buf, lo + 26) + u16(buf, lo + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) {
    throw new DocxReadError('truncated', `the file is incomplete (truncated): the part ${entry.name} is cut short; download or copy it again`);
  }
  const data = buf.subarray(start, end);
  if (entry.method === 0) return checked(entry, data);
  if (entry.method !== 8) {
    throw new DocxReadError('unsupported', `the part ${entry.name} uses zip compression method ${entry.method}, which Word never writes; save the file again from Word or LibreOffice`);
  }
  let out: Uint8Array;
  try {
    // maxOutputLength: a directory that understates the size cannot make us allocate more.
    out = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DocxReadError('too-large', `the part ${entry.name} unpacks to more than its declared size; this is not a normal .docx (possibly a zip bomb)`);
    }
    throw new DocxReadError('corrupt', `the part ${entry.name} is damaged and cannot be unpacked; open the file in Word or LibreOffice and save it again`);
  }
  return checked(entry, out);
}

/** The unpacked data, when its CRC-32 is the one the directory records (fflate and zlib do not check it). */
function checked(entry: ZipEntry, data: Uint8Array): Uint8Array {
  if (crc32(data) !== entry.crc) {
    throw new DocxReadError('corrupt', `the part ${entry.name} is damaged (its checksum does not match); download or copy the file again, or open it in Word or LibreOffice and save it again`);
  }
  return data;
}

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (zip's): node's native one (Node >= 20.15), else table-driven. */
export function crc32(bytes: Uint8Array): number {
  const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
  if (native) return native(bytes) >>> 0;
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
