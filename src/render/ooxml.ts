/**
 * DOCX writer: a publication → a WordprocessingML package, written as XML strings and zipped with fflate.
 *
 * Why not the `docx` package's object tree: on a 450-page text it took 60 % of a build (its run
 * properties, XML formatting and deflate; see bench/PERFORMANCE.md), its bookmark and revision ids are
 * module-global (two documents in one process differ), and its time stamps make every build differ.
 * Writing the parts directly is a few hundred lines, an order of magnitude faster, and byte-reproducible:
 * the same source gives the same file. Element order follows the ECMA-376 schema, which Word enforces.
 */
import { readFileSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';
import { joinPieces, textPiece, zipStored, type Piece } from './zip.js';
import type { Anchor, Para, PubBlock, PubSection, Publication, Run } from '../model/publication.js';
import type { ImageWidth } from '../model/types.js';
import { loadDocxProfile, TAB_STOP, type DocxProfile, type PageGeometry, type RunningLine, type StyleLook, type TableLook } from '../profile/docx.js';
import { continues } from './merge.js';

export interface DocxOptions {
  /** Read image files; the default reads from disk (each file once per document). */
  readImage?: (path: string) => Uint8Array;
  /** Author and date of tracked changes (runs with `change`). */
  revision?: { author?: string; date?: string };
  /** Deflate level, 0–9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** XML of the (sub)clauses of an earlier render of the same publication, reused where nothing changed (watch mode; level 0 only). */
  cache?: RenderCache;
  /** Style names, looks and page geometry; default: the publication's own docx.yaml in its template chain. */
  format?: DocxProfile;
}

/** A part of the package a unit of XML refers to, and the id it got: replayed when the XML is reused. */
type Reference = { kind: 'link'; url: string; rid: string } | { kind: 'image'; path: string; rid: string; width: number; height: number };

interface CachedUnit {
  blocks: PubBlock[];
  /** The unit's XML, UTF-8 encoded, with its CRC-32. */
  xml: Piece;
  /** The bookmark names of the unit's anchors: equal blocks may still be named otherwise (a name taken earlier). */
  names: string;
  /** The package's running ids before and after the unit (bookmark and revision ids, drawing ids). */
  before: [number, number];
  after: [number, number];
  references: Reference[];
}

/**
 * The body's XML by (sub)clause, kept between renders of one publication. A unit is reused when its
 * prepared blocks are equal to last time's and the running ids it starts from are the same; its links and
 * pictures are registered again and must get the same relationship ids. Comparing blocks is several times
 * cheaper than writing them, and the unit's bytes and CRC are reused too (src/render/zip.ts). Everything
 * else (front matter, TOC, footnotes) is written each time.
 */
export class RenderCache {
  units = new Map<string, CachedUnit>();
  /** What every unit depends on besides its blocks: the role → style map. (Units with tracked changes are never reused.) */
  context = '';
  hits = 0;
  misses = 0;
}

/** Word's own ids for the built-in styles, so that ours take their place instead of doubling them. */
const BUILT_IN_IDS: Record<string, string> = {
  normal: 'Normal',
  'heading 1': 'Heading1', 'heading 2': 'Heading2', 'heading 3': 'Heading3',
  'heading 4': 'Heading4', 'heading 5': 'Heading5', 'heading 6': 'Heading6',
  'toc 1': 'TOC1', 'toc 2': 'TOC2', 'toc 3': 'TOC3',
  'footnote text': 'FootnoteText',
};

export function styleId(name: string): string {
  return BUILT_IN_IDS[name.toLowerCase()] ?? (name.replace(/[^A-Za-z0-9]/g, '') || 'Normal');
}

const NS_W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_WP = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_PIC = 'http://schemas.openxmlformats.org/drawingml/2006/picture';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CM = 567; // twips per centimetre

/** Page geometry in twips (the data is in millimetres). */
function pageTwips(page: PageGeometry) {
  const tw = (mm: number) => Math.round((mm * 1440) / 25.4);
  const width = tw(page.width);
  const margin = tw(page.margin);
  // mirrored margins: left is the inner one (w:mirrorMargins in settings.xml), right the outer one
  const left = tw(page.inner ?? page.margin);
  const right = tw(page.outer ?? page.margin);
  return { width, height: tw(page.height), margin, left, right, mirror: page.inner !== undefined || page.outer !== undefined, header: tw(page.header), footer: tw(page.footer), textWidth: width - left - right };
}
type PageTwips = ReturnType<typeof pageTwips>;

// XML 1.0 forbids most control characters; a source may contain them (pasted text): drop them.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function esc(s: string): string {
  // most text needs nothing: test once instead of running two replacements on every run
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(INVALID_XML, '').replace(/[&<>"]/g, (c) => ENTITIES[c]);
}

/** Builds the parts of one package: relationships, media and running ids live here, not in module state. */
class Package {
  private readonly rels: string[] = [];
  readonly parts: Record<string, Uint8Array> = {};
  readonly overrides: string[] = [];
  private readonly media = new Map<string, { rid: string; name: string; data: Uint8Array; width: number; height: number; ext: string; dpi: [number, number] }>();
  private readonly links = new Map<string, string>();
  // bookmarks and revisions share one id space (w:id must be unique among annotations)
  private annotationId = 0;
  private drawingId = 0;
  readonly revisionAuthor: string;
  readonly revisionDate: string;

  constructor(private readonly options: DocxOptions) {
    this.revisionAuthor = options.revision?.author ?? 'commontext';
    // Word wants ISO 8601 without fractions of a second
    this.revisionDate = options.revision?.date ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  }

  rel(type: string, target: string, external = false): string {
    const id = `rId${this.rels.length + 1}`;
    this.rels.push(`<Relationship Id="${id}" Type="${REL}/${type}" Target="${esc(target)}"${external ? ' TargetMode="External"' : ''}/>`);
    return id;
  }

  /** Set while a cached unit is being written: the parts it refers to. */
  recording?: Reference[];

  link(url: string): string {
    let id = this.links.get(url);
    if (!id) {
      id = this.rel('hyperlink', url, true);
      this.links.set(url, id);
    }
    this.recording?.push({ kind: 'link', url, rid: id });
    return id;
  }

  image(path: string) {
    let m = this.media.get(path);
    if (!m) {
      const data = (this.options.readImage ?? ((p: string) => readFileSync(p)))(path);
      const size = imageSize(data);
      const name = `image${this.media.size + 1}.${size.ext}`;
      m = { rid: this.rel('image', `media/${name}`), name, data, ...size };
      this.media.set(path, m);
      this.parts[`word/media/${name}`] = data;
    }
    this.recording?.push({ kind: 'image', path, rid: m.rid, width: m.width, height: m.height });
    return m;
  }

  /** Registers a reused unit's parts again; false when one gets another id or size than before. */
  replay(references: Reference[]): boolean {
    for (const r of references) {
      if (r.kind === 'link' && this.link(r.url) !== r.rid) return false;
      if (r.kind === 'image') {
        const m = this.image(r.path);
        if (m.rid !== r.rid || m.width !== r.width || m.height !== r.height) return false;
      }
    }
    return true;
  }

  get counters(): [number, number] { return [this.annotationId, this.drawingId]; }
  set counters(c: [number, number]) { [this.annotationId, this.drawingId] = c; }

  nextBookmark(): number { return ++this.annotationId; }
  nextRevision(): number { return ++this.annotationId; }
  nextDrawing(): number { return ++this.drawingId; }

  relsXml(): string {
    return `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${this.rels.join('')}</Relationships>`;
  }

  mediaExtensions(): string[] {
    return [...new Set([...this.media.values()].map((m) => m.ext))];
  }
}

function imageSize(data: Uint8Array): { width: number; height: number; ext: string; dpi: [number, number] } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const ascii = (from: number, to: number) => String.fromCharCode(...data.subarray(from, to));
  if (data.length > 24 && ascii(1, 4) === 'PNG') return { width: view.getUint32(16), height: view.getUint32(20), ext: 'png', dpi: pngDpi(data, view) };
  if (data.length > 10 && ascii(0, 3) === 'GIF') return { width: view.getUint16(6, true), height: view.getUint16(8, true), ext: 'gif', dpi: [96, 96] };
  if (data[0] === 0xff && data[1] === 0xd8) {
    // JFIF density (APP0): units 1 = per inch, 2 = per cm
    const dpi: [number, number] = data.length > 18 && ascii(6, 11) === 'JFIF\0' && data[13] && view.getUint16(14) && view.getUint16(16) ? [view.getUint16(14), view.getUint16(16)].map((d) => (data[13] === 2 ? d * 2.54 : d)) as [number, number] : [96, 96];
    let i = 2;
    while (i + 9 < data.length) {
      const marker = data[i + 1];
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(i + 5), width: view.getUint16(i + 7), ext: 'jpeg', dpi };
      }
      i += 2 + view.getUint16(i + 2);
    }
    return { width: 400, height: 300, ext: 'jpeg', dpi };
  }
  return { width: 400, height: 300, ext: 'png', dpi: [96, 96] };
}

