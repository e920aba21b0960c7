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
import { renderHtml } from '../render/html.js';
import { Templates, TemplateError } from '../profile/index.js';
import { escapeHtml } from '../render/html/escape.js';
import type { CheckResult } from '../check/types.js';

export interface StatusView {
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

  /** The template chain of the page (the publications' own once built). */
  templates: Templates;

  constructor(private readonly root: string, templatesDir?: string) {
    this.templates = new Templates(templatesDir);
  }

  /** "clauses/06.md:12": a source position as the data-src of the blocks and the links of the diagnostics. */
  key = (pos: SourcePosition): string => `${path.relative(this.root, path.resolve(pos.file)).split(path.sep).join('/')}:${pos.line}`;

  /** New publications: rendered as HTML; false (and the old ones kept) when a template of the HTML has a problem. */
  publish(publications: Publication[], diagnostics: Diagnostic[]): boolean {
    const html: Partial<Record<Side, string>> = {};
    try {
      for (const p of publications) html[p.side] = renderHtml(p, { readImage: this.images.read, sourceKey: this.key });
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      diagnostics.push({ ...(e.at ?? { file: publications[0]?.templates.dirs[0] ?? '', line: 0, column: 0 }), severity: 'error', code: 'template', message: e.detail });
      return false;
    }
    this.html = html;
    this.publications = publications;
    if (publications[0]) this.templates = publications[0].templates;
    for (const p of publications) this.labels[p.side] = p.label;
    this.version++;
    return true;
  }

  /** The status panel's data: verdict (when checked), findings, declared differences, diagnostics. */
  statusView(result: CheckResult | undefined, diagnostics: Diagnostic[]): StatusView {
    const e = escapeHtml;
    return {
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
