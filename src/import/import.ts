/**
 * import: a published Word file → a commontext source, in small named steps:
 *   read (src/reader) → segment (src/check/segment.ts, the structure check compares) →
 *   recognise the front matter (front.ts) → the references registry (references.ts) →
 *   the body (body.ts) → mdast + YAML front matter → Markdown (markdown.ts) → the report (report.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { readDocxParts, readDocxSync, DocxReadError, type ReadDocument } from '../reader/index.js';
import { segment, type Clause, type Segmented } from '../check/segment.js';
import { DiagnosticError, problem } from '../util/diagnostics.js';
import type { ReferenceEntry } from '../source/metadata.js';
import { recogniseFront, type FrontMatter } from './front.js';
import { citationsOf, parseReference, registryData, reprints } from './references.js';
import { InlineConverter } from './inline.js';
import { collectTargets } from './targets.js';
import { authorAnchors, oneSideAnchors } from './bookmarks.js';
import { clauseHeading, placeAnchors, PLACEHOLDER, type BodyContext, type Picture } from './body.js';
import { writeMarkdown } from './markdown.js';
import { shouldSplit, splitSource, type SplitMode } from './split.js';
import { ImportReport } from './report.js';
import { bibliographyEntries } from './bibliography.js';
import { titleBlockWording, unwrittenTitleBlockLines, withoutTitleBlock } from './titleblock.js';
import { bodyTemplatesFile, obligationLine, obligationWording } from './wording.js';
import { splitTypedHeadings } from './textheadings.js';
import { planSides, sidedContent, container, fromIso, type SidePlan } from './sides.js';
import { isoBlock, PLACEHOLDER_DESIGNATION, recogniseIsoFront, type IsoFront } from './iso.js';

export interface ImportedSource {
  /** The source's file name ('X.500.md'). */
  name: string;
  markdown: string;
  /** Pictures: path relative to the source → bytes. */
  figures: { file: string; data: Uint8Array }[];
  /** Templates of the source's own (relative path → text): the body title block as printed, when it differs. */
  templates: { file: string; data: string }[];
  report: ImportReport;
  front: FrontMatter;
  doc: ReadDocument;
  segmented: Segmented;
  /** The ISO/IEC publication given with --iso. */
  iso?: IsoInput;
  /** Files the main one includes (the text split per top-level clause): path relative to it → text. */
  parts: { file: string; data: string }[];
}


/** A 1×1 transparent PNG: the placeholder of a picture the build cannot embed (EMF, WMF). */
const BLANK_PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));

/** Reads the file; a file that is not a usable DOCX is a DiagnosticError naming it (as check reports it). */
export function readPublication(file: string): ReadDocument {
  try {
    return readDocxSync(file);
  } catch (e) {
    if (e instanceof DocxReadError) throw new DiagnosticError([problem(file, `import-${e.code}`, e.message.replace(/^[^:]*\.docx: /, ''), 'give the published Word file (.docx) of the Recommendation')]);
    throw e;
  }
}

function noClauses(file: string): DiagnosticError {
  return new DiagnosticError([problem(file, 'import-no-clauses', 'no numbered clause was found (no heading "1 Scope" or similar in a heading style)', 'give the Word file of a published Recommendation | International Standard')]);
}

/** The ISO/IEC publication of the same text (import --iso), read and segmented. */
export interface IsoInput {
  file: string;
  doc: ReadDocument;
}

export interface ImportOptions {
  /** The ISO/IEC publication (import --iso). */
  iso?: IsoInput;
  /** One file per top-level clause: when the text is long (auto, the default), always or never (split.ts). */
  split?: SplitMode;
}

