/**
 * `commontext preview`: a local HTTP server (127.0.0.1 only) that shows the ITU and ISO publications
 * side by side, rebuilt by the watch mode (src/app/watch.ts: its folder watching and incremental parse)
 * on every save of the source, an include or a template, and pushed to the page by server-sent events.
 *
 * It serves its own generated resources only, by exact path: the page, its script, the two
 * publications, the status and the event stream. Any other path (a file name, `/../etc/passwd`,
 * `/%2e%2e/…`) is 404; no file is ever read on a request. A request naming another host (DNS
 * rebinding) is refused.
 */
// node:http is loaded when the preview starts: the single-file bundle would otherwise load it for every command
import type http from 'node:http';
import path from 'node:path';
import { watchBuild, type RebuildResult } from '../app/watch.js';
import { check } from '../check/index.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { PreviewState } from './state.js';
import { previewPage, previewScript, statusHtml } from './page.js';

export interface PreviewOptions {
  /** 0 (the default): a free port chosen by the system. */
  port?: number;
  templates?: string;
  /** Milliseconds to wait for more saves before rebuilding (the watch mode's debounce). */
  debounce?: number;
  /** Called after each rebuild with its time and the publications' version. */
  onRebuild?: (r: RebuildResult, version: number, ms: number) => void;
}

export interface Preview {
  url: string;
  port: number;
  /** The first build done and shown. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };
// the publications are someone's text: no script runs in them, nothing is fetched for them
const PUBLICATION_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'";
const PAGE_CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; frame-src 'self'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'";

class EventStream {
  private readonly clients = new Set<http.ServerResponse>();

  add(res: http.ServerResponse) {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write('retry: 500\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send(event: string, data: unknown) {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of this.clients) c.write(text);
  }

  get size(): number {
    return this.clients.size;
  }

  close() {
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}

export async function startPreview(file: string, options: PreviewOptions = {}): Promise<Preview> {
  const state = new PreviewState(path.dirname(path.resolve(file)), options.templates);
  const events = new EventStream();
  let lastDiagnostics: Diagnostic[] = [];
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => serve(req, res, state, events, () => server.address()));
  await listen(server, options.port ?? 0);
  const port = (server.address() as { port: number }).port;
  let firstDone!: () => void;
  const ready = new Promise<void>((resolve) => { firstDone = resolve; });
  const onRebuild = (r: RebuildResult) => {
    const t0 = performance.now();
    lastDiagnostics = [...r.diagnostics];
    if (r.ok && state.publish(r.outputs.map((o) => o.publication), lastDiagnostics)) {
      events.send('update', { version: state.version, from: state.version - 1, patches: state.patches });
      // a patch travels with the event: the page needs nothing more from the server for that publication
      for (const side of ['itu', 'iso'] as const) if (state.patches[side]) state.markServed(side);
    }
    options.onRebuild?.(r, state.version, r.ms + performance.now() - t0);
    void refreshStatus(state, events, lastDiagnostics, r.ok).finally(firstDone);
  };
  const watcher = watchBuild(file, { templates: options.templates, write: false, debounce: options.debounce ?? 30, onRebuild });
  await watcher.ready;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    ready,
    close: () => new Promise<void>((resolve) => {
      watcher.stop();
      events.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // loopback only: the preview is for the editor at this machine
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
}

/**
 * The status panel pushed: at once with the diagnostics, then with the verdict of the in-memory check.
 * The check (the slowest step at several hundred pages) waits until the page has fetched the new
 * publications, so that it does not hold up showing them.
 */
async function refreshStatus(state: PreviewState, events: EventStream, diagnostics: Diagnostic[], ok: boolean): Promise<void> {
  const version = state.version;
  const [itu, iso] = state.publications;
  let result;
  if (ok && itu && iso) {
    state.status = state.statusView(undefined, diagnostics, true);
    events.send('status', { version, html: statusHtml(state) });
    if (events.size) await state.whenServed(3000);
    if (version !== state.version) return;
    try {
      result = await check(itu, iso, { declared: [...itu.declared, ...iso.declared], labels: [itu.label, iso.label] });
    } catch { result = undefined; }
  }
  // a newer build came meanwhile: its own check will report
  if (version !== state.version) return;
  state.status = state.statusView(result, diagnostics);
  events.send('status', { version, html: statusHtml(state) });
}

type Address = ReturnType<http.Server['address']>;

function serve(req: http.IncomingMessage, res: http.ServerResponse, state: PreviewState, events: EventStream, address: () => Address) {
  const port = (address() as { port: number } | null)?.port;
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'text/plain', 'forbidden host\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
  // the raw path, before any decoding: only these exact names exist
  const raw = (req.url ?? '').split('?')[0];
  switch (raw) {
    case '/': return send(res, 200, 'text/html', previewPage(state), PAGE_CSP);
    case '/preview.js': return send(res, 200, 'text/javascript', previewScript(state));
    case '/pub/itu':
    case '/pub/iso': {
      const side = raw.slice(5) as 'itu' | 'iso';
      const html = state.html[side];
      if (html !== undefined) state.markServed(side);
      return html === undefined ? send(res, 503, 'text/plain', 'not built yet\n') : send(res, 200, 'text/html', html, PUBLICATION_CSP);
    }
    case '/status': return send(res, 200, 'application/json', JSON.stringify({ version: state.version, html: statusHtml(state) }));
    case '/events': return events.add(res);
    default: return send(res, 404, 'text/plain', 'not found\n');
  }
}

function send(res: http.ServerResponse, status: number, type: string, body: string, csp?: string) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': `${type}; charset=utf-8`, ...(csp ? { 'Content-Security-Policy': csp } : {}) });
  res.end(body);
}
