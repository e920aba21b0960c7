/**
 * readDocx: any .docx (Word, LibreOffice, docx.js) -> ReadDocument, the text model the checker
 * and the build tests compare. Parts are located through the package relationships, not by fixed
 * names, because LibreOffice and other writers name them differently.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DocxReadError } from './errors.js';
import { DEFAULT_LIMITS, listZip, readEntry, type ZipEntry, type ZipLimits } from './zip.js';
import { decodeXml, XmlScanner, Tok } from './xml.js';
import { invisibleStyle, Numbering, parseNumbering, parseStyles, type NumberingDefs, type StyleInfo } from './numbering.js';
import { blockText, walkPart, type SectionRefs, type WalkResult } from './walk.js';
import type { HeaderFooterKind, ReadBlock, ReadDocument, ReadOptions, ReadParagraph, ReadSection } from './types.js';
import { plural } from '../util/plural.js';

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
      regularFile(input);
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
      regularFile(input);
      buf = await readFile(input);
    } catch (err) {
      throw fileError(input, err);
    }
    return parse(buf, options);
  }
  return parse(input, options);
}

/** The largest file read (200 MB): no publication comes near it; a bigger one is not a normal .docx. */
export const MAX_FILE_SIZE = 200 * 1000 * 1000;

/**
 * Only a regular file of a sane size is read, and this is known before it is opened: a pipe (FIFO)
 * would block forever, /dev/zero would fill the memory.
 */
