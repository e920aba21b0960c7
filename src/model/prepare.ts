/**
 * Prepare: document model + profile → a publication (xml2rfc's "prep"). A sequence of named steps,
 * each small enough to test alone:
 *
 *   number (numberDocument: clauses, annex letters, NOTE n, Table A.1, terms, anchor labels — per side,
 *   so a one-side annex takes a letter in that publication only) → fixed texts (front matter from the
 *   templates, as blocks) → body (clauses laid out as role paragraphs, cross-references and citations
 *   resolved, the normative references clause and the Bibliography generated) → contents (collected
 *   as the headings are laid out).
 *
 * Everything a writer needs is decided here, and nothing a writer alone knows: roles, never Word
 * style names; anchors, never bookmark names (src/render/ooxml.ts names them within Word's limit).
 * Every fixed word comes from templates/common/body.yaml.
 */
import type { Block, Inline, Section, Side, SourceDocument } from './types.js';
import type { Anchor, DeclaredDifference, Para, Part, PubBlock, PubSection, Publication, Run, TocEntry } from './publication.js';
import { makePara, paraText } from './publication.js';
import type { Profile, ProfileSection, Templates } from '../profile/index.js';
import { layoutFor, TemplateError } from '../profile/index.js';
import { metadataView, type MetadataView } from './view.js';
import { templateToBlocks } from './fixed.js';
import { citationText, referenceEntryRuns, referenceSortKey } from './references.js';
import type { ReferenceEntry } from '../source/metadata.js';

export { citationText, referenceEntryText } from './references.js';

/** A body.yaml string by key, rendered with the metadata (and extra data such as an annex letter). */
export type Strings = (key: string, data?: object) => string;

export interface Numbers {
  section: Map<Section, string>;
  /** anchor → label used by empty-link cross-references ("clause 6.2", "Annex A", "Table 3"). */
  labels: Map<string, string>;
  caption: Map<Block, string>;
  note: Map<Block, string>;
  term: Map<Block, string>;
  annexLetter: Map<Section, string>;
}

const visible = (side: Side, s?: Side) => !s || s === side;

