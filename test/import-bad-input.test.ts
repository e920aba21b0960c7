/** commontext import on input that is not a usable publication: one clear message, exit 2, nothing written. */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { makeDocx, p, fakeOle, overlappingZipBomb, lyingZip } from './fixtures-check/make-docx.js';
import { corpus, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const X500 = path.join(corpus, 'itu/T-REC-X.500-201610-I-MSW-E.docx');

describe('import refuses bad input', () => {
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['a text file', () => new TextEncoder().encode('hello, not a docx'), /not a \.docx|not a zip|zip/i],
    ['a legacy .doc', () => fakeOle(['Root Entry', 'WordDocument']), /legacy Word \.doc/],
    ['a truncated file', () => (existsSync(X500) ? readFileSync(X500).subarray(0, 900) : new Uint8Array(900)), /truncated|not a zip|zip/i],
    ['an encrypted (password-protected) DOCX', () => fakeOle(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']), /password-protected/],
    ['a zip bomb (640 MiB declared)', () => overlappingZipBomb(40, 16 * 1024 * 1024), /zip bomb/],
    ['a zip that inflates beyond its declared size', () => lyingZip(100, 5_000_000), /more than its declared size/],
    ['a DOCX with no clause', () => makeDocx({ body: p('Just some text.') + p('More text.') }), /no numbered clause/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, async () => {
      const dir = tmp('ct-import-bad-');
      const input = path.join(dir, 'in.docx');
      writeFileSync(input, bytes());
      const out = path.join(dir, 'out');
      const r = await run(['import', input, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toContain('nothing was written');
      expect(r.err.trim().split('\n').filter((l) => /error/.test(l))).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir)).toEqual(['in.docx']);
    });
  }

  it('a missing file and a wrong command line', async () => {
    expect((await run(['import', '/nonexistent/x.docx'])).code).toBe(2);
    expect((await run(['import'])).code).toBe(2);
  });
});
