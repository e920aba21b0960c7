/**
 * Recognise the ITU front matter of a published Recommendation: the cover (number, date, series,
 * subseries), the common-text title block (title, ISO/IEC designation), Summary, History, Keywords,
 * the IPR notice and whether the text is a prepublished version. What is recognised becomes the
 * source's front matter; the fixed texts are left to the build (fixed.ts reports any that differ).
 */
import type { ReadBlock, ReadDocument, ReadParagraph } from '../reader/index.js';
import type { HistoryRow, ItuMeta } from '../source/metadata.js';
import type { ImportReport } from './report.js';

export interface FrontMatter {
  title: string;
  itu: ItuMeta;
  /** year: from the running header "ISO/IEC 9594-1:2017 (E)" of the ITU publication, when it has one. */
  iso?: { designation: string; year?: number };
  /** No "INTERNATIONAL STANDARD ISO/IEC …" line: a twin text (or a Recommendation not yet common). */
  twin: boolean;
  summary: string[];
  /**
   * The ITU fixed texts' wordings the original uses where they are not the default ones (README "Wording choices"):
   * iprNotice "2024" (names software copyrights too), keywords "semicolon", union "capitals", contents "title-case", titleBlock "capitals".
   */
  wording: Partial<Record<'iprNotice' | 'keywords' | 'union' | 'contents' | 'titleBlock', string>>;
}

/** Every paragraph before the body, table cells (nested tables flattened by the reader) included, in order. */
export function frontParagraphs(blocks: ReadBlock[]): ReadParagraph[] {
  const out: ReadParagraph[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph') out.push(b);
    else for (const r of b.rows) for (const c of r.cells) out.push(...c.paragraphs);
  }
  return out;
}

const clean = (s: string) => s.replace(/[\u00A0\t]/g, ' ').replace(/\u2011/g, '-').replace(/\s+/g, ' ').trim();

/** The paragraphs under a front heading ("Summary", "Keywords"), up to the next heading of that style or an empty run. */
function section(paras: ReadParagraph[], title: RegExp): ReadParagraph[] {
  const at = paras.findIndex((p) => title.test(clean(p.text)) && /Heading_b|heading/i.test(p.style));
  if (at < 0) return [];
  const out: ReadParagraph[] = [];
  for (let i = at + 1; i < paras.length; i++) {
    const p = paras[i];
    if (/Heading_b/i.test(p.style) || /^(FOREWORD|History|Keywords|Summary|CONTENTS)$/i.test(clean(p.text))) break;
    out.push(p);
  }
  return out;
}

/** The History rows: five cells each after the header row "Edition | Recommendation | Approval | Study Group | Unique ID". */
function historyRows(paras: ReadParagraph[]): HistoryRow[] {
  const cells = section(paras, /^History$/).map((p) => clean(p.text));
  const head = cells.findIndex((c) => c === 'Edition');
  if (head < 0) return [];
  const rows: HistoryRow[] = [];
  const body = cells.slice(head + 5);
  for (let i = 0; i + 4 < body.length; i += 5) {
    if (!/^\d+(\.\d+)?$/.test(body[i])) break;
    rows.push({ edition: body[i], recommendation: body[i + 1], approved: body[i + 2], studyGroup: body[i + 3], uniqueId: body[i + 4] });
  }
  return rows;
}

/** The keywords of the Keywords section, and "semicolon" when they are printed "a; b; c" with no full stop (T.88 (08/2018)). */
function keywordsOf(paras: ReadParagraph[]): { keywords: string[]; semicolons: boolean } {
  const text = section(paras, /^Keywords$/).map((p) => clean(p.text)).join(' ').trim();
  const keywords = text.replace(/\.$/, '').split(/\s*[,;]\s*/).filter(Boolean);
  return { keywords, semicolons: text.includes(';') && !/[,.]/.test(text) };
}

/** A prepublished version's revision line above its title ("Revised ITU-T T.88 | ISO/IEC 14492 (2nd edition)") and its numbered electronic attachments. */
function revisionOf(paras: ReadParagraph[]): { revision?: string; attachments?: string[] } {
  const revision = paras.map((p) => clean(p.text)).find((t) => /^Revised ITU-T /.test(t));
  const listed = section(paras, /^Electronic attachments:$/).map((p) => clean(p.text)).filter(Boolean);
  // the numbered lines "1. Reference source code implementation", up to the first that is not one
  const end = listed.findIndex((t, i) => !t.startsWith(`${i + 1}. `));
  const attachments = listed.slice(0, end < 0 ? listed.length : end).map((t) => t.replace(/^\d+\.\s*/, ''));
  return { ...(revision ? { revision } : {}), ...(attachments.length ? { attachments } : {}) };
}

/** The wording variants of the ITU fixed texts that the front matter's paragraphs show. */
function wordingOf(all: string[], semicolons: boolean): FrontMatter['wording'] {
  const wording: FrontMatter['wording'] = {};
  if (all.some((t) => /notice of intellectual property, protected by patents\/software copyrights/.test(t))) wording.iprNotice = '2024';
  if (semicolons) wording.keywords = 'semicolon';
  if (all.includes('INTERNATIONAL TELECOMMUNICATION UNION')) wording.union = 'capitals';
  if (all.includes('Table of Contents')) wording.contents = 'title-case';
  if (all.some((t) => /^ITU-T RECOMMENDATION [A-Z]\.\S+$/.test(t))) wording.titleBlock = 'capitals';
  return wording;
}

