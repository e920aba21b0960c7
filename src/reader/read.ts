/**
 * readDocx: any .docx (Word, LibreOffice, docx.js) -> ReadDocument, the text model the checker
 * and the build tests compare. Parts are located through the package relationships, not by fixed
 * names, because LibreOffice and other writers name them differently.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DocxReadError } from './errors.js';
import { DEFAULT_LIMITS, listZip, readEntry, type ZipEntry } from './zip.js';
import { decodeXml, XmlScanner, Tok } from './xml.js';
import { Numbering, parseNumbering, parseStyles } from './numbering.js';
import { blockText, walkPart, type SectionRefs } from './walk.js';
import type { HeaderFooterKind, ReadDocument, ReadOptions, ReadSection } from './types.js';

interface Rel {
  type: string;
  target: string;
  external: boolean;
}

function parseRels(xml: string | undefined): Map<string, Rel> {
  const rels = new Map<string, Rel>();
  if (!xml) return rels;
  const s = new XmlScanner(xml);
  for (let t = s.next(); t !== Tok.End; t = s.next()) {
    if (t === Tok.Open && (s.name === 'Relationship' || s.name.endsWith(':Relationship'))) {
      rels.set(s.attr('Id') ?? '', {
        type: s.attr('Type') ?? '',
        target: s.attr('Target') ?? '',
        external: s.attr('TargetMode') === 'External',
      });
    }
  }
  return rels;
}

/** Resolve a relationship target against the folder of the part that owns it. */
function resolve(baseDir: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : baseDir + target;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

function relsPathFor(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function blocksText(blocks: { kind: string }[]): string {
  return (blocks as Parameters<typeof blockText>[0][]).map(blockText).join('\n');
}

export function readDocxSync(input: Uint8Array | string, options: ReadOptions = {}): ReadDocument {
  let buf: Uint8Array;
  if (typeof input === 'string') {
    try {
      buf = readFileSync(input);
    } catch (err) {
      throw fileError(input, err);
    }
  } else buf = input;
  return parse(buf, options);
}

export async function readDocx(input: Uint8Array | string, options: ReadOptions = {}): Promise<ReadDocument> {
  if (typeof input === 'string') {
    let buf: Uint8Array;
    try {
      buf = await readFile(input);
    } catch (err) {
      throw fileError(input, err);
    }
    return parse(buf, options);
  }
  return parse(input, options);
}

function fileError(path: string, err: unknown): DocxReadError {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return new DocxReadError('not-found', `file not found: ${path}`);
  if (code === 'EISDIR') return new DocxReadError('not-found', `${path} is a folder, not a .docx file`);
  if (code === 'EACCES') return new DocxReadError('not-found', `cannot read ${path}: permission denied`);
  return new DocxReadError('not-found', `cannot read ${path}: ${(err as Error).message}`);
}

function parse(buf: Uint8Array, options: ReadOptions): ReadDocument {
  const limits = {
    maxEntries: options.maxEntries ?? DEFAULT_LIMITS.maxEntries,
    maxTotalSize: options.maxTotalSize ?? DEFAULT_LIMITS.maxTotalSize,
    maxEntrySize: options.maxEntrySize ?? DEFAULT_LIMITS.maxEntrySize,
  };
  const entries = listZip(buf, limits);
  const warnings: string[] = [];
  const get = (name: string): string | undefined => {
    const e: ZipEntry | undefined = entries.get(name);
    return e ? decodeXml(readEntry(buf, e)) : undefined;
  };

  if (entries.has('EncryptionInfo') || entries.has('EncryptedPackage')) {
    throw new DocxReadError('encrypted', 'this document is password-protected (encrypted); remove the password in Word and save it again as .docx');
  }

  // Main part: from the package relationships, falling back to the usual name.
  let main = 'word/document.xml';
  const pkgRels = parseRels(get('_rels/.rels'));
  for (const r of pkgRels.values()) {
    if (r.type.endsWith('/officeDocument')) main = resolve('', r.target);
  }
  if (!entries.has(main)) main = 'word/document.xml';
  const docXml = get(main);
  if (docXml === undefined) {
    const names = [...entries.keys()];
    const what = names.some((n) => n.startsWith('xl/'))
      ? ' (it looks like an Excel workbook)'
      : names.some((n) => n.startsWith('ppt/'))
        ? ' (it looks like a PowerPoint presentation)'
        : '';
    throw new DocxReadError('no-document', `this zip file is not a Word document: it has no word/document.xml${what}`);
  }
  const dir = main.slice(0, main.lastIndexOf('/') + 1);
  const rels = parseRels(get(relsPathFor(main)));
  const partOf = (suffix: string): string | undefined => {
    for (const r of rels.values()) if (!r.external && r.type.endsWith(suffix)) return resolve(dir, r.target);
    return undefined;
  };
  const stylesPart = partOf('/styles');
  const { styles } = parseStyles(stylesPart ? get(stylesPart) : get(`${dir}styles.xml`));
  const numberingPart = partOf('/numbering');
  const numDefs = parseNumbering(numberingPart ? get(numberingPart) : undefined);

  // Body
  const body = walkPart(docXml, styles, new Numbering(numDefs, styles), !!options.sourcePositions);
  const bodyRoot = body.roots.find((r) => r.name === 'w:body');
  let insertions = body.insertions;
  let deletions = body.deletions;

  // Headers and footers, per section, inherited from the previous section when not given.
  const hfCache = new Map<string, string | undefined>();
  const hfText = (rid: string | undefined): string | undefined => {
    if (!rid) return undefined;
    if (hfCache.has(rid)) return hfCache.get(rid);
    const r = rels.get(rid);
    let text: string | undefined;
    if (r && !r.external) {
      const xml = get(resolve(dir, r.target));
      if (xml !== undefined) {
        const res = walkPart(xml, styles, new Numbering(numDefs, styles));
        text = res.roots.map((x) => blocksText(x.blocks)).join('\n');
      } else warnings.push(`header/footer part ${r.target} is missing`);
    }
    hfCache.set(rid, text);
    return text;
  };
  const kinds: HeaderFooterKind[] = ['default', 'first', 'even'];
  const sections: ReadSection[] = [];
  let prev: SectionRefs = { headers: {}, footers: {} };
  for (const sec of body.sections) {
    const merged: SectionRefs = {
      headers: { ...prev.headers, ...sec.headers },
      footers: { ...prev.footers, ...sec.footers },
    };
    const out: ReadSection = {
      headers: { default: undefined, first: undefined, even: undefined },
      footers: { default: undefined, first: undefined, even: undefined },
    };
    for (const k of kinds) {
      out.headers[k] = hfText(merged.headers[k]);
      out.footers[k] = hfText(merged.footers[k]);
    }
    sections.push(out);
    prev = merged;
  }

  // Footnotes and endnotes
  const footnotes: Record<string, string> = {};
  for (const [suffix, prefix] of [['/footnotes', ''], ['/endnotes', 'endnote-']] as const) {
    const part = partOf(suffix);
    const xml = part ? get(part) : undefined;
    if (!xml) continue;
    const res = walkPart(xml, styles, new Numbering(numDefs, styles));
    insertions += res.insertions;
    deletions += res.deletions;
    for (const r of res.roots) {
      if (r.type === 'separator' || r.type === 'continuationSeparator' || r.type === 'continuationNotice') continue;
      footnotes[prefix + (r.id ?? '')] = blocksText(r.blocks).trim();
    }
  }
  // Attach footnote texts to the paragraphs that reference them.
  const attach = (blocks: typeof bodyRoot extends undefined ? never : NonNullable<typeof bodyRoot>['blocks']) => {
    for (const b of blocks) {
      if (b.kind === 'paragraph') {
        if (b.footnotes) for (const f of b.footnotes) f.text = footnotes[f.id] ?? '';
      } else for (const row of b.rows) for (const c of row.cells) attach(c.paragraphs);
    }
  };
  const blocks = bodyRoot?.blocks ?? [];
  attach(blocks);

  // Comments
  const comments: ReadDocument['comments'] = [];
  const commentsPart = partOf('/comments');
  const cXml = commentsPart ? get(commentsPart) : undefined;
  if (cXml) {
    const res = walkPart(cXml, styles, new Numbering(numDefs, styles));
    for (const r of res.roots) comments.push({ id: r.id ?? '', author: r.author, text: blocksText(r.blocks).trim() });
  }

  const styleNames: Record<string, string> = {};
  for (const [id, st] of styles) styleNames[id] = st.name;
  if (insertions || deletions) {
    warnings.push(`the document contains tracked changes (${insertions} insertions, ${deletions} deletions); they were read as accepted`);
  }
  return {
    body: blocks,
    sections,
    footnotes,
    comments,
    trackedChanges: { insertions, deletions },
    styles: styleNames,
    warnings,
  };
}