/** A PNG's resolution from its pHYs chunk (pixels per metre), 96 dpi when it has none. */
function pngDpi(data: Uint8Array, view: DataView): [number, number] {
  for (let i = 8; i + 12 <= data.length;) {
    const length = view.getUint32(i);
    const type = String.fromCharCode(...data.subarray(i + 4, i + 8));
    if (type === 'pHYs' && length >= 9 && data[i + 16] === 1 && view.getUint32(i + 8) && view.getUint32(i + 12)) return [view.getUint32(i + 8) * 0.0254, view.getUint32(i + 12) * 0.0254];
    if (type === 'IDAT' || type === 'IEND') break;
    i += 12 + length;
  }
  return [96, 96];
}

const EMU_PER_INCH = 914400;

/** A picture's extent in EMU: the source's {width=…} (a share of the text width, or cm / mm), else its natural size (pixels at its own resolution); never wider than the text. */
export function imageExtent(image: { width: number; height: number; dpi: [number, number] }, textWidthTwips: number, width?: ImageWidth): { cx: number; cy: number } {
  const textWidth = (textWidthTwips / 1440) * EMU_PER_INCH;
  const natural = (image.width / image.dpi[0]) * EMU_PER_INCH;
  const naturalHeight = (image.height / image.dpi[1]) * EMU_PER_INCH;
  const wanted = !width ? natural
    : width.unit === '%' ? (textWidth * width.value) / 100
    : (width.value / (width.unit === 'cm' ? 2.54 : 25.4)) * EMU_PER_INCH;
  const cx = Math.min(textWidth, wanted);
  return { cx: Math.round(cx), cy: Math.round((naturalHeight * cx) / natural) };
}

/** The text of a run as w:t / w:tab / w:br pieces (w:delText inside a deletion). */
function runContent(text: string, deleted: boolean): string {
  const tag = deleted ? 'w:delText' : 'w:t';
  if (text.indexOf('\t') < 0 && text.indexOf('\n') < 0) return `<${tag} xml:space="preserve">${esc(text)}</${tag}>`;
  let out = '';
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (i === text.length || c === 9 || c === 10) {
      if (i > start) out += `<${tag} xml:space="preserve">${esc(text.slice(start, i))}</${tag}>`;
      if (c === 9) out += '<w:tab/>';
      else if (c === 10) out += '<w:br/>';
      start = i + 1;
    }
  }
  return out;
}

function runProperties(run: Run): string {
  let rPr = '';
  if (run.code) rPr += '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>';
  if (run.bold) rPr += '<w:b/><w:bCs/>';
  if (run.italic) rPr += '<w:i/><w:iCs/>';
  return rPr ? `<w:rPr>${rPr}</w:rPr>` : '';
}

/**
 * Word's names for the publication's anchors: `_ct_<id>` for an author's anchor (what its
 * cross-references link to), `_cg_<id>` for a generated one, cut to the DOCX data's length limit and
 * made unique in document order. The names are assigned before anything is written, because the
 * contents, written first, link to headings that come later.
 */
class BookmarkNames {
  private readonly names = new Map<Anchor, string>();
  private readonly used = new Set<string>();