export function importDocx(file: string, doc: ReadDocument, progress: (s: string) => void = () => {}, options: ImportOptions = {}): ImportedSource {
  const isoInput = options.iso;
  const report = new ImportReport();
  const segmented = segment(doc);
  if (!segmented.body.some((c) => /^\d/.test(c.number))) throw noClauses(file);
  const split = splitTypedHeadings(segmented.body);
  const seg: Segmented = { ...segmented, body: split.clauses };
  progress(`segmented: ${seg.body.length} clauses`);
  const front = recogniseFront(doc, seg.bodyStart, report);
  const iso = isoInput ? isoSide(isoInput, front, report) : undefined;
  const refs = normativeReferences(seg.body, report);
  const biblio = seg.body.find((c) => !c.number && c.level === 1 && /^bibliography$/i.test(c.title.trim()));
  // the Bibliography is generated from tagged entries, else written as it stands (spec: authored when no entry is non-normative)
  const biblioEntries = biblio ? bibliographyEntries(biblio, report) : undefined;
  if (biblio && biblioEntries) refs.entries.push(...biblioEntries);
  const ids = collectTargets([...seg.introduction, ...seg.body]);
  authorAnchors(ids, doc, [...seg.introduction, ...seg.body]);
  const ctx: BodyContext = {
    doc, report, ids, footnotes: [], pictures: [], anchors: [],
    inline: new InlineConverter(ids.targets, citationsOf(refs.entries)),
    generated: refs.generated,
    captions: { prefix: '', table: 0, figure: 0 },
  };
  const children: RootContent[] = [{ type: 'yaml', value: '' }];
  if (front.summary.length) {
    children.push({ type: 'heading', depth: 1, children: [{ type: 'text', value: 'Summary {.summary}' }] });
    for (const s of front.summary) children.push({ type: 'paragraph', children: ctx.inline.convert(s) });
  }
  const plan = iso && planSides(seg, iso.segmented, iso.input.doc, { itu: `Rec. ITU-T ${front.itu.number}`, iso: iso.front.designation ?? path.basename(iso.input.file) }, report);
  if (plan) plan.inline = new InlineConverter({ byLabel: new Map(), used: new Set() }, citationsOf(refs.entries));
  if (plan) oneSideAnchors(ids, plan.doc, [...plan.isoClauses.values()].flat(2), [...[...plan.inserts.values()].flat().flatMap((i) => i.units), ...plan.changed.values()]);
  if (plan) progress(`compared with the ISO/IEC publication: ${plan.ituClauses.size + plan.ituOnly.size} ITU-T-only and ${[...plan.isoClauses.values()].flat().length + [...plan.inserts.values()].flat().length} ISO/IEC-only parts, ${plan.changed.size} worded otherwise`);
  children.push(...introduction(seg, ctx, plan), ...bodyClauses(seg, doc, ctx, { refsClause: refs.clause, biblio: biblioEntries ? biblio : undefined, typed: split.typed }, plan));
  if (plan) reportSides(children, report);
  progress('body converted');
  clampHeadings(children, report);
  placeAnchors(ctx);
  children.push(...ctx.footnotes);
  const designation = front.iso?.designation ?? iso?.front.designation ?? PLACEHOLDER_DESIGNATION;
  const titleBlock = ownBodyTemplates(seg, doc, front, designation, report);
  children[0] = { type: 'yaml', value: frontYaml(front, refs.entries, !!titleBlock, withoutTitleBlock(seg), iso && { front: iso.front, file: path.basename(iso.input.file) }) };
  const whole = writeMarkdown({ type: 'root', children } as Root);
  const { markdown, parts } = shouldSplit(options.split ?? 'auto', whole, children) ? splitSource(children) : { markdown: whole, parts: [] };
  progress(parts.length ? `Markdown written: the main file and ${parts.length} included files` : 'Markdown written');
  const figures = [...pictureFiles(file, ctx.pictures.filter((p) => !plan?.pictures.has(p))), ...(plan ? pictureFiles(iso.input.file, [...plan.pictures]) : [])];
  progress(`${figures.length} pictures extracted`);
  const templates = titleBlock ? [{ file: 'templates/common/body.yaml', data: titleBlock }] : [];
  return { name: `${front.itu.number || path.basename(file, path.extname(file))}.md`, markdown, figures, templates, report, front, doc, segmented: seg, iso: iso?.input, parts };
}

