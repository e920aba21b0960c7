/**
 * Issue 13, ISO pages as iso-17301-1-2023.pdf: the X.500 mirror (with an ICS number added to its front
 * matter) built as the ISO/IEC publication, converted by LibreOffice, read back with `pdftotext -bbox`,
 * positions compared with the real PDF's read the same way: mirrored margins (inner 25 mm, outer 13 mm),
 * the copyright block at the foot of page ii, "Page" on the Contents line at the right margin, the
 * Introduction on a page of its own, the designation beside "INTERNATIONAL STANDARD", the ICS line at the
 * foot of the back page.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { corpus, repo, tmp } from './helpers.js';

const realPdf = path.join(corpus, 'iso/iso-17301-1-2023.pdf');
const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
const pdftotext = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).stdout.trim();
const MM = 72 / 25.4;

interface Word { x0: number; y0: number; x1: number; y1: number; text: string }
/** The words of each page, with their boxes (pt from the top left); control characters dropped (the real "Contents" ends in one). */
function pages(pdf: string): Word[][] {
  const xml = execFileSync(pdftotext, ['-bbox', pdf, '-'], { encoding: 'utf8' });
  return xml.split('<page ').slice(1).map((p) => [...p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5].replace(/[\u0000-\u001f]/g, '') })).filter((w) => w.text.trim() && w.text !== '\uFEFF'));
}
const pageWith = (ps: Word[][], text: string) => ps.findIndex((p) => p.some((w) => w.text === text));
const word = (p: Word[], text: string) => p.find((w) => w.text === text)!;
const left = (p: Word[]) => Math.min(...p.map((w) => w.x0));
const right = (p: Word[]) => Math.max(...p.map((w) => w.x1));

describe.skipIf(!soffice || !pdftotext || !existsSync(realPdf))('ISO pages laid out as iso-17301-1-2023.pdf', () => {
  let ours: Word[][];
  let real: Word[][];
  beforeAll(async () => {
    const dir = tmp();
    cpSync(path.join(repo, 'fixtures/x500/figures'), path.join(dir, 'figures'), { recursive: true });
    const source = readFileSync(path.join(repo, 'fixtures/x500/x500.md'), 'utf8').replace(/^( {2}designation: "ISO\/IEC 9594-1")$/m, '$1\n  ics: "35.100.70"');
    writeFileSync(path.join(dir, 'x500.md'), source);
    const result = await build(path.join(dir, 'x500.md'), { outDir: path.join(dir, 'out'), only: 'iso' });
    const docx = result.outputs[0].path;
    execFileSync(soffice, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', path.join(dir, 'out'), docx], { stdio: 'ignore' });
    ours = pages(docx.replace(/\.docx$/, '.pdf'));
    real = pages(realPdf);
  }, 180_000);

  it('mirrors the margins: 25 mm inside, 13 mm outside (within 1 mm of the real pages)', () => {
    // page iii (odd, right-hand) and page ii (even): body text's left edge
    for (const ps of [real, ours]) {
      const contents = ps[pageWith(ps, 'Contents')];
      const copyright = ps[pageWith(ps, 'COPYRIGHT')];
      expect(Math.abs(left(contents) - 25 * MM)).toBeLessThan(1 * MM);
      expect(Math.abs(left(copyright) - 13 * MM)).toBeLessThan(1 * MM);
      expect(Math.abs(595.28 - right(contents) - 13 * MM)).toBeLessThan(1.5 * MM);
    }
  });

  it('puts the copyright block at the foot of page ii', () => {
    for (const ps of [real, ours]) {
      const p = ps[pageWith(ps, 'COPYRIGHT')];
      expect(word(p, 'COPYRIGHT').y0).toBeGreaterThan(560);
      expect(word(p, 'Switzerland').y1).toBeGreaterThan(700);
    }
  });

  it('has "Page" on the Contents line, at the right margin', () => {
    for (const ps of [real, ours]) {
      const p = ps[pageWith(ps, 'Contents')];
      const contents = word(p, 'Contents');
      const page = word(p, 'Page');
      expect(Math.abs(page.y1 - contents.y1)).toBeLessThan(3);
      expect(Math.abs(page.x1 - right(p))).toBeLessThan(2);
    }
  });

  it('starts the Introduction on a page of its own', () => {
    const p = ours[pageWith(ours, 'Introduction') + 0];
    const i = ours.findIndex((q, n) => n > pageWith(ours, 'Contents') && q.some((w) => w.text === 'Introduction'));
    expect(p).toBeDefined();
    expect(ours[i].filter((w) => w.text === 'Foreword')).toEqual([]);
    // the Introduction heading is the first line below the running header
    const heading = word(ours[i], 'Introduction');
    expect(ours[i].filter((w) => w.y0 < heading.y0 - 1).map((w) => w.text).join(' ')).toBe('ISO/IEC 9594-1:2017(E)');
  });

  it('sets the designation at the right of the "INTERNATIONAL STANDARD" line of the cover', () => {
    const cover = ours[0];
    const kind = word(cover, 'INTERNATIONAL');
    const designation = word(cover, '9594-1');
    expect(Math.abs(designation.y1 - kind.y1)).toBeLessThan(3);
    expect(designation.x1).toBeGreaterThan(right(cover) - 2);
    const realCover = real[0];
    expect(word(realCover, '17301-1').x1).toBeGreaterThan(word(realCover, 'STANDARD').x1);
  });

  it('ends with a back page whose ICS line is at its foot, at the outer margin, as the real one', () => {
    for (const [ps, ics] of [[real, '67.060'], [ours, '35.100.70']] as const) {
      const back = ps[ps.length - 1];
      const label = word(back, 'ICS');
      expect(word(back, ics).y0).toBeCloseTo(label.y0, 0);
      expect(label.y0).toBeGreaterThan(740);
      expect(Math.abs(label.x0 - 13 * MM)).toBeLessThan(1 * MM);
    }
  });
});