export function annexLetter(i: number): string {
  // A … Z, then AA, AB … (never I and O are skipped in common texts: T.88 has an Annex I)
  let n = i;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

function listLabel(bullet: string, ordered: boolean, depth: number, i: number, labels?: 'round-bullet' | 'numbers', round = bullet): string {
  if (labels === 'round-bullet' && !ordered) return round;
  if (labels === 'numbers' && ordered) return `${i + 1})`;
  if (!ordered) return bullet;
  if (depth % 2 === 0) {
    // a) … z), then aa), bb) … as in X.500 clause 3.2
    const letter = String.fromCharCode(97 + (i % 26));
    return `${letter.repeat(Math.floor(i / 26) + 1)})`;
  }
  return `${i + 1})`;
}

// ---------------------------------------------------------------------------------------------
// Step: number

/** Numbering state while one side is walked: counters that run across clauses. */
interface Counting {
  side: Side;
  strings: Strings;
  n: Numbers;
  clause: number;
  annex: number;
  tables: number;
  figures: number;
}

/** The numbers and labels one publication prints, keyed by the source's own sections and blocks. */
export function numberDocument(doc: SourceDocument, side: Side, strings: Strings): Numbers {
  const n: Numbers = { section: new Map(), labels: new Map(), caption: new Map(), note: new Map(), term: new Map(), annexLetter: new Map() };
  const c: Counting = { side, strings, n, clause: 0, annex: 0, tables: 0, figures: 0 };
  // "0 Introduction" ({.introduction number="0"}) is clause 0: its subclauses are 0.1, 0.2 …, its tables and figures come first (T.88: Figure 1)
  const zero = doc.introduction?.number === '0' ? doc.introduction : undefined;
  if (zero) numberFrontSection(c, zero, '0');
  for (const s of doc.sections) {
    if (!visible(side, s.side)) continue;
    if (s.annex) numberAnnex(c, s);
    else numberClause(c, s);
  }
  for (const s of [doc.introduction, doc.summary]) if (s && s !== zero) numberFrontSection(c, s, '');
  return n;
}

function numberFrontSection(c: Counting, s: Section, number: string) {
  if (s.anchor) c.n.labels.set(s.anchor, number ? `${c.strings('clause')} ${number}` : plainInline(s.title));
  numberChildren(c, s, number, '', false);
}

function numberAnnex(c: Counting, s: Section) {
  const letter = annexLetter(c.annex++);
  c.n.annexLetter.set(s, letter);
  c.n.section.set(s, letter);
  if (s.anchor) c.n.labels.set(s.anchor, c.strings('annexLabel', { letter }));
  // tables and figures are numbered again from 1 in each annex (Table A.1)
  c.tables = 0;
  c.figures = 0;
  numberChildren(c, s, letter, `${letter}.`, true);
  c.tables = 0;
  c.figures = 0;
}

/** The last part of a printed clause number ("6.4.10" → 10). */
const ownCount = (n: string) => Number(n.slice(n.lastIndexOf('.') + 1));

/** A number a corrigendum gave an inserted clause ("8.3.3a", "14a"): printed as given, it takes no place in the count, so the published numbers after it stay. */
const inserted = (n: string | undefined) => !!n && /[a-z]$/.test(n);
const lastPart = (n: string) => n.slice(n.lastIndexOf('.') + 1);
/** `number=""`: a clause heading printed without a number (an unnumbered Word heading kept by import), outside the count. */
const printedBare = (s: Section) => s.number === '';

function numberClause(c: Counting, s: Section) {
  // a printed number that skips one ({number="7"}): the count goes on from it
  if (s.number && !s.unnumbered && !inserted(s.number)) c.clause = ownCount(s.number) - 1;
  const num = s.unnumbered || printedBare(s) || s.role === 'bibliography' ? '' : inserted(s.number) ? lastPart(s.number!) : String(++c.clause);
  c.n.section.set(s, num);
  if (s.anchor) c.n.labels.set(s.anchor, num ? `${c.strings('clause')} ${num}` : plainInline(s.title));
  numberChildren(c, s, num, '', false);
}

function numberChildren(c: Counting, s: Section, number: string, unitPrefix: string, inAnnex: boolean) {
  let child = 0;
  // terms share the counter of subclauses: 3.5.1, 3.5.2 …
  const terms: Block[] = [];
  const collectTerms = (bs: Block[]) => bs.forEach((b) => {
    if (b.type === 'term') terms.push(b);
    else if (b.type === 'only' && visible(c.side, b.side)) collectTerms(b.blocks);
  });
  collectTerms(s.blocks);
  for (const t of terms) {
    // as a subclause's: an inserted number ("3.2.5a") takes no place in the count, another one sets it
    const own = t.type === 'term' ? t.number : undefined;
    if (own && !inserted(own)) child = ownCount(own) - 1;
    // in an unnumbered section (a supplement's instruction group) a term's own number is printed as given
    c.n.term.set(t, number ? `${number}.${inserted(own) ? lastPart(own!) : ++child}` : own ?? '');
  }
  countUnits(c, s.blocks, unitPrefix);
  for (const sub of s.children) {
    if (!visible(c.side, sub.side)) continue;
    if (sub.number && !sub.unnumbered && !inserted(sub.number)) child = ownCount(sub.number) - 1;
    const num = sub.unnumbered || printedBare(sub) || !number ? '' : `${number}.${inserted(sub.number) ? lastPart(sub.number!) : ++child}`;
    c.n.section.set(sub, num);
    if (sub.anchor) c.n.labels.set(sub.anchor, num ? (inAnnex ? num : `${c.strings('clause')} ${num}`) : plainInline(sub.title));
    numberChildren(c, sub, num, unitPrefix, inAnnex);
  }
}

/** Tables and figures of a (sub)clause's own text; its notes and examples ("NOTE" alone, "NOTE 1", "NOTE 2" when several). */
function countUnits(c: Counting, blocks: Block[], prefix: string) {
  const notes: Block[] = [];
  const examples: Block[] = [];
  const walk = (bs: Block[]) => {
    for (const b of bs) {
      if (b.type === 'only') { if (visible(c.side, b.side)) walk(b.blocks); continue; }
      // a note's own printed number takes no place in the count ("" for a note printed without one)
      if ((b.type === 'note' || b.type === 'example') && b.label !== undefined) c.n.note.set(b, b.label.replace(/\s*[–—-]?\s*$/, ''));
      else if ((b.type === 'note' || b.type === 'example') && b.number !== undefined) c.n.note.set(b, `${c.strings(b.type)}${b.number ? ` ${b.number}` : ''}`);
      else if (b.type === 'note') notes.push(b);
      else if (b.type === 'example') examples.push(b);
      else if (b.type === 'list') b.items.forEach(walk);
      else if ((b.type === 'table' || b.type === 'figure') && !b.caption?.unnumbered) {
        // a caption's own number (as printed) takes no place in the count
        const own = b.caption?.number ?? b.caption?.label?.replace(/^\S+\s+|\s*[–—-]?\s*$/g, '');
        const label = b.type === 'table' && !b.figure ? `${c.strings('table')} ${own ?? prefix + ++c.tables}` : `${c.strings('figure')} ${own ?? prefix + ++c.figures}`;
        c.n.caption.set(b, label);
        if (b.caption?.anchor) c.n.labels.set(b.caption.anchor, label);
      }
    }
  };
  walk(blocks);
  notes.forEach((b, i) => c.n.note.set(b, notes.length > 1 ? `${c.strings('note')} ${i + 1}` : c.strings('note')));
  examples.forEach((b, i) => c.n.note.set(b, examples.length > 1 ? `${c.strings('example')} ${i + 1}` : c.strings('example')));
}

function plainInline(inlines: Inline[]): string {
  return inlines.map((i) => ('value' in i ? i.value : 'children' in i ? plainInline(i.children) : '')).join('');
}

// ---------------------------------------------------------------------------------------------
// The pass

interface Ctx {
  side: Side;
  doc: SourceDocument;
  numbers: Numbers;
  strings: Strings;
  footnoteNumbers: Map<string, number>;
  footnotes: Para[][];
  /** Fixed texts' footnotes, numbered after the source's (so those keep 1, 2 …); their references hold -1, -2 … until then. */
  fixedFootnotes: Para[][];
  declared: DeclaredDifference[];
  toc: TocEntry[];
  tocLevels: number;
  tocIntroduction: boolean;
  /** How the clause being laid out is named (declared differences): "7.4", "Annex B", the title of an unnumbered one. */
  currentClause: string;
  /** Strings used for every note, caption and list item, looked up once. */
  separator: string;
  bullet: string;
  /** Citations as printed, by reference id and datedness (a text cites the same few references many times). */
  citations: Map<string, string>;
}

/** The body.yaml strings of a template chain, rendered with the metadata; each key and data rendered once. */
export function bodyStrings(templates: Templates, view: MetadataView, overlay?: string): Strings {
  const table = { ...templates.strings('common/body.yaml'), ...(overlay ? templates.strings(overlay) : {}) };
  const cache = new Map<string, string>();
  return (key, data) => {
    const cacheKey = data ? `${key}${JSON.stringify(data)}` : key;
    let v = cache.get(cacheKey);
    if (v === undefined) {
      const t = table[key];
      if (t === undefined) throw new TemplateError(`templates/common/body.yaml has no "${key}"`);
      v = templates.renderString(t, { ...view, ...(data ?? {}) });
      cache.set(cacheKey, v);
    }
    return v;
  };
}

export function preparePublication(doc: SourceDocument, profile: Profile, templates: Templates): Publication {
  const side = profile.side;
  const rawView = metadataView(doc.meta, templates, false);
  // a corrigendum, an amendment or an implementers' guide has its own covers, front matter and identifiers
  const layout = layoutFor(doc.meta, profile);
  if (!layout) throw new TemplateError(`the ${side.toUpperCase()} profile (${side}/profile.yaml) has no layout for this kind of publication; it is published by the other organization only`);
  const strings = bodyStrings(templates, rawView, layout.strings);
  const ctx: Ctx = {
    side, doc, numbers: numberDocument(doc, side, strings), strings,
    footnoteNumbers: new Map(), footnotes: [], fixedFootnotes: [], declared: [], toc: [], tocLevels: profile.toc.levels, tocIntroduction: profile.toc.introduction ?? true, currentClause: '',
    separator: strings('labelSeparator'), bullet: strings('bullet'), citations: new Map(),
  };
  const fixed = fixedTexts(ctx, profile, templates, rawView);
  const sections = layout.sections.map((ps): PubSection => ({
    name: ps.body ? 'body' : ps.template!,
    blocks: ps.body ? renderBody(ctx) : fixed(ps),
    header: ps.header ? templates.render(`${side}/${ps.header}.hbs`, rawView).replace(/\{\{!--[\s\S]*?--\}\}/g, '').trim() : undefined,
    footer: ps.footer ? templates.render(`${side}/${ps.footer}.hbs`, rawView).trim() : undefined,
    pageNumbers: ps.pageNumbers,
  }));
  numberFixedFootnotes(ctx, sections);
  return {
    side,
    label: profile.label,
    fileName: templates.renderString(layout.fileName, rawView),
    sections,
    footnotes: ctx.footnotes,
    toc: ctx.toc,
    templates,
    declared: ctx.declared,
    title: doc.meta.title,
  };
}

// ---------------------------------------------------------------------------------------------
// Step: fixed texts (front and back matter from the templates, with the user's parts placed in them)

function fixedTexts(ctx: Ctx, profile: Profile, templates: Templates, rawView: MetadataView): (ps: ProfileSection) => PubBlock[] {
  const { doc, side } = ctx;
  const mdView = metadataView(doc.meta, templates, true);
  // parts of the source the templates may place with ::source{part=…}
  const parts: Record<string, () => PubBlock[]> = {
    summary: () => (doc.summary ? renderBlocks(ctx, doc.summary.blocks, 0) : []),
    introduction: () => (doc.introduction ? renderIntroduction(ctx, doc.introduction) : []),
    caution: () => templateToBlocks(templates.render('itu/caution.hbs', mdView), {}),
  };
  const partials: Record<string, string> = {};
  const missing: TemplateError[] = [];
  for (const [name, rel] of Object.entries(profile.partials)) {
    try {
      partials[name] = wordingPartial(doc, templates, side, rel, rawView);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      missing.push(e);
    }
  }
  // every wording choice without its template at once
  if (missing.length) throw new TemplateError(missing[0].detail, missing[0].at, missing.slice(1));
  // front-matter headings the profile lists in the contents (the ISO Foreword), in their order
  const tocRoles = new Set(profile.toc.front ?? []);
  return (ps) => {
    const md = templates.render(`${side}/${ps.template}.hbs`, { ...mdView, hasSummary: !!doc.summary }, partials);
    return templateToBlocks(md, parts, (p) => {
      if (!tocRoles.has(p.role)) return;
      p.target = generatedAnchor(p.role);
      ctx.toc.push({ level: 1, text: paraText(p), target: p.target });
    }, (paras) => fixedFootnote(ctx, paras));
  };
}

function renderIntroduction(ctx: Ctx, s: Section): PubBlock[] {
  const target = s.anchor ? authorAnchor(s.anchor) : generatedAnchor('introduction');
  const number = s.number === '0' ? '0' : '';
  // clause 0 is listed with its subclauses, as T.88 (08/2018) lists it, even where the unnumbered Introduction is not
  if (ctx.tocIntroduction || number) ctx.toc.push({ level: 1, text: `${number ? `${number}\t` : ''}${plainInline(s.title)}`, target });
  ctx.currentClause = number || plainInline(s.title);
  const title = renderInlines(ctx, s.title);
  const part: Part = { kind: 'clause', label: number, title: runsText(title), level: 1 };
  // a numbered Introduction prints as clause 0 ("0<tab>Introduction"), in its own role: a heading in ITU, the Introduction's look in ISO
  const heading = number ? para('introduction-heading', [{ text: `${number}\t` }, ...title], { target, part, pos: s.pos }) : para('introduction-title', title, { target, part, pos: s.pos });
  return [heading, ...renderBlocks(ctx, s.blocks, 0), ...s.children.flatMap((c) => renderSection(ctx, c, 2, false))];
}

/**
 * A partial's template file; one a wording choice names ("keywords.{{wording.keywords}}") must exist, else
 * the error is at the front matter's `wording:` with the choices the template folders offer.
 */
function wordingPartial(doc: SourceDocument, templates: Templates, side: Side, rel: string, view: MetadataView): string {
  const file = `${side}/${templates.renderString(rel, view)}.hbs`;
  const choice = /^([\w-]+)\.\{\{wording\.(\w+)\}\}$/.exec(rel);
  if (!choice || templates.exists(file)) return file;
  const [, stem, key] = choice;
  const offered = templates.variants(`${side}/${stem}.`, '.hbs');
  throw new TemplateError(`wording.${key} is "${(doc.meta.wording as unknown as Record<string, string>)[key]}", which no template offers (${file}); write one of: ${offered.join(', ')}`, doc.meta.wordingAt);
}

// ---------------------------------------------------------------------------------------------
// Step: body (clauses, annexes, Bibliography; contents entries collected on the way)

function renderBody(ctx: Ctx): PubBlock[] {
  const { doc, strings } = ctx;
  const part: Part = { kind: 'title-block', label: '' };
  // a title-block line whose string is empty is not printed (an implementers' guide has no "RECOMMENDATION ITU-T" line)
  // itu.titleBlock: false — an ITU publication printed without one (kept by import)
  const out: PubBlock[] = (ctx.side === 'itu' && doc.meta.itu.withoutTitleBlock ? [] : [
    para('title-block', [{ text: strings('titleBlockIso') }], { part }),
    para('title-block', [{ text: strings('titleBlockItu') }], { part }),
    para('title-block-title', [{ text: strings('titleBlockTitle') }], { part }),
  ]).filter((p) => p.runs[0].text !== '');
  if (doc.meta.supplement) out.push(para('title-block-supplement', [{ text: strings('supplementTitle') }], { part }));
  for (const s of doc.sections) {
    if (!visible(ctx.side, s.side)) continue;
    out.push(...renderSection(ctx, s, 1, !!s.annex));
  }
  return out;
}

const authorAnchor = (id: string): Anchor => ({ id, generated: false });
const generatedAnchor = (id: string): Anchor => ({ id, generated: true });

function renderSection(ctx: Ctx, s: Section, level: number, inAnnex: boolean): PubBlock[] {
  const number = ctx.numbers.section.get(s) ?? '';
  const target = s.anchor ? authorAnchor(s.anchor) : generatedAnchor(`sec_${number || plainInline(s.title).slice(0, 20)}`);
  const out = s.annex && level === 1 ? annexHeading(ctx, s, number, target)
    : s.role === 'bibliography' ? bibliography(ctx, s, target)
    : clauseHeading(ctx, s, number, level, inAnnex, target);
  if (s.role === 'normative-references') out.push(...renderReferences(ctx, number));
  out.push(...renderBlocks(ctx, s.blocks, 0));
  for (const c of s.children) {
    if (!visible(ctx.side, c.side)) continue;
    out.push(...renderSection(ctx, c, level + 1, inAnnex));
  }
  if (s.side) markDeclared(ctx, out, { side: s.side, reason: s.reason ?? '' }, number ? (s.annex ? ctx.strings('annexLabel', { letter: number }) : number) : plainInline(s.title));
  return out;
}

/** "Annex A", the title on the next line, the obligation line; "Annex A – Title" in the contents. */
function annexHeading(ctx: Ctx, s: Section, letter: string, target: Anchor): PubBlock[] {
  const label = ctx.strings('annexLabel', { letter });
  const title = renderInlines(ctx, s.title);
  ctx.currentClause = label;
  ctx.toc.push({ level: 1, text: `${label}${ctx.separator}${runsText(title)}`, target });
  const heading = declareHeading(ctx, para('annex-heading', [{ text: `${label}\n\n` }, ...title], { target, pos: s.pos, part: { kind: 'annex', label, title: runsText(title), level: 1 } }), s);
  // annex=unstated: printed without an obligation line, as the original
  if (s.annex === 'unstated') return [heading];
  return [heading, para('annex-obligation', [{ text: ctx.strings(s.annex === 'integral' ? 'annexIntegral' : 'annexNonIntegral') }], { part: { kind: 'obligation', label: '' } })];
}

function bibliography(ctx: Ctx, s: Section, target: Anchor): PubBlock[] {
  const title = renderInlines(ctx, s.title);
  ctx.currentClause = plainInline(s.title);
  ctx.toc.push({ level: 1, text: runsText(title), target });
  return [para('bibliography-title', title, { target, pos: s.pos, part: { kind: 'clause', label: '', title: runsText(title), level: 1 } }), ...renderBibliography(ctx)];
}

function clauseHeading(ctx: Ctx, s: Section, number: string, level: number, inAnnex: boolean, target: Anchor): PubBlock[] {
  const title = renderInlines(ctx, s.title);
  ctx.currentClause = number || plainInline(s.title);
  if (s.asParagraph) return [headingAsParagraph(ctx, s, number, title, target)];
  const role = !number && !printedBare(s) ? 'unnumbered-heading' : inAnnex ? `annex-heading${Math.min(level, 6)}` : `heading${Math.min(level, 6)}`;
  const lead = !number ? '' : s.printedAsSection ? `${ctx.strings('sectionLabel', { number })}${ctx.separator}` : `${number}\t`;
  if (level <= ctx.tocLevels) ctx.toc.push({ level, text: `${lead}${runsText(title)}`, target });
  const part: Part = { kind: 'clause', label: number, title: runsText(title), level };
  return [declareHeading(ctx, para(role, lead ? [{ text: lead }, ...title] : title, { target, pos: s.pos, part }), s)];
}

/** {.as-paragraph}: "6.5<tab>Title" in bold in the body style, as the original typed it; a link target, but no Word heading and not in the contents. */
function headingAsParagraph(ctx: Ctx, s: Section, number: string, title: Run[], target: Anchor): Para {
  const runs = [...(number ? [{ text: `${number}\t` }] : []), ...title].map((r) => ({ ...r, bold: true }));
  return declareHeading(ctx, para('body', runs, { target, pos: s.pos }), s);
}

/** A heading holding one-side text differs by design, like a paragraph. */
function declareHeading(ctx: Ctx, p: Para, s: Section): Para {
  return s.side ? p : declareInline(ctx, p, s.title);
}

/** The contents show a title as laid out (":this" and citations resolved), without footnote marks. */
function runsText(runs: Run[]): string {
  return runs.map((r) => r.text).join('');
}

function markDeclared(ctx: Ctx, blocks: PubBlock[], declared: { side: Side; reason: string }, clause: string) {
  const texts: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'p') { b.declared ??= declared; texts.push(paraText(b)); }
    else if (b.kind === 'table') { b.declared ??= declared; for (const r of b.rows) for (const c of r.cells) for (const p of c) texts.push(paraText(p)); }
  }
  ctx.declared.push({ side: declared.side, reason: declared.reason, clause, texts });
}

