/**
 * A stored (uncompressed) ZIP writer whose entries are lists of pieces with known CRC-32s: the watch mode's
 * DOCX (level 0) reuses the encoded XML of unchanged (sub)clauses, and the CRC of a part is combined from
 * its pieces' CRCs instead of being computed again over megabytes (zlib's crc32_combine). Deflated
 * packages (every normal build) are written by fflate.
 */

const POLY = 0xedb88320;

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** a · b modulo the CRC polynomial (bit-reflected), as zlib's multmodp. */
function multmodp(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

// x^(2^n) modulo the polynomial, n = 0 … 31
const X2N = (() => {
  const t = new Uint32Array(32);
  let p = 0x40000000; // x^1
  t[0] = p;
  for (let n = 1; n < 32; n++) t[n] = p = multmodp(p, p);
  return t;
})();

/** x^(n·2^k) modulo the polynomial. */
function x2nmodp(n: number, k: number): number {
  let p = 0x80000000; // x^0
  while (n) {
    if (n & 1) p = multmodp(X2N[k & 31], p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

/** The CRC-32 of A followed by B, from crc(A), crc(B) and B's length. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multmodp(x2nmodp(lengthB, 3), crcA) ^ crcB) >>> 0;
}

/** Bytes, with their CRC-32 when it was computed for reuse (else it is computed when zipped). */
export interface Piece { bytes: Uint8Array; crc?: number }

const encoder = new TextEncoder();
export function textPiece(text: string, withCrc = true): Piece {
  const bytes = encoder.encode(text);
  return withCrc ? { bytes, crc: crc32(bytes) } : { bytes };
}

/** The pieces one after another, in one array. */
export function joinPieces(pieces: Piece[]): Uint8Array {
  if (pieces.length === 1) return pieces[0].bytes;
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.bytes.length, 0));
  let at = 0;
  for (const p of pieces) { out.set(p.bytes, at); at += p.bytes.length; }
  return out;
}

// 2000-01-01 00:00 in MS-DOS form: fixed, so that the same parts give the same bytes
const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;

/** A stored ZIP of the entries, in order; each entry's data is its pieces one after another. */
export function zipStored(entries: { name: string; pieces: Piece[] }[]): Uint8Array {
  const files = entries.map((e) => {
    const name = encoder.encode(e.name);
    let size = 0;
    let crc = 0;
    for (const p of e.pieces) {
      const c = p.crc ?? crc32(p.bytes);
      crc = size === 0 ? c : crc32Combine(crc, c, p.bytes.length);
      size += p.bytes.length;
    }
    return { name, pieces: e.pieces, size, crc, offset: 0 };
  });
  const local = files.reduce((n, f) => n + 30 + f.name.length + f.size, 0);
  const central = files.reduce((n, f) => n + 46 + f.name.length, 0);
  const out = new Uint8Array(local + central + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number) => { view.setUint16(at, v, true); at += 2; };
  const u32 = (v: number) => { view.setUint32(at, v >>> 0, true); at += 4; };
  for (const f of files) {
    f.offset = at;
    u32(0x04034b50); u16(20); u16(0); u16(0); u16(DOS_TIME); u16(DOS_DATE);
    u32(f.crc); u32(f.size); u32(f.size); u16(f.name.length); u16(0);
    out.set(f.name, at); at += f.name.length;
    for (const p of f.pieces) { out.set(p.bytes, at); at += p.bytes.length; }
  }
  const centralStart = at;
  for (const f of files) {
    u32(0x02014b50); u16(20); u16(20); u16(0); u16(0); u16(DOS_TIME); u16(DOS_DATE);
    u32(f.crc); u32(f.size); u32(f.size); u16(f.name.length); u16(0); u16(0); u16(0); u16(0); u32(0); u32(f.offset);
    out.set(f.name, at); at += f.name.length;
  }
  const centralSize = at - centralStart;
  u32(0x06054b50); u16(0); u16(0); u16(files.length); u16(files.length); u32(centralSize); u32(centralStart); u16(0);
  return out;
}
