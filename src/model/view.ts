/**
 * The metadata as the templates see it: derived identifiers ((MM/YYYY), edition ordinals, cover
 * title with em dashes…) computed once, in one place.
 */
import type { Metadata } from '../source/metadata.js';
import { TemplateError, Templates } from '../profile/index.js';

/** "eighth": an edition ordinal from the templates (the bundled ones unless a chain is given). */
export function ordinal(n: number, templates: Templates = new Templates()): string {
  return identifiers(templates).ordinal(n);
}

/** The identifier templates (templates/common/identifiers.yaml), user keys over bundled keys. */
function identifiers(templates: Templates) {
  const table = templates.strings('common/identifiers.yaml') as unknown as Record<string, string> & { ordinals?: string[] };
  return {
    text: (key: string, data: object) => {
      const t = table[key];
      if (typeof t !== 'string') throw new TemplateError(`templates/common/identifiers.yaml has no "${key}"`);
      return templates.renderString(t, data);
    },
    ordinal: (n: number) => table.ordinals?.[n] ?? templates.renderString(table.ordinalBeyond ?? '{{n}}', { n }),
    /** "2017-10-27" → "27 October 2017" (longDate, months). */
    longDate: (date: string) => {
      const [year, month, day] = date.split('-');
      const months = (table as unknown as { months?: string[] }).months ?? [];
      return templates.renderString(table.longDate ?? '{{year}}-{{month}}-{{day}}', { day: String(Number(day)), month: months[Number(month) - 1] ?? month, year });
    },
  };
}

/** "2017-10-27" → "27 October 2017", in the words of templates/common/identifiers.yaml. */
export function longDate(date: string, templates: Templates = new Templates()): string {
  return identifiers(templates).longDate(date);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A line of the cover's verso: a sub-series (level 1 a group, 2 within it) and its number range ("X.500–X.599"). */
export interface VersoLine { text: string; range?: string; level: number; current?: boolean }
export interface SeriesEntry { title: string; cover: string; versoTitle?: string; versoSubtitle?: string; verso?: VersoLine[] }

/** The verso's lines, the one whose range holds the Recommendation's number (500 of X.500 in X.500–X.599) marked current. */
function versoLines(lines: VersoLine[] | undefined, number: string): VersoLine[] | undefined {
  const n = (s: string) => Number(/\.(\d+)/.exec(s)?.[1] ?? NaN);
  const own = n(number);
  return lines?.map((l) => {
    const [from, to] = (l.range ?? '').split('–');
    return { ...l, range: l.range ?? '', current: !!from && own >= n(from) && own <= n(to ?? from) };
  });
}

/** Escapes what Markdown would read as markup, so that metadata values are inserted as plain text. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<|]/g, (c) => `\\${c}`);
}

function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object' && !(value instanceof Map)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f);
    return out as T;
  }
  return value;
}

export function metadataView(meta: Metadata, templates: Templates, markdown: boolean) {
  const [year, month] = meta.itu.approved.split('-');
  let series: SeriesEntry = { title: '', cover: '' };
  let seriesList: { letter: string; title: string; current: boolean }[] = [];
  try {
    const table = templates.yaml<Record<string, SeriesEntry>>('itu/series.yaml');
    const entry = table[meta.itu.number.charAt(0)];
    if (entry) series = { ...entry, verso: versoLines(entry.verso, meta.itu.number) };
    seriesList = Object.entries(table).map(([letter, e]) => ({ letter, title: e.title, current: letter === meta.itu.number.charAt(0) }));
  } catch { /* no series table: the cover line and the back page list stay empty */ }
  const keywords = meta.itu.keywords;
  const ids = identifiers(templates);
  const ordinal = ids.ordinal;
  const view = {
    supplement: supplementView(meta, ids.text),
    guide: guideView(meta, ids),
    kind: meta.kind,
    title: meta.title,
    titleCapitals: meta.title.toUpperCase(),
    wording: meta.wording,
    series,
    seriesList,
    iprReceived: meta.itu.ipr === 'received',
    patentsReceived: meta.iso.patents === 'received',
    copyrightYear: meta.itu.copyrightYear ?? Number((meta.supplement?.approved ?? meta.itu.approved).slice(0, 4)),
    keywordsSentence: keywords.length ? `${keywords.join(', ').replace(/\.$/, '')}.` : '',
    itu: {
      ...meta.itu,
      mmYYYY: `${month}/${year}`,
      attachmentLines: (meta.itu.attachments ?? []).map((text, i) => ({ number: i + 1, text })),
      yyyymm: `${year}${month}`,
      year: Number(year),
      subseries: meta.itu.subseries ?? '',
    },
    iso: {
      ...meta.iso,
      titleFr: meta.iso.titleFr ?? '',
      ics: meta.iso.ics ?? '',
      replaces: meta.iso.replaces ?? null,
      editionOrdinal: ordinal(meta.iso.edition),
      editionOrdinalCapital: capital(ordinal(meta.iso.edition)),
      previousEditionOrdinal: ordinal(meta.iso.edition - 1),
      series: meta.iso.designation.replace(/-\d+$/, ''),
      fileStem: meta.iso.designation.replace(/[/ ]/g, '_'),
      publishedDate: meta.iso.published ?? String(meta.iso.year),
      coverTitle: meta.iso.coverTitle ?? meta.title.replace(/ – /g, ' — ').replace(/–/g, '—'),
    },
  };
  return markdown ? mapStrings(view, escapeMarkdown) : view;
}