  constructor(private readonly max: number, pub: Publication) {
    const visit = (p: Para) => { if (p.target) this.assign(p.target); };
    for (const s of pub.sections) for (const b of s.blocks) if (b.kind === 'p') visit(b);
    for (const f of pub.footnotes) f.forEach(visit);
  }

  /** The bookmark a cross-reference to an author's anchor points at. */
  link(id: string): string {
    return `_ct_${id.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, this.max);
  }

  name(a: Anchor): string {
    return this.names.get(a) ?? this.assign(a);
  }

  private assign(a: Anchor): string {
    let name = a.generated ? `_cg_${a.id.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, this.max) : this.link(a.id);
    let i = 1;
    // three characters are left for the suffix ("_1"): Word cuts names at 40
    while (this.used.has(name)) name = `${name.slice(0, this.max - 3)}_${i++}`;
    this.used.add(name);
    this.names.set(a, name);
    return name;
  }
}

class BodyWriter {
  readonly page: PageTwips;
  readonly bookmarks: BookmarkNames;
  /** Footnote number → its w:id: numbered in the order the document cites them, as LibreOffice pairs references with footnotes. */
  readonly footnoteIds = new Map<number, number>();

  constructor(private readonly pub: Publication, private readonly pkg: Package, readonly format: DocxProfile) {
    this.page = pageTwips(format.page);
    this.bookmarks = new BookmarkNames(format.bookmarkLength, pub);
    footnoteOrder(pub).forEach((i, k) => this.footnoteIds.set(i + 1, k + 1));
  }

  style(role: string): string {
    return styleId(this.format.roles[role] ?? this.format.roles.body ?? 'Normal');
  }

  runs(runs: Run[]): string {
    let out = '';
    for (const run of runs) {
      if (run.footnote) {
        // a mark of its own follows the reference (Word numbers only the others)
        const id = this.footnoteIds.get(run.footnote) ?? run.footnote;
        const mark = run.footnoteMark ? `<w:footnoteReference w:customMarkFollows="1" w:id="${id}"/>${runContent(run.footnoteMark, false)}` : `<w:footnoteReference w:id="${id}"/>`;
        const ref = `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>${mark}</w:r>`;
        // a footnote reference in deleted (or inserted) text is tracked with it; Word removes the footnote on accepting
        out += this.tracked(run.change, ref);
        continue;
      }
      if (!run.text) continue;
      let xml = this.tracked(run.change, `<w:r>${runProperties(run)}${runContent(run.text, run.change === 'del')}</w:r>`);
      if (run.anchor) xml = `<w:hyperlink w:anchor="${esc(this.bookmarks.link(run.anchor))}" w:history="1">${xml}</w:hyperlink>`;
      else if (run.url) xml = `<w:hyperlink r:id="${this.pkg.link(run.url)}" w:history="1">${xml}</w:hyperlink>`;
      out += xml;
    }
    return out;
  }

  paragraph(p: Para, extraPPr = ''): string {
    let body = this.runs(p.runs);
    if (p.target) {
      const id = this.pkg.nextBookmark();
      body = `<w:bookmarkStart w:id="${id}" w:name="${esc(this.bookmarks.name(p.target))}"/>${body}<w:bookmarkEnd w:id="${id}"/>`;
    }
    // a whole paragraph added or removed: its mark is tracked too, so accepting the change leaves no empty paragraph
    const mark = p.change ? `<w:rPr>${this.revisionMark(p.change)}</w:rPr>` : '';
    return `<w:p><w:pPr><w:pStyle w:val="${this.style(p.role)}"/>${this.footFrame(p.role)}${extraPPr}${mark}</w:pPr>${body}</w:p>`;
  }

  /** A paragraph whose style's look is `atFoot`: a frame as wide as the text at the bottom margin (on the paragraph: LibreOffice ignores a style's frame). */
  private footFrame(role: string): string {
    const look = this.format.styles[this.format.roles[role] ?? ''];
    return look?.atFoot ? `<w:framePr w:w="${this.page.textWidth}" w:wrap="around" w:vAnchor="margin" w:hAnchor="margin" w:xAlign="left" w:yAlign="bottom"/>` : '';
  }

  private revisionAttributes(): string {
    return `w:id="${this.pkg.nextRevision()}" w:author="${esc(this.pkg.revisionAuthor)}" w:date="${this.pkg.revisionDate}"`;
  }

  /** The mark of a tracked paragraph mark or table row (inside w:rPr / w:trPr). */
  revisionMark(change: 'ins' | 'del'): string {
    return `<w:${change} ${this.revisionAttributes()}/>`;
  }

  /** Content wrapped as a tracked insertion or deletion; as it is when there is no change. */
  tracked(change: 'ins' | 'del' | undefined, xml: string): string {
    return change ? `<w:${change} ${this.revisionAttributes()}>${xml}</w:${change}>` : xml;
  }

  image(role: string, path: string, alt: string, change?: 'ins' | 'del', width?: ImageWidth): string {
    const m = this.pkg.image(path);
    const { cx, cy } = imageExtent(m, this.page.textWidth, width);
    const id = this.pkg.nextDrawing();
    const drawing = this.tracked(change, `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="${id}" name="Figure ${id}" descr="${esc(alt)}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="${NS_A}" noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic xmlns:a="${NS_A}"><a:graphicData uri="${NS_PIC}"><pic:pic xmlns:pic="${NS_PIC}"><pic:nvPicPr><pic:cNvPr id="${id}" name="${m.name}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="${m.rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`);
    return `<w:p><w:pPr><w:pStyle w:val="${this.style(role)}"/>${change ? `<w:rPr>${this.revisionMark(change)}</w:rPr>` : ''}</w:pPr>${drawing}</w:p>`;
  }

