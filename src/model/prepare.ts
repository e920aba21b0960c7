/**
 * Prepare: document model + profile → a publication. Numbers clauses, annexes, notes, terms, tables and
 * figures for one side (a one-side annex takes a letter in that rendering only), resolves citations and
 * cross-references, generates the normative references clause and the Bibliography, and fills the
 * front matter from the templates. Everything a renderer needs is decided here.
 */
import type { Block, Inline, Section, Side, SourceDocument } from './types.js';
import type { DeclaredDifference, Para, PubBlock, PubSection, Publication, Run, TocEntry } from './publication.js';
import { paraText } from './publication.js';
import type { Profile, Templates } from '../profile/index.js';
import { metadataView } from './view.js';
import { templateToBlocks } from './fixed.js';
import type { ReferenceEntry } from '../source/metadata.js';

type Strings = Record<string, string>;

interface Numbers {
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

function listLabel(ordered: boolean, depth: number, i: number): string {
  if (!ordered) return '–';
  if (depth % 2 === 0) {
    // a) … z), then aa), bb) … as in X.500 clause 3.2
    const letter = String.fromCharCode(97 + (i % 26));
    return `${letter.repeat(Math.floor(i / 26) + 1)})`;
  }
  return `${i + 1})`;
}

export function numberDocument(doc: SourceDocument, side: Side, strings: (key: string, data?: object) => string): Numbers {
  const n: Numbers = { section: new Map(), labels: new Map(), caption: new Map(), note: new Map(), term: new Map(), annexLetter: new Map() };
  let clause = 0;
  let annex = 0;
  let tableCount = 0;
  let figureCount = 0;
  const countUnits = (blocks: Block[], prefix: string) => {
    // notes and examples are numbered within their (sub)clause: "NOTE" alone, "NOTE 1", "NOTE 2" when several
    const notes: Block[] = [];
    const examples: Block[] = [];
    const walk = (bs: Block[]) => {
      for (const b of bs) {
        if (b.type === 'only') { if (visible(side, b.side)) walk(b.blocks); continue; }
        if (b.type === 'note') notes.push(b);
        else if (b.type === 'example') examples.push(b);
        else if (b.type === 'list') b.items.forEach(walk);
        else if (b.type === 'table' || b.type === 'figure') {
          const label = b.type === 'table' ? `${strings('table')} ${prefix}${++tableCount}` : `${strings('figure')} ${prefix}${++figureCount}`;
          n.caption.set(b, label);
          if (b.caption?.anchor) n.labels.set(b.caption.anchor, label);
        }
      }
    };
    walk(blocks);
    notes.forEach((b, i) => n.note.set(b, notes.length > 1 ? `${strings('note')} ${i + 1}` : strings('note')));
    examples.forEach((b, i) => n.note.set(b, examples.length > 1 ? `${strings('example')} ${i + 1}` : strings('example')));
  };
  const numberChildren = (s: Section, number: string, unitPrefix: string, inAnnex: boolean) => {
    let child = 0;
    // terms share the counter of subclauses: 3.5.1, 3.5.2 …
    const terms: Block[] = [];
    const collectTerms = (bs: Block[]) => bs.forEach((b) => {
      if (b.type === 'term') terms.push(b);
      else if (b.type === 'only' && visible(side, b.side)) collectTerms(b.blocks);
    });
    collectTerms(s.blocks);
    for (const t of terms) n.term.set(t, number ? `${number}.${++child}` : '');
    countUnits(s.blocks, unitPrefix);
    for (const c of s.children) {
      if (!visible(side, c.side)) continue;
      const num = c.unnumbered || !number ? '' : `${number}.${++child}`;
      n.section.set(c, num);
      if (c.anchor) n.labels.set(c.anchor, num ? (inAnnex ? num : `${strings('clause')} ${num}`) : plainInline(c.title));
      numberChildren(c, num, unitPrefix, inAnnex);
    }
  };
  for (const s of doc.sections) {
    if (!visible(side, s.side)) continue;
    if (s.annex) {
      const letter = annexLetter(annex++);
      n.annexLetter.set(s, letter);
      n.section.set(s, letter);
      if (s.anchor) n.labels.set(s.anchor, strings('annexLabel', { letter }));
      tableCount = 0;
      figureCount = 0;
      numberChildren(s, letter, `${letter}.`, true);
      tableCount = 0;
      figureCount = 0;
      continue;
    }
    const num = s.unnumbered || s.role === 'bibliography' ? '' : String(++clause);
    n.section.set(s, num);
    if (s.anchor) n.labels.set(s.anchor, num ? `${strings('clause')} ${num}` : plainInline(s.title));
    numberChildren(s, num, '', false);
  }
  for (const s of [doc.introduction, doc.summary]) {
    if (!s) continue;
    if (s.anchor) n.labels.set(s.anchor, plainInline(s.title));
    numberChildren(s, '', '', false);
  }
  return n;
}

function plainInline(inlines: Inline[]): string {
  return inlines.map((i) => ('value' in i ? i.value : 'children' in i ? plainInline(i.children) : '')).join('');
}

/** Sort key for reference entries: ITU-T by series and number, then ISO/IEC by number, then labels. */
function referenceSortKey(r: ReferenceEntry): string {
  const pad = (s: string) => s.replace(/\d+/g, (d) => d.padStart(6, '0'));
  if (r.itu) return `1 ${pad(r.itu.number)}`;
  if (r.iso) return `2 ${pad(r.iso.designation.replace(/^ISO(\/IEC)? /, ''))}`;
  return `3 ${r.label ?? r.id}`;
}

export function referenceEntryText(r: ReferenceEntry): string {
  const itu = r.itu ? `Recommendation ITU-T ${r.itu.number}${r.itu.year ? ` (${r.itu.year})` : ''}` : '';
  const iso = r.iso ? `${r.iso.designation}${r.iso.year ? `:${r.iso.year}` : ''}` : '';
  const end = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
  if (r.label) return end(`${r.label}${r.title ? `, ${r.title}` : ''}`);
  if (r.itu && r.iso && r.relation === 'paired') {
    return `${end(`${itu}, ${r.itu.title ?? r.title ?? ''}`)}\n\t${end(`${iso}, ${r.iso.title ?? r.title ?? ''}`)}`;
  }
  const title = r.title ?? r.itu?.title ?? r.iso?.title;
  const id = [itu, iso].filter(Boolean).join(' | ');
  return end(title ? `${id}, ${title}` : id);
}

export function citationText(r: ReferenceEntry, dated: boolean): string {
  const itu = r.itu ? `Rec. ITU-T ${r.itu.number}${dated && r.itu.year ? ` (${r.itu.year})` : ''}` : '';
  const iso = r.iso ? `${r.iso.designation}${dated && r.iso.year ? `:${r.iso.year}` : ''}` : '';
  if (r.label && !r.itu && !r.iso) return r.label;
  // paired texts are cited like identical ones in running text, as H.222.0 cites H.264 | ISO/IEC 14496-10
  if (r.itu && r.iso) return `${itu} | ${iso}`;
  return itu || iso || r.label || r.id;
}

interface Ctx {
  side: Side;
  doc: SourceDocument;
  numbers: Numbers;
  strings: (key: string, data?: object) => string;
  footnoteNumbers: Map<string, number>;
  footnotes: Para[][];
  declared: DeclaredDifference[];
  toc: TocEntry[];
  tocLevels: number;
  tocIntroduction: boolean;
  currentClause: string;
  bookmarks: Set<string>;
}

export function preparePublication(doc: SourceDocument, profile: Profile, templates: Templates): Publication {
  const side = profile.side;
  const rawView = metadataView(doc.meta, templates, false);
  const mdView = metadataView(doc.meta, templates, true);
  const stringTable: Strings = templates.strings('common/body.yaml');
  const stringCache = new Map<string, string>();
  const strings = (key: string, data?: object) => {
    const cacheKey = data ? `${key}${JSON.stringify(data)}` : key;
    let v = stringCache.get(cacheKey);
    if (v === undefined) {
      const t = stringTable[key];
      if (t === undefined) throw new Error(`templates/common/body.yaml has no "${key}"`);
      v = templates.renderString(t, { ...rawView, ...(data ?? {}) });
      stringCache.set(cacheKey, v);
    }
    return v;
  };
  const numbers = numberDocument(doc, side, strings);
  const ctx: Ctx = {
    side, doc, numbers, strings,
    footnoteNumbers: new Map(), footnotes: [], declared: [], toc: [], tocLevels: profile.toc.levels, tocIntroduction: profile.toc.introduction ?? true, currentClause: '', bookmarks: new Set(),
  };

  // Parts of the source the templates may place with ::source{part=…}
  const parts: Record<string, () => PubBlock[]> = {
    summary: () => (doc.summary ? renderBlocks(ctx, doc.summary.blocks, 0) : []),
    introduction: () => (doc.introduction ? renderIntroduction(ctx, doc.introduction) : []),
    caution: () => templateToBlocks(templates.render('itu/caution.hbs', mdView), {}),
  };
  const partials: Record<string, string> = {};
  for (const [name, rel] of Object.entries(profile.partials)) {
    partials[name] = `${side}/${templates.renderString(rel, rawView)}.hbs`;
  }
  const sections: PubSection[] = [];
  // a corrigendum or amendment has its own covers, front matter and identifiers (profile "supplement")
  const layout = doc.meta.supplement && profile.supplement ? profile.supplement : { sections: profile.sections, fileName: profile.fileName };
  for (const ps of layout.sections) {
    let blocks: PubBlock[];
    if (ps.body) blocks = renderBody(ctx);
    else {
      const md = templates.render(`${side}/${ps.template}.hbs`, { ...mdView, hasSummary: !!doc.summary }, partials);
      // front-matter headings the profile lists in the contents (the ISO Foreword), in their order
      const tocRoles = new Set(profile.toc.front ?? []);
      blocks = templateToBlocks(md, parts, (p) => {
        if (!tocRoles.has(p.role)) return;
        p.bookmark = bookmarkFor(ctx, p.role, true);
        ctx.toc.push({ level: 1, text: paraText(p), bookmark: p.bookmark });
      });
    }
    sections.push({
      name: ps.body ? 'body' : ps.template!,
      blocks,
      header: ps.header ? templates.render(`${side}/${ps.header}.hbs`, rawView).replace(/\{\{!--[\s\S]*?--\}\}/g, '').trim() : undefined,
      footer: ps.footer ? templates.render(`${side}/${ps.footer}.hbs`, rawView).trim() : undefined,
      pageNumbers: ps.pageNumbers,
    });
  }
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

function renderIntroduction(ctx: Ctx, s: Section): PubBlock[] {
  const bookmark = s.anchor ? bookmarkFor(ctx, s.anchor) : bookmarkFor(ctx, 'introduction', true);
  if (ctx.tocIntroduction) ctx.toc.push({ level: 1, text: plainInline(s.title), bookmark });
  ctx.currentClause = 'Introduction';
  return [para('introduction-title', renderInlines(ctx, s.title), { bookmark }), ...renderBlocks(ctx, s.blocks, 0), ...s.children.flatMap((c) => renderSection(ctx, c, 2, false))];
}

function renderBody(ctx: Ctx): PubBlock[] {
  const { doc, strings } = ctx;
  const out: PubBlock[] = [
    para('title-block', [{ text: strings('titleBlockIso') }]),
    para('title-block', [{ text: strings('titleBlockItu') }]),
    para('title-block-title', [{ text: doc.meta.title }]),
  ];
  if (doc.meta.supplement) out.push(para('title-block-supplement', [{ text: strings('supplementTitle') }]));
  for (const s of doc.sections) {
    if (!visible(ctx.side, s.side)) continue;
    out.push(...renderSection(ctx, s, 1, !!s.annex));
  }
  return out;
}

/** The bookmark of an author's anchor: the same name for the target and every link to it. */
function anchorBookmark(anchor: string): string {
  // Word limits bookmark names to 40 characters.
  return `_ct_${anchor.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 36);
}

function bookmarkFor(ctx: Ctx, anchor: string, generated = false): string {
  let name = generated ? `_cg_${anchor.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 36) : anchorBookmark(anchor);
  let i = 1;
  while (ctx.bookmarks.has(name)) name = `${name.slice(0, 33)}_${i++}`;
  ctx.bookmarks.add(name);
  return name;
}

function renderSection(ctx: Ctx, s: Section, level: number, inAnnex: boolean): PubBlock[] {
  const { numbers, strings } = ctx;
  const number = numbers.section.get(s) ?? '';
  const out: PubBlock[] = [];
  const bookmark = s.anchor ? bookmarkFor(ctx, s.anchor) : bookmarkFor(ctx, `sec_${number || plainInline(s.title).slice(0, 20)}`, true);
  const declared = s.side ? { side: s.side, reason: s.reason ?? '' } : undefined;
  const start = out.length;
  const title = renderInlines(ctx, s.title);
  // the TOC shows the title as rendered (":this" and citations resolved), without footnote marks
  const titleText = title.map((r) => r.text).join('');
  if (s.annex && level === 1) {
    ctx.currentClause = `Annex ${number}`;
    const label = strings('annexLabel', { letter: number });
    out.push(para('annex-heading', [{ text: `${label}\n\n` }, ...title], { bookmark }));
    out.push(para('annex-obligation', [{ text: strings(s.annex === 'integral' ? 'annexIntegral' : 'annexNonIntegral') }]));
    ctx.toc.push({ level: 1, text: `${label} – ${titleText}`, bookmark });
  } else if (s.role === 'bibliography') {
    ctx.currentClause = 'Bibliography';
    out.push(para('bibliography-title', title, { bookmark }));
    ctx.toc.push({ level: 1, text: titleText, bookmark });
    out.push(...renderBibliography(ctx));
  } else {
    ctx.currentClause = number || plainInline(s.title);
    const role = !number ? 'unnumbered-heading' : inAnnex ? `annex-heading${Math.min(level, 6)}` : `heading${Math.min(level, 6)}`;
    out.push(para(role, number ? [{ text: `${number}\t` }, ...title] : title, { bookmark }));
    if (level <= ctx.tocLevels) ctx.toc.push({ level, text: number ? `${number}\t${titleText}` : titleText, bookmark });
  }
  if (s.role === 'normative-references') out.push(...renderReferences(ctx, number));
  out.push(...renderBlocks(ctx, s.blocks, 0));
  for (const c of s.children) {
    if (!visible(ctx.side, c.side)) continue;
    out.push(...renderSection(ctx, c, level + 1, inAnnex));
  }
  if (declared) markDeclared(ctx, out.slice(start), declared, number ? (s.annex ? `Annex ${number}` : number) : plainInline(s.title));
  return out;
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
    const bookmark = bookmarkFor(ctx, `refs_${num}`, true);
    out.push(para(`heading${Math.min(num.split('.').length, 6)}`, [{ text: num ? `${num}\t${title}` : title }], { bookmark }));
    if (num.split('.').length <= ctx.tocLevels) ctx.toc.push({ level: num.split('.').length, text: `${num}\t${title}`, bookmark });
    for (const r of entries) out.push(para('ref-entry', [{ text: `–\t${referenceEntryText(r)}` }]));
  }
  return out;
}

function renderBibliography(ctx: Ctx): PubBlock[] {
  const refs = [...ctx.doc.meta.references.values()].filter((r) => !r.normative).sort((a, b) => referenceSortKey(a).localeCompare(referenceSortKey(b)));
  return refs.map((r) => para('biblio-entry', [{ text: `[${r.id}]\t${referenceEntryText(r).replace('\n\t', ' ')}` }]));
}

function para(role: string, runs: Run[], extra: Partial<Para> = {}): Para {
  return { kind: 'p', role, runs, ...extra };
}

function renderBlocks(ctx: Ctx, blocks: Block[], listDepth: number, noteRole?: string): PubBlock[] {
  const out: PubBlock[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'paragraph':
        out.push(declareInline(ctx, para(noteRole ?? 'body', renderInlines(ctx, b.children)), b.children));
        break;
      case 'term': {
        const num = ctx.numbers.term.get(b) ?? '';
        const runs: Run[] = [...(num ? [{ text: `${num}\t` }] : []), ...renderInlines(ctx, b.term).map((r) => ({ ...r, bold: true })), { text: ': ' }, ...renderInlines(ctx, b.definition)];
        out.push(declareInline(ctx, para('term', runs), [...b.term, ...b.definition]));
        break;
      }
      case 'note':
      case 'example': {
        const label = ctx.numbers.note.get(b) ?? '';
        const inner = renderBlocks(ctx, b.blocks, listDepth, b.type);
        const first = inner[0];
        if (first?.kind === 'p') first.runs.unshift({ text: `${label} – ` });
        else inner.unshift(para(b.type, [{ text: `${label} – ` }]));
        out.push(...inner);
        break;
      }
      case 'list':
        b.items.forEach((item, i) => {
          const label = listLabel(b.ordered, listDepth, i);
          const role = noteRole ?? `list${Math.min(listDepth + 1, 3)}`;
          const inner = renderBlocks(ctx, item, listDepth + 1, noteRole);
          const first = inner[0];
          if (first?.kind === 'p' && !(item[0]?.type === 'list')) {
            first.runs.unshift({ text: `${label}\t` });
            first.role = role;
          } else inner.unshift(para(role, [{ text: `${label}\t` }]));
          for (const p of inner) if (p.kind === 'p' && p.role === (noteRole ?? 'body')) p.role = role;
          out.push(...inner);
        });
        break;
      case 'table': {
        const label = ctx.numbers.caption.get(b) ?? '';
        const bookmark = b.caption?.anchor ? bookmarkFor(ctx, b.caption.anchor) : undefined;
        out.push(para('table-caption', [{ text: b.caption ? `${label} – ` : label }, ...(b.caption ? renderInlines(ctx, b.caption.title) : [])], { bookmark }));
        out.push({
          kind: 'table',
          rows: [
            { header: true, cells: b.header.map((c) => [para('table-head', renderInlines(ctx, c))]) },
            ...b.rows.map((r) => ({ header: false, cells: r.map((c) => [para('table-text', renderInlines(ctx, c))]) })),
          ],
        });
        break;
      }
      case 'figure': {
        const label = ctx.numbers.caption.get(b) ?? '';
        out.push({ kind: 'image', path: b.path, alt: b.alt, role: 'figure' });
        const bookmark = b.caption?.anchor ? bookmarkFor(ctx, b.caption.anchor) : undefined;
        out.push(para('figure-caption', [{ text: b.caption ? `${label} – ` : label }, ...(b.caption ? renderInlines(ctx, b.caption.title) : [])], { bookmark }));
        break;
      }
      case 'code':
        for (const line of b.value.split('\n')) out.push(para('code', [{ text: line, code: true }]));
        break;
      case 'pagebreak':
        out.push({ kind: 'pagebreak' });
        break;
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

/** A paragraph holding inline one-side text (or a twin-text :this) differs by design: record it. */
function declareInline(ctx: Ctx, p: Para, inlines: Inline[]): Para {
  const found = findOnly(inlines) ?? (ctx.doc.meta.kind === 'twin' && hasThis(inlines) ? { side: ctx.side, reason: 'twin text: each publication names itself (:this)' } : undefined);
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
      case 'text':
        out.push({ ...style, text: i.value.replace(/\n/g, ' ') });
        break;
      case 'emphasis':
        out.push(...renderInlines(ctx, i.children, { ...style, italic: true }));
        break;
      case 'strong':
        out.push(...renderInlines(ctx, i.children, { ...style, bold: true }));
        break;
      case 'code':
        out.push({ ...style, text: i.value, code: true });
        break;
      case 'break':
        out.push({ ...style, text: '\n' });
        break;
      case 'link':
        out.push(...renderInlines(ctx, i.children, { ...style, url: i.url }));
        break;
      case 'xref': {
        const bookmark = anchorBookmark(i.target);
        if (i.children.length) out.push(...renderInlines(ctx, i.children, { ...style, anchor: bookmark }));
        else out.push({ ...style, text: ctx.numbers.labels.get(i.target) ?? i.target, anchor: bookmark });
        break;
      }
      case 'cite': {
        const r = ctx.doc.meta.references.get(i.id);
        out.push({ ...style, text: r ? citationText(r, i.dated) : i.id });
        break;
      }
      case 'this': {
        const twin = ctx.doc.meta.kind === 'twin';
        const key = twin ? `${i.capital ? 'This' : 'this'}Twin${ctx.side === 'itu' ? 'Itu' : 'Iso'}` : `${i.capital ? 'This' : 'this'}Common`;
        out.push({ ...style, text: ctx.strings(key) });
        break;
      }
      case 'footnoteRef': {
        let n = ctx.footnoteNumbers.get(i.id);
        if (n === undefined) {
          n = ctx.footnotes.length + 1;
          ctx.footnoteNumbers.set(i.id, n);
          ctx.footnotes.push([]);
          const def = ctx.doc.footnotes.get(i.id);
          const blocks = def ? renderBlocks(ctx, def.blocks, 0, 'footnote') : [];
          ctx.footnotes[n - 1] = blocks.filter((b): b is Para => b.kind === 'p');
        }
        out.push({ ...style, text: '', footnote: n });
        break;
      }
      case 'only':
        if (visible(ctx.side, i.side)) out.push(...renderInlines(ctx, i.children, style));
        break;
    }
  }
  return out;
}
