// Times commontext preview from a save to the updated page (issue 15): a generated source of N pages,
// the preview server (dist/preview), the page in headless Chromium; each edit appends a sentence to a
// paragraph of the clause in view and the time is taken until the new sentence is in both panes.
//   node bench/preview-bench.mjs [pages=450] [edits=5] -> JSON {pages, firstMs, medianMs, editsMs[], rebuildMs[], pageMs[]}
// (rebuildMs: the server's rebuild and HTML; pageMs: the page fetching and patching both panes; STAGES=1 prints each rebuild's stages)
// Needs `npm run build` and /usr/bin/chromium (playwright-core).
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { writeCorpus } from './generate.mjs';
import { startPreview } from '../dist/preview/server.js';

const pages = Number(process.argv[2] ?? 450);
const edits = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-preview-bench-'));
writeCorpus(dir, pages);
const source = path.join(dir, 'source.md');
const clauses = readdirSync(path.join(dir, 'clauses')).filter((f) => /^\d+\.md$/.test(f)).sort();
const target = path.join(dir, 'clauses', clauses[Math.floor(clauses.length / 2)]);
const rebuildMs = [];
const t0 = performance.now();
const preview = await startPreview(source, { onRebuild: (r, _v, ms) => { rebuildMs.push(Math.round(ms)); if (process.env.STAGES) console.error(JSON.stringify({ ms: Math.round(ms), watch: Math.round(r.ms), ...Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, Math.round(v)])) })); } });
await preview.ready;
const firstMs = Math.round(performance.now() - t0);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(preview.url);
  await page.waitForFunction(() => ['itu', 'iso'].every((s) => document.getElementById(`frame-${s}`).contentDocument?.querySelector('main h2')));
  const frames = ['itu', 'iso'].map((s) => page.frame({ url: new RegExp(`/pub/${s}$`) }));
  const original = readFileSync(target, 'utf8');
  const lines = original.split('\n');
  const at = lines.findIndex((l, k) => k > 0 && /^[A-Z][a-z]/.test(l));
  const times = [];
  for (let i = 0; i < edits; i++) {
    const marker = `Edited sentence number ${i + 1} for the preview benchmark.`;
    lines[at] = `${lines[at]} ${marker}`;
    const start = performance.now();
    writeFileSync(target, lines.join('\n'));
    for (const f of frames) {
      while (!(await f.evaluate((m) => document.body.textContent.includes(m), marker))) await new Promise((r) => setTimeout(r, 5));
    }
    times.push(Math.round(performance.now() - start));
    await new Promise((r) => setTimeout(r, 500));
  }
  writeFileSync(target, original);
  const pageMs = (await page.evaluate(() => window.commontextPreviewTimings)).map((t) => t.ms);
  console.log(JSON.stringify({ pages, firstMs, medianMs: median(times), editsMs: times, rebuildMs: rebuildMs.slice(1), pageMs }));
} finally {
  await browser.close();
  await preview.close();
}
