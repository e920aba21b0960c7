/**
 * The check report for a secretariat (issue 14), as the user gets it from the command line: the
 * document's identity (ITU-T number and date, ISO/IEC designation, title, edition, tool version) in
 * the terminal, JSON and HTML; the declared differences with their text on each side and their
 * reason; the differing words marked alike on both sides (peers: nothing struck through as deleted);
 * a legend for the counts. The HTML is opened in headless Chromium and a screenshot kept in
 * test-output/. Expected values come from the example's source front matter and its manifest.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repo, tmp } from './helpers.js';

const ITU = 'T-REC-X.1999-202403-I-E.docx';
const ISO = 'ISO_IEC_29999-1_2024(E).docx';
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const outDir = path.join(repo, 'test-output');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/commontext.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** What the example's front matter says the document is (the source, not the code under test). */
function expectedIdentity() {
  const text = readFileSync(path.join(repo, 'fixtures/example/example.md'), 'utf8');
  const fm = parse(text.split(/^---$/m)[1]) as { title: string; itu: { number: string; approved: string }; iso: { designation: string; year: number; edition: number } };
  const [year, month] = fm.itu.approved.split('-');
  return { itu: `ITU-T ${fm.itu.number}`, ituDate: `${month}/${year}`, iso: fm.iso.designation, isoYear: String(fm.iso.year), title: fm.title, edition: fm.iso.edition === 2 ? 'Second edition' : '?' };
}