/** The source's own templates/common/body.yaml (title block, obligation lines printed otherwise than the bundled wording), or undefined. */
function ownBodyTemplates(seg: Segmented, doc: ReadDocument, front: FrontMatter, designation: string, report: ImportReport): string | undefined {
  const titleBlock = titleBlockWording(seg, doc, front, designation);
  if (titleBlock) report.add('fixed-text', 'title block', `the body title block is printed otherwise than the bundled wording: kept in templates/common/body.yaml (${Object.keys(titleBlock).join(', ')})`);
  for (const b of doc.body) if (b.kind === 'paragraph' && b.invisible) report.add('not-reproducible', 'body', `a paragraph printed invisibly (hidden, or white text, in the style "${b.style}"): not imported; a reader of the original sees nothing there`, b.invisible.trim());
  for (const [style, text] of unwrittenTitleBlockLines(seg, doc)) report.add('not-reproducible', 'title block', `a paragraph of the title block in the style "${style}" that no build writes (the title block has two lines and the title; an invisible carrier of a running header?)`, text);
  const obligations = obligationWording(seg.body, report);
  for (const [key, line] of Object.entries(obligations)) report.add('fixed-text', 'annexes', `the annexes' obligation line is printed otherwise than the bundled wording: kept in templates/common/body.yaml (${key})`, line);
  return bodyTemplatesFile({ ...titleBlock, ...obligations });
}

/** The ISO/IEC publication's front matter; one of another text (another designation) is refused. */
function isoSide(input: IsoInput, front: FrontMatter, report: ImportReport): { input: IsoInput; front: IsoFront; segmented: Segmented } {
  const segmented = segment(input.doc);
  if (!segmented.body.some((c) => /^\d/.test(c.number))) throw noClauses(input.file);
  const iso = recogniseIsoFront(input.doc, segmented, report);
  if (front.iso && iso.designation && iso.designation !== front.iso.designation) {
    throw new DiagnosticError([problem(input.file, 'import-iso-mismatch', `this ISO/IEC publication is ${iso.designation}, but the ITU-T file's title block names ${front.iso.designation}`, 'give the ISO/IEC publication of the same text with --iso')]);
  }
  return { input, front: iso, segmented };
}

function pictureFiles(file: string, pictures: Picture[]): { file: string; data: Uint8Array }[] {
  if (!pictures.length) return [];
  const parts = readDocxParts(new Uint8Array(readFileSync(file)), pictures.map((p) => p.part));
  parts.set(PLACEHOLDER, BLANK_PNG);
  return pictures.filter((p) => parts.has(p.part)).map((p) => ({ file: p.file, data: parts.get(p.part)! }));
}

/** Each one-side block is a prompt: its reason is the editor's to give. Where: under the heading before it. */
function reportSides(children: RootContent[], report: ImportReport): void {
  let under = '';
  for (const n of children) {
    if (n.type === 'heading') under = toString(n).replace(/\s*\{[^}]*\}$/, '');
    if (n.type !== 'containerDirective' || (n.name !== 'itu' && n.name !== 'iso')) continue;
    const where = `${n.name === 'itu' ? 'ITU-T only' : 'ISO/IEC only'}${under ? ` (under "${under}")` : ''}`;
    report.add('prompt', where, `a :::${n.name} block (text only one publication has): give its reason`, toString(n.children[0]));
  }
}

/** The Introduction: "0 Introduction" with subclauses 0.1 … as {.introduction number="0"} and numbered subclauses, else unnumbered. */
function introduction(seg: Segmented, ctx: BodyContext, plan?: SidePlan): RootContent[] {
  const out: RootContent[] = [];
  const zero = /^0\s/.test(seg.introduction[0]?.heading.trim() ?? '') && seg.introduction.slice(1).every((c) => /^0(\.\d+)+$/.test(c.number));
  seg.introduction.forEach((c, i) => {
    const end = seg.introduction[i + 1]?.block ?? seg.bodyStart;
    const depth = zero ? c.level : c.level + 1;
    if (i > 0) out.push(...introIso(plan, c, ctx));
    const nodes: RootContent[] = [i === 0
      ? { type: 'heading', depth: 1, children: [{ type: 'text', value: `${c.label} {.introduction${zero ? ' number="0"' : ''}}` }] }
      : clauseHeading(c, depth, ctx, zero ? [] : ['.unnumbered'])];
    nodes.push(...sidedContent(c, end, ctx, false, i === 0 ? 1 : Math.min(6, depth), plan));
    out.push(...(plan?.ituClauses.has(c) && i > 0 ? [container('itu', plan.reason.itu, nodes)] : nodes));
  });
  // ISO-only subclauses at the end of the Introduction come before the body's title block
  if (seg.introduction.length) out.push(...introIso(plan, seg.body[0], ctx));
  return out;
}

