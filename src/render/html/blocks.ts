/**
 * The blocks of a prepared publication as HTML elements: paragraphs by role (clause and annex headings
 * as h2–h6 by their level, with their number), tables with header cells and their caption, figures
 * with the picture embedded, code, the contents list, footnote references. Consecutive blocks of one
 * declared (one-side) difference are wrapped in one element that carries the side and the reason.
 */
import type { Para, PubBlock, Run, TableBlock, TocEntry } from '../../model/publication.js';
import type { SourcePosition } from '../../util/diagnostics.js';
import { attr, escapeHtml, safeUrl } from './escape.js';
import type { HtmlIds } from './ids.js';
import type { HtmlLayout } from './layout.js';
import { rowsCovered } from '../merge.js';

export interface HtmlWriterOptions {
  /** The picture of a figure as a data: URI. */
  image: (path: string) => string;
  /** A key of a block's source position, written as data-src (the preview scrolls and links by it); none when absent. */
  sourceKey?: (pos: SourcePosition) => string;
}

type Declared = NonNullable<Para['declared']>;

/** A run of blocks written as one element: a figure (picture + caption), a table with its caption, code lines. */
interface Group { blocks: PubBlock[]; declared?: Declared }

const HEADING_KINDS = new Set(['clause', 'annex']);
/** Roles of list items (their label, "a)" or "–", is in their text): consecutive ones make one list. */
const LIST_ROLES = new Set(['list1', 'list2', 'list3', 'ref-entry', 'biblio-entry']);

export class HtmlWriter {
  /** How many references to each footnote have been written (the first one is what the footnote links back to). */
  private readonly footnoteRefs = new Map<number, number>();

  constructor(private readonly layout: HtmlLayout, private readonly ids: HtmlIds, private readonly toc: TocEntry[], private readonly options: HtmlWriterOptions) {}

  /** Blocks as HTML; one-side runs of blocks wrapped with their side and reason. */
  blocks(list: PubBlock[]): string {
    return this.pieces(list).join('');
  }

  /** The blocks as top-level elements, one string each (a one-side block with all it holds is one): what the preview patches. */
  pieces(list: PubBlock[]): string[] {
    const out: string[] = [];
    let open: Declared | undefined;
    let wrapped = '';
    for (const g of groups(list)) {
      if (g.declared !== open) {
        if (open) out.push(`${wrapped}</div>`);
        wrapped = g.declared ? this.oneSideStart(g.declared) : '';
        open = g.declared;
      }
      if (open) wrapped += this.group(g);
      else out.push(this.group(g));
    }
    if (open) out.push(`${wrapped}</div>`);
    return out;
  }

  private oneSideStart(d: Declared): string {
    const s = this.layout.strings;
    const label = d.side === 'itu' ? s.oneSideItu : s.oneSideIso;
    return `<div class="one-side"${attr('data-side', d.side)}${attr('data-reason', d.reason)}${attr('data-label', label)}${attr('data-reason-text', d.reason ? `${s.reasonSeparator}${d.reason}` : '')}${attr('title', d.reason ? `${label}${s.reasonSeparator}${d.reason}` : label)}>`;
  }

  private group(g: Group): string {
    const first = g.blocks[0];
    if (first.kind === 'image') return this.figure(first, g.blocks[1] as Para | undefined);
    if (first.kind === 'table') return this.table(first);
    if (first.kind === 'p' && g.blocks[1]?.kind === 'table') return this.table(g.blocks[1] as TableBlock, first);
    if (first.kind === 'p' && first.role === 'code') return this.code(g.blocks as Para[]);
    if (first.kind === 'p' && LIST_ROLES.has(first.role)) return `<ul class="list">${(g.blocks as Para[]).map((p) => this.paragraph(p, 'li')).join('')}</ul>`;
    if (first.kind === 'p') return this.paragraph(first);
    if (first.kind === 'toc') return this.contents();
    return '<div class="pagebreak" aria-hidden="true"></div>';
  }

