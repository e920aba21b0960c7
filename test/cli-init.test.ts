/**
 * `commontext init [dir]` (issue 14): a starter source using every construct of the source format,
 * which lints with no warnings, builds and checks as technically identical; it never replaces a file.
 * The starter is templates/init/, read back from the DOCX with src/reader.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocx } from '../src/reader/index.js';
import { repo, texts, tmp } from './helpers.js';
import { runMain } from './cli-helpers.js';

describe('commontext init', () => {
  it('writes the starter into a new folder; it lints clean, builds, and checks technically identical', async () => {
    const dir = tmp();
    const r = await runMain(['init', 'my-spec'], dir);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toBe('my-spec/clauses/security.md\nmy-spec/figures/client-server.png\nmy-spec/spec.md\nnext: "commontext build my-spec/spec.md" writes both publications to ./out and checks them\n');
    const spec = path.join(dir, 'my-spec/spec.md');
    expect(readFileSync(spec, 'utf8')).toBe(readFileSync(path.join(repo, 'templates/init/spec.md'), 'utf8'));

    const lint = await runMain(['lint', 'my-spec/spec.md'], dir);
    expect([lint.code, lint.err]).toEqual([0, 'no errors, no warnings.\n']);
    const build = await runMain(['build', 'my-spec/spec.md', '--quiet'], dir);
    expect([build.code, build.err]).toEqual([0, '']);
    expect(build.out).toContain('check: technically identical: no differences in the body (2 declared differences)\n');
    const check = await runMain(['check', ...readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.docx')).map((f) => `out/${f}`), '--no-color'], dir);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/^technically identical: no differences in the body \(2 declared differences\)\n/);

    // what the publications say: every construct of the source format made its text
    const itu = await readDocx(path.join(dir, 'out/T-REC-X.9999-202501-I-E.docx'));
    const iso = await readDocx(path.join(dir, 'out/ISO_IEC_99999_2025(E).docx'));
    const t = texts(itu).join('\n');
    const expected = [
      /This Recommendation \| International Standard specifies:/, // :This
      /Rec\. ITU-T X\.680 \(2021\) \| ISO\/IEC 8824-1:2021/, // :ref{dated}, references registry
      /IETF RFC 3986 \(2005\)/, // a reference with a label
      /2\tNormative references/, /Bibliography/, /ISO 639-2/, // generated clause 2 and bibliography
      /client: An entity that sends requests to a server\./, // terms
      /NOTE – A single entity can act as client and as server\./, // note
      /EXAMPLE – A client asks/, // example
      /ASN\.1\tAbstract Syntax Notation One/, // abbreviations
      /Figure 1 – Client and server/, /Table 1 – Roles of the model/, // figure and table captions
      /shown in Figure 1 and listed in Table 1/, /described in clause 5/, // cross-references
      /the identifier of the request;/, // ordered list
      /–\tthe roles of client and server;/, /\n1\)\trequests;\n2\)\tresponses\./, // dash list, nested ordered list
      /6\tSecurity considerations\nA server should answer only the requests of clients that it has authenticated\./, // ::include
      /the security considerations in clause 6\./,
      /Annex A/, /ASN\.1 module/, /This annex forms an integral part/, // annex
      /ExampleService \{joint-iso-itu-t example\(999\) modules\(0\) service\(1\)\}/, // code block
      /formal-language database/, // one-side block (ITU)
    ];
    for (const e of expected) expect(t, String(e)).toMatch(e);
    const s = texts(iso).join('\n');
    expect(s).not.toMatch(/The ASN\.1 module of this Recommendation \| International Standard is also available/);
    expect(s).toMatch(/on the ISO standards maintenance portal/);
    expect(itu.body.some((b) => b.kind === 'table')).toBe(true);
    expect(Object.values(itu.footnotes)).toContain('The syntax of a URI is that of IETF RFC 3986 (2005).'); // footnote
    expect(itu.body.some((b) => b.kind === 'paragraph' && b.footnotes?.length)).toBe(true);
  });

  it('the current folder by default; an existing file is never replaced: exit 2, nothing written', async () => {
    const dir = tmp();
    expect((await runMain(['init'], dir)).code).toBe(0);
    expect(existsSync(path.join(dir, 'spec.md'))).toBe(true);
    const other = tmp();
    writeFileSync(path.join(other, 'spec.md'), 'mine\n');
    const r = await runMain(['init', '.'], other);
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toBe('spec.md: error: is there already and is never replaced; nothing was written; choose another folder, e.g. "commontext init my-spec" [file-exists]\n');
    expect(readFileSync(path.join(other, 'spec.md'), 'utf8')).toBe('mine\n');
    expect(existsSync(path.join(other, 'figures'))).toBe(false);
    expect(existsSync(path.join(other, 'clauses'))).toBe(false);
    mkdirSync(path.join(other, 'x'));
    expect((await runMain(['init', 'a', 'b'], other)).err).toMatch(/^commontext init: error: give at most one folder, not 2 \(a, b\)/);
  });
});
