import { describe, expect, it, beforeAll } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { applySupplement, changeSet, loadVersion, supplementSource } from '../src/supplement/index.js';
import { parseSourceText } from '../src/source/parse.js';
import { prepare } from '../src/index.js';
import { renderText } from '../src/render/text.js';
import { main } from '../src/cli/main.js';
import { correctedBody } from './supplement-expected.js';
import { readDocx, blockText } from '../src/reader/index.js';

const FIXTURES = path.resolve(__dirname, '../fixtures');

function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ct-sup-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

function body(text: string, file: string, side: 'itu' | 'iso' = 'itu'): string {
  const p = parseSourceText(text, file);
  if (!p.document) throw new Error(p.diagnostics.sorted().map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  const pub = prepare(p.document, side);
  return renderText({ ...pub, sections: pub.sections.filter((s) => s.name === 'body') });
}

/** old source → edited copy → corrigendum → apply → the corrected source renders as the new one. */
function roundTrip(dir: string, main: string, edit: (t: string) => string) {
  const oldFile = path.join(dir, main);
  const newFile = path.join(dir, `new-${main}`);
  const oldText = readFileSync(oldFile, 'utf8');
  const newText = edit(oldText);
  writeFileSync(newFile, newText);
  const base = loadVersion(oldFile);
  const head = loadVersion(newFile);
  const changes = changeSet(base, head);
  const md = supplementSource(changes, head, { type: 'corrigendum', number: 1 });
  const corFile = path.join(dir, 'cor.md');
  const parsed = parseSourceText(md, corFile);
  expect(parsed.document, parsed.diagnostics.sorted().map((d) => d.message).join('\n')).toBeDefined();
  const corrected = applySupplement(md, corFile, base);
  for (const side of ['itu', 'iso'] as const) expect(body(corrected, oldFile, side)).toBe(correctedBody(oldFile, newFile, side));
  return { md, changes, instructions: md.split('\n').filter((l) => /^(In |Replace |Delete |Add |Designate )/.test(l)) };
}

const sub = (a: string, b: string) => (t: string) => {
  if (!t.includes(a)) throw new Error(`fixture text not found: ${a}`);
  return t.replace(a, b);
};

describe('corrigendum and apply: scripted edits on fixtures/example', () => {
  let dir: string;
  beforeAll(() => { dir = copyFixture('example'); });
  const cases: [string, (t: string) => string, RegExp][] = [
    ['word', sub('An attester produces attestation evidence', 'An attester generates attestation evidence'), /^In 5\.1, replace "An attester produces attestation" with "An attester generates attestation"\.$/],
    // a few words changed inside a note: quoted, with enough words to be found ("clause 6", not "6")
    ['number in a note', sub('The protocol of clause 6 is the same', 'The protocol of clause 7 is the same'), /^In 5\.2, replace "clause 6 is" with "clause 7 is"\.$/],
    ['words in a table cell', sub('| Relying party | Access decision |', '| Relying party | Access verdict |'), /^In Table 1, in the row "Relying party", replace "decision" with "verdict"\.$/],
    ['paragraph', sub('The model separates the appraisal of evidence from the use of the result.', 'A wholly new paragraph. It says something else.\n\nAnd a second one.'), /^Replace the paragraph of 5\.1 beginning "The model separates" with the following:$/],
    ['note deleted', sub(':::note\nThe endorser is usually the manufacturer', ':::note\nThe endorser is usually the manufacturer').bind(null) && ((t: string) => t.replace(/:::note\nThe endorser is usually[^]*?\n:::\n/, '')), /^Delete NOTE 1 in 5\.2\.$/],
    ['list item', sub('2. identifier;', '2. identifier of an entity;'), /^Replace item b\) of the first list of 3\.1 with the following:$/],
    ['table cell', sub('| Attester | Attestation evidence |', '| Attester | Signed attestation evidence |'), /^In Table 1, in the row "Attester", replace "Attestation" with "Signed attestation"\.$/],
    ['new subclause', sub('## Roles {#roles}', '## Scalability {#scal}\n\nVerifiers may be replicated.\n\n## Roles {#roles}'), /^Add the following new subclause after 5\.1:$/],
    ['deleted subclause', (t) => t.replace(/## Privacy\n[^]*?(?=## Compromise)/, ''), /^Delete subclause 7\.3\.$/],
    ['new reference', sub('references:\n', 'references:\n  X.1277:\n    itu: { number: "X.1277", year: 2018 }\n    title: "Universal authentication framework"\n'), /^Add the following reference to 2\.3 in numerical order:$/],
    ['annex', sub('In case of differences, the module printed in this annex prevails.', 'In case of differences, the printed module prevails.'), /^In A\.1, replace "module printed in this annex" with "printed module"\.$/],
    ['note added', sub('## Terms defined in :this {#terms-here}', '## Terms defined in :this {#terms-here}'), /./],
  ];
  for (const [name, edit, wording] of cases) {
    it(`${name}: instruction wording and round trip`, () => {
      const { instructions, md } = roundTrip(dir, 'example.md', edit);
      if (name === 'note added') return;
      expect(instructions.some((l) => wording.test(l)), `${wording}\n${md.split('\n---\n').pop()}`).toBe(true);
    });
  }
  it('a subclause added after the last one takes the next number (6.6), one in the middle a placeholder (5.1a)', () => {
    // "# Security considerations" follows the included clause 6, whose last subclause is 6.5
    const { instructions, md } = roundTrip(dir, 'example.md', (t) => sub('# Security considerations {#security}', '## Revocation {#revocation}\n\nEndorsements may be revoked.\n\n# Security considerations {#security}')(sub('## Roles {#roles}', '## Scalability {#scal}\n\nVerifiers may be replicated.\n\n## Roles {#roles}')(t)));
    expect(instructions).toContain('Add the following new subclause after 6.5:');
    expect(instructions).toContain('Add the following new subclause after 5.1:');
    expect(md).toMatch(/^## 6\.6 Revocation \{#revocation \.unnumbered\}$/m);
    expect(md).toMatch(/^## 5\.1a Scalability \{#scal \.unnumbered\}$/m);
  });

  it('quotes words only when they occur once as printed: a cross-reference shown as "Table 1" counts', () => {
    const d = copyFixture('example');
    const file = path.join(d, 'example.md');
    // the base text says "Table 1" twice in one paragraph: once written out, once as [](#tbl-roles)
    writeFileSync(file, sub('One entity may take on more than one role;', 'One entity may take on more than one role, and Table 1 gives them all;')(readFileSync(file, 'utf8')));
    const { instructions } = roundTrip(d, 'example.md', sub('and Table 1 gives them all', 'and Table 2 gives them all'));
    // "Table 1" alone occurs twice as printed (the cross-reference reads "Table 1"): the quote grows until it occurs once
    expect(instructions).toEqual(['In 5.2, replace "Table 1 gives" with "Table 2 gives".']);
  });

  it('locates changes by the old numbering when a subclause was inserted before them', () => {
    const { instructions } = roundTrip(dir, 'example.md', (t) => sub('## Overview', '## Preliminaries {#prelim}\n\nNew text.\n\n## Overview')(t).replace('One entity may take on more than one role', 'One entity may take more than one role'));
    expect(instructions).toContain('Add the following new subclause before 5.1:');
    expect(instructions.some((l) => /^In 5\.2, replace "take on more" with "take more"\.$/.test(l) || /^In 5\.2, replace "on" /.test(l)), instructions.join('\n')).toBe(true);
  });
  it('a changed annex heading, a new annex, and a defect attribute', () => {
    const { instructions, md } = roundTrip(dir, 'example.md', (t) => t.replace(/\n# Bibliography/, '\n# Deployment notes {#annex-new annex=non-integral defect="3"}\n\nSome informative text.\n\n# Bibliography'));
    expect(instructions.some((l) => /^Add the following new annex after Annex [A-Z]:$/.test(l)), md).toBe(true);
    expect(md).toContain('(Resolves defect report 3.)');
  });
});

describe('corrigendum and apply: fixtures/x500', () => {
  let dir: string;
  beforeAll(() => { dir = copyFixture('x500'); });
  it('a note inserted between NOTE 1 and NOTE 2 is NOTE 1a', () => {
    const { instructions } = roundTrip(dir, 'x500.md', (t) => t.replace(/(:::note\nThe DIB[^]*?\n:::\n)/, '$1\n:::note\nA second note.\n:::\n'));
    expect(instructions.join('\n')).toMatch(/^Add the following new NOTE 1a after NOTE 1 in clause 7:$/m);
  });

  it('property: random edit sequences round-trip', { timeout: 120_000 }, () => {
    const oldText = readFileSync(path.join(dir, 'x500.md'), 'utf8');
    const lines = oldText.split('\n');
    let inFence = false;
    let frontEnd = lines.indexOf('---', 1);
    const candidates: number[] = [];
    lines.forEach((l, i) => {
      if (l.startsWith('```')) inFence = !inFence;
      if (i > frontEnd && !inFence && /^[A-Z][a-z]/.test(l) && !/^(Figure|Table):/.test(l) && lines[i - 1] === '' ) candidates.push(i);
    });
    const op = fc.record({ line: fc.integer({ min: 0, max: candidates.length - 1 }), kind: fc.constantFrom('word', 'delete', 'insert', 'heading'), n: fc.integer({ min: 1, max: 999 }) });
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 4 }), (ops) => {
      const ls = [...lines];
      const seen = new Set<number>();
      for (const o of ops) {
        const i = candidates[o.line];
        if (seen.has(i)) continue;
        seen.add(i);
        const words = ls[i].split(' ');
        if (o.kind === 'word') { const k = o.n % words.length; words[k] = `w${o.n}${words[k]}`; ls[i] = words.join(' '); }
        else if (o.kind === 'delete') ls[i] = '';
        else if (o.kind === 'insert') ls[i] = `${ls[i]}\n\nInserted paragraph ${o.n}.`;
        else {
          let d = 0;
          for (let k = i; k >= 0 && !d; k--) { const m = /^(#{2,6}) /.exec(ls[k]); if (m) d = m[1].length; else if (/^# /.test(ls[k])) break; }
          if (d) ls[i] = `${ls[i]}\n\n${'#'.repeat(d)} Inserted heading ${o.n}\n\nText ${o.n}.`;
        }
      }
      const newText = ls.join('\n');
      if (newText === oldText) return;
      roundTrip(dir, 'x500.md', () => newText);
    }), { numRuns: 6, seed: Number(process.env.FC_SEED ?? 20261122) });
  });
});

describe('CLI: corrigendum, amendment, apply', () => {
  const io = () => { const o = { out: '', err: '' }; return { o, io: { out: (s: string) => { o.out += s; }, err: (s: string) => { o.err += s; } } }; };
  let repo: string;
  beforeAll(() => {
    repo = copyFixture('example');
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'v1');
    git('tag', 'v1.0');
    const f = path.join(repo, 'example.md');
    writeFileSync(f, readFileSync(f, 'utf8').replace('An attester produces attestation evidence', 'An attester generates attestation evidence'));
  });

  it('--base with a git revision writes the Markdown source and both DOCX; the DOCX carry the instructions', async () => {
    const out = path.join(repo, 'out');
    const { o, io: i } = io();
    const code = await main(['corrigendum', '--base', 'v1.0', path.join(repo, 'example.md'), '--number', '1', '--out', out], i);
    expect(code, o.err).toBe(0);
    const files = readdirSync(out);
    expect(files).toContain('example-cor1.md');
    expect(readFileSync(path.join(out, 'example-cor1.md'), 'utf8')).toContain('In 5.1, replace "An attester produces attestation" with "An attester generates attestation".');
    const docx = files.filter((f) => f.endsWith('.docx') && !f.endsWith('.revision.docx'));
    expect(docx.length).toBe(2);
    for (const f of docx) {
      const d = await readDocx(path.join(out, f));
      const text = d.body.map(blockText).join('\n');
      expect(text).toContain('In 5.1, replace "An attester produces attestation" with "An attester generates attestation".');
      // ITU: under "1)⇥Changes to Recommendation ITU-T …" (O.174 Cor.2); ISO: the location alone
      expect(text).toContain(f.startsWith('T-REC') ? '1.1)\tSubclause 5.1' : '\nSubclause 5.1\n');
    }
    // apply the written supplement to the old source
    const old = path.join(repo, 'old.md');
    writeFileSync(old, execFileSync('git', ['show', 'v1.0:example.md'], { cwd: repo, encoding: 'utf8' }));
    const r = io();
    expect(await main(['apply', path.join(out, 'example-cor1.md'), '--to', old, '--out', path.join(repo, 'fixed.md')], r.io)).toBe(0);
    expect(body(readFileSync(path.join(repo, 'fixed.md'), 'utf8'), old)).toBe(body(readFileSync(path.join(repo, 'example.md'), 'utf8'), old));
  });

  it('amendment uses the same machinery', async () => {
    const out = path.join(repo, 'out-amd');
    const { o, io: i } = io();
    expect(await main(['amendment', '--base', 'v1.0', path.join(repo, 'example.md'), '--number', '2', '--out', out, '--no-docx'], i), o.err).toBe(0);
    expect(existsSync(path.join(out, 'example-amd2.md'))).toBe(true);
    expect(readFileSync(path.join(out, 'example-amd2.md'), 'utf8')).toMatch(/type: amendment\n\s+number: 2/);
  });

  it('a revision or file that does not exist: exit 2 with a clear message', async () => {
    const { o, io: i } = io();
    expect(await main(['corrigendum', '--base', 'v9.9', path.join(repo, 'example.md'), '--number', '1', '--out', path.join(repo, 'x')], i)).toBe(2);
    expect(o.err).toMatch(/no such git revision/);
    expect(existsSync(path.join(repo, 'x'))).toBe(false);
  });

  it('no change between the versions: exit 1, nothing written', async () => {
    const { o, io: i } = io();
    const f = path.join(repo, 'example.md');
    expect(await main(['corrigendum', '--base', f, f, '--number', '1', '--out', path.join(repo, 'none')], i)).toBe(1);
    expect(o.err).toMatch(/no change/);
    expect(existsSync(path.join(repo, 'none'))).toBe(false);
  });

  it('an instruction apply cannot carry out names file:line:column, exit 2', async () => {
    const cor = path.join(repo, 'bad-cor.md');
    const text = readFileSync(path.join(repo, 'out', 'example-cor1.md'), 'utf8').replace('In 5.1, replace "An attester produces attestation"', 'In 5.1, replace "nowhere-to-be-found"');
    writeFileSync(cor, text);
    const { o, io: i } = io();
    expect(await main(['apply', cor, '--to', path.join(repo, 'old.md'), '--out', path.join(repo, 'bad.md')], i)).toBe(2);
    expect(o.err).toMatch(/bad-cor\.md:\d+:1: error: "nowhere-to-be-found" occurs nowhere/);
  });
});
