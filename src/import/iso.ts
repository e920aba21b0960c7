/**
 * The ISO/IEC front matter of a common text, read from the ISO/IEC publication (`import --iso`):
 * the cover (designation, edition, date, French title), the reference number (year), the Foreword's
 * committee sentence ("… Joint Technical Committee ISO/IEC JTC 1, Information technology,
 * Subcommittee SC 6, Telecommunications and information exchange between systems …"), its edition
 * sentence ("This second edition cancels and replaces the first edition (ISO/IEC 9594-1:2014), which
 * has been technically revised."), the main changes, the parts list sentence, the patent statement
 * and the ICS line of the back page. What is not found is a prompt of the report, never invented.
 */
import { Templates } from '../profile/index.js';
import type { Segmented } from '../check/segment.js';
import type { ReadDocument, ReadParagraph } from '../reader/index.js';
import type { IsoMeta } from '../source/metadata.js';
import { frontParagraphs, type FrontMatter } from './front.js';
import type { ImportReport } from './report.js';

/** What the ISO/IEC publication gives; every field optional (what is not found stays for the editor). */
export type IsoFront = Partial<IsoMeta> & {
  /** The fixed part of the Foreword, when it is not the default wording (`wording.isoForeword`). */
  foreword?: string;
};

const clean = (s: string) => s.replace(/[\u00A0\t]/g, ' ').replace(/\u2011/g, '-').replace(/\s+/g, ' ').trim();

const DESIGNATION = /\b(ISO(?:\/IEC)?[ \u00A0]\d+(?:-\d+)*)\b/;
const REFERENCE = /^Reference number\s*(ISO(?:\/IEC)? \d+(?:-\d+)*):(\d{4})/i;
const COMMITTEE = /Joint Technical Committee ISO\/IEC JTC 1, Information technology, Subcommittee SC (\w+), (.+?)(?:, in collaboration with ITU-T|\.)/;
const REPLACES = /^This (\w+) edition cancels and replaces the (\w+) edition \((ISO[^)]+)\)(?:, which has been (.+?))?\.$/;
const CHANGES = /^The main changes(?: compared to the previous edition)? are as follows:$/;
const PARTS = /^A list of all parts in the .+ series can be found on the ISO and IEC websites\.$/;
const PATENTS = /ISO and IEC (had received|had not received) notice of \(a\) patent/;
const ICS = /^ICS ([\d.; ]+)$/;
// the first sentence of each fixed Foreword (templates/iso/foreword-fixed.*.hbs); jtc1-2021 is the default
const FOREWORDS: [RegExp, string][] = [[/^ISO \(the International Organization for Standardization\) is a worldwide federation of national standards bodies/, 'iso-2023']];

/** The edition number of an ordinal as the templates spell it ("eighth" → 8), case aside. */
function editionOf(word: string, ordinals: string[]): number | undefined {
  const n = ordinals.findIndex((o) => o.toLowerCase() === word.toLowerCase());
  return n > 0 ? n : undefined;
}

function ordinals(): string[] {
  const table = new Templates().yaml<{ ordinals?: string[] }>('common/identifiers.yaml');
  return table.ordinals ?? [];
}

/** The paragraphs of the cover (before the copyright page) and of the whole front matter. */
function frontOf(doc: ReadDocument, seg: Segmented): { cover: ReadParagraph[]; texts: string[] } {
  const end = seg.introduction[0]?.block ?? seg.bodyStart;
  const paras = frontParagraphs(doc.body.slice(0, end));
  const copyright = paras.findIndex((p) => /^COPYRIGHT PROTECTED DOCUMENT$/i.test(clean(p.text)));
  return { cover: paras.slice(0, copyright > 0 ? copyright : Math.min(paras.length, 12)), texts: paras.map((p) => clean(p.text)) };
}

/** The list items after "The main changes are as follows:", their dash taken off. */
function changesOf(texts: string[]): string[] | undefined {
  const at = texts.findIndex((t) => CHANGES.test(t));
  if (at < 0) return undefined;
  const out: string[] = [];
  for (let i = at + 1; i < texts.length && /^[–—•-] /.test(texts[i]); i++) out.push(texts[i].replace(/^[–—•-] /, ''));
  return out.length ? out : undefined;
}

