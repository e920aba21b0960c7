/**
 * What the preview shows, rebuilt on each save: both publications as HTML (with data-src keys, the
 * source file and line of each block, for scrolling the two together and for the links of the
 * diagnostics), the lint diagnostics, the declared differences, and the alignment verdict of the
 * in-memory check (src/check on the prepared publications; nothing written).
 */
import { statSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Publication } from '../model/publication.js';
import type { Side } from '../model/types.js';
import type { Diagnostic, SourcePosition } from '../util/diagnostics.js';
import { htmlParts, joinHtml, type HtmlParts } from '../render/html.js';
import { diffParts, type Patch } from './patch.js';
import { Templates, TemplateError } from '../profile/index.js';
import { escapeHtml } from '../render/html/escape.js';
import type { CheckResult } from '../check/types.js';

export interface StatusView {
  /** The check of this version is still running (its verdict follows). */
  checking: boolean;
  checked: boolean;
  verdict: string;
  identical: boolean;
  findings: { location: string; clause: string; message: string }[];
  declared: { side: Side; sideLabel: string; clause: string; reason: string }[];
  diagnostics: { severity: string; place: string; key: string; message: string }[];
}

/** A picture read once while its file is unchanged (a rebuild re-embeds every figure). */
class ImageCache {
  private readonly cache = new Map<string, { mtime: number; size: number; bytes: Uint8Array }>();

  read = (file: string): Uint8Array => {
    const st = statSync(file);
    const hit = this.cache.get(file);
    if (hit && hit.mtime === st.mtimeMs && hit.size === st.size) return hit.bytes;
    const bytes = readFileSync(file);
    this.cache.set(file, { mtime: st.mtimeMs, size: st.size, bytes });
    return bytes;
  };
}

export class PreviewState {
  version = 0;
  html: Partial<Record<Side, string>> = {};
  publications: Publication[] = [];
  /** The publications' own labels (profile.yaml) once built. */
  labels: Record<Side, string> = { itu: 'ITU', iso: 'ISO' };
  status?: StatusView;
  private readonly images = new ImageCache();
  /** The version of each publication the page last fetched, and who waits for both to be fetched. */
  private readonly served: Partial<Record<Side, number>> = {};
  private waiters: (() => void)[] = [];

  /** The page fetched a publication (of the current version). */
  markServed(side: Side): void {
    this.served[side] = this.version;
    if (this.served.itu === this.version && this.served.iso === this.version) {
      for (const w of this.waiters) w();
      this.waiters = [];
    }
  }

  /** Resolves when the page has fetched both publications of this version, or after `ms`. */
  whenServed(ms: number): Promise<void> {
    if (this.served.itu === this.version && this.served.iso === this.version) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => { clearTimeout(timer); resolve(); });
    });
  }

  /** The template chain of the page (the publications' own once built). */
  templates: Templates;

  constructor(private readonly root: string, templatesDir?: string) {
    this.templates = new Templates(templatesDir);
  }

  /** "clauses/06.md:12": a source position as the data-src of the blocks and the links of the diagnostics. */
  key = (pos: SourcePosition): string => `${path.relative(this.root, path.resolve(pos.file)).split(path.sep).join('/')}:${pos.line}`;

  /** Each publication's HTML in pieces, as last rendered: the next render is patched against it. */
  private parts: Partial<Record<Side, HtmlParts>> = {};
  /** The patches from the version before to this one, by side (none: the page fetches that publication whole). */
  patches: Partial<Record<Side, Patch[]>> = {};

  /** New publications: rendered as HTML; false (and the old ones kept) when a template of the HTML has a problem. */
  publish(publications: Publication[], diagnostics: Diagnostic[]): boolean {
    const html: Partial<Record<Side, string>> = {};
    const parts: Partial<Record<Side, HtmlParts>> = {};
    const version = this.version + 1;
    try {
      for (const p of publications) {
        // the version in the page: a patch applies only to the version it was made from
        parts[p.side] = htmlParts(p, { readImage: this.images.read, sourceKey: this.key, head: `<meta name="commontext-preview-version" content="${version}">` });
      }
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      diagnostics.push({ ...(e.at ?? { file: publications[0]?.templates.dirs[0] ?? '', line: 0, column: 0 }), severity: 'error', code: 'template', message: e.detail });
      return false;
    }
    this.patches = {};
    for (const p of publications) {
      const next = parts[p.side]!;
      html[p.side] = joinHtml(p, next);
      // the version is in the frame (head): compared without it
      const prev = this.parts[p.side];
      this.patches[p.side] = prev ? diffParts({ ...prev, frame: { ...prev.frame, head: '' } }, { ...next, frame: { ...next.frame, head: '' } }) : undefined;
    }
    this.parts = parts;
    this.html = html;
    this.publications = publications;
    if (publications[0]) this.templates = publications[0].templates;
    for (const p of publications) this.labels[p.side] = p.label;
    this.version = version;
    return true;
  }

  /** The status panel's data: verdict (when checked), findings, declared differences, diagnostics. */
  statusView(result: CheckResult | undefined, diagnostics: Diagnostic[], checking = false): StatusView {
    const e = escapeHtml;
    return {
      checking,
      checked: !!result,
      verdict: e(result?.verdict ?? ''),
      identical: !!result?.identical,
      findings: (result?.findings ?? []).slice(0, 200).map((f) => ({ location: e(f.location), clause: e(f.clause ?? ''), message: e(f.message) })),
      declared: this.publications.flatMap((p) => p.declared.map((d) => ({ side: p.side, sideLabel: e(p.label), clause: e(d.clause ?? ''), reason: e(d.reason) }))),
      diagnostics: diagnostics.map((d) => ({
        severity: e(d.severity),
        // where, as the source's folder names it (the preview may run from anywhere)
        place: e(d.line ? `${this.key(d)}:${d.column}` : d.file),
        key: d.line > 0 ? e(this.key(d)) : '',
        message: e(`${d.message}${d.fix ? `; ${d.fix}` : ''} [${d.code}]`),
      })),
    };
  }
}