function regularFile(path: string): void {
  const st = statSync(path);
  if (st.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
  if (!st.isFile()) throw new DocxReadError('not-file', 'this is not a regular file (a pipe or device); give a .docx file', path);
  if (st.size > MAX_FILE_SIZE) {
    throw new DocxReadError('too-large', `the file is ${Math.round(st.size / 1e6)} MB, more than the 200 MB limit; this is not a normal .docx (a 1500-page publication is a few MB)`, path);
  }
}

function fileError(path: string, err: unknown): DocxReadError {
  if (err instanceof DocxReadError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return new DocxReadError('not-found', 'file not found', path);
  if (code === 'EISDIR') return new DocxReadError('not-found', 'this is a folder, not a .docx file', path);
  if (code === 'EACCES') return new DocxReadError('not-found', 'cannot be read: permission denied', path);
  return new DocxReadError('not-found', `cannot be read: ${(err as Error).message}`, path);
}

/** What reading any part of the document needs: the package, the main part's relationships, styles and numbering. */
interface MainPart {
  /** The decoded text of a part of the package, or undefined when there is no such part. */
  get(name: string): string | undefined;
  /** The main part's folder ('word/'), against which its relationship targets resolve. */
  dir: string;
  rels: Map<string, Rel>;
  styles: Map<string, StyleInfo>;
  numDefs: NumberingDefs;
}

function parse(buf: Uint8Array, options: ReadOptions): ReadDocument {
  const entries = listZip(buf, zipLimits(options));
  const warnings: string[] = [];
  const get = (name: string): string | undefined => {
    const e: ZipEntry | undefined = entries.get(name);
    return e ? decodeXml(readEntry(buf, e)) : undefined;
  };
  if (entries.has('EncryptionInfo') || entries.has('EncryptedPackage')) {
    throw new DocxReadError('encrypted', 'this document is password-protected (encrypted); remove the password in Word and save it again as .docx');
  }
  const mainName = mainPartName(entries, get);
  const docXml = get(mainName);
  if (docXml === undefined) throw notAWordDocument(entries);
  const main = openMainPart(mainName, get);

  const body = walkPart(docXml, main.styles, new Numbering(main.numDefs, main.styles), !!options.sourcePositions, mainName);
  const sections = readSections(main, body.sections, warnings);
  const notes = readNotes(main);
  const blocks = body.roots.find((r) => r.name === 'w:body')?.blocks ?? [];
  attachFootnotes(blocks, notes.footnotes);
  resolveImages(blocks, main);
  const comments = readComments(main);
  blankInvisible(blocks, main.styles, warnings);

  const styleNames: Record<string, string> = {};
  for (const [id, st] of main.styles) styleNames[id] = st.name;
  const insertions = body.insertions + notes.insertions;
  const deletions = body.deletions + notes.deletions;
  if (insertions || deletions) {
    warnings.push(`the document contains tracked changes (${plural(insertions, 'insertion')}, ${plural(deletions, 'deletion')}); they were read as accepted`);
  }
  return {
    body: blocks,
    sections,
    footnotes: notes.footnotes,
    comments,
    trackedChanges: { insertions, deletions },
    styles: styleNames,
    warnings,
  };
}

/** Paragraphs printed invisibly (their style hides them, or prints them white): read as empty, and said. */
function blankInvisible(blocks: ReadBlock[], styles: Map<string, StyleInfo>, warnings: string[]): void {
  const blanked: ReadParagraph[] = [];
  const invisible = new Map<string, boolean>();
  const isInvisible = (id: string) => invisible.get(id) ?? invisible.set(id, invisibleStyle(styles, id)).get(id)!;
  for (const b of blocks) {
    if (b.kind !== 'paragraph' || !b.text.trim() || !isInvisible(b.styleId)) continue;
    b.invisible = b.text;
    b.text = '';
    delete b.numberText;
    blanked.push(b);
  }
  if (!blanked.length) return;
  const quoted = blanked.slice(0, 3).map((b) => `"${b.invisible!.trim()}" (style "${b.style}")`).join(', ');
  warnings.push(`${plural(blanked.length, 'paragraph')} printed invisibly (hidden, or white text) ${blanked.length === 1 ? 'was' : 'were'} read as empty: ${quoted}${blanked.length > 3 ? ', …' : ''}`);
}

function zipLimits(options: ReadOptions): ZipLimits {
  return {
    maxEntries: options.maxEntries ?? DEFAULT_LIMITS.maxEntries,
    maxTotalSize: options.maxTotalSize ?? DEFAULT_LIMITS.maxTotalSize,
    maxEntrySize: options.maxEntrySize ?? DEFAULT_LIMITS.maxEntrySize,
  };
}

/** The main part: from the package relationships, falling back to the usual name. */
function mainPartName(entries: Map<string, ZipEntry>, get: MainPart['get']): string {
  let main = 'word/document.xml';
  const pkgRels = parseRels(get('_rels/.rels'));
  for (const r of pkgRels.values()) {
    if (r.type.endsWith('/officeDocument')) main = resolve('', r.target);
  }
  return entries.has(main) ? main : 'word/document.xml';
}

function notAWordDocument(entries: Map<string, ZipEntry>): DocxReadError {
  const names = [...entries.keys()];
  const what = names.some((n) => n.startsWith('xl/'))
    ? ' (it looks like an Excel workbook)'
    : names.some((n) => n.startsWith('ppt/'))
      ? ' (it looks like a PowerPoint presentation)'
      : '';
  return new DocxReadError('no-document', `this zip file is not a Word document: it has no word/document.xml${what}`);
}

function openMainPart(name: string, get: MainPart['get']): MainPart {
  const dir = name.slice(0, name.lastIndexOf('/') + 1);
  const rels = parseRels(get(relsPathFor(name)));
  const stylesPart = partOf({ rels, dir }, '/styles');
  const { styles } = parseStyles(stylesPart ? get(stylesPart) : get(`${dir}styles.xml`));
  const numberingPart = partOf({ rels, dir }, '/numbering');
  return { get, dir, rels, styles, numDefs: parseNumbering(numberingPart ? get(numberingPart) : undefined) };
}

/** The first internal part related to the main part with a type ending in `suffix` ('/styles'). */
function partOf(main: Pick<MainPart, 'rels' | 'dir'>, suffix: string): string | undefined {
  for (const r of main.rels.values()) if (!r.external && r.type.endsWith(suffix)) return resolve(main.dir, r.target);
  return undefined;
}

/** A part other than the body (header, footer, notes, comments), with its own numbering counters. */
function walkOtherPart(main: MainPart, xml: string, part: string): WalkResult {
  return walkPart(xml, main.styles, new Numbering(main.numDefs, main.styles), false, part);
}

/** Headers and footers, per section, inherited from the previous section when not given. */
function readSections(main: MainPart, refs: SectionRefs[], warnings: string[]): ReadSection[] {
  const cache = new Map<string, string | undefined>();
  const text = (rid: string | undefined): string | undefined => {
    if (!rid) return undefined;
    if (!cache.has(rid)) cache.set(rid, headerFooterText(main, rid, warnings));
    return cache.get(rid);
  };
  const kinds: HeaderFooterKind[] = ['default', 'first', 'even'];
  const sections: ReadSection[] = [];
  let prev: SectionRefs = { headers: {}, footers: {} };
  for (const sec of refs) {
    const merged: SectionRefs = {
      headers: { ...prev.headers, ...sec.headers },
      footers: { ...prev.footers, ...sec.footers },
    };
    const out: ReadSection = {
      headers: { default: undefined, first: undefined, even: undefined },
      footers: { default: undefined, first: undefined, even: undefined },
    };
    for (const k of kinds) {
      out.headers[k] = text(merged.headers[k]);
      out.footers[k] = text(merged.footers[k]);
    }
    sections.push(out);
    prev = merged;
  }
  return sections;
}

function headerFooterText(main: MainPart, rid: string, warnings: string[]): string | undefined {
  const r = main.rels.get(rid);
  if (!r || r.external) return undefined;
  const part = resolve(main.dir, r.target);
  const xml = main.get(part);
  if (xml === undefined) {
    warnings.push(`header/footer part ${r.target} is missing`);
    return undefined;
  }
  return walkOtherPart(main, xml, part).roots.map((x) => blocksText(x.blocks)).join('\n');
}

/** Footnotes and endnotes (as 'endnote-N'), without the separators, and their tracked changes. */
function readNotes(main: MainPart): { footnotes: Record<string, string>; insertions: number; deletions: number } {
  const footnotes: Record<string, string> = {};
  let insertions = 0;
  let deletions = 0;
  for (const [suffix, prefix] of [['/footnotes', ''], ['/endnotes', 'endnote-']] as const) {
    const part = partOf(main, suffix);
    const xml = part ? main.get(part) : undefined;
    if (!xml) continue;
    const res = walkOtherPart(main, xml, part!);
    insertions += res.insertions;
    deletions += res.deletions;
    for (const r of res.roots) {
      if (r.type === 'separator' || r.type === 'continuationSeparator' || r.type === 'continuationNotice') continue;
      footnotes[prefix + (r.id ?? '')] = blocksText(r.blocks).trim();
    }
  }
  return { footnotes, insertions, deletions };
}

/** The footnote texts on the paragraphs that reference them, in table cells too. */
function attachFootnotes(blocks: ReadBlock[], footnotes: Record<string, string>): void {
  for (const b of blocks) {
    if (b.kind === 'paragraph') {
      if (b.footnotes) for (const f of b.footnotes) f.text = footnotes[f.id] ?? '';
    } else for (const row of b.rows) for (const c of row.cells) attachFootnotes(c.paragraphs, footnotes);
  }
}

/** Picture relationship ids → part names of the main part's package (an external or unknown id is dropped). */
function resolveImages(blocks: ReadBlock[], main: MainPart): void {
  for (const b of blocks) {
    if (b.kind === 'paragraph') {
      if (!b.images) continue;
      const parts = b.images.map((rid) => main.rels.get(rid)).filter((r) => r && !r.external).map((r) => resolve(main.dir, r!.target));
      if (parts.length) b.images = parts;
      else delete b.images;
    } else for (const row of b.rows) for (const c of row.cells) resolveImages(c.paragraphs, main);
  }
}

/**
 * The bytes of some parts of a package (the pictures `images` names), each checked against the
 * central directory's limits and CRC like every part readDocx reads; a name not in the package is absent.
 */
export function readDocxParts(buf: Uint8Array, names: readonly string[], options: ReadOptions = {}): Map<string, Uint8Array> {
  const entries = listZip(buf, zipLimits(options));
  const out = new Map<string, Uint8Array>();
  for (const n of names) {
    const e = entries.get(n);
    if (e) out.set(n, readEntry(buf, e));
  }
  return out;
}

function readComments(main: MainPart): ReadDocument['comments'] {
  const comments: ReadDocument['comments'] = [];
  const part = partOf(main, '/comments');
  const xml = part ? main.get(part) : undefined;
  if (xml) {
    const res = walkOtherPart(main, xml, part!);
    for (const r of res.roots) comments.push({ id: r.id ?? '', author: r.author, text: blocksText(r.blocks).trim() });
  }
  return comments;
}