function renderReferences(ctx: Ctx, number: string): PubBlock[] {
  const { strings } = ctx;
  const refs = [...ctx.doc.meta.references.values()].filter((r) => r.normative).sort((a, b) => referenceSortKey(a).localeCompare(referenceSortKey(b)));
  const groups: [string, ReferenceEntry[]][] = [
    ['referencesIdentical', refs.filter((r) => r.itu && r.iso && r.relation === 'identical' && !r.label)],
    ['referencesPaired', refs.filter((r) => r.itu && r.iso && r.relation === 'paired' && !r.label)],
    ['referencesAdditional', refs.filter((r) => !(r.itu && r.iso) || r.label)],
  ];
  const out: PubBlock[] = [para('body', [{ text: strings('referencesLeadIn') }])];
  let i = 0;
  for (const [key, entries] of groups) {
    if (!entries.length) continue;
    const num = number ? `${number}.${++i}` : '';
    const title = strings(key);
    const target = generatedAnchor(`refs_${num}`);
    const level = num.split('.').length;
    out.push(para(`heading${Math.min(level, 6)}`, [{ text: num ? `${num}\t${title}` : title }], { target, part: { kind: 'clause', label: num, title, level } }));
    if (level <= ctx.tocLevels) ctx.toc.push({ level, text: `${num}\t${title}`, target });
    for (const r of entries) out.push(para('ref-entry', [{ text: `${ctx.bullet}\t` }, ...referenceEntryRuns(r, strings)]));
  }
  return out;
}

