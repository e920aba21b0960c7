/**
 * The ITU-T Implementers' Guide of a common text (domain reference §5.5), from the resolved and accepted
 * defect records of its defects folder: written as a commontext source from templates/guide/guide.md.hbs
 * with the front matter key `guide:` (so that the ITU profile lays it out as a guide, itu/profile.yaml
 * `guide:`; the ISO profile has no guide layout: the guide is an ITU-T document) and built with the
 * ordinary build. A record's structured `changes:` become instructions in the corrigenda's wording
 * (changes.ts); a record without them keeps its own proposed solution.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { Templates } from '../profile/index.js';
import { escapeMarkdown, longDate } from '../model/view.js';
import { type Diagnostic } from '../util/diagnostics.js';
import { Diagnostics } from '../util/diagnostics.js';
import { defectsDir, readDefects, type DefectRecord } from '../supplement/defects.js';
import { SupplementError, type Version } from '../supplement/index.js';
import { build, prepare } from '../app/build.js';
import { recordInstructions, type InstructionGroup } from './changes.js';
import { commitCorrections } from './commits.js';
import { isCommit, type DefectCommit } from '../supplement/defect-changes.js';

/** The statuses whose records the guide records as corrections. */
const IN_GUIDE = new Set<DefectRecord['status']>(['accepted', 'resolved']);

/** Record text as Markdown that prints as typed: also directives (":this"), attributes and line-start markers. */
export function recordMarkdown(text: string): string {
  return text.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/).map((para) => escapeMarkdown(para.trim())
    .replace(/[:{}#!~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)(\d*)([-+>=.)])(?=\s|$)/gm, '$1$2\\$3'))
    .filter(Boolean).join('\n\n');
}

/** A position at the source's first line: a guide problem is about the text as a whole. */
function atSource(file: string, code: string, message: string): Diagnostic {
  return { file: path.relative(process.cwd(), file) || file, line: 1, column: 1, severity: 'error', code, message };
}

/** What the guide is made of: the records it holds, by number, and the instructions of their `changes:`. */
export interface GuideContent {
  records: DefectRecord[];
  /** Of the records whose changes quote the text (in / replace / with). */
  instructions: Map<number, InstructionGroup[]>;
  /** Of the records whose changes are commits of the source: the corrigendum's Markdown for them. */
  corrections: Map<number, string>;
}

/**
 * The records the guide holds and their instructions, the changes checked against `head` (the text);
 * every problem of the folder, a record's field or a change that does not fit the text, as diagnostics
 * all at once (the changes of the records that read are checked even when another record is invalid).
 */
export function guideContent(file: string, head: Version): GuideContent {
  const dir = defectsDir(file);
  const rel = path.relative(process.cwd(), dir) || dir;
  if (!existsSync(dir)) throw new SupplementError([atSource(file, 'guide-no-defects', `there is no defects folder (${rel}); an implementers' guide is built from its defect records; "commontext defect new" creates one`)]);
  const diagnostics = new Diagnostics();
  const records = readDefects(file, diagnostics).flatMap((f) => (f.record && IN_GUIDE.has(f.record.status) ? [f.record] : []));
  const checked = guideInstructions(head, records);
  const corrections = new Map<number, string>();
  for (const r of records) {
    const commits = (r.changes ?? []).filter((c): c is DefectCommit => isCommit(c));
    if (!commits.length) continue;
    const made = commitCorrections(head.file, commits, new Templates());
    diagnostics.list.push(...made.problems);
    corrections.set(r.number, made.md);
  }
  diagnostics.list.push(...checked.problems);
  if (diagnostics.errors.length) throw new SupplementError(diagnostics.sorted().filter((d) => d.severity === 'error'));
  if (!records.length) throw new SupplementError([atSource(file, 'guide-no-defects', `no defect record in ${rel} is accepted or resolved; the guide records only those (status: accepted or resolved)`)]);
  return { records, instructions: checked.groups, corrections };
}

/**
 * The instructions of the records' structured changes, checked against the text as the ITU publication
 * prints it; every change that does not fit is a problem at its field in the record.
 */
export function guideInstructions(head: Version, records: DefectRecord[]): { groups: Map<number, InstructionGroup[]>; problems: Diagnostic[] } {
  if (!records.some((r) => r.changes?.some((c) => !isCommit(c)))) return { groups: new Map(), problems: [] };
  const pub = prepare(head.doc, 'itu');
  return recordInstructions(records, pub, pub.templates, head.file);
}

/** A record as the template sees it: every text as Markdown that prints as typed. */
function defectData(r: DefectRecord, groups: InstructionGroup[] | undefined, corrections: string | undefined) {
  return {
    number: r.number, date: r.date, qualifier: r.qualifier, status: r.status,
    resolution: r.resolution && recordMarkdown(r.resolution), references: recordMarkdown(r.references),
    nature: recordMarkdown(r.nature), solution: r.solution && recordMarkdown(r.solution), response: r.response && recordMarkdown(r.response),
    groups: groups?.map((g) => ({ heading: recordMarkdown(g.heading), instructions: g.instructions.map(recordMarkdown) })),
    corrections,
  };
}

/** The guide as a commontext source: the text's front matter with the guide's title and `guide:` date, then the guide. */
export function guideSource(head: Version, content: GuideContent, approved: string, templates = new Templates()): string {
  const { records, instructions, corrections } = content;
  const meta = head.doc.meta;
  const strings = templates.strings('guide/strings.yaml');
  const [baseYear, baseMonth] = meta.itu.approved.split('-');
  const data = { itu: meta.itu, iso: meta.iso, title: escapeMarkdown(meta.title), baseYear, baseMonth };
  const front = parseDocument(head.tree.yaml);
  front.set('title', templates.renderString(strings.title, { ...data, title: meta.title }));
  front.set('guide', { approved });
  front.deleteIn(['itu', 'history']);
  front.deleteIn(['supplement']);
  const frontMatter = `---\n${front.toString()}---\n`;
  const defects = records.map((r) => defectData(r, instructions.get(r.number), corrections.get(r.number)));
  return templates.render('guide/guide.md.hbs', { ...data, frontMatter, approvedLong: longDate(approved, templates), defects });
}

/** The file names of the guide's outputs, from the source's name. */
export function guideStem(file: string, templates = new Templates()): string {
  return templates.renderString(templates.strings('guide/strings.yaml').stem, { source: path.basename(file, path.extname(file)) });
}

/**
 * The guide's DOCX: the source built in memory as if it lay beside the text (never written there), so
 * that its includes resolve; the ITU publication only (the guide layout is the ITU profile's).
 */
export async function guideDocx(md: string, head: Version, stem: string): Promise<Uint8Array> {
  const result = await build(path.join(path.dirname(head.file), `${stem}.md`), { write: false, text: md, only: 'itu' });
  if (!result.ok) throw new SupplementError(result.diagnostics);
  return result.outputs.find((o) => o.side === 'itu')!.bytes;
}