  paragraph(p: Para, element?: string): string {
    const heading = p.part && HEADING_KINDS.has(p.part.kind) && !p.part.continued ? p.part : undefined;
    let tag = element ?? (heading ? `h${Math.min((heading.level ?? 1) + 1, 6)}` : this.layout.elements[p.role] ?? 'p');
    let extra = '';
    // deeper than h6: a heading by its role, at its true level
    if (heading && (heading.level ?? 1) + 1 > 6) { tag = 'div'; extra = ` role="heading" aria-level="${(heading.level ?? 1) + 1}"`; }
    if (!heading && (p.role === 'note' || p.role === 'example')) extra = ' role="note"';
    const number = heading?.label ? attr('data-number', heading.label) : '';
    return `<${tag}${this.common(p)}${number}${extra}>${this.runs(p.runs)}</${tag}>`;
  }

  /** id, class (r-<role>), data-src and a tracked change of a paragraph. */
  private common(p: Para): string {
    const id = p.target ? attr('id', this.ids.of(p.target)) : '';
    return `${id} class="r-${escapeHtml(p.role)}${p.change ? ` change-${p.change}` : ''}"${this.src(p.pos)}`;
  }

  private src(pos: SourcePosition | undefined): string {
    return pos && this.options.sourceKey ? attr('data-src', this.options.sourceKey(pos)) : '';
  }

  runs(runs: Run[]): string {
    let out = '';
    for (const r of runs) {
      if (r.footnote) { out += this.footnoteRef(r.footnote, r.footnoteMark); continue; }
      if (!r.text) continue;
      let html = text(r.text);
      if (r.code) html = `<code>${html}</code>`;
      if (r.italic) html = `<em>${html}</em>`;
      if (r.bold) html = `<strong>${html}</strong>`;
      const url = r.url ? safeUrl(r.url) : undefined;
      if (r.anchor) html = `<a href="#${escapeHtml(this.ids.link(r.anchor))}" class="xref">${html}</a>`;
      else if (url) html = `<a href="${escapeHtml(url)}">${html}</a>`;
      if (r.change) html = `<${r.change}>${html}</${r.change}>`;
      out += html;
    }
    return out;
  }

  private footnoteRef(n: number, mark?: string): string {
    const count = (this.footnoteRefs.get(n) ?? 0) + 1;
    this.footnoteRefs.set(n, count);
    const id = count === 1 ? `fnref-${n}` : `fnref-${n}-${count}`;
    return `<a class="fnref" id="${id}" href="#fn-${n}" role="doc-noteref">${escapeHtml(mark ?? String(n))}</a>`;
  }

  private table(t: TableBlock, caption?: Para): string {
    const cap = caption ? `<caption${this.common(caption)}>${this.runs(caption.runs)}</caption>` : '';
    const head = t.rows.filter((r) => r.header);
    const body = t.rows.filter((r) => !r.header);
    const src = this.src(t.pos);
    // a cell merged down ("^") is covered by the rowspan of the cell above it
    const rowspan = (rs: TableBlock['rows'], k: number, i: number) => { const n = rowsCovered(rs, k, i); return n > 1 ? ` rowspan="${n}"` : ''; };
    const rows = (rs: TableBlock['rows'], cell: 'th' | 'td') => rs.map((r, k) => `<tr${r.change ? ` class="change-${r.change}"` : ''}>${r.cells.map((c, i) => (r.down?.[i] && k > 0 ? '' : `<${cell}${cell === 'th' ? ' scope="col"' : ''}${(r.spans?.[i] ?? 1) > 1 ? ` colspan="${r.spans![i]}"` : ''}${rowspan(rs, k, i)}>${this.cell(c)}</${cell}>`)).join('')}</tr>`).join('');
    return `<table${attr('data-label', t.part?.label || undefined)}${src}>${cap}${head.length ? `<thead>${rows(head, 'th')}</thead>` : ''}<tbody>${rows(body, 'td')}</tbody></table>`;
  }