function renderBibliography(ctx: Ctx): PubBlock[] {
  const refs = [...ctx.doc.meta.references.values()].filter((r) => !r.normative).sort((a, b) => referenceSortKey(a).localeCompare(referenceSortKey(b)));
  return refs.map((r) => para('biblio-entry', [{ text: `[${r.id}]\t` }, ...referenceEntryRuns(r, ctx.strings).map((run) => ({ ...run, text: run.text.replace('\n\t', ' ') }))]));
}

const para = makePara;

// ---------------------------------------------------------------------------------------------
// Blocks and inlines

function renderBlocks(ctx: Ctx, blocks: Block[], listDepth: number, noteRole?: string): PubBlock[] {
  const out: PubBlock[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'paragraph': out.push(declareInline(ctx, para(noteRole ?? 'body', renderInlines(ctx, b.children), { pos: b.pos }), b.children)); break;
      case 'term': out.push(renderTerm(ctx, b)); break;
      case 'note':
      case 'example': out.push(...renderNote(ctx, b, listDepth)); break;
      case 'list': out.push(...renderList(ctx, b, listDepth, noteRole)); break;
      case 'table': out.push(...renderTable(ctx, b)); break;
      case 'figure': out.push(...renderFigure(ctx, b)); break;
      case 'code': for (const line of b.value.split('\n')) out.push(para('code', [{ text: line, code: true }])); break;
      case 'pagebreak': out.push({ kind: 'pagebreak' }); break;
      case 'only': {
        if (!visible(ctx.side, b.side)) break;
        const inner = renderBlocks(ctx, b.blocks, listDepth, noteRole);
        markDeclared(ctx, inner, { side: b.side, reason: b.reason }, ctx.currentClause);
        out.push(...inner);
        break;
      }
    }
  }
  return out;
}