  table(b: Extract<PubBlock, { kind: 'table' }>): string {
    const look = b.look ? this.format.tables?.[b.look] : undefined;
    const columns = Math.max(1, ...b.rows.map((r) => gridColumns(r)));
    const indent = look?.indent ? Math.round(look.indent * 567) : 0;
    const widths = columnWidths(look, columns, this.page.textWidth - indent);
    const align = look?.align?.split(/\s+/) ?? [];
    const borders = tableBorders(look);
    const total = widths.reduce((a, w) => a + w, 0);
    const tblW = look?.widths || indent ? `<w:tblW w:w="${total}" w:type="dxa"/>` : '<w:tblW w:w="5000" w:type="pct"/>';
    const tblInd = indent ? `<w:tblInd w:w="${indent}" w:type="dxa"/>` : '';
    let xml = `<w:tbl><w:tblPr>${tblW}${tblInd}${borders}<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`;
    xml += widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('') + '</w:tblGrid>';
    for (const [r, row] of b.rows.entries()) {
      // cantSplit keeps a row on one page; tblHeader repeats the header row on each page
      // a tracked row: accepting a deleted row removes it, grid and all (cells' text alone would leave an empty row)
      xml += `<w:tr><w:trPr><w:cantSplit/>${row.header ? '<w:tblHeader/>' : ''}${row.change ? this.revisionMark(row.change) : ''}</w:trPr>`;
      for (let i = 0, grid = 0; grid < columns; i++) {
        const cell = (row.cells[i] ?? []).map((p) => (row.header && look?.headRole ? { ...p, role: look.headRole } : p));
        const span = row.spans?.[i] ?? 1;
        const cellWidth = widths.slice(grid, grid + span).reduce((a, w) => a + w, 0);
        const jc = align[grid] ? `<w:jc w:val="${align[grid]}"/>` : '';
        const merged = `${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}${verticalMerge(b.rows, r, i, grid)}`;
        grid += span;
        xml += `<w:tc><w:tcPr><w:tcW w:w="${cellWidth}" w:type="dxa"/>${merged}</w:tcPr>${cell.length ? cell.map((p) => this.paragraph(p, jc)).join('') : `<w:p>${jc ? `<w:pPr>${jc}</w:pPr>` : ''}</w:p>`}</w:tc>`;
      }
      xml += '</w:tr>';
    }
    return `${xml}</w:tbl>`;
  }

  /** The contents: the field's cached result holds every entry; the PDF route (src/app/pdf.ts) adds the page numbers after the style's tabs. */
  toc(): string {
    const levels = Math.max(1, ...this.pub.toc.map((t) => t.level));
    // an annex heading without an outline level (as in the ITU template) is listed by its style
    const annex = this.format.roles['annex-heading'];
    const byStyle = annex && !this.format.styles[annex]?.outline ? ` \\t "${esc(annex)},1"` : '';
    const begin = `<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-${levels}" \\h \\z \\u${byStyle} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`;
    const end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>';
    const entries = this.pub.toc;
    const contents = this.format.contents ?? {};
    let xml = '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>';
    if (contents.pageHeading && !contents.pageHeadingBeside) xml += `<w:p><w:pPr><w:pStyle w:val="${this.style('toc-page-heading')}"/></w:pPr><w:r><w:tab/>${runContent(contents.pageHeading, false)}</w:r></w:p>`;
    if (!entries.length) xml += `<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>${begin}${end}</w:p>`;
    entries.forEach((e, i) => {
      // the field is marked dirty: Word refreshes it (and its page numbers) on opening
      const link = `<w:hyperlink w:anchor="${esc(this.bookmarks.name(e.target))}" w:history="1"><w:r>${runContent(e.text, false)}</w:r></w:hyperlink>`;
      xml += `<w:p><w:pPr><w:pStyle w:val="${this.style(`toc${Math.min(e.level, 9)}`)}"/></w:pPr>${i === 0 ? begin : ''}${link}${i === entries.length - 1 ? end : ''}</w:p>`;
    });
    return `${xml}</w:sdtContent></w:sdt>`;
  }

  /** The body's blocks, (sub)clause by (sub)clause, through the cache: encoded pieces of document.xml. */
  cachedBody(list: PubBlock[], cache: RenderCache): Piece[] {
    const context = JSON.stringify(this.format.roles);
    if (cache.context !== context) { cache.units.clear(); cache.context = context; }
    const next = new Map<string, CachedUnit>();
    const out: Piece[] = [];
    for (const [key, unit] of units(list, this.bookmarks)) {
      const before = this.pkg.counters;
      const old = cache.units.get(key);
      const names = unitNames(unit, this.bookmarks);
      if (old && old.before[0] === before[0] && old.before[1] === before[1] && old.names === names && sameBlocks(old.blocks, unit) && this.pkg.replay(old.references)) {
        this.pkg.counters = old.after;
        cache.hits++;
        next.set(key, old);
        out.push(old.xml);
        continue;
      }
      cache.misses++;
      const references: Reference[] = [];
      this.pkg.recording = references;
      const xml = textPiece(this.blocks(unit));
      this.pkg.recording = undefined;
      next.set(key, { blocks: unit, xml, names, before, after: this.pkg.counters, references });
      out.push(xml);
    }
    cache.units = next;
    return out;
  }

  blocks(list: PubBlock[]): string {
    let out = '';
    list.forEach((b, i) => {
      switch (b.kind) {
        case 'p': out += list[i + 1]?.kind === 'toc' ? this.contentsTitle(b) : this.paragraph(b); break;
        case 'pagebreak': out += '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'; break;
        case 'toc': out += this.toc(); break;
        case 'image': out += this.image(b.role, b.path, b.alt, b.change, b.width); break;
        case 'table': out += this.table(b); break;
      }
    });
    return out;
  }

  /** The paragraph just before the contents (its title): with `pageHeadingBeside`, "Page" at its end after a tab, in the toc-page-heading style's size and weight. */
  private contentsTitle(p: Para): string {
    const contents = this.format.contents ?? {};
    if (!contents.pageHeading || !contents.pageHeadingBeside) return this.paragraph(p);
    const look = this.format.styles[this.format.roles['toc-page-heading'] ?? ''] ?? {};
    const size = look.size ? `<w:sz w:val="${Math.round(look.size * 2)}"/><w:szCs w:val="${Math.round(look.size * 2)}"/>` : '';
    const run = `<w:r><w:rPr>${look.bold ? '<w:b/>' : '<w:b w:val="0"/>'}${size}</w:rPr><w:tab/>${runContent(contents.pageHeading, false)}</w:r>`;
    return this.paragraph(p).replace(/<\/w:p>$/, `${run}</w:p>`);
  }
}