  private cell(paras: Para[]): string {
    if (paras.length === 1 && !paras[0].target) return this.runs(paras[0].runs);
    return paras.map((p) => this.paragraph(p, 'p')).join('');
  }

  private figure(image: Extract<PubBlock, { kind: 'image' }>, caption?: Para): string {
    const img = `<img src="${this.options.image(image.path)}" alt="${escapeHtml(image.alt)}">`;
    const cap = caption ? `<figcaption${this.common(caption)}>${this.runs(caption.runs)}</figcaption>` : '';
    return `<figure class="r-${escapeHtml(image.role)}">${img}${cap}</figure>`;
  }

  /** Code lines as one pre element, each line its own code element. */
  private code(lines: Para[]): string {
    return `<pre class="r-code"${this.src(lines[0].pos)}>${lines.map((l) => `<code class="line">${escapeHtml(l.runs.map((r) => r.text).join(''))}</code>`).join('\n')}</pre>`;
  }

  private contents(): string {
    const items = this.toc.map((e) => `<li class="toc${Math.min(e.level, 3)}"><a href="#${escapeHtml(this.ids.of(e.target))}">${text(e.text)}</a></li>`).join('');
    return `<nav class="toc"${attr('aria-label', this.layout.strings.contents)}><ul>${items}</ul></nav>`;
  }

  /** The footnotes, numbered as in the publication, each with a link back to its first reference. */
  footnotes(notes: Para[][]): string {
    if (!notes.length) return '';
    const s = this.layout.strings;
    const back = (n: number) => `<a class="backlink" href="#fnref-${n}" role="doc-backlink"${attr('aria-label', s.footnoteBack)}>${escapeHtml(s.footnoteBackMark)}</a>`;
    const items = notes.map((paras, i) => {
      const n = i + 1;
      const ps = paras.length ? paras.map((p) => this.paragraph(p, 'p')) : ['<p></p>'];
      ps[ps.length - 1] = ps[ps.length - 1].replace(/<\/p>$/, `${back(n)}</p>`);
      return `<li id="fn-${n}" value="${n}">${ps.join('')}</li>`;
    });
    return `<section class="footnotes" role="doc-endnotes"${attr('aria-label', s.footnotes)}><ol>${items.join('')}</ol></section>`;
  }
}

/** Text with its tabs (a label's or a number's stop) and line breaks. */
function text(s: string): string {
  if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0) return escapeHtml(s);
  return s.split(/(\t|\n)/).map((piece) => (piece === '\t' ? '<span class="tab">\t</span>' : piece === '\n' ? '<br>' : escapeHtml(piece))).join('');
}

/** The blocks as the elements they become: picture + caption, caption + table, consecutive code lines, the rest one by one. */
function groups(list: PubBlock[]): Group[] {
  const out: Group[] = [];
  for (let i = 0; i < list.length; i++) {
    const b = list[i];
    const next = list[i + 1];
    if (b.kind === 'image' && next?.kind === 'p' && next.role === 'figure-caption') { out.push({ blocks: [b, next], declared: next.declared }); i++; continue; }
    if (b.kind === 'p' && b.role === 'table-caption' && next?.kind === 'table') { out.push({ blocks: [b, next], declared: b.declared ?? next.declared }); i++; continue; }
    // code lines as one pre, list items as one list
    const run = b.kind === 'p' && (b.role === 'code' ? (p: Para) => p.role === 'code' : LIST_ROLES.has(b.role) ? (p: Para) => LIST_ROLES.has(p.role) : undefined);
    if (b.kind === 'p' && run) {
      const lines: Para[] = [b];
      while (list[i + 1]?.kind === 'p' && run(list[i + 1] as Para) && (list[i + 1] as Para).declared === b.declared) lines.push(list[++i] as Para);
      out.push({ blocks: lines, declared: b.declared });
      continue;
    }
    out.push({ blocks: [b], declared: b.kind === 'p' || b.kind === 'table' ? b.declared : undefined });
  }
  return out;
}