type BlockOf<T extends Block['type']> = Extract<Block, { type: T }>;

function renderTerm(ctx: Ctx, b: BlockOf<'term'>): Para {
  const num = ctx.numbers.term.get(b) ?? '';
  const runs: Run[] = [...(num ? [{ text: `${num}\t` }] : []), ...renderInlines(ctx, b.term).map((r) => ({ ...r, bold: true })), { text: ctx.strings('termSeparator') }, ...renderInlines(ctx, b.definition)];
  return declareInline(ctx, para('term', runs, { pos: b.pos, part: { kind: 'term', label: num } }), [...b.term, ...b.definition]);
}

/** "NOTE 2 – " before the note's first paragraph. */
function renderNote(ctx: Ctx, b: BlockOf<'note' | 'example'>, listDepth: number): PubBlock[] {
  const label = ctx.numbers.note.get(b) ?? '';
  const inner = renderBlocks(ctx, b.blocks, listDepth, b.type);
  const first = inner[0];
  // a lead-in as printed ({label="Note – "}) replaces label and separator
  const lead = { text: b.label ?? `${label}${ctx.separator}` };
  if (first?.kind === 'p') first.runs.unshift(lead);
  else inner.unshift(para(b.type, [lead], { pos: b.pos }));
  // every paragraph of a note is the note's (a list inside it too: it has the note's look)
  labelParts(inner, { kind: b.type, label });
  return inner;
}

