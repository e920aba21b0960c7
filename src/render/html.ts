/**
 * HTML writer: a prepared publication → one self-contained HTML5 file (pictures embedded as data:
 * URIs, the style sheet inline). It lays out the same `Publication` the DOCX writer does, section by
 * section (cover, front matter, body, back page), with the publication's own numbers, anchors,
 * contents and footnotes; it decides nothing the prepare pass did not. The page skeleton and the
 * style sheet are templates (templates/html/page.hbs, publication.css), the role → element map and
 * the few words it adds are templates/html/layout.yaml, all found through the publication's template chain.
 */
import { readFileSync } from 'node:fs';
import type { Publication } from '../model/publication.js';
import type { SourcePosition } from '../util/diagnostics.js';
import { attr, escapeHtml } from './html/escape.js';
import { HtmlIds } from './html/ids.js';
import { loadHtmlLayout } from './html/layout.js';
import { HtmlWriter } from './html/blocks.js';

export interface HtmlOptions {
  /** Read a picture; the default reads the file (each once per render). */
  readImage?: (path: string) => Uint8Array;
  /** Write data-src="<key>" on blocks with a source position (the preview links and scrolls by it). */
  sourceKey?: (pos: SourcePosition) => string;
  /** Extra markup for the head and the end of the body (the preview's script); already HTML. */
  head?: string;
  script?: string;
}

const IMAGE_TYPES: [RegExp, string][] = [[/^\x89PNG/, 'image/png'], [/^GIF8/, 'image/gif'], [/^\xff\xd8/, 'image/jpeg']];

/** A picture as a data: URI, its type read from its first bytes (the source's checks allow PNG, JPEG and GIF only). */
export function dataUri(bytes: Uint8Array): string {
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  const type = IMAGE_TYPES.find(([re]) => re.test(head))?.[1] ?? 'application/octet-stream';
  return `data:${type};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/** The HTML file beside a DOCX: the same base name. */
export function htmlFileName(docxName: string): string {
  return `${docxName.replace(/\.docx$/i, '')}.html`;
}

/** A publication's HTML in pieces: each section's top-level elements, the footnotes, and the page around them. */
export interface HtmlParts {
  sections: { name: string; pieces: string[] }[];
  footnotes: string;
  /** Everything of the page but the sections (title, style sheet, head and script): equal when only the text changed. */
  frame: { lang: string; title: string; side: string; css: string; head: string; script: string };
}

export function renderHtml(pub: Publication, options: HtmlOptions = {}): string {
  return joinHtml(pub, htmlParts(pub, options));
}

export function htmlParts(pub: Publication, options: HtmlOptions = {}): HtmlParts {
  const layout = loadHtmlLayout(pub.templates);
  const images = new Map<string, string>();
  const read = options.readImage ?? ((p: string) => readFileSync(p));
  const image = (p: string) => {
    let uri = images.get(p);
    if (uri === undefined) { uri = dataUri(read(p)); images.set(p, uri); }
    return uri;
  };
  const writer = new HtmlWriter(layout, new HtmlIds(pub), pub.toc, { image, sourceKey: options.sourceKey });
  const sections = pub.sections.map((s) => ({ name: s.name, pieces: writer.pieces(s.blocks) }));
  const css = pub.templates.text('html/publication.css').text;
  return {
    sections,
    footnotes: writer.footnotes(pub.footnotes),
    frame: { lang: escapeHtml(layout.strings.lang), title: escapeHtml(pub.title), side: escapeHtml(pub.side), css: css.replace(/<\/style/gi, '<\\/style'), head: options.head ?? '', script: options.script ?? '' },
  };
}

/** The page: each section in order, the footnotes after the shared body (a DOCX prints them at the foot of each page). */
export function joinHtml(pub: Publication, parts: HtmlParts): string {
  let body = '';
  for (const s of parts.sections) {
    body += `<section class="pub-section"${attr('data-section', s.name)}>${s.pieces.join('')}</section>\n`;
    if (s.name === 'body') body += parts.footnotes;
  }
  return pub.templates.render('html/page.hbs', { ...parts.frame, body });
}