/** Splits a body at its headings (paragraphs with an anchor and a heading role): key (the heading's bookmark) → blocks. */
function units(list: PubBlock[], bookmarks: BookmarkNames): [string, PubBlock[]][] {
  const out: [string, PubBlock[]][] = [];
  let current: PubBlock[] = [];
  let key = '^';
  for (const b of list) {
    if (b.kind === 'p' && b.target && /heading|title/.test(b.role) && current.length) {
      out.push([key, current]);
      current = [];
      key = bookmarks.name(b.target);
    }
    current.push(b);
  }
  out.push([key, current]);
  return out;
}

function unitNames(unit: PubBlock[], bookmarks: BookmarkNames): string {
  let names = '';
  for (const b of unit) if (b.kind === 'p' && b.target) names += `${bookmarks.name(b.target)}\n`;
  return names;
}

function sameRuns(a: Run[], b: Run[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    // a tracked change carries its date: never reused
    if (x.change || x.text !== y.text || x.bold !== y.bold || x.italic !== y.italic || x.code !== y.code || x.anchor !== y.anchor || x.url !== y.url || x.footnote !== y.footnote || x.change !== y.change) return false;
  }
  return true;
}

function samePara(a: Para, b: Para): boolean {
  return !a.change && a.role === b.role && a.target?.id === b.target?.id && a.target?.generated === b.target?.generated && !b.change && sameRuns(a.runs, b.runs);
}

/** Whether two lists of blocks write the same XML (declared differences do not show in it). */
function sameBlocks(a: PubBlock[], b: PubBlock[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.kind !== y.kind || x.kind === 'toc') return false;
    if (x.kind === 'p' && !samePara(x, y as Para)) return false;
    if (x.kind === 'image') {
      const z = y as typeof x;
      if (x.change || z.change || x.path !== z.path || x.alt !== z.alt || x.role !== z.role) return false;
    }
    if (x.kind === 'table') {
      const rows = (y as typeof x).rows;
      if (x.rows.length !== rows.length) return false;
      for (let r = 0; r < rows.length; r++) {
        const p = x.rows[r];
        const q = rows[r];
        if (p.change || q.change || p.header !== q.header || p.cells.length !== q.cells.length) return false;
        for (let c = 0; c < q.cells.length; c++) {
          if (p.cells[c].length !== q.cells[c].length || p.cells[c].some((para, k) => !samePara(para, q.cells[c][k]))) return false;
        }
      }
    }
  }
  return true;
}

/** A style's tab stops: its own list, or else those of the style it is based on. */
function styleTabs(name: string, format: DocxProfile, depth = 0): string[] {
  const look = format.styles[name];
  if (look?.tabs) return look.tabs;
  const parent = name === 'Normal' ? undefined : look?.basedOn ?? 'Normal';
  return parent && depth < 10 ? styleTabs(parent, format, depth + 1) : [];
}

/** The w:tabs of a style: its own stops, and a clearing stop for each inherited one it does not keep. */
function tabsXml(name: string, look: StyleLook, format: DocxProfile): string {
  if (!look.tabs) return '';
  const stop = (t: string) => {
    const [, kind, leader, cm] = TAB_STOP.exec(t)!;
    return { kind, leader, pos: Math.round(Number(cm) * CM) };
  };
  const own = look.tabs.map(stop);
  const inherited = name === 'Normal' ? [] : styleTabs(look.basedOn ?? 'Normal', format).map(stop);
  const cleared = inherited.filter((t) => !own.some((o) => o.pos === t.pos));
  const all = [...cleared.map((t) => ({ ...t, kind: 'clear', leader: undefined })), ...own].sort((a, b) => a.pos - b.pos);
  if (!all.length) return '';
  return `<w:tabs>${all.map((t) => `<w:tab w:val="${t.kind}"${t.leader ? ` w:leader="${t.leader}"` : ''} w:pos="${t.pos}"/>`).join('')}</w:tabs>`;
}

function indentXml(look: StyleLook): string {
  if (!look.indent && !look.hanging && look.firstLine === undefined && look.right === undefined) return '';
  const left = Math.round(((look.indent ?? 0) || (look.hanging ?? 0)) * CM);
  const first = look.hanging ? ` w:hanging="${Math.round(look.hanging * CM)}"` : look.firstLine !== undefined ? ` w:firstLine="${Math.round(look.firstLine * CM)}"` : '';
  return `<w:ind w:left="${left}"${look.right !== undefined ? ` w:right="${Math.round(look.right * CM)}"` : ''}${first}/>`;
}

/** An on/off property: written when the look sets it, as off when it says false. */
const toggle = (tag: string, value: boolean | undefined) => (value === undefined ? '' : value ? `<w:${tag}/>` : `<w:${tag} w:val="0"/>`);

function paragraphPropertiesXml(name: string, look: StyleLook, format: DocxProfile): string {
  let pPr = toggle('keepNext', look.keepNext);
  pPr += toggle('keepLines', look.keepLines);
  if (look.pageBreakBefore) pPr += '<w:pageBreakBefore/>';
  pPr += toggle('widowControl', look.widowControl);
  // border widths are in eighths of a point
  if (look.ruleAbove) pPr += `<w:pBdr><w:top w:val="single" w:sz="${Math.round(look.ruleAbove * 8)}" w:space="6" w:color="000000"/></w:pBdr>`;
  pPr += tabsXml(name, look, format);
  const line = look.line === undefined ? '' : ` w:line="${Math.round(look.line * 20)}" w:lineRule="${look.lineRule ?? 'exact'}"`;
  pPr += `<w:spacing w:before="${Math.round((look.before ?? 0) * 20)}" w:after="${Math.round((look.after ?? 0) * 20)}"${line}/>`;
  pPr += indentXml(look);
  if (look.align) pPr += `<w:jc w:val="${look.align}"/>`;
  if (look.outline) pPr += `<w:outlineLvl w:val="${look.outline - 1}"/>`;
  return pPr;
}

