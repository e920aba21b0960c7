/**
 * `build --html`: both HTML publications of the example and of the X.500 mirror, opened in headless
 * Chromium. What a reader sees: the clause numbers each publication prints (the same as its DOCX),
 * cross-links that land on their targets, footnotes and their way back, the declared one-side blocks
 * marked with their reasons, pictures that load, nothing fetched from outside. And the body text of
 * each HTML file is the body text of the DOCX of the same build, unit by unit, as `check` reads it.
 * Screenshots are written to test-output/ for a person to look at.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type BuildResult } from '../src/index.js';
import { readDocx } from '../src/reader/index.js';
import { segment } from '../src/check/index.js';
import { normalise } from '../src/check/normalize.js';
import { repo, tmp } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`${CHROMIUM} not found: skipping the browser tests of the HTML publications`);
const shots = path.join(repo, 'test-output');

/** One HTML unit as the page shows it: its kind and its text (tables: cells by \t, rows by \n). */
interface HtmlUnit { kind: string; text: string; cells?: string[][] }

/**
 * The units of the shared text as the page holds them, in reading order: the body section, and the
 * Introduction (its title and what follows it in the front matter). Each paragraph, heading, caption
 * and code line is a unit; a table one unit; a footnote follows the unit that cites it (as `check`
 * reads a DOCX). Footnote marks and back links are not text.
 */
async function htmlUnits(page: Page): Promise<HtmlUnit[]> {
  return page.evaluate(() => {
    const text = (el: Element) => {
      const c = el.cloneNode(true) as Element;
      c.querySelectorAll('.fnref, .backlink').forEach((e) => e.remove());
      c.querySelectorAll('br').forEach((b) => b.replaceWith('\n'));
      return c.textContent ?? '';
    };
    const out: { kind: string; text: string; cells?: string[][] }[] = [];
    const footnotes = (el: Element) => {
      for (const a of el.querySelectorAll('a.fnref')) {
        const li = document.querySelector(a.getAttribute('href')!)!;
        out.push({ kind: 'footnote', text: [...li.querySelectorAll('p')].map(text).join('\n') });
      }
    };
    const visit = (el: Element) => {
      if (el.matches('table')) {
        const caption = el.querySelector(':scope > caption');
        if (caption) { out.push({ kind: 'caption', text: text(caption) }); footnotes(caption); }
        const cells = [...el.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map(text));
        out.push({ kind: 'table', text: cells.map((r) => r.join('\t')).join('\n'), cells });
        return;
      }
      if (el.matches('h1, h2, h3, h4, h5, h6, [role=heading], p, li, figcaption, code.line')) {
        out.push({ kind: el.tagName.toLowerCase(), text: text(el) });
        footnotes(el);
        return;
      }
      for (const child of el.children) visit(child);
    };
    const intro = document.querySelector('.r-introduction-title');
    if (intro) {
      let el: Element | null = intro;
      for (; el; el = el.nextElementSibling) visit(el);
    }
    visit(document.querySelector('[data-section=body]')!);
    return out;
  });
}

/** The same, read back from the DOCX with the check's segmentation: headings, then each clause's units. */
function docxUnits(file: string): Promise<string[]> {
  return readDocx(file).then((doc) => {
    const s = segment(doc);
    const out: string[] = [];
    for (const c of [...s.introduction, ...s.body]) {
      if (c.headingNorm) out.push(c.headingNorm);
      out.push(...c.units.map((u) => u.norm));
    }
    return out;
  });
}

const comparable = (units: HtmlUnit[]) => units
  .map((u) => (u.cells ? u.cells.map((r) => r.map((c) => normalise(c)).join('\t')).join('\n') : normalise(u.text)))
  .filter((t) => t !== '');

interface Built { result: BuildResult; html: Record<'itu' | 'iso', string>; docx: Record<'itu' | 'iso', string> }

