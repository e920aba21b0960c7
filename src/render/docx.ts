/**
 * DOCX writer: a publication → a .docx (the `docx` package). It maps each block kind to docx objects in
 * one place and takes every style name from the profile; it decides nothing about content.
 */
import { readFileSync } from 'node:fs';
import {
  AlignmentType, Bookmark, Document, ExternalHyperlink, Footer, FootnoteReferenceRun, Header, ImageRun,
  InternalHyperlink, NumberFormat, Packer, PageBreak, PageNumber, Paragraph, Tab, TabStopType, Table,
  TableCell, TableOfContents, TableRow, TextRun, WidthType, type IParagraphStyleOptions, type ParagraphChild,
} from 'docx';
import type { Para, PubBlock, Publication, Run, StyleLook } from '../model/publication.js';

/** Word's own ids for the built-in styles we use, so ours take their place instead of doubling them. */
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

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, both: AlignmentType.JUSTIFIED } as const;
const CM = 567; // twips per centimetre

function paragraphStyle(name: string, look: StyleLook, pub: Publication): IParagraphStyleOptions {
  return {
    id: styleId(name),
    name,
    basedOn: name === 'Normal' ? undefined : 'Normal',
    next: name === 'Normal' ? undefined : 'Normal',
    quickFormat: true,
    run: {
      font: look.font ?? pub.font,
      size: Math.round((look.size ?? pub.fontSize) * 2),
      bold: look.bold,
      italics: look.italic,
      allCaps: look.caps,
    },
    paragraph: {
      alignment: look.align ? ALIGN[look.align] : undefined,
      spacing: { before: Math.round((look.before ?? 0) * 20), after: Math.round((look.after ?? 0) * 20) },
      indent: look.indent || look.hanging
        ? { left: Math.round(((look.indent ?? 0) || (look.hanging ?? 0)) * CM), hanging: look.hanging ? Math.round(look.hanging * CM) : undefined }
        : undefined,
      keepNext: look.keepNext,
      outlineLevel: look.outline ? look.outline - 1 : undefined,
    },
  };
}

/** Splits a run's text at tabs and line breaks into docx text runs. */
function textRuns(run: Run): TextRun[] {
  const base = { bold: run.bold, italics: run.italic, font: run.code ? 'Courier New' : undefined, style: run.url || run.anchor ? undefined : undefined };
  const out: TextRun[] = [];
  const lines = run.text.split('\n');
  lines.forEach((line, li) => {
    const parts = line.split('\t');
    const children: (string | Tab)[] = [];
    parts.forEach((p, pi) => {
      if (pi > 0) children.push(new Tab());
      if (p) children.push(p);
    });
    out.push(new TextRun({ ...base, break: li > 0 ? 1 : undefined, children }));
  });
  return out;
}

function paragraphChildren(runs: Run[]): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const run of runs) {
    if (run.footnote) { out.push(new FootnoteReferenceRun(run.footnote)); continue; }
    const trs = textRuns(run);
    if (run.anchor) out.push(new InternalHyperlink({ anchor: run.anchor, children: trs }));
    else if (run.url) out.push(new ExternalHyperlink({ link: run.url, children: trs }));
    else out.push(...trs);
  }
  return out;
}

function imageSize(data: Buffer): { width: number; height: number; type: 'png' | 'jpg' | 'gif' | 'bmp' } {
  if (data.subarray(1, 4).toString('latin1') === 'PNG') return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), type: 'png' };
  if (data.subarray(0, 3).toString('latin1') === 'GIF') return { width: data.readUInt16LE(6), height: data.readUInt16LE(8), type: 'gif' };
  if (data[0] === 0xff && data[1] === 0xd8) {
    let i = 2;
    while (i < data.length) {
      const marker = data[i + 1];
      const len = data.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7), type: 'jpg' };
      }
      i += 2 + len;
    }
    return { width: 400, height: 300, type: 'jpg' };
  }
  return { width: 400, height: 300, type: 'bmp' };
}

export interface DocxOptions {
  /** Read image files; the default reads from disk (cached per build). */
  readImage?: (path: string) => Buffer;
}