function paragraphStyleXml(name: string, look: StyleLook, format: DocxProfile): string {
  const id = styleId(name);
  const pPr = paragraphPropertiesXml(name, look, format);
  const font = look.font ?? format.font;
  const size = Math.round((look.size ?? format.fontSize) * 2);
  let rPr = `<w:rFonts w:ascii="${esc(font)}" w:hAnsi="${esc(font)}" w:cs="${esc(font)}"/>`;
  if (look.bold) rPr += '<w:b/><w:bCs/>';
  else if (look.bold === false) rPr += '<w:b w:val="0"/><w:bCs w:val="0"/>';
  if (look.italic) rPr += '<w:i/><w:iCs/>';
  if (look.caps) rPr += '<w:caps/>';
  if (look.letterSpacing) rPr += `<w:spacing w:val="${Math.round(look.letterSpacing * 20)}"/>`;
  rPr += `<w:sz w:val="${size}"/><w:szCs w:val="${size}"/>`;
  const based = name === 'Normal' ? ' w:default="1"' : '';
  const inherit = name === 'Normal' ? '' : `<w:basedOn w:val="${styleId(look.basedOn ?? 'Normal')}"/><w:next w:val="Normal"/>`;
  return `<w:style w:type="paragraph"${based} w:styleId="${id}"><w:name w:val="${esc(name)}"/>${inherit}<w:qFormat/><w:pPr>${pPr}</w:pPr><w:rPr>${rPr}</w:rPr></w:style>`;
}

/** The roles of every paragraph of a publication (body, tables, footnotes). */
function usedRoles(pub: Publication): Set<string> {
  const roles = new Set<string>();
  const add = (b: PubBlock) => {
    if (b.kind === 'p' || b.kind === 'image') roles.add(b.role);
    else if (b.kind === 'table') for (const r of b.rows) for (const c of r.cells) c.forEach(add);
  };
  for (const s of pub.sections) s.blocks.forEach(add);
  for (const f of pub.footnotes) f.forEach(add);
  return roles;
}

function stylesXml(format: DocxProfile, pub: Publication): string {
  // a style marked ifUsed (a supplement's own) only when a paragraph of this publication has it
  const roles = usedRoles(pub);
  const used = new Set(Object.entries(format.roles).filter(([role, name]) => !format.styles[name]?.ifUsed || roles.has(role)).map(([, name]) => name));
  used.add('Normal');
  used.add('Footnote Text');
  if (format.furniture) { used.add(format.furniture.headerStyle); used.add(format.furniture.footerStyle); }
  for (const name of [...used]) for (let b = format.styles[name]?.basedOn; b && !used.has(b); b = format.styles[b]?.basedOn) used.add(b);
  const styles: string[] = [];
  const seen = new Set<string>();
  for (const name of [...Object.keys(format.styles), ...used]) {
    if (!used.has(name) || seen.has(styleId(name))) continue;
    seen.add(styleId(name));
    styles.push(paragraphStyleXml(name, format.styles[name] ?? (name === 'Footnote Text' ? { size: 9 } : {}), format));
  }
  const size = Math.round(format.fontSize * 2);
  const font = esc(format.font);
  return `${XML_HEAD}<w:styles xmlns:w="${NS_W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}" w:eastAsia="${font}" w:cs="${font}"/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>${styles.join('')}<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>`;
}

function headerFooterXml(kind: 'hdr' | 'ftr', text: string | undefined, pageNumber: boolean, page: PageTwips): string {
  const align = kind === 'hdr' ? '<w:jc w:val="right"/>' : '';
  const tabs = pageNumber ? `<w:tabs><w:tab w:val="right" w:pos="${page.textWidth}"/></w:tabs>` : '';
  // the PAGE field has no cached result: the application fills in each page's number
  const pageField = pageNumber ? '<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>' : '';
  return `${XML_HEAD}<w:${kind} xmlns:w="${NS_W}" xmlns:r="${NS_R}"><w:p><w:pPr><w:pStyle w:val="Normal"/>${tabs}${align}</w:pPr>${text ? `<w:r>${runContent(text, false)}</w:r>` : ''}${pageField}</w:p></w:${kind}>`;
}

/** The header and footer references of a section: the default (odd) pages' and, with odd/even furniture, the even pages'. */
type Furnished = { header: string; footer: string; evenHeader?: string; evenFooter?: string };

function sectionProperties(s: PubSection, refs: Furnished, page: PageTwips, start = 'nextPage', first = 1): string {
  const fmt = s.pageNumbers === 'lower-roman' ? `<w:pgNumType w:fmt="lowerRoman" w:start="${first}"/>` : s.pageNumbers === 'decimal' ? `<w:pgNumType w:fmt="decimal" w:start="${first}"/>` : '';
  const even = (refs.evenHeader ? `<w:headerReference w:type="even" r:id="${refs.evenHeader}"/>` : '') + (refs.evenFooter ? `<w:footerReference w:type="even" r:id="${refs.evenFooter}"/>` : '');
  return `<w:sectPr>${even}<w:headerReference w:type="default" r:id="${refs.header}"/><w:footerReference w:type="default" r:id="${refs.footer}"/><w:type w:val="${start}"/><w:pgSz w:w="${page.width}" w:h="${page.height}"/><w:pgMar w:top="${page.margin}" w:right="${page.right}" w:bottom="${page.margin}" w:left="${page.left}" w:header="${page.header}" w:footer="${page.footer}" w:gutter="0"/>${fmt}<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>`;
}

const PAGE_FIELD = (rPr: string) => `<w:r>${rPr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>${rPr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>${rPr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>${rPr}<w:fldChar w:fldCharType="end"/></w:r>`;

/** A running header or footer laid out by the DOCX data's pattern ({text}, {page}, tabs). */
function runningLineXml(kind: 'hdr' | 'ftr', line: RunningLine, style: string, text: string | undefined, pageNumber: boolean): string {
  const bold = (b: boolean | undefined) => (b === undefined ? '' : b ? '<w:rPr><w:b/><w:bCs/></w:rPr>' : '<w:rPr><w:b w:val="0"/><w:bCs w:val="0"/></w:rPr>');
  let body = '';
  if (text || pageNumber) {
    for (const token of line.pattern.split(/(\{text\}|\{page\}|\t)/)) {
      if (token === '\t') body += '<w:r><w:tab/></w:r>';
      else if (token === '{text}') body += text ? `<w:r>${bold(line.textBold)}${runContent(text, false)}</w:r>` : '';
      else if (token === '{page}') body += pageNumber ? PAGE_FIELD(bold(line.pageBold)) : '';
      else if (token) body += `<w:r>${runContent(token, false)}</w:r>`;
    }
  }
  const align = line.align ? `<w:jc w:val="${line.align}"/>` : '';
  return `${XML_HEAD}<w:${kind} xmlns:w="${NS_W}" xmlns:r="${NS_R}"><w:p><w:pPr><w:pStyle w:val="${styleId(style)}"/>${align}</w:pPr>${body}</w:p></w:${kind}>`;
}