/** Marks blocks as one part: the first paragraph starts it, the others continue it. */
function labelParts(blocks: PubBlock[], part: Part) {
  let first = true;
  for (const p of blocks) {
    if (p.kind !== 'p') continue;
    p.part = first ? part : { ...part, continued: true };
    first = false;
  }
}

function renderList(ctx: Ctx, b: BlockOf<'list'>, listDepth: number, noteRole?: string): PubBlock[] {
  const out: PubBlock[] = [];
  b.items.forEach((item, i) => {
    // an ordered list written from "3." goes on from c) (a corrigendum's replacement item c)
    const label = listLabel(ctx.bullet, b.ordered, listDepth, i + (b.start ?? 1) - 1, b.labels, b.labels ? ctx.strings('roundBullet') : undefined);
    const role = noteRole ?? `list${Math.min(listDepth + 1, 3)}`;
    const inner = renderBlocks(ctx, item, listDepth + 1, noteRole);
    const first = inner[0];
    if (first?.kind === 'p' && !(item[0]?.type === 'list')) {
      first.runs.unshift({ text: `${label}\t` });
      first.role = role;
    } else inner.unshift(para(role, [{ text: `${label}\t` }]));
    for (const p of inner) if (p.kind === 'p' && p.role === (noteRole ?? 'body')) p.role = role;
    // a nested list's items keep their own labels
    const own = inner.filter((p): p is Para => p.kind === 'p' && !p.part);
    labelParts(own, { kind: 'list-item', label });
    out.push(...inner);
  });
  return out;
}

