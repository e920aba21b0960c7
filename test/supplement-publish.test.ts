/**
 * The corrigendum a secretariat receives, read back from its DOCX: a footnote's new text is printed
 * after its instruction, a change to ITU-only text is in the ITU corrigendum only, the figure travels
 * with the supplement (apply and build work from its output folder), and without --approved the
 * corrigendum is dated today everywhere (ITU cover and footer, ISO cover, reference number, copyright
 * page, Foreword). Nothing is written into the source folder.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { readDocx, type ReadDocument } from '../src/reader/index.js';
import { repo, texts, tmp } from './helpers.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd, stdio: 'pipe', encoding: 'utf8' });

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: false }).map(String).filter((f) => !f.startsWith('.git')).sort();
}

const today = new Date().toISOString().slice(0, 10);
const [year, month] = today.split('-');

let work = '';
let out = '';
let before: string[] = [];
let cor = { code: 0, out: '', err: '' };
let itu: ReadDocument;
let iso: ReadDocument;

beforeAll(async () => {
  const dir = tmp('ct-pub-');
  work = path.join(dir, 'work');
  cpSync(path.join(repo, 'fixtures/example'), work, { recursive: true });
  git(work, 'init', '-q');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'published');
  const f = path.join(work, 'example.md');
  writeFileSync(f, readFileSync(f, 'utf8')
    .replace('The certification of such a management system is not required', 'The certification of such a system is not required')
    .replace('from the ITU-T ASN.1 module database at', 'from the ITU-T ASN.1 module repository at')
    .replace('Figure: Roles in the attestation model {#fig-roles}', 'Figure: Roles of the attestation model {#fig-roles}'));
  before = listing(work);
  out = path.join(dir, 'out');
  cor = await run(['corrigendum', '--base', 'HEAD', f, '--number', '1', '--out', out]);
  const docx = readdirSync(out).filter((n) => n.endsWith('.docx') && !n.endsWith('.revision.docx'));
  [itu, iso] = await Promise.all([docx.find((n) => n.startsWith('T-REC'))!, docx.find((n) => n.startsWith('ISO'))!].map((n) => readDocx(path.join(out, n))));
}, 120_000);

describe('the corrigendum as published', () => {
  it('is written, dated today, saying so on stderr; nothing is written into the source folder', () => {
    expect(cor.code, cor.err).toBe(0);
    expect(cor.err).toContain(`dated today, ${today}`);
    expect(listing(work)).toEqual(before);
  });

  it('a footnote\'s change: "Replace footnote 2 in 7.1 with the following:" and its new text after it', () => {
    for (const doc of [itu, iso]) {
      const all = texts(doc);
      const at = all.indexOf('Replace footnote 2 in 7.1 with the following:');
      expect(at, all.join('\n')).toBeGreaterThan(0);
      expect(all[at + 1]).toMatch(/^The certification of such a system is not required by (this Recommendation|this document)/);
    }
  });

  it('a change to ITU-only text is in the ITU corrigendum only', () => {
    expect(texts(itu).join('\n')).toContain('In A.1, replace "module database" with "module repository".');
    expect(texts(iso).join('\n')).not.toMatch(/"database"|"repository"|Subclause A\.1/);
  });

  it('dates: ITU cover and footer, ISO cover, reference number, copyright page and Foreword agree with today', () => {
    const i = texts(itu);
    expect(i).toContain(`(${month}/${year})`);
    expect(itu.sections[2].footers.default.trim()).toMatch(new RegExp(`^Rec\\. ITU-T X\\.1999 \\(2024\\)/Cor\\.1 \\(${month}/${year}\\)`));
    expect(i).toContain(`© ITU ${year}`);
    const s = texts(iso);
    expect(s).toContain(`Reference number\nISO/IEC 29999-1:2024/Cor 1:${year}(E)`);
    expect(s.filter((t) => t === `© ISO/IEC ${year}`).length, s.slice(0, 40).join('\n')).toBeGreaterThanOrEqual(2);
    expect(s.some((t) => t.includes('© ISO/IEC 2024'))).toBe(false);
    expect(s.some((t) => t.endsWith(`The identical text is published as Rec. ITU-T X.1999 (2024)/Cor.1 (${month}/${year}).`))).toBe(true);
  });

  it('the figure travels with the supplement: apply and build work from its output folder', async () => {
    expect(existsSync(path.join(out, 'figures/attestation-roles.png'))).toBe(true);
    const old = path.join(path.dirname(work), 'old.md');
    writeFileSync(old, git(work, 'show', 'HEAD:example.md'));
    cpSync(path.join(work, 'clauses'), path.join(path.dirname(work), 'clauses'), { recursive: true });
    cpSync(path.join(work, 'figures'), path.join(path.dirname(work), 'figures'), { recursive: true });
    const ap = await run(['apply', path.join(out, 'example-cor1.md'), '--to', old, '--out', path.join(path.dirname(work), 'fixed.md')]);
    expect(ap.code, ap.err).toBe(0);
    expect(readFileSync(path.join(path.dirname(work), 'fixed.md'), 'utf8')).toContain('Figure: Roles of the attestation model {#fig-roles}');
    const b = await run(['build', path.join(out, 'example-cor1.md'), '--out', path.join(out, 'rebuilt')]);
    expect(b.code, b.err + b.out).toBe(0);
  }, 60_000);
});

describe('--approved is checked before anything is built', () => {
  for (const extra of [[], ['--no-docx']]) {
    it(`a malformed date (12/09/2025${extra.length ? ', --no-docx' : ''}): usage error, exit 2, nothing written`, async () => {
      const dir = tmp('ct-pub-bad-');
      const o = path.join(dir, 'out');
      const r = await run(['corrigendum', '--base', path.join(repo, 'fixtures/example/example.md'), path.join(repo, 'fixtures/example/example.md'), '--number', '1', '--approved', '12/09/2025', '--out', o, ...extra]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--approved is "12\/09\/2025": it must be a date written YYYY-MM-DD/);
      expect(existsSync(o)).toBe(false);
    });
  }
});
