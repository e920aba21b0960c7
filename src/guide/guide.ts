/**
 * The ITU-T Implementers' Guide of a common text (domain reference §5.5), from the resolved and accepted
 * defect records of its defects folder: written as a commontext source from templates/guide/guide.md.hbs
 * and built, as a corrigendum is, with the ordinary build (ITU publication only: the guide is an ITU-T
 * document).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { Templates } from '../profile/index.js';
import { escapeMarkdown } from '../model/view.js';
import { type Diagnostic } from '../util/diagnostics.js';
import { Diagnostics } from '../util/diagnostics.js';
import { defectsDir, readDefects, type DefectRecord } from '../supplement/defects.js';
import { SupplementError, type Version } from '../supplement/index.js';
import { build } from '../app/build.js';

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

/** The records the guide holds, by number; every problem of the folder as diagnostics. */
export function guideRecords(file: string): DefectRecord[] {
  const dir = defectsDir(file);
  const rel = path.relative(process.cwd(), dir) || dir;
  if (!existsSync(dir)) throw new SupplementError([atSource(file, 'guide-no-defects', `there is no defects folder (${rel}); an implementers' guide is built from its defect records; "commontext defect new" creates one`)]);
  const diagnostics = new Diagnostics();
  const files = readDefects(file, diagnostics);
  if (diagnostics.errors.length) throw new SupplementError(diagnostics.sorted().filter((d) => d.severity === 'error'));
  const records = files.map((f) => f.record!).filter((r) => IN_GUIDE.has(r.status));
  if (!records.length) throw new SupplementError([atSource(file, 'guide-no-defects', `no defect record in ${rel} is accepted or resolved; the guide records only those (status: accepted or resolved)`)]);
  return records;
}

/** "2017-10-27" → "27 October 2017", from templates/guide/strings.yaml. */
function longDate(date: string, strings: Record<string, string>, templates: Templates): string {
  const [year, month, day] = date.split('-');
  return templates.renderString(strings.date, { day: String(Number(day)), month: strings.months.split(/\s+/)[Number(month) - 1], year });
}

/** The guide as a commontext source: the text's front matter with the guide's title and date, then the guide. */
export function guideSource(head: Version, records: DefectRecord[], approved: string, templates = new Templates()): string {
  const meta = head.doc.meta;
  const strings = templates.strings('guide/strings.yaml');
  const [baseYear, baseMonth] = meta.itu.approved.split('-');
  const data = { itu: meta.itu, iso: meta.iso, title: escapeMarkdown(meta.title), baseYear, baseMonth };
  const front = parseDocument(head.tree.yaml);
  front.set('title', templates.renderString(strings.title, { ...data, title: meta.title }));
  front.setIn(['itu', 'approved'], approved);
  front.deleteIn(['itu', 'history']);
  const defects = records.map((r) => ({
    number: r.number, date: r.date, qualifier: r.qualifier, status: r.status,
    resolution: r.resolution && recordMarkdown(r.resolution), references: recordMarkdown(r.references),
    nature: recordMarkdown(r.nature), solution: r.solution && recordMarkdown(r.solution), response: r.response && recordMarkdown(r.response),
  }));
  const frontMatter = `---\n${front.toString()}---\n`;
  return templates.render('guide/guide.md.hbs', { ...data, frontMatter, approvedLong: longDate(approved, strings, templates), defects });
}

/** The file names of the guide's outputs, from the source's name. */
export function guideStem(file: string, templates = new Templates()): string {
  return templates.renderString(templates.strings('guide/strings.yaml').stem, { source: path.basename(file, path.extname(file)) });
}

/**
 * The guide's DOCX: the source built in memory as if it lay beside the text (never written there), so
 * that its includes resolve; only the ITU publication is kept.
 */
export async function guideDocx(md: string, head: Version, stem: string): Promise<Uint8Array> {
  const result = await build(path.join(path.dirname(head.file), `${stem}.md`), { write: false, text: md });
  if (!result.ok) throw new SupplementError(result.diagnostics);
  return result.outputs.find((o) => o.side === 'itu')!.bytes;
}