/** "Table 3 – Title" ("Figure 3 – Title"); the label alone without a caption. */
function captionRuns(ctx: Ctx, b: BlockOf<'table' | 'figure'>): Run[] {
  const label = ctx.numbers.caption.get(b) ?? '';
  if (!b.caption) return [{ text: label }];
  return [{ text: b.caption.label ?? `${label}${ctx.separator}` }, ...renderInlines(ctx, b.caption.title)];
}

function renderTable(ctx: Ctx, b: BlockOf<'table'>): PubBlock[] {
  const target = b.caption?.anchor ? authorAnchor(b.caption.anchor) : undefined;
  const part: Part = { kind: b.figure ? 'figure' : 'table', label: ctx.numbers.caption.get(b) ?? '' };
  const caption = b.caption?.unnumbered ? [] : [para(b.figure ? 'figure-caption' : 'table-caption', captionRuns(ctx, b), { target, part, pos: b.caption?.pos ?? b.pos })];
  // a figure drawn as a table has its caption below it, as a figure
  return b.figure ? [tableGrid(ctx, b, { kind: 'table', label: '' }), ...caption] : [...caption, tableGrid(ctx, b, part)];
}

function tableGrid(ctx: Ctx, b: BlockOf<'table'>, part: Part): PubBlock {
  return {
    kind: 'table',
    part,
    pos: b.pos,
    rows: [
      { header: true, cells: b.header.map((c) => [para('table-head', renderInlines(ctx, c))]), ...rowSpans(b, 0) },
      ...b.rows.map((r, i) => ({ header: false, cells: r.map((c) => [para('table-text', renderInlines(ctx, c))]), ...rowSpans(b, i + 1) })),
    ],
  };
}

/** The row's cell spans, only when one of its cells spans more than one grid column; which cells continue the one above ("^"), when one does. */
function rowSpans(b: BlockOf<'table'>, row: number): { spans?: number[]; down?: boolean[] } {
  const spans = b.spans?.[row];
  const down = b.down?.[row];
  return { ...(spans?.some((n) => n > 1) ? { spans } : {}), ...(down?.some(Boolean) ? { down } : {}) };
}

function renderFigure(ctx: Ctx, b: BlockOf<'figure'>): PubBlock[] {
  const target = b.caption?.anchor ? authorAnchor(b.caption.anchor) : undefined;
  const part: Part = { kind: 'figure', label: ctx.numbers.caption.get(b) ?? '' };
  const image: PubBlock = { kind: 'image', path: b.path, alt: b.alt, role: 'figure', ...(b.width ? { width: b.width } : {}) };
  return b.caption?.unnumbered ? [image] : [image, para('figure-caption', captionRuns(ctx, b), { target, part, pos: b.caption?.pos ?? b.pos })];
}

/** A paragraph holding inline one-side text (or a twin-text :this) differs by design: record it. */
function declareInline(ctx: Ctx, p: Para, inlines: Inline[]): Para {
  const found = findOnly(inlines) ?? (ctx.doc.meta.kind === 'twin' && hasThis(inlines) ? { side: ctx.side, reason: ctx.strings('twinThisReason') } : undefined);
  if (found) {
    p.declared = { side: ctx.side, reason: found.reason };
    ctx.declared.push({ side: ctx.side, reason: found.reason, clause: ctx.currentClause, texts: [paraText(p)] });
  }
  return p;
}