/** Writes a section's header and footer parts (odd and even ones when the DOCX data has them) and returns its references. */
function sectionFurniture(s: PubSection, i: number, pkg: Package, overrides: string[], format: DocxProfile, page: PageTwips): Furnished {
  const part = (kind: 'hdr' | 'ftr', name: string, xml: string) => {
    pkg.parts[`word/${name}`] = strToU8(xml);
    overrides.push(`<Override PartName="/word/${name}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.${kind === 'hdr' ? 'header' : 'footer'}+xml"/>`);
    return pkg.rel(kind === 'hdr' ? 'header' : 'footer', name);
  };
  const numbered = s.pageNumbers !== 'none';
  const f = format.furniture;
  if (!f) return { header: part('hdr', `header${i + 1}.xml`, headerFooterXml('hdr', s.header, false, page)), footer: part('ftr', `footer${i + 1}.xml`, headerFooterXml('ftr', s.footer, numbered, page)) };
  const refs: Furnished = {
    header: part('hdr', `header${i + 1}.xml`, runningLineXml('hdr', f.oddHeader, f.headerStyle, s.header, false)),
    footer: part('ftr', `footer${i + 1}.xml`, runningLineXml('ftr', f.oddFooter, f.footerStyle, s.footer, numbered)),
  };
  if (f.evenAndOdd) {
    refs.evenHeader = part('hdr', `header${i + 1}e.xml`, runningLineXml('hdr', f.evenHeader, f.headerStyle, s.header, false));
    refs.evenFooter = part('ftr', `footer${i + 1}e.xml`, runningLineXml('ftr', f.evenFooter, f.footerStyle, s.footer, numbered));
  }
  return refs;
}

/** The document's date: fixed by the caller or the environment, so that a rebuild gives the same bytes. */
function documentDate(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000).toISOString().replace(/\.\d+Z$/, 'Z') : '2000-01-01T00:00:00Z';
}

/** A package's parts, written and encoded but not yet zipped (the bench times the two apart). */
export interface DocxParts {
  /** Part names in package order. */
  names: string[];
  parts: Record<string, Uint8Array>;
  /** word/document.xml in pieces: the watch mode's reused (sub)clauses keep their bytes and CRCs. */
  document: Piece[];
}

export function renderDocxSync(pub: Publication, options: DocxOptions = {}): Uint8Array {
  return packDocx(renderDocxParts(pub, options), options.level ?? 6);
}

/** Zips the parts: stored (level 0, the document's pieces CRC-combined) or deflated by fflate. */
export function packDocx(p: DocxParts, level: NonNullable<DocxOptions['level']>): Uint8Array {
  if (level === 0) return zipStored(p.names.map((name) => ({ name, pieces: name === 'word/document.xml' ? p.document : [{ bytes: p.parts[name] }] })));
  const ordered: Record<string, [Uint8Array, { mtime: Date; level?: DocxOptions['level'] }]> = {};
  const mtime = new Date('2000-01-01T00:00:00Z');
  for (const name of p.names) {
    const data = name === 'word/document.xml' ? joinPieces(p.document) : p.parts[name];
    // pictures are compressed already
    ordered[name] = [data, { mtime, level: name.startsWith('word/media/') ? 0 : level }];
  }
  return zipSync(ordered);
}

