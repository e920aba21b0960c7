/**
 * `check <source.md>` compares the prepared publications (the units prepare marked), not DOCX files
 * read back. It must find what checking the two DOCX files finds: for edits of every kind of unit,
 * the ITU publication of the original source is checked against the ISO publication of an edited
 * one, both ways, and the findings (places, kinds, texts) must be the same.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, prepare, render } from '../src/index.js';
import { check } from '../src/check/index.js';
import { segmentPublication } from '../src/check/prepared.js';
import type { Publication } from '../src/model/publication.js';
import type { CheckResult } from '../src/check/types.js';
import { repo, tmp } from './helpers.js';

const EDITS: Record<string, [string, string]> = {
  'a word in a paragraph': ['One entity may take on more than one role', 'One entity may take on several roles'],
  'a note': ['both functions were combined in a single role', 'both functions were one role'],
  'an example': ['it knows that the evidence is at most two seconds old', 'it knows that the evidence is at most three seconds old'],
  'a table cell': ['| Attester | Attestation evidence |', '| Attester | Attestation proof |'],
  'a table title': ['Table: Roles of the attestation model', 'Table: Roles in the attestation model'],
  'a list item with a footnote': ['an identity claim, which gives an identifier', 'an identity claim, which gives the identifier'],
  'a footnote': ['for example a boot ROM', 'for instance a boot ROM'],
  'a heading': ['#### Nonce-based freshness', '#### Freshness by nonce'],
  'a deleted paragraph': ['The verifier sends a random value (nonce) of at least 128 bits to the attester, and the attester includes the nonce in the signed evidence. The nonce shall not be reused by the verifier.\n', ''],
  'a term': ['## Terms defined in :this {#terms-here}\n', '## Terms defined in :this {#terms-here}\n\n**evidence token**: a signed container of evidence.\n'],
};

/** The example fixture copied (with its included clauses and figures), the main file edited. */
function source(edit?: [string, string]): string {
  const dir = tmp('ct-prepared-');
  cpSync(path.join(repo, 'fixtures/example'), dir, { recursive: true });
  const file = path.join(dir, 'example.md');
  if (edit) {
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(edit[0]);
    writeFileSync(file, text.replace(edit[0], edit[1]));
  }
  return file;
}

function publication(file: string, side: 'itu' | 'iso'): Publication {
  const { document } = parse(file);
  return prepare(document!, side);
}

/** What a user reads of a finding: where, what, both texts. */
const seen = (r: CheckResult) => ({ verdict: r.verdict, findings: r.findings.map((f) => ({ ...f })), declared: r.declared.map((d) => ({ ...d })) });

async function both(a: Publication, b: Publication) {
  const declared = [...a.declared, ...b.declared];
  const options = { declared, labels: ['ITU', 'ISO'] as [string, string] };
  const prepared = await check(a, b, options);
  const docx = await check(await render(a), await render(b), options);
  return { prepared, docx };
}

describe('check of prepared publications', () => {
  const original = source();
  const itu = publication(original, 'itu');
  const iso = publication(original, 'iso');

  it('segments a publication into the clauses and labelled units the DOCX shows', () => {
    const s = segmentPublication(itu);
    const roles = s.body.find((c) => c.number === '5.2')!;
    expect(roles.title).toBe('Roles');
    expect(roles.units.map((u) => `${u.kind}:${u.label}`)).toEqual(['paragraph:', 'table title:Table 1', 'table:Table 1', 'note:NOTE 1', 'note:NOTE 2']);
    expect(s.body.some((c) => c.number === 'Annex A')).toBe(true);
    expect(s.introduction[0]?.label).toBe('Introduction');
  });

  it('the original source: identical, with the same declared differences as its DOCX files', async () => {
    const { prepared, docx } = await both(itu, iso);
    expect(prepared.identical).toBe(true);
    expect(seen(prepared)).toEqual(seen(docx));
  });

  for (const [what, edit] of Object.entries(EDITS)) {
    it(`${what}: the same findings as checking the DOCX files`, async () => {
      const edited = source(edit);
      const { prepared, docx } = await both(itu, publication(edited, 'iso'));
      expect(prepared.identical).toBe(false);
      expect(seen(prepared)).toEqual(seen(docx));
      const reverse = await both(publication(edited, 'itu'), iso);
      expect(seen(reverse.prepared)).toEqual(seen(reverse.docx));
    });
  }

  it('the X.500 mirror (Summary, annexes, bibliography): identical, as its DOCX files', async () => {
    const file = path.join(repo, 'fixtures/x500/x500.md');
    const { prepared, docx } = await both(publication(file, 'itu'), publication(file, 'iso'));
    expect(prepared.identical).toBe(true);
    expect(seen(prepared)).toEqual(seen(docx));
    expect(prepared.stats.units).toEqual(docx.stats.units);
    expect(prepared.stats.clauses).toEqual(docx.stats.clauses);
  });
});