function coverFields(cover: ReadParagraph[], list: string[]): IsoFront {
  const out: IsoFront = {};
  const texts = cover.map((p) => clean(p.text));
  const kind = texts.find((t) => /^INTERNATIONAL STANDARD\b/i.test(t));
  const designation = kind ? DESIGNATION.exec(kind)?.[1] : undefined;
  if (designation) out.designation = designation.replace(/\u00A0/g, ' ');
  const edition = texts.map((t) => /^(\w+) edition$/i.exec(t)?.[1]).find(Boolean);
  if (edition) out.edition = editionOf(edition, list);
  const date = texts.find((t) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(t));
  const ref = cover.map((p) => REFERENCE.exec(clean(p.text.replace(/\n/g, ' ')))).find(Boolean);
  if (ref) out.year = Number(ref[2]);
  if (date && date !== String(out.year)) out.published = date;
  const fr = cover.find((p) => /title fr/i.test(p.style));
  if (fr) out.titleFr = clean(fr.text);
  const title = cover.find((p) => /cover title$/i.test(p.style));
  if (title) out.coverTitle = clean(title.text);
  return out;
}

function forewordFields(texts: string[], list: string[]): IsoFront {
  const out: IsoFront = {};
  const committee = texts.map((t) => COMMITTEE.exec(t)).find(Boolean);
  if (committee) out.committee = { sc: committee[1], title: committee[2] };
  const replaces = texts.map((t) => REPLACES.exec(t)).find(Boolean);
  if (replaces) {
    out.replaces = { designation: replaces[3], revision: replaces[4] ?? 'technically revised' };
    out.edition = editionOf(replaces[1], list);
  }
  const changes = changesOf(texts);
  if (changes) out.changes = changes;
  if (texts.some((t) => PARTS.test(t))) out.partsList = true;
  const patents = texts.map((t) => PATENTS.exec(t)?.[1]).find(Boolean);
  if (patents) out.patents = patents === 'had received' ? 'received' : 'not-received';
  const foreword = FOREWORDS.find(([re]) => texts.some((t) => re.test(t)));
  if (foreword) out.foreword = foreword[1];
  return out;
}

/** The ICS line of the back page ("ICS 35.100.70"), when there is one. */
function icsOf(doc: ReadDocument, seg: Segmented): string | undefined {
  const back = doc.body.slice(doc.body.length - seg.backMatter.blocks);
  return back.map((b) => (b.kind === 'paragraph' ? ICS.exec(clean(b.text))?.[1] : undefined)).find(Boolean)?.trim();
}

/** The ISO/IEC front matter the publication gives; each field not found is a prompt of the report. */
export function recogniseIsoFront(doc: ReadDocument, seg: Segmented, report: ImportReport): IsoFront {
  const list = ordinals();
  const { cover, texts } = frontOf(doc, seg);
  const foreword = forewordFields(texts, list);
  const fromCover = coverFields(cover, list);
  // the cover's "Second edition" first; the Foreword's "This second edition cancels …" otherwise
  const iso: IsoFront = { ...foreword, ...fromCover, edition: fromCover.edition ?? foreword.edition };
  if (iso.edition === undefined) delete iso.edition;
  const ics = icsOf(doc, seg);
  if (ics) iso.ics = ics;
  for (const field of ['designation', 'year', 'edition', 'committee'] as const) {
    if (iso[field] === undefined) report.prompt(`iso.${field}`, `not found in the ISO/IEC publication (cover, reference number, Foreword): fill it in`);
  }
  return iso;
}

/** A placeholder for a designation the ITU file does not give (reported as a field to fill in). */
export const PLACEHOLDER_DESIGNATION = 'ISO/IEC 99999-1';

/**
 * The iso: block of the front matter, in the README's order: from the ISO/IEC publication when given,
 * else the ITU file's designation and year with the edition from the History and an empty committee
 * (prompts of the report). The cover title is written only where it is not the one the build derives.
 */
export function isoBlock(front: FrontMatter, iso: IsoFront | undefined): Record<string, unknown> {
  const itu = front.itu;
  const year = iso?.year ?? front.iso?.year ?? (Number(itu.approved.slice(0, 4)) || new Date().getFullYear());
  const edition = iso?.edition ?? (Math.floor(Number(itu.history[itu.history.length - 1]?.edition ?? 1)) || 1);
  const out: Record<string, unknown> = { designation: iso?.designation ?? front.iso?.designation ?? PLACEHOLDER_DESIGNATION, year, edition };
  if (iso?.published) out.published = iso.published;
  out.committee = iso?.committee ?? { sc: '', title: '' };
  out.patents = iso?.patents ?? itu.ipr;
  if (iso?.replaces) out.replaces = iso.replaces;
  if (iso?.changes?.length) out.changes = iso.changes;
  if (iso?.partsList) out.partsList = true;
  if (iso?.titleFr) out.titleFr = iso.titleFr;
  const derived = front.title.replace(/ – /g, ' — ').replace(/–/g, '—');
  if (iso?.coverTitle && iso.coverTitle !== clean(derived)) out.coverTitle = iso.coverTitle;
  if (iso?.ics) out.ics = iso.ics;
  return out;
}