/** Unnumbered subclauses of the Introduction only the ISO/IEC text has, written before `before`. */
function introIso(plan: SidePlan | undefined, before: Clause | undefined, ctx: BodyContext): RootContent[] {
  return (plan?.isoClauses.get(before) ?? []).map((group) => container('iso', plan!.reason.iso, fromIso(plan!, ctx, (isoCtx) =>
    group.flatMap((g) => [clauseHeading(g, g.level + 1, isoCtx, ['.unnumbered']), ...sidedContent(g, plan!.ends.get(g)!, isoCtx, false, Math.min(6, g.level + 1), undefined)]))));
}

/** A heading deeper than one below the heading before it (a Word heading style skipped) is raised: the source format allows no jump. */
function clampHeadings(children: RootContent[], report: ImportReport): void {
  let prev = 0;
  for (const n of children) {
    if (n.type !== 'heading') continue;
    if (n.depth > prev + 1) {
      report.add('not-reproducible', 'headings', `a heading of level ${n.depth} under one of level ${prev} is written at level ${prev + 1}`, n.children.map((c) => ('value' in c ? c.value : '')).join(''));
      n.depth = (prev + 1) as typeof n.depth;
    }
    prev = n.depth;
  }
}

/** The heading roles the build needs: normative references, terms, annex obligation, unnumbered. */
function headingAttrs(c: Clause, refsClause: Clause | undefined, biblio: Clause | undefined): string[] {
  if (c === refsClause) return ['.normative-references'];
  if (c === biblio || (c.level === 1 && !c.number && /^bibliography$/i.test(c.title.trim()))) return ['.bibliography'];
  if (/^(Annex|Appendix) /.test(c.number)) {
    const line = obligationLine(c);
    if (line === undefined) return ['annex=unstated'];
    return [/does not form/i.test(line) ? 'annex=non-integral' : 'annex=integral'];
  }
  if (c.level === 1 && /^(terms and )?definitions$/i.test(c.title.trim())) return ['.terms'];
  // a Word heading style without a number: a clause heading printed bare (.unnumbered would be a subheading)
  if (!c.number) return ['number=""'];
  // "SECTION 1 – GENERAL": a top-level clause printed as a section, its subclauses 1.1, 1.2 …
  if (c.level === 0) return ['.section'];
  return [];
}

interface Roles {
  refsClause?: Clause;
  biblio?: Clause;
  /** Clauses whose heading the original types as a bold body paragraph ({.as-paragraph}). */
  typed?: Set<Clause>;
}

/** A clause's heading and content (the heading alone where the build generates the content). */
function clauseNodes(c: Clause, end: number, ctx: BodyContext, roles: Roles, attrs: string[], terms: boolean, plan?: SidePlan): RootContent[] {
  const annex = /^(Annex|Appendix) ([A-Z]+|[IVXL]+)/.exec(c.number);
  if (annex) ctx.captions = { prefix: `${annex[2]}.`, table: 0, figure: 0 };
  if (ctx.generated.has(c) && c !== roles.refsClause) return [];
  const out: RootContent[] = [clauseHeading(c, annex ? 1 : c.level, ctx, attrs)];
  if (c.level === 0) ctx.report.add('not-reproducible', c.label, 'a SECTION heading: the source format has no sections; imported as a clause heading');
  if (!ctx.generated.has(c) && c !== roles.biblio) out.push(...sidedContent(c, end, ctx, terms, c.level, plan));
  return out;
}

/** The clauses only the ISO/IEC publication has, written before `before` (after the last clause when undefined). */
function isoClauses(plan: SidePlan | undefined, before: Clause | undefined, ctx: BodyContext, roles: Roles): RootContent[] {
  return (plan?.isoClauses.get(before) ?? []).map((group) => container('iso', plan!.reason.iso, fromIso(plan!, ctx, (isoCtx) =>
    group.flatMap((g) => clauseNodes(g, plan!.ends.get(g)!, isoCtx, roles, headingAttrs(g, undefined, undefined), false)))));
}