export function publicationToDocument(pub: Publication, options: DocxOptions = {}): Document {
  const style = (role: string) => styleId(pub.roles[role] ?? pub.roles.body ?? 'Normal');
  const images = new Map<string, Buffer>();
  const readImage = options.readImage ?? ((p: string) => readFileSync(p));
  const para = (p: Para, extra: { pageBreakBefore?: boolean } = {}) => {
    let children = paragraphChildren(p.runs);
    if (p.bookmark) children = [new Bookmark({ id: p.bookmark, children }) as unknown as ParagraphChild];
    const look = pub.styles[pub.roles[p.role] ?? ''];
    return new Paragraph({ style: style(p.role), children, pageBreakBefore: extra.pageBreakBefore ?? look?.pageBreakBefore });
  };
  const blocks = (list: PubBlock[]) => {
    const out: (Paragraph | Table | TableOfContents)[] = [];
    for (const b of list) {
      switch (b.kind) {
        case 'p':
          out.push(para(b));
          break;
        case 'pagebreak':
          out.push(new Paragraph({ children: [new PageBreak()] }));
          break;
        case 'toc':
          out.push(new TableOfContents('Contents', {
            hyperlink: true,
            headingStyleRange: `1-${Math.max(...pub.toc.map((t) => t.level), 1)}`,
            cachedEntries: pub.toc.map((t) => ({ title: t.text, level: t.level, href: t.bookmark })),
          }));
          break;
        case 'image': {
          let data = images.get(b.path);
          if (!data) { data = readImage(b.path); images.set(b.path, data); }
          const size = imageSize(data);
          const maxWidth = 600; // pixels at 96 dpi ≈ 15.9 cm, the text width of an A4 page
          const scale = Math.min(1, maxWidth / size.width);
          out.push(new Paragraph({
            style: style(b.role),
            children: [new ImageRun({ type: size.type, data, transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) }, altText: { name: b.alt || 'figure', description: b.alt, title: b.alt } } as ConstructorParameters<typeof ImageRun>[0])],
          }));
          break;
        }
        case 'table':
          out.push(new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: b.rows.map((r) => new TableRow({
              tableHeader: r.header,
              cantSplit: true,
              children: r.cells.map((c) => new TableCell({ children: c.length ? c.map((p) => para(p)) : [new Paragraph('')] })),
            })),
          }));
          break;
      }
    }
    return out;
  };
  const footerParagraph = (text: string | undefined, numbers: boolean) => new Paragraph({
    style: styleId('Normal'),
    tabStops: [{ type: TabStopType.RIGHT, position: 9638 }],
    children: [new TextRun({ text: text ?? '' }), ...(numbers ? [new TextRun({ children: [new Tab(), PageNumber.CURRENT] })] : [])],
  });
  const used = new Set(Object.values(pub.roles));
  const paragraphStyles = Object.entries(pub.styles).filter(([name]) => used.has(name) || name === 'Normal').map(([name, look]) => paragraphStyle(name, look, pub));
  for (const name of used) if (!pub.styles[name]) paragraphStyles.push(paragraphStyle(name, {}, pub));
  return new Document({
    creator: 'commontext',
    title: pub.title,
    description: `${pub.label} publication built by commontext`,
    features: { updateFields: true },
    styles: { paragraphStyles },
    footnotes: Object.fromEntries(pub.footnotes.map((paras, i) => [i + 1, { children: paras.length ? paras.map((p) => para(p)) : [new Paragraph('')] }])),
    sections: pub.sections.map((s) => ({
      properties: {
        page: {
          size: { width: 11906, height: 16838 },
          margin: { top: 1134, bottom: 1134, left: 1134, right: 1134, header: 567, footer: 567 },
          pageNumbers: s.pageNumbers === 'none' ? undefined : { start: 1, formatType: s.pageNumbers === 'lower-roman' ? NumberFormat.LOWER_ROMAN : NumberFormat.DECIMAL },
        },
      },
      headers: { default: new Header({ children: [new Paragraph({ style: styleId('Normal'), alignment: AlignmentType.RIGHT, children: [new TextRun(s.header ?? '')] })] }) },
      footers: { default: new Footer({ children: [footerParagraph(s.footer, s.pageNumbers !== 'none')] }) },
      children: blocks(s.blocks),
    })),
  });
}

export async function renderDocx(pub: Publication, options: DocxOptions = {}): Promise<Uint8Array> {
  return Packer.toBuffer(publicationToDocument(pub, options));
}