const version = (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;

let root: string;
let manifest: { declared: { side: 'itu' | 'iso'; reason: string; texts: string[] }[] };
const changed = { itu: "appraised by another vendor's verifier", iso: "appraised by any other vendor's verifier" };
beforeAll(() => {
  root = tmp('ct-report-html-');
  cpSync(path.join(repo, 'fixtures/example'), path.join(root, 'src'), { recursive: true });
  expect(cli(['build', 'src/example.md', '--out', 'out'], root).code).toBe(0);
  manifest = JSON.parse(readFileSync(path.join(root, 'out/example.alignment.json'), 'utf8'));
  // one word changed in the ISO publication: one finding next to the declared differences
  const file = path.join(root, 'out', ISO);
  const parts = unzipSync(readFileSync(file));
  const xml = strFromU8(parts['word/document.xml']);
  expect(xml).toContain(changed.itu);
  parts['word/document.xml'] = strToU8(xml.replace(changed.itu, changed.iso));
  writeFileSync(file, zipSync(parts));
}, 120_000);

describe('the check report for a secretariat', () => {
  it('terminal and JSON: the identity block, the tool version, the declared texts', () => {
    const r = cli(['check', `out/${ITU}`, `out/${ISO}`, '--no-color', '--json', 'r.json'], root);
    expect(r.code).toBe(1);
    const id = expectedIdentity();
    expect(r.out.split('\n')[3]).toBe(`Document: ${id.itu} (${id.ituDate}) · ${id.iso}:${id.isoYear} · ${id.title} · ${id.edition} · commontext ${version}`);
    const json = JSON.parse(readFileSync(path.join(root, 'r.json'), 'utf8'));
    expect(json.schemaVersion).toBe(2);
    expect(json.toolVersion).toBe(version);
    expect(json.document).toEqual(id);
    expect(json.names).toEqual([ITU, ISO]);
    const onlyItu = manifest.declared.find((d) => d.side === 'itu' && d.reason.includes('implementers'))!;
    expect(json.declared).toContainEqual(expect.objectContaining({ side: 'a', reason: onlyItu.reason, a: onlyItu.texts[0] }));
    expect(r.out).toContain(`      ITU: ${onlyItu.texts[0].slice(0, 150)}`);
    expect(r.out).toContain('      ISO: (not in ISO)');
  });

  it('check <source.md>: each publication by its name and the source, no temporary path', () => {
    const r = cli(['check', 'src/example.md', '--no-color', '--html', 'mem.html', '--json', 'mem.json'], root);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[1]).toMatch(new RegExp(`^ITU: ${ITU}  ·  ISO: ${ISO.replace(/[()]/g, '\\$&')}  ·  built in memory from src/example\\.md \\(nothing written\\)  ·  `));
    const html = readFileSync(path.join(root, 'mem.html'), 'utf8');
    expect(html).toContain(`<tr><th>ITU</th><td>${ITU} (built in memory from src/example.md; not written)</td></tr>`);
    expect(html).not.toContain(os.tmpdir());
    expect(html).not.toContain('(in memory)');
    const json = JSON.parse(readFileSync(path.join(root, 'mem.json'), 'utf8'));
    expect([json.source, json.names, json.files]).toEqual(['src/example.md', [ITU, ISO], [null, null]]);
    expect(json.document).toEqual(expectedIdentity());
    // a source declares its own differences: a manifest is for two DOCX files
    const given = cli(['check', 'src/example.md', '--manifest', 'out/example.alignment.json'], root);
    expect(given.code).toBe(2);
    expect(given.err.split('\n')[0]).toBe('commontext check: error: --manifest is for two .docx files; a source is checked with the differences it declares itself [usage]');
  });

  it.skipIf(!hasChromium)('HTML in Chromium: identity block, legend, declared texts on each side with reasons, neutral marking', async () => {
    const r = cli(['check', `out/${ITU}`, `out/${ISO}`, '--html', 'report.html'], root);
    expect(r.code).toBe(1);
    const file = path.join(root, 'report.html');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`file://${file}`);
      await expect.poll(() => page.locator('#verdict').innerText()).toBe('NOT technically identical: 1 finding in the body');
      // identity: each row visible, with what the source says
      const id = expectedIdentity();
      const rows = await page.locator('#identity tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]));
      expect(rows.slice(0, 4)).toEqual([['ITU-T', `${id.itu} (${id.ituDate})`], ['ISO/IEC', `${id.iso}:${id.isoYear}`], ['Title', id.title], ['Edition', id.edition]]);
      expect(rows.slice(4, 6)).toEqual([['ITU', `out/${ITU}`], ['ISO', `out/${ISO}`]]);
      expect(rows[7]).toEqual(['Tool', `commontext ${version}`]);
      expect(await page.locator('#identity').isVisible()).toBe(true);
      // the counts and the legend that explains them
      expect(await page.locator('#counts').innerText()).toMatch(/^\d+ \/ \d+ clauses, \d+ \/ \d+ units compared \(ITU \/ ISO\)$/);
      const legend = page.locator('#legend');
      expect(await legend.isVisible()).toBe(true);
      expect(await legend.innerText()).toMatch(/Clauses: the numbered clauses[\s\S]*Units: the pieces compared one by one[\s\S]*technically identical when every unit/);
      expect(await page.locator('#manifest').innerText()).toBe(`Declared differences: ${manifest.declared.length} read from the alignment manifest out/example.alignment.json.`);
      await declaredTextsVisible(page);
      await neutralMarking(page);
      mkdirSync(outDir, { recursive: true });
      const shot = path.join(outDir, 'check-report-secretariat.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(20_000);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof chromium.launch>>['newPage']>>;

/** Every declared text of the manifest is visible in its side's column, next to its reason; the other side says it has none. */
async function declaredTextsVisible(page: Page) {
  const rows = page.locator('#declared tbody tr');
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.replace(/\s+/g, ' '))));
  for (const d of manifest.declared.map((x) => ({ ...x, texts: x.texts.map((t) => t.replace(/\s+/g, ' ')) }))) {
    const column = d.side === 'itu' ? 1 : 2;
    // a whole clause is declared by its heading: its row holds the heading and the clause's text
    const row = cells.find((c) => c[column].includes(d.texts[0]));
    expect(row, d.texts[0]).toBeDefined();
    expect(row![3]).toContain(d.reason);
    const twin = manifest.declared.find((o) => o.side !== d.side && o.reason === d.reason && row![3 - column].includes(o.texts[0].replace(/\s+/g, ' ')));
    if (!twin) expect(row![3 - column]).toBe(d.side === 'itu' ? '(not in ISO)' : '(not in ITU)');
  }
  for (let i = 0; i < cells.length; i++) expect(await rows.nth(i).isVisible()).toBe(true);
}

/** The finding's own words on each side: the same tint, nothing struck through, no del/ins markup. */
async function neutralMarking(page: Page) {
  const finding = page.locator('#findings tbody tr').first();
  expect(await finding.locator('td.a mark.diff').allInnerTexts()).toEqual(['another']);
  expect(await finding.locator('td.b mark.diff').allInnerTexts()).toEqual(['any other']);
  const look = (side: string) => finding.locator(`td.${side} mark.diff`).first().evaluate((m) => {
    const s = getComputedStyle(m);
    return [s.backgroundColor, s.color, s.textDecorationLine];
  });
  const [a, b] = [await look('a'), await look('b')];
  expect(a).toEqual(b);
  expect(a[2]).not.toContain('line-through');
  expect(await page.locator('del, ins, s, strike').count()).toBe(0);
  // a declared place each publication words its own way: the words marked alike on both sides too
  const own = page.locator('#declared tbody tr', { hasText: 'A.1, paragraph 1' });
  expect(await own.locator('td.a mark.diff').allInnerTexts()).toContain('ITU-T ASN.1 module database');
  expect(await own.locator('td.b mark.diff').allInnerTexts()).toContain('ISO standards maintenance portal');
}