function bodyClauses(seg: Segmented, doc: ReadDocument, ctx: BodyContext, roles: Roles, plan?: SidePlan): RootContent[] {
  const out: RootContent[] = [];
  const bodyEnd = doc.body.length - seg.backMatter.blocks;
  const numbers = new ClauseNumbers(ctx.report);
  let terms = false;
  for (let i = 1; i < seg.body.length; i++) {
    const c = seg.body[i];
    const end = seg.body[i + 1]?.block ?? bodyEnd;
    if (c.level <= 1) terms = false;
    const attrs = headingAttrs(c, roles.refsClause, roles.biblio);
    if (roles.typed?.has(c)) attrs.push('.as-paragraph');
    if (attrs.includes('.terms')) terms = true;
    const own = numbers.check(c);
    if (own) attrs.push(`number="${own}"`);
    out.push(...isoClauses(plan, c, ctx, roles));
    const nodes = clauseNodes(c, end, ctx, roles, attrs, terms, plan);
    const open = out[out.length - 1];
    // a clause only the ITU-T text has, with its subclauses, in one :::itu block
    if (plan?.ituClauses.has(c) && open?.type === 'containerDirective' && open.name === 'itu' && plan.ituClauses.has(seg.body[i - 1])) open.children.push(...(nodes as typeof open.children));
    else if (plan?.ituClauses.has(c)) out.push(container('itu', plan.reason.itu, nodes));
    else out.push(...nodes);
  }
  out.push(...isoClauses(plan, undefined, ctx, roles));
  return out;
}

/** The numbers a build gives the clauses in order, compared with the printed ones: a gap or a repeat cannot be rebuilt. */
class ClauseNumbers {
  private counters: number[] = [];
  private annex = 0;
  private inAnnex = false;
  constructor(private readonly report: ImportReport) {}

  /** The printed number when the build would give another one and {number=…} can keep it (a skipped number); else undefined. */
  check(c: Clause): string | undefined {
    if (!c.number) return undefined;
    if (c.level === 0) return this.section(c);
    const annex = /^(Annex|Appendix) ([A-Z]+)/.exec(c.number);
    if (annex) {
      this.inAnnex = true;
      this.annex++;
      this.counters = [0];
      const expected = String.fromCharCode(64 + this.annex);
      if (annex[2] !== expected) this.report.add('not-reproducible', c.label, `a build letters this annex ${expected}`);
      return undefined;
    }
    return this.numbered(c, c.number, c.level);
  }

  /** SECTION n counts as clause n (its subclauses are n.1, n.2 …). */
  private section(c: Clause): string | undefined {
    const n = c.number.replace(/^SECTION\s+/, '');
    if (this.numbered(c, n, 1)) this.report.add('not-reproducible', c.label, 'a SECTION whose number a build would not give');
    return undefined;
  }

  private numbered(c: Clause, number: string, depth: number): string | undefined {
    this.counters = this.counters.slice(0, depth);
    while (this.counters.length < depth) this.counters.push(0);
    this.counters[depth - 1]++;
    const generated = this.inAnnex ? [String.fromCharCode(64 + this.annex), ...this.counters.slice(1)].join('.') : this.counters.join('.');
    if (generated === number) return undefined;
    const printed = number.split('.');
    const keepable = !this.inAnnex && /^(\d+\.)*\d+$/.test(number) && printed.length === depth && printed.slice(0, -1).join('.') === generated.split('.').slice(0, -1).join('.') && Number(printed[depth - 1]) > this.counters[depth - 1];
    this.counters = printed.map((n) => Number(n) || 0);
    if (keepable) return number;
    this.report.add('not-reproducible', c.label, `a build numbers this clause ${generated}`);
    return undefined;
  }
}

const LEAD_IN = /^The following Recommendations and International Standards contain provisions which, through reference in this text, constitute provisions of this Recommendation/;

