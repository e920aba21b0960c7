/**
 * `commontext preview`: the page in headless Chromium, as an editor uses it. Both publications side by
 * side, the verdict and the diagnostics at the top; after a scripted save of the source (or an include,
 * or a template) the new text is on the page within one second, without a reload and with both panes
 * where they were; the panes scroll together clause by clause; a diagnostic's link goes to its place.
 * The server answers its own resources only: traversal paths, file names and other hosts are refused.
 * On the command line it stops cleanly on SIGINT.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { startPreview, type Preview } from '../src/preview/server.js';
import { repo, tmp } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`${CHROMIUM} not found: skipping the browser tests of commontext preview`);
const shots = path.join(repo, 'test-output');

/** A raw GET, the path sent exactly as given (no URL normalisation, unlike fetch). */
function rawGet(port: number, requestPath: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: requestPath, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function exampleCopy(): { dir: string; file: string; templates: string } {
  const dir = tmp('ct-preview-');
  cpSync(path.join(repo, 'fixtures/example'), dir, { recursive: true });
  const templates = path.join(dir, 'my-templates');
  mkdirSync(path.join(templates, 'html'), { recursive: true });
  return { dir, file: path.join(dir, 'example.md'), templates };
}

function edit(file: string, from: string, to: string) {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe('the preview server', () => {
  let preview: Preview;
  let src: ReturnType<typeof exampleCopy>;
  beforeAll(async () => {
    src = exampleCopy();
    preview = await startPreview(src.file, { templates: src.templates });
    await preview.ready;
  }, 60_000);
  afterAll(async () => { await preview?.close(); });

  it('listens on 127.0.0.1 only', () => {
    expect(preview.url).toBe(`http://127.0.0.1:${preview.port}/`);
  });

  it('serves its own resources and refuses every other path, traversal and file names included', async () => {
    for (const p of ['/', '/preview.js', '/pub/itu', '/pub/iso', '/status']) expect((await rawGet(preview.port, p)).status).toBe(200);
    const refused = ['/../etc/passwd', '/%2e%2e/etc/passwd', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/..%2f..%2fetc%2fpasswd', '/pub/../../etc/passwd', '/pub/itu/../../example.md',
      '//etc/passwd', '/etc/passwd', '/example.md', '/clauses/06-protocol.md', `/${src.file}`, '/figures/roles.png', '/pub/itu/..', '/pub%2fitu', '/pub/xyz', '/..\\..\\etc\\passwd', '/./', '/index.html'];
    for (const p of refused) {
      const r = await rawGet(preview.port, p);
      expect({ p, status: r.status }).toEqual({ p, status: 404 });
      expect(r.body).not.toMatch(/root:|commontext|attestation/i);
    }
    // a page of another host name (DNS rebinding) is not served
    expect((await rawGet(preview.port, '/', 'evil.example:80')).status).toBe(403);
    expect((await rawGet(preview.port, '/pub/itu', `attacker.test:${preview.port}`)).status).toBe(403);
  });

  describe.skipIf(!hasChromium)('in a browser', () => {
    let browser: Browser;
    let page: Page;
    let itu: Frame;
    let iso: Frame;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(preview.url);
      await page.waitForFunction(() => ['itu', 'iso'].every((s) => (document.getElementById(`frame-${s}`) as HTMLIFrameElement).contentDocument?.querySelector('main h2')));
      itu = page.frame({ url: /\/pub\/itu$/ })!;
      iso = page.frame({ url: /\/pub\/iso$/ })!;
      mkdirSync(shots, { recursive: true });
    }, 60_000);
    afterAll(async () => { await browser?.close(); });

    const scrollY = (f: Frame) => f.evaluate(() => window.scrollY);
    /** Whether each pane holds what a fresh render of the publication holds. */
    const sameAsFresh = () => page.evaluate(async () => Promise.all(['itu', 'iso'].map(async (s) => {
      const fresh = new DOMParser().parseFromString(await (await fetch(`/pub/${s}`)).text(), 'text/html');
      const shown = (document.getElementById(`frame-${s}`) as HTMLIFrameElement).contentDocument!.querySelector('main')!.cloneNode(true) as Element;
      shown.querySelectorAll('.revealed').forEach((e) => e.classList.remove('revealed')); // the mark of the link followed in the first test
      return fresh.querySelector('main')!.innerHTML === shown.innerHTML;
    })));
    const shows = (f: Frame, text: string) => f.evaluate((t) => document.body.innerText.includes(t), text);
    const topOf = (f: Frame, id: string) => f.evaluate((i) => document.getElementById(i)!.getBoundingClientRect().top, id);

    it('shows both publications side by side, the verdict at the top and the declared differences marked with their reasons', async () => {
      await expect.poll(() => page.locator('#verdict').innerText()).toMatch(/^technically identical/);
      expect(await page.locator('#declared li').count()).toBe(5);
      expect(await itu.locator('.r-title-block').first().innerText()).toBe('INTERNATIONAL STANDARD ISO/IEC 29999-1');
      expect(await itu.locator('#scope').innerText()).toMatch(/^1\s+Scope$/);
      expect(await iso.locator('#scope').innerText()).toMatch(/^1\s+Scope$/);
      const block = itu.locator('.one-side[data-reason="The implementers\' guide is an ITU-T publication"]');
      expect(await block.count()).toBe(1);
      expect(await iso.locator('.one-side[data-reason="The implementers\' guide is an ITU-T publication"]').count()).toBe(0);
      const boxes = await page.evaluate(() => ['itu', 'iso'].map((s) => document.getElementById(`frame-${s}`)!.getBoundingClientRect().left));
      expect(boxes[1]).toBeGreaterThan(boxes[0] + 500); // two columns
      // the link of a declared difference goes to its clause in that publication
      await page.locator('#declared summary').click();
      await page.locator('#declared a[data-side=itu][data-clause="8"]').click();
      await expect.poll(() => itu.evaluate(() => Math.round(document.querySelector('[data-number="8"]')!.getBoundingClientRect().top))).toBeLessThan(20);
      await page.screenshot({ path: path.join(shots, 'preview-one-side.png') });
    });

    it('scrolls the two publications together, clause by clause', async () => {
      await itu.evaluate(() => window.scrollTo(0, document.getElementById('security')!.getBoundingClientRect().top + window.scrollY));
      await expect.poll(() => topOf(iso, 'security')).toBeGreaterThan(-3);
      await expect.poll(() => topOf(iso, 'security')).toBeLessThan(3);
      // and the other way round, to a subclause, part of the way into it
      await iso.evaluate(() => window.scrollTo(0, document.getElementById('freshness')!.getBoundingClientRect().top + window.scrollY + 30));
      await expect.poll(async () => { const top = await topOf(itu, 'freshness'); return top < -5 && top > -80; }).toBe(true);
    });

    it('after a save of the source, shows the new text within one second, in place, keeping both scroll positions', async () => {
      await itu.evaluate(() => window.scrollTo(0, document.getElementById('roles')!.getBoundingClientRect().top + window.scrollY));
      await expect.poll(() => topOf(iso, 'roles')).toBeLessThan(3);
      await page.waitForTimeout(300);
      const before = { itu: await scrollY(itu), iso: await scrollY(iso), version: await page.evaluate(() => document.body.dataset.version) };
      expect(before.itu).toBeGreaterThan(500);
      await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
      const fetched: string[] = [];
      page.on('request', (r) => { if (r.url().includes('/pub/')) fetched.push(r.url()); });
      const text = 'The roles of the model, all five of them, are listed in';
      const t0 = Date.now();
      edit(src.file, 'The roles of the model are listed in', text);
      // no script runs in the publications' frames (sandbox, CSP): polled from here
      await expect.poll(() => shows(itu, text), { timeout: 5000, interval: 10 }).toBe(true);
      await expect.poll(() => shows(iso, text), { timeout: 5000, interval: 10 }).toBe(true);
      const ms = Date.now() - t0;
      console.log(`preview: save → new text on the page in ${ms} ms`);
      expect(ms).toBeLessThan(1000);
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // no reload
      expect(await scrollY(itu)).toBe(before.itu);
      expect(await scrollY(iso)).toBe(before.iso);
      await expect.poll(() => page.evaluate(() => document.body.dataset.version)).not.toBe(before.version);
      // the change came as a patch of the changed elements (nothing fetched), and the panes now hold what a fresh render holds
      expect(fetched).toEqual([]);
      expect(await sameAsFresh()).toEqual([true, true]);
      await page.screenshot({ path: path.join(shots, 'preview-after-edit.png') });
    });

    it('an included file saved: its new text appears too', async () => {
      const text = 'The messages of the protocol, in the order of an exchange, are listed in';
      edit(path.join(src.dir, 'clauses/06-protocol.md'), 'The messages of the protocol are listed in', text);
      await expect.poll(() => shows(itu, text), { timeout: 3000, interval: 20 }).toBe(true);
      await expect.poll(() => shows(iso, text), { timeout: 3000, interval: 20 }).toBe(true);
      expect(await sameAsFresh()).toEqual([true, true]);
    });

    it('a template saved: the publications are laid out again with it', async () => {
      const layout = readFileSync(path.join(repo, 'templates/html/layout.yaml'), 'utf8').replace('oneSideItu: "Only in the Recommendation ITU-T"', 'oneSideItu: "ITU-T only (edited template)"');
      writeFileSync(path.join(src.templates, 'html/layout.yaml'), layout);
      await expect.poll(() => itu.locator('.one-side').first().getAttribute('data-label'), { timeout: 3000 }).toBe('ITU-T only (edited template)');
      // the style sheet changed: the page takes the whole publication again, and keeps its place
      const y = await scrollY(iso);
      const css = `${readFileSync(path.join(repo, 'templates/html/publication.css'), 'utf8')}\n.r-heading1 { color: rgb(1, 2, 3); }\n`;
      writeFileSync(path.join(src.templates, 'html/publication.css'), css);
      await expect.poll(() => iso.evaluate(() => getComputedStyle(document.querySelector('.r-heading1')!).color), { timeout: 3000 }).toBe('rgb(1, 2, 3)');
      expect(await scrollY(iso)).toBe(y);
      expect(await sameAsFresh()).toEqual([true, true]);
    });

    it('a mistake saved: the diagnostic at the top links to its place; the last publications stay', async () => {
      edit(src.file, 'The roles of the model, all five of them, are listed in [](#tbl-roles).', 'The roles of the model, all five of them, are listed in [](#tbl-roles) and :ref[X.9999].');
      await expect.poll(() => page.locator('#diagnostics li.error').count(), { timeout: 3000 }).toBe(1);
      const diag = page.locator('#diagnostics li.error');
      expect(await diag.innerText()).toMatch(/^example\.md:\d+:\d+: error: .*X\.9999/);
      expect(await page.locator('#verdict').innerText()).toMatch(/^Not checked/);
      expect(await itu.locator('#roles').count()).toBe(1);
      await itu.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(200);
      await diag.locator('a').click();
      await expect.poll(() => itu.evaluate(() => { const el = document.querySelector('.revealed'); return el ? Math.abs(el.getBoundingClientRect().top) < 40 && el.textContent : ''; })).toContain('The roles of the model, all five of them');
      await page.screenshot({ path: path.join(shots, 'preview-diagnostic.png') });
      // fixed again: the diagnostics go, the verdict comes back
      edit(src.file, ' and :ref[X.9999].', '.');
      await expect.poll(() => page.locator('#verdict').innerText(), { timeout: 3000 }).toMatch(/^technically identical/);
      expect(await page.locator('#diagnostics li').count()).toBe(0);
      expect(await sameAsFresh()).toEqual([true, true]);
    });
  });
});

