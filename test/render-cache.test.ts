/**
 * The watch mode's render cache and stored ZIP writer (src/render/ooxml.ts RenderCache, src/render/zip.ts):
 * a render that reuses (sub)clauses from an earlier one must give exactly the bytes of a fresh render,
 * whatever the edit did to numbering, bookmarks, links and pictures; and the stored ZIP must be valid.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { parseText, prepare } from '../src/index.js';
import { renderDocxSync, RenderCache } from '../src/render/ooxml.js';
import { crc32, crc32Combine, textPiece, zipStored } from '../src/render/zip.js';
import { readDocxSync } from '../src/reader/index.js';
import { repo } from './helpers.js';

/** A plain bit-by-bit CRC-32, independent of the table-driven one under test. */
function referenceCrc(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** The CRC-32 and sizes each local file header of a stored ZIP declares, with the data they cover. */
function storedEntries(zip: Uint8Array): { name: string; crc: number; size: number; data: Uint8Array }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = [];
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    expect(view.getUint16(at + 8, true)).toBe(0); // stored
    const crc = view.getUint32(at + 14, true);
    const size = view.getUint32(at + 18, true);
    expect(view.getUint32(at + 22, true)).toBe(size);
    const nameLength = view.getUint16(at + 26, true);
    const name = strFromU8(zip.subarray(at + 30, at + 30 + nameLength));
    const start = at + 30 + nameLength + view.getUint16(at + 28, true);
    out.push({ name, crc, size, data: zip.subarray(start, start + size) });
    at = start + size;
  }
  return out;
}

describe('stored ZIP writer', () => {
  it('combines CRCs of pieces to the CRC of the whole, for any split', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 50; t++) {
      const whole = new Uint8Array(Math.floor(rand() * 5000));
      for (let i = 0; i < whole.length; i++) whole[i] = Math.floor(rand() * 256);
      const cut = Math.floor(rand() * (whole.length + 1));
      const a = whole.subarray(0, cut);
      const b = whole.subarray(cut);
      expect(crc32(whole)).toBe(referenceCrc(whole));
      expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(referenceCrc(whole));
    }
  });

  it('writes entries that fflate reads back, with the right CRC in every header', () => {
    const zip = zipStored([
      { name: 'a.xml', pieces: [textPiece('<a>'), textPiece('– ü –'), textPiece(''), textPiece('</a>')] },
      { name: 'word/b.xml', pieces: [textPiece('<b/>')] },
    ]);
    const files = unzipSync(zip);
    expect(strFromU8(files['a.xml'])).toBe('<a>– ü –</a>');
    expect(strFromU8(files['word/b.xml'])).toBe('<b/>');
    for (const e of storedEntries(zip)) expect(e.crc, e.name).toBe(referenceCrc(e.data));
  });
});

describe('render cache', () => {
  const main = path.join(repo, 'fixtures/example/example.md');
  const source = readFileSync(main, 'utf8');
  const build = (text: string, side: 'itu' | 'iso') => {
    const r = parseText(text, main);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return prepare(r.document!, side);
  };

  // each edit changes what a reused unit would depend on: text, numbering and bookmarks after it, links, pictures
  const edits: [string, (s: string) => string][] = [
    ['a sentence in one paragraph', (s) => s.replace('# Scope {#scope}\n\n', '# Scope {#scope}\n\nAn added sentence. ')],
    ['a new subclause early on (numbers, bookmark ids and cross-references after it move)', (s) => s.replace('## Overview\n', '## Inserted {#inserted}\n\nNew text with a [link](https://example.org/new).\n\n## Overview\n')],
    ['a link in the first clause (relationship ids after it move)', (s) => s.replace('# Scope {#scope}\n\n', '# Scope {#scope}\n\nSee [the site](https://example.org/first). ')],
    ['a subclause removed', (s) => s.replace(/#### Timestamp-based freshness[\s\S]*?(?=### Endorsements)/, '')],
  ];

  for (const side of ['itu', 'iso'] as const) {
    it(`gives byte for byte the DOCX of a fresh render after each kind of edit (${side.toUpperCase()})`, () => {
      const cache = new RenderCache();
      const first = renderDocxSync(build(source, side), { level: 0, cache });
      expect(first).toEqual(renderDocxSync(build(source, side), { level: 0 }));
      let text = source;
      for (const [what, edit] of edits) {
        const next = edit(text);
        expect(next, what).not.toBe(text);
        text = next;
        cache.hits = 0;
        cache.misses = 0;
        const cached = renderDocxSync(build(text, side), { level: 0, cache });
        const fresh = renderDocxSync(build(text, side), { level: 0 });
        expect(Buffer.from(cached).equals(Buffer.from(fresh)), what).toBe(true);
        // and the cache did its job: most units reused, the edited ones written again
        expect(cache.misses, what).toBeGreaterThan(0);
        expect(cache.hits, what).toBeGreaterThan(0);
      }
      // unchanged source: everything reused
      cache.hits = 0;
      cache.misses = 0;
      renderDocxSync(build(text, side), { level: 0, cache });
      expect(cache.misses).toBe(0);
      // the stored package is a valid DOCX: every CRC right, and our reader reads the edited text back
      const last = renderDocxSync(build(text, side), { level: 0, cache });
      for (const e of storedEntries(last)) expect(e.crc, e.name).toBe(referenceCrc(e.data));
      const read = readDocxSync(last);
      const all = read.body.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('\n');
      expect(all).toContain('An added sentence.');
      expect(all).toContain('Inserted');
    });
  }
});