function findOnly(inlines: Inline[]): { reason: string } | undefined {
  for (const i of inlines) {
    if (i.type === 'only') return { reason: i.reason ?? '' };
    if ('children' in i) { const f = findOnly(i.children); if (f) return f; }
  }
  return undefined;
}

function hasThis(inlines: Inline[]): boolean {
  return inlines.some((i) => i.type === 'this' || ('children' in i && hasThis(i.children)));
}

function renderInlines(ctx: Ctx, inlines: Inline[], style: Partial<Run> = {}): Run[] {
  const out: Run[] = [];
  for (const i of inlines) {
    switch (i.type) {
      case 'text': out.push({ ...style, text: i.value.replace(/\n/g, ' ') }); break;
      case 'emphasis': out.push(...renderInlines(ctx, i.children, { ...style, italic: true })); break;
      case 'strong': out.push(...renderInlines(ctx, i.children, { ...style, bold: true })); break;
      case 'code': out.push({ ...style, text: i.value, code: true }); break;
      case 'break': out.push({ ...style, text: '\n' }); break;
      case 'link': out.push(...renderInlines(ctx, i.children, { ...style, url: i.url })); break;
      case 'xref':
        if (i.children.length) out.push(...renderInlines(ctx, i.children, { ...style, anchor: i.target }));
        else out.push({ ...style, text: ctx.numbers.labels.get(i.target) ?? i.target, anchor: i.target });
        break;
      case 'cite': out.push({ ...style, text: citation(ctx, i.id, i.dated) }); break;
      case 'this': out.push({ ...style, text: ctx.strings(thisKey(ctx, i.capital)) }); break;
      case 'footnoteRef': out.push({ ...style, text: '', footnote: footnoteNumber(ctx, i.id) }); break;
      case 'only': if (visible(ctx.side, i.side)) out.push(...renderInlines(ctx, i.children, style)); break;
    }
  }
  return out;
}

function citation(ctx: Ctx, id: string, dated: boolean): string {
  const key = dated ? `${id}\u0000d` : id;
  let text = ctx.citations.get(key);
  if (text === undefined) {
    const r = ctx.doc.meta.references.get(id);
    text = r ? citationText(r, dated, ctx.strings) : id;
    ctx.citations.set(key, text);
  }
  return text;
}

/** `:this` in a common text names both publications; in a twin text each names itself. */
function thisKey(ctx: Ctx, capital: boolean): string {
  const twin = ctx.doc.meta.kind === 'twin';
  return twin ? `${capital ? 'This' : 'this'}Twin${ctx.side === 'itu' ? 'Itu' : 'Iso'}` : `${capital ? 'This' : 'this'}Common`;
}

/** A fixed text's footnote (the ITU History table's "*"): a placeholder number until the source's footnotes are numbered. */
function fixedFootnote(ctx: Ctx, paras: Para[]): number {
  return -ctx.fixedFootnotes.push(paras);
}

/** The fixed texts' footnotes after the source's: their numbers, on their references too. */
function numberFixedFootnotes(ctx: Ctx, sections: PubSection[]): void {
  if (!ctx.fixedFootnotes.length) return;
  const first = ctx.footnotes.length + 1;
  for (const paras of ctx.fixedFootnotes) {
    ctx.footnotes.push(paras);
    labelParts(paras, { kind: 'footnote', label: String(ctx.footnotes.length) });
  }
  const visit = (p: Para) => { for (const r of p.runs) if (r.footnote && r.footnote < 0) r.footnote = first - r.footnote - 1; };
  for (const s of sections) {
    for (const b of s.blocks) {
      if (b.kind === 'p') visit(b);
      else if (b.kind === 'table') for (const row of b.rows) for (const cell of row.cells) cell.forEach(visit);
    }
  }
}

/** Footnotes are numbered in the order their first reference is laid out; the text is laid out then. */
function footnoteNumber(ctx: Ctx, id: string): number {
  let n = ctx.footnoteNumbers.get(id);
  if (n === undefined) {
    n = ctx.footnotes.length + 1;
    ctx.footnoteNumbers.set(id, n);
    ctx.footnotes.push([]);
    const def = ctx.doc.footnotes.get(id);
    const blocks = def ? renderBlocks(ctx, def.blocks, 0, 'footnote') : [];
    ctx.footnotes[n - 1] = blocks.filter((b): b is Para => b.kind === 'p');
    labelParts(ctx.footnotes[n - 1], { kind: 'footnote', label: String(n) });
  }
  return n;
}