/** The installed command runs dist/bundle: build it when it is missing or older than the sources. */
function bundled(): string {
  const bundle = path.join(repo, 'dist/bundle/commontext.mjs');
  const newest = (dir: string) => Math.max(...readdirSync(dir, { recursive: true }).map((f) => statSync(path.join(dir, String(f))).mtimeMs));
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newest(path.join(repo, 'src'))) execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo });
  return path.join(repo, 'bin/commontext.js');
}

describe('commontext preview on the command line', () => {
  it('prints its address, serves the page, and stops cleanly on SIGINT (exit 0, port closed)', async () => {
    const src = exampleCopy();
    const child = spawn(process.execPath, [bundled(), 'preview', src.file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    await expect.poll(() => out, { timeout: 20_000 }).toMatch(/http:\/\/127\.0\.0\.1:\d+\//);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)![1]);
    expect((await rawGet(port, '/')).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    const t0 = Date.now();
    expect(await exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(err).toContain('preview stopped');
    await expect(rawGet(port, '/')).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);

  it('refuses a bad --port and a missing source with a usage error (exit 2)', () => {
    const bin = bundled();
    const run = (args: string[]) => {
      try { execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: 'pipe' }); return { status: 0, stderr: '' }; } catch (e) { const x = e as { status: number; stderr: string }; return { status: x.status, stderr: x.stderr }; }
    };
    expect(run(['preview', 'fixtures/example/example.md', '--port', '99999'])).toEqual({ status: 2, stderr: 'commontext preview: error: --port takes a number from 0 to 65535, not "99999" [usage]\n' });
    expect(run(['preview', 'no/such.md']).status).toBe(2);
  });
});