async function buildHtml(source: string): Promise<Built> {
  const result = await build(path.join(repo, source), { outDir: tmp('ct-html-'), html: true });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  const pick = (side: 'itu' | 'iso', f: 'htmlPath' | 'path') => result.outputs.find((o) => o.side === side)![f]!;
  return { result, html: { itu: pick('itu', 'htmlPath'), iso: pick('iso', 'htmlPath') }, docx: { itu: pick('itu', 'path'), iso: pick('iso', 'path') } };
}

describe.skipIf(!hasChromium)('HTML publications in a browser', () => {
  let browser: Browser;
  let example: Built;
  let x500: Built;
  beforeAll(async () => {
    [example, x500] = [await buildHtml('fixtures/example/example.md'), await buildHtml('fixtures/x500/x500.md')];
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    mkdirSync(shots, { recursive: true });
  }, 120_000);
  afterAll(async () => { await browser?.close(); });

  const open = async (file: string, height = 900) => {
    const page = await browser.newPage({ viewport: { width: 1100, height } });
    const external: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) external.push(r.url()); });
    await page.goto(`file://${file}`);
    return { page, external };
  };

  it('build --html writes <name>.html beside each DOCX, self-contained', () => {
    for (const b of [example, x500]) {
      for (const side of ['itu', 'iso'] as const) {
        expect(path.dirname(b.html[side])).toBe(path.dirname(b.docx[side]));
        expect(path.basename(b.html[side], '.html')).toBe(path.basename(b.docx[side], '.docx'));
        const html = readFileSync(b.html[side], 'utf8');
        expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
        expect(html).not.toMatch(/<link\b|<script\b[^>]*\bsrc=|\bsrc="(?!data:)/);
      }
    }
  });

  it('prints the clause numbers of its DOCX, as headings of the right level, in both publications of both fixtures', async () => {
    for (const b of [example, x500]) {
      for (const side of ['itu', 'iso'] as const) {
        const { page } = await open(b.html[side]);
        const headings = await page.locator('[data-section=body] [data-number]').evaluateAll((els) => els.map((e) => ({ tag: e.tagName, level: e.getAttribute('aria-level'), text: (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim() })));
        const clauses = segment(await readDocx(b.docx[side])).body.filter((c) => c.number);
        expect(headings.map((h) => h.text)).toEqual(clauses.map((c) => normalise(c.heading)));
        // a clause is an h2, a subclause an h3 …
        for (const [i, c] of clauses.entries()) {
          const level = c.number.startsWith('Annex') ? 1 : c.number.split('.').length;
          expect(headings[i].tag === 'DIV' ? Number(headings[i].level) : Number(headings[i].tag.slice(1))).toBe(level + 1);
        }
        await page.close();
      }
    }
    // as printed, numbers first
    const { page } = await open(example.html.itu);
    expect(await page.locator('#scope').innerText()).toMatch(/^1\s+Scope$/);
    expect(await page.locator('#freshness').innerText()).toMatch(/^5\.3\.2\s+Freshness$/);
    expect(await page.locator('#annex-asn1').innerText()).toMatch(/^Annex A\s+Formal specification in ASN\.1$/);
    await page.close();
  }, 120_000);

  it('a cross-link clicked lands on its target: the fragment is set and the target is in view', async () => {
    const { page } = await open(example.html.iso, 700);
    const link = page.locator('[data-section=body] a.xref[href="#freshness"]').first();
    expect(await link.innerText()).toBe('clause 5.3.2');
    await link.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#freshness');
    const box = await page.evaluate(() => { const r = document.getElementById('freshness')!.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, h: innerHeight }; });
    expect(box.top).toBeGreaterThan(-2); // scrolled to the top, to the subpixel
    expect(box.bottom).toBeLessThanOrEqual(box.h);
    // a table and a figure by their captions; the contents by their headings
    await page.locator('a.xref[href="#tbl-roles"]').first().click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#tbl-roles');
    expect(await page.locator('#tbl-roles').innerText()).toMatch(/^Table 1 – /);
    await page.locator('nav.toc a', { hasText: 'Security considerations' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#security');
    expect(await page.locator('#security').isVisible()).toBe(true);
    await page.close();
  });

  it('a footnote mark goes to its footnote, and its back link to the text', async () => {
    const { page } = await open(example.html.itu, 700);
    // the source's first footnote (the History table's "*" footnote of the front matter comes after the source's)
    const mark = page.locator('a.fnref[href="#fn-1"]').first();
    expect(await mark.innerText()).toBe('1');
    await mark.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#fn-1');
    expect(await page.locator('#fn-1').innerText()).toContain('The root of trust is the component');
    await page.locator('#fn-1 a.backlink').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#fnref-1');
    await page.close();
  });

  it('marks a declared one-side block with its side and reason, in that publication only', async () => {
    const reason = "The implementers' guide is an ITU-T publication";
    const { page } = await open(example.html.itu);
    const block = page.locator(`.one-side[data-side="itu"][data-reason="${reason}"]`);
    expect(await block.count()).toBe(1);
    expect(await block.innerText()).toContain('Defects in this Recommendation | International Standard that are reported to ITU-T');
    const look = await block.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, label: getComputedStyle(el, '::before').content }));
    expect(look.bg).not.toBe('rgba(0, 0, 0, 0)');
    expect(look.label).toContain(reason);
    expect(look.label).toContain('Only in the Recommendation ITU-T');
    await block.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'html-one-side-itu.png') });
    await page.close();
    const iso = await open(example.html.iso);
    expect(await iso.page.locator('.one-side[data-side="itu"]').count()).toBe(0);
    expect(await iso.page.getByText('Defects in this Recommendation').count()).toBe(0);
    expect(await iso.page.locator('.one-side[data-side="iso"][data-reason="Patent list applicable to ISO/IEC only"]').count()).toBe(1);
    await iso.page.close();
  });

  it('shows the pictures (embedded) and the tables with header cells; nothing is fetched from outside', async () => {
    for (const b of [example, x500]) {
      const { page, external } = await open(b.html.itu);
      const images = await page.locator('figure img').evaluateAll((els) => els.map((e) => ({ ok: (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth > 0, data: (e as HTMLImageElement).src.startsWith('data:image/'), alt: (e as HTMLImageElement).alt })));
      expect(images.length).toBeGreaterThan(0);
      for (const i of images) expect(i).toMatchObject({ ok: true, data: true });
      if (b === example) expect(await page.locator('[data-section=body] table thead th[scope=col]').count()).toBeGreaterThan(0);
      expect(external).toEqual([]);
      await page.close();
    }
    const { page } = await open(example.html.itu);
    await page.locator('figure').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'html-figure-itu.png') });
    await page.close();
  });

  it('prints readably: one section a page, headings and tables kept, the one-side mark kept', async () => {
    const { page } = await open(x500.html.iso);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.pub-section').first().evaluate((e) => getComputedStyle(e).breakAfter)).toBe('page');
    expect(await page.locator('[data-section=body] h2').first().isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(50_000);
    await page.emulateMedia({ media: 'screen' });
    await page.locator('[data-section=body]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'html-x500-iso-body.png') });
    await page.close();
  }, 60_000);

  for (const [name, get] of [['example', () => example], ['x500', () => x500]] as const) {
    it(`${name}: the body text of each HTML publication is the body text of its DOCX, unit by unit`, async () => {
      for (const side of ['itu', 'iso'] as const) {
        const b = get();
        const { page } = await open(b.html[side]);
        const html = comparable(await htmlUnits(page));
        const docx = await docxUnits(b.docx[side]);
        expect(docx.length).toBeGreaterThan(50);
        expect(html).toEqual(docx);
        // the comparison sees a paragraph gone or changed
        await page.evaluate(() => { document.querySelectorAll('[data-section=body] p')[5].remove(); });
        expect(comparable(await htmlUnits(page))).not.toEqual(docx);
        await page.reload();
        await page.evaluate(() => { const p = document.querySelectorAll('[data-section=body] p')[7]; p.append(' (changed)'); });
        expect(comparable(await htmlUnits(page))).not.toEqual(docx);
        await page.close();
      }
    }, 60_000);
  }
});