/** The normative references clause, its subclauses (2.1 Identical …) and their entries, when every entry reprints exactly. */
function normativeReferences(body: Clause[], report: ImportReport): { entries: ReferenceEntry[]; clause?: Clause; generated: Set<Clause> } {
  const at = body.findIndex((c) => c.level === 1 && /^normative references$/i.test(c.title.trim()));
  const none = { entries: [], generated: new Set<Clause>() };
  if (at < 0) return none;
  const group = [body[at]];
  for (let i = at + 1; i < body.length && body[i].level > 1; i++) group.push(body[i]);
  const entries: ReferenceEntry[] = [];
  // the build writes the lead-in and the 2.1 / 2.2 / 2.3 subclauses: any other text or subclause keeps the clause as written
  const other = group.flatMap((c, i) => c.units.filter((u) => u.kind !== 'list item' && !(i === 0 && LEAD_IN.test(u.text.trim()))));
  if (other.length || group.slice(1).some((c) => !/^(Identical|Paired|Additional)/i.test(c.title))) {
    report.add('kept-as-text', body[at].label, 'the normative references clause has text of its own (not the generated lead-in and list): kept as written, without a references registry', other[0]?.text);
    return none;
  }
  for (const c of group) {
    const relation = /paired/i.test(c.title) ? 'paired' : /additional/i.test(c.title) ? 'additional' : 'identical';
    for (const u of c.units.filter((u) => u.kind === 'list item')) {
      const e = parseReference(u.text, relation);
      if (!e || !reprints(e, u.text)) {
        report.add('kept-as-text', c.label, 'a normative reference whose form the registry does not reprint exactly; the clause is kept as written text', u.text);
        return none;
      }
      entries.push(e);
    }
  }
  return { entries, clause: body[at], generated: new Set(group) };
}

/** The YAML front matter, history rows one per line, as a hand-written source has them. */
function frontYaml(front: FrontMatter, refs: ReferenceEntry[], ownTemplates: boolean, noTitleBlock: boolean, iso?: { front: IsoFront; file: string }): string {
  const itu: Record<string, unknown> = { number: front.itu.number, approved: front.itu.approved, studyGroup: Number(front.itu.studyGroup) || front.itu.studyGroup };
  if (front.itu.studyPeriod) itu.studyPeriod = front.itu.studyPeriod;
  if (front.itu.subseries) itu.subseries = front.itu.subseries;
  Object.assign(itu, { ipr: front.itu.ipr, prepublished: front.itu.prepublished, keywords: front.itu.keywords, history: front.itu.history });
  if (front.itu.copyrightYear) itu.copyrightYear = front.itu.copyrightYear;
  if (front.itu.revision) itu.revision = front.itu.revision;
  if (front.itu.attachments) itu.attachments = front.itu.attachments;
  if (noTitleBlock) itu.titleBlock = false;
  const data: Record<string, unknown> = { kind: front.twin ? 'twin' : 'common', title: front.title, itu, iso: isoBlock(front, iso?.front) };
  // the fixed texts' wordings the originals use, where they are not the default ones
  const wording = { ...front.wording, ...(iso?.front.foreword ? { isoForeword: iso.front.foreword } : {}) };
  if (Object.keys(wording).length) data.wording = wording;
  if (ownTemplates) data.templates = 'templates';
  if (refs.length) data.references = registryData(refs);
  const doc = new YAML.Document(data);
  const history = doc.getIn(['itu', 'history']) as YAML.YAMLSeq | undefined;
  for (const row of history?.items ?? []) (row as YAML.YAMLMap).flow = true;
  for (const path of [['itu', 'number'], ['itu', 'approved']]) {
    const node = doc.getIn(path, true) as YAML.Scalar | undefined;
    if (node) node.type = 'QUOTE_DOUBLE';
  }
  for (const key of ['committee', 'replaces']) {
    const node = doc.getIn(['iso', key]) as YAML.YAMLMap | undefined;
    if (node) node.flow = true;
  }
  for (const id of Object.keys(data.references ?? {})) {
    for (const side of ['itu', 'iso']) {
      const node = doc.getIn(['references', id, side]) as YAML.YAMLMap | undefined;
      if (node) node.flow = true;
    }
  }
  (doc.getIn(['iso']) as YAML.YAMLMap).commentBefore = iso ? ` ISO/IEC data: read from ${iso.file}` : ` ISO/IEC data: the ITU file does not give ${front.iso?.year ? '' : 'year, '}edition and committee; check them`;
  // strings quoted, as the source format asks for identifiers ("03", "1.10" stay strings)
  return doc.toString({ lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }).trimEnd();
}