/** The study period an approval year falls in (ITU-T study periods are four years, 2022–2024 three). */
export function studyPeriodOf(year: number): string | undefined {
  const starts = [1989, 1993, 1997, 2001, 2005, 2009, 2013, 2017, 2022, 2025];
  for (let i = starts.length - 2; i >= 0; i--) if (year >= starts[i]) return year >= starts[i + 1] ? undefined : `${starts[i]}-${starts[i + 1] - 1}`;
  return undefined;
}

function coverNumber(paras: ReadParagraph[]): { number?: string; month?: string; subseries?: string } {
  const texts = paras.map((p) => clean(p.text));
  const itu = texts.indexOf('ITU-T');
  const number = itu >= 0 && /^[A-Z]\.\d/.test(texts[itu + 1] ?? '') ? texts[itu + 1] : undefined;
  const month = texts.map((t) => /^\((\d{2})\/(\d{4})\)$/.exec(t)).find(Boolean);
  const series = texts.findIndex((t) => /^SERIES [A-Z]:/.test(t));
  const next = series >= 0 ? texts[series + 1] : undefined;
  return { number, month: month ? `${month[2]}-${month[1]}` : undefined, subseries: next && next.length < 120 && !/^(Information technology|Recommendation)/.test(next) ? next : undefined };
}

/** The designation, with the ISO year when a running header gives "designation:year". */
function isoOf(designation: string, doc: ReadDocument): { designation: string; year?: number } {
  const headers = doc.sections.flatMap((s) => Object.values(s.headers)).join('\n');
  const m = new RegExp(`${designation.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:(\\d{4})`).exec(headers);
  return m ? { designation, year: Number(m[1]) } : { designation };
}

/** "© ITU 2017" when it is not the approval year. */
function copyright(texts: string[], approvalYear: number): { copyrightYear?: number } {
  const y = Number(texts.map((t) => /^[©\uF0E3]\s*ITU\s+(\d{4})$/.exec(t)?.[1]).find(Boolean));
  return y && y !== approvalYear ? { copyrightYear: y } : {};
}

/** The front matter recognised before `bodyStart`; what cannot be found is an entry of the report (a prompt to fill in). */
export function recogniseFront(doc: ReadDocument, bodyStart: number, report: ImportReport): FrontMatter {
  const paras = frontParagraphs(doc.body.slice(0, bodyStart));
  const all = paras.map((p) => clean(p.text));
  const history = historyRows(paras);
  const last = history[history.length - 1];
  const cover = coverNumber(paras);
  const titleBlock = doc.body.slice(bodyStart, bodyStart + 12).find((b): b is ReadParagraph => b.kind === 'paragraph' && /Rec_title/i.test(b.style))
    ?? paras.find((p) => /Rec_title/i.test(p.style));
  const isoLine = all.find((t) => /^INTERNATIONAL STANDARD ISO/i.test(t));
  const number = cover.number ?? /^ITU-T (\S+)/.exec(last?.recommendation ?? '')?.[1] ?? '';
  const approved = last?.approved ?? (cover.month ? `${cover.month}-01` : '');
  if (!titleBlock) report.prompt('title', 'no title (style Rec_title) was found in the title block');
  if (!number) report.prompt('itu.number', 'the Recommendation number was not found on the cover');
  if (!isoLine) report.prompt('iso.designation', 'the title block has no "INTERNATIONAL STANDARD ISO/IEC" line: the ISO/IEC designation is a placeholder to replace');
  if (all.some((t) => /ITU \[had\/had not\] received notice/.test(t))) report.prompt('itu.ipr', 'the IPR notice of the original is the placeholder "ITU [had/had not] received notice of intellectual property" left in a prepublished file: a build prints no placeholder; "not-received" was set, check it in the TSB patent database and set "received" if ITU had received notice');
  if (!last) report.prompt('itu.history', 'no History table was found; the approval date and study group must be filled in');
  const { keywords, semicolons } = keywordsOf(paras);
  const footers = doc.sections.flatMap((s) => Object.values(s.footers)).join('\n');
  const year = Number(approved.slice(0, 4));
  return {
    title: clean(titleBlock?.text ?? '').replace(/\s*\n\s*/g, ' '),
    itu: {
      number,
      approved,
      studyGroup: last?.studyGroup ?? '',
      studyPeriod: year ? studyPeriodOf(year) : undefined,
      subseries: cover.subseries,
      ipr: all.some((t) => /ITU had received notice of intellectual property/.test(t)) ? 'received' : 'not-received',
      prepublished: /Prepublished version/i.test(footers) || all.some((t) => /^CAUTION/.test(t)),
      keywords,
      history,
      ...copyright(all, year),
      ...revisionOf(paras),
    },
    iso: isoLine ? isoOf(isoLine.replace(/^INTERNATIONAL STANDARD\s+/i, ''), doc) : undefined,
    // a common text says "this Recommendation | International Standard" even where its title block lacks the ISO/IEC line
    twin: !isoLine && !doc.body.some((b) => b.kind === 'paragraph' && /Recommendation[ \u00A0]\|[ \u00A0]International[ \u00A0]Standard/.test(b.text)),
    summary: section(paras, /^Summary$/).map((p) => p.text.trim()).filter(Boolean),
    wording: wordingOf(all, semicolons),
  };
}