export function renderDocxParts(pub: Publication, options: DocxOptions = {}): DocxParts {
  const pkg = new Package(options);
  const format = options.format ?? loadDocxProfile(pub.side, pub.templates);
  const writer = new BodyWriter(pub, pkg, format);
  const parts: Record<string, Uint8Array> = pkg.parts;
  pkg.rel('styles', 'styles.xml');
  pkg.rel('settings', 'settings.xml');
  pkg.rel('footnotes', 'footnotes.xml');
  const overrides: string[] = [];
  // the body's reused pieces (watch mode) keep their bytes; everything else is written as text
  const cache = options.level === 0 ? options.cache : undefined;
  const document: (string | Piece)[] = [`${XML_HEAD}<w:document xmlns:w="${NS_W}" xmlns:r="${NS_R}" xmlns:wp="${NS_WP}"><w:body>`];
  pub.sections.forEach((s, i) => {
    const sectPr = sectionProperties(s, sectionFurniture(s, i, pkg, overrides, format, writer.page), writer.page, format.sectionStart?.[s.name], format.firstPageNumber?.[s.name]);
    // the shared body through the cache (watch mode); the publication-specific sections are small
    if (cache && s.name === 'body') document.push(...writer.cachedBody(s.blocks, cache));
    else document.push(writer.blocks(s.blocks));
    // a section ends with the paragraph that carries its properties; the last one's are the body's own
    document.push(i < pub.sections.length - 1 ? `<w:p><w:pPr>${sectPr}</w:pPr></w:p>` : sectPr);
  });
  const marks = footnoteMarks(pub);
  const footnotes: string[] = [];
  // in the order the document cites them, with the ids the references carry
  for (const i of footnoteOrder(pub)) footnotes.push(footnoteXml(pub.footnotes[i], i));
  function footnoteXml(paras: Para[], i: number): string {
    const ps = paras.length ? paras : [{ kind: 'p', role: 'footnote', runs: [] } as Para];
    const first = ps[0];
    // a footnote with a mark of its own repeats the mark, then a tab, as the real History footnote
    const own = marks.get(i + 1);
    const mark = own ? `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>${runContent(own, false)}</w:r><w:r><w:tab/></w:r>` : '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>';
    const xml = ps.map((p, j) => (j === 0 ? `<w:p><w:pPr><w:pStyle w:val="${writer.style(first.role)}"/></w:pPr>${mark}${writer.runs(p.runs)}</w:p>` : writer.paragraph(p))).join('');
    return `<w:footnote w:id="${writer.footnoteIds.get(i + 1)}">${xml}</w:footnote>`;
  }
  const separator = (type: string, id: number, el: string) => `<w:footnote w:type="${type}" w:id="${id}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:${el}/></w:r></w:p></w:footnote>`;
  parts['word/footnotes.xml'] = strToU8(`${XML_HEAD}<w:footnotes xmlns:w="${NS_W}" xmlns:r="${NS_R}">${separator('separator', -1, 'separator')}${separator('continuationSeparator', 0, 'continuationSeparator')}${footnotes.join('')}</w:footnotes>`);
  document.push('</w:body></w:document>');
  parts['word/styles.xml'] = strToU8(stylesXml(format, pub));
  parts['word/settings.xml'] = strToU8(`${XML_HEAD}<w:settings xmlns:w="${NS_W}">${writer.page.mirror ? '<w:mirrorMargins/>' : ''}<w:defaultTabStop w:val="720"/>${format.furniture?.evenAndOdd ? '<w:evenAndOddHeaders/>' : ''}<w:characterSpacingControl w:val="doNotCompress"/><w:updateFields w:val="true"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`);
  parts['word/_rels/document.xml.rels'] = strToU8(pkg.relsXml());
  const date = documentDate();
  parts['docProps/core.xml'] = strToU8(`${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${esc(pub.title)}</dc:title><dc:description>${esc(`${pub.label} publication built by commontext`)}</dc:description><dc:creator>commontext</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified></cp:coreProperties>`);
  parts['docProps/app.xml'] = strToU8(`${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>commontext</Application></Properties>`);
  parts['_rels/.rels'] = strToU8(`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`);
  const mediaTypes: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif' };
  parts['[Content_Types].xml'] = strToU8(`${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${pkg.mediaExtensions().map((e) => `<Default Extension="${e}" ContentType="${mediaTypes[e]}"/>`).join('')}<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>${overrides.join('')}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`);
  // [Content_Types].xml first, as Word and LibreOffice write it; a fixed time stamp keeps the bytes reproducible
  const names = ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', ...Object.keys(parts).filter((n) => !['[Content_Types].xml', '_rels/.rels', 'word/document.xml'].includes(n))];
  if (options.level !== 0) return { names, parts, document: [textPiece((document as string[]).join(''), false)] };
  // stored: the document part goes as pieces (consecutive texts joined, each with its CRC), the others whole
  const pieces: Piece[] = [];
  let text = '';
  for (const d of document) {
    if (typeof d === 'string') { text += d; continue; }
    if (text) { pieces.push(textPiece(text)); text = ''; }
    pieces.push(d);
  }
  if (text) pieces.push(textPiece(text));
  return { names, parts, document: pieces };
}

/** w:vMerge of a cell: continuing the one above ("^" in the source), or starting a merge the cell below continues. */
function verticalMerge(rows: Extract<PubBlock, { kind: 'table' }>['rows'], r: number, i: number, grid: number): string {
  if (rows[r].down?.[i]) return '<w:vMerge/>';
  return continues(rows[r + 1], grid) ? '<w:vMerge w:val="restart"/>' : '';
}

/** The grid columns a table row fills: its cells, a merged cell counting for the columns it spans. */
function gridColumns(row: { cells: unknown[]; spans?: number[] }): number {
  return row.spans ? row.spans.reduce((a, n) => a + n, 0) : row.cells.length;
}

/** Column widths in twips: the table look's (cm), else the text width shared equally. */
function columnWidths(look: TableLook | undefined, columns: number, textWidth: number): number[] {
  const cm = look?.widths?.split(/\s+/).map(Number) ?? [];
  return Array.from({ length: columns }, (_, i) => (cm[i] ? Math.round(cm[i]! * 567) : Math.floor(textWidth / columns)));
}

/** Every paragraph of the publication's sections, table cells included, in document order (where footnotes are cited). */
function* sectionParagraphs(pub: Publication): Generator<Para> {
  for (const s of pub.sections) {
    for (const b of s.blocks) {
      if (b.kind === 'p') yield b;
      else if (b.kind === 'table') for (const row of b.rows) for (const cell of row.cells) yield* cell;
    }
  }
}

/** Footnote number → the mark of its own its reference prints (fixed texts' footnotes: in paragraphs and table cells of the front matter). */
function footnoteMarks(pub: Publication): Map<number, string> {
  const marks = new Map<number, string>();
  for (const p of sectionParagraphs(pub)) for (const r of p.runs) if (r.footnote && r.footnoteMark) marks.set(r.footnote, r.footnoteMark);
  return marks;
}

/** Footnote indexes (0-based) in the order the publication's paragraphs cite them, then any not cited. */
function footnoteOrder(pub: Publication): number[] {
  const order: number[] = [];
  const seen = new Set<number>();
  for (const p of sectionParagraphs(pub)) for (const r of p.runs) if (r.footnote && !seen.has(r.footnote)) { seen.add(r.footnote); order.push(r.footnote - 1); }
  pub.footnotes.forEach((_, i) => { if (!seen.has(i + 1)) order.push(i); });
  return order.filter((i) => i >= 0 && i < pub.footnotes.length);
}

/** The table's rules: a full single grid unless the look says none, or only a frame round it. */
function tableBorders(look: TableLook | undefined): string {
  const rule = (kind: string) => (side: string) => `<w:${side} w:val="${kind}" w:sz="${kind === 'none' ? 0 : kind === 'double' ? 6 : 4}" w:space="0" w:color="${kind === 'none' ? 'auto' : '000000'}"/>`;
  if (look?.grid !== false) return `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(rule('single')).join('')}</w:tblBorders>`;
  if (!look.frame) return '';
  return `<w:tblBorders>${['top', 'left', 'bottom', 'right'].map(rule(look.frame === 'double' ? 'double' : 'single')).join('')}${['insideH', 'insideV'].map(rule('none')).join('')}</w:tblBorders>`;
}
