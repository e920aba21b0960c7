/**
 * The HTML report opened in a real browser (Debian chromium driven by playwright-core): the
 * verdict and each finding, with the changed words marked, must be visible; a screenshot is kept
 * in test-output/ for a person to look at.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { check, formatHtml } from '../src/check/index.js';
import { makeDocx, p, style } from './fixtures-check/make-docx.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`${CHROMIUM} not found: skipping the browser test of the HTML report`);
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-output');

const styles = style('Heading1', 'heading 1') + style('RecNo', 'Rec_No') + style('Note1', 'Note 1');
const doc = (word: string, note: boolean, digit: string) =>
  makeDocx({
    styles,
    body: [
      p('INTERNATIONAL STANDARD ISO/IEC 99999', 'RecNo'),
      p('7\tRequirements', 'Heading1'),
      p(`The encoder ${word} produce a stream of at most ${digit} octets.`),
      ...(note ? [p('NOTE 2 – Streams <b> may be padded & aligned.', 'Note1')] : []),
    ].join(''),
  });

describe.skipIf(!hasChromium)('HTML report in a browser', () => {
  it('shows the verdict and the findings side by side, with changed words marked', async () => {
    const r = await check(doc('shall', true, '654539'), doc('should', false, '65539'), { labels: ['ITU', 'ISO'] });
    expect(r.findings.length).toBe(2);
    const html = formatHtml(r);
    expect(html).not.toMatch(/<(script|link)\b|https?:\/\//); // self-contained
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, 'check-report.html');
    writeFileSync(file, html);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      await page.goto(`file://${file}`);
      await expect.poll(() => page.locator('#verdict').innerText()).toBe('NOT technically identical: 2 findings in the body');
      const rows = page.locator('#findings tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await rows.nth(0).isVisible()).toBe(true);
      expect(await rows.nth(0).locator('td.loc').innerText()).toContain('7, paragraph 1');
      expect(await rows.nth(0).locator('td.a mark.diff').allInnerTexts()).toEqual(['shall', '654539']);
      expect(await rows.nth(0).locator('td.b mark.diff').allInnerTexts()).toEqual(['should', '65539']);
      expect(await rows.nth(1).locator('td.loc').innerText()).toContain('NOTE 2 in 7');
      expect(await rows.nth(1).locator('td.a').innerText()).toBe('NOTE 2 – Streams <b> may be padded & aligned.'); // escaped, not markup
      expect(await rows.nth(1).locator('td.b').innerText()).toBe('(absent)');
      // the masked parts are listed too
      expect(await page.locator('#masked').innerText()).toContain('front matter');
      const shot = path.join(outDir, 'check-report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      // printable: the print media rules keep the findings table
      await page.emulateMedia({ media: 'print' });
      expect(await rows.nth(0).isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