export type MetadataView = ReturnType<typeof metadataView>;

/**
 * Identifiers of a corrigendum or amendment (common-texts.md §5.2 [V]): ITU "Rec. ITU-T X.nnn (YYYY)/Cor.1 (MM/YYYY)",
 * ISO "ISO/IEC nnnn:YYYY/Cor 1:YYYY"; null for a base text. The wording around them is in the templates.
 */
function supplementView(meta: Metadata, text: (key: string, data: object) => string) {
  const s = meta.supplement;
  if (!s) return null;
  const baseYear = meta.itu.approved.slice(0, 4);
  const [year, month] = (s.approved ?? meta.itu.approved).split('-');
  const isoYear = s.isoYear ?? Number(year);
  const data = { corrigendum: s.type === 'corrigendum', number: s.number, baseYear, month, year, isoYear, itu: meta.itu, iso: meta.iso };
  return {
    type: s.type,
    number: s.number,
    corrigendum: data.corrigendum,
    /** "Corrigendum 1" (ITU cover), "Amendment 1" */
    ituLabel: text('supplementItuLabel', data),
    /** "Technical Corrigendum 1" in the common body (Rec. ITU-T A.1 NOTE) */
    commonLabel: text('supplementCommonLabel', data),
    /** "TECHNICAL CORRIGENDUM 1" (ISO title prefix) */
    isoLabel: text('supplementIsoLabel', data),
    /** "AMENDEMENT 1", under the French title of the ISO cover */
    isoLabelFr: text('supplementIsoLabelFr', data),
    mmYYYY: `${month}/${year}`,
    yyyymm: `${year}${month}`,
    year: Number(year),
    baseYear,
    isoYear,
    ituId: text('supplementItuId', data),
    isoId: text('supplementIsoId', data),
    fileTag: text('supplementFileTag', data),
    /** The supplement's own title ("New Annex B: …"), '' when it has none. */
    title: s.title ?? '',
    /** The ITU History table: the base text's rows, then the supplement's own (unless the table lists it already). */
    history: supplementHistory(meta, text('supplementHistoryRecommendation', data)),
  };
}

/**
 * Identifiers of an implementers' guide (common-texts.md §5.5 [V] GImp729: cover "(27 October 2017)",
 * footer "… Implementors' Guide (2017-10)", file "T-REC-G.Imp729-201710-…"); null for any other text.
 */
function guideView(meta: Metadata, ids: ReturnType<typeof identifiers>) {
  const g = meta.guide;
  if (!g) return null;
  const [year, month] = g.approved.split('-');
  const [series, number] = meta.itu.number.split(/\.(.*)/s);
  return {
    approved: g.approved,
    /** "27 October 2017" */
    date: ids.longDate(g.approved),
    /** "2017-10" */
    yearMonth: `${year}-${month}`,
    yyyymm: `${year}${month}`,
    year: Number(year),
    /** "G.Imp729" */
    number: ids.text('guideNumber', { series, number, itu: meta.itu }),
  };
}

/**
 * The History rows of a supplement: the base text's, then its own, numbered after the last one as
 * editions are (common-texts.md §2.7: N.0 an edition, N.1, N.2 … its amendments and corrigenda in
 * approval order), dated with its approval, its study group that of the base text.
 */
function supplementHistory(meta: Metadata, recommendation: string) {
  const s = meta.supplement!;
  const rows = meta.itu.history;
  if (rows.some((r) => r.recommendation === recommendation)) return rows;
  const last = /^(\d+)\.(\d+)$/.exec(String(rows.at(-1)?.edition ?? ''));
  const edition = s.edition ?? (last ? `${last[1]}.${Number(last[2]) + 1}` : '');
  return [...rows, { edition, recommendation, approved: s.approved ?? meta.itu.approved, studyGroup: String(meta.itu.studyGroup), uniqueId: s.uniqueId ?? '' }];
}
