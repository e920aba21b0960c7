/**
 * Defect reports: one YAML record per defect in the source's folder (`defects/<n>.yaml`), with the fields
 * of the common-text defect report form (domain reference §5.4: XImpOSI Annex A, with the JTC 1 form's
 * status and resolution), validated with a line and column for every problem, and rendered as the
 * completed form (DOCX) from the template common/defect-report.hbs.
 */
import { existsSync, linkSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Metadata } from '../source/metadata.js';
import { dateProblem } from '../source/frontmatter.js';
import { Diagnostics, type SourcePosition } from '../util/diagnostics.js';
import { Templates } from '../profile/index.js';
import type { Para, Publication } from '../model/publication.js';
import { renderDocx } from '../render/docx.js';
import { loadDocxProfile } from '../profile/docx.js';
import { readChanges, type DefectChange, type DefectCommit } from './defect-changes.js';

export const QUALIFIERS = ['error', 'omission', 'clarification required'] as const;
export const STATUSES = ['open', 'accepted', 'resolved', 'rejected'] as const;

export interface DefectRecord {
  number: number;
  /** YYYY-MM-DD: when the report was submitted. */
  date: string;
  source: { name: string; organization?: string; email?: string };
  /** "Rec. ITU-T X.225 (11/1995) | ISO/IEC 8327-1:1996" */
  concerning: string;
  qualifier: (typeof QUALIFIERS)[number];
  /** Where in the document: "7.4.1, Table 3". */
  references: string;
  nature: string;
  solution?: string;
  response?: string;
  status: (typeof STATUSES)[number];
  /** "Corrected by Technical Corrigendum 1 (03/2000)" */
  resolution?: string;
  /** The agreed correction as before/after text by section, or as the commits of the source that made it (optional; defect-changes.ts). */
  changes?: DefectChange[] | DefectCommit[];
}

export interface DefectFile {
  file: string;
  number: number;
  record?: DefectRecord;
}

type Field =
  | { type: 'text'; required?: boolean; pattern?: RegExp; hint?: string; date?: boolean }
  | { type: 'int'; required?: boolean }
  | { type: 'enum'; values: readonly string[]; required?: boolean }
  | { type: 'group'; required?: boolean; fields: Record<string, Field> }
  | { type: 'changes'; required?: boolean };

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The record's fields; required ones are those the form cannot go without. */
const SCHEMA: Record<string, Field> = {
  number: { type: 'int', required: true },
  date: { type: 'text', required: true, pattern: DATE, hint: 'a date such as "2024-05-01"', date: true },
  source: {
    type: 'group', required: true,
    fields: { name: { type: 'text', required: true }, organization: { type: 'text' }, email: { type: 'text', pattern: /^[^@\s]+@[^@\s]+$/, hint: 'an e-mail address such as "name@example.org"' } },
  },
  concerning: { type: 'text', required: true },
  qualifier: { type: 'enum', values: QUALIFIERS, required: true },
  references: { type: 'text', required: true },
  nature: { type: 'text', required: true },
  solution: { type: 'text' },
  response: { type: 'text' },
  status: { type: 'enum', values: STATUSES, required: true },
  resolution: { type: 'text' },
  changes: { type: 'changes' },
};

export function defectsDir(sourceFile: string): string {
  return path.join(path.dirname(path.resolve(sourceFile)), 'defects');
}

/** The highest record number: far beyond any real series of reports, and well inside exact numbers. */
export const MAX_DEFECT = 99999;

/** "3.yaml" → 3; a name that is a number written otherwise ("03.yaml", "0.yaml", too high) → undefined. */
const recordNumber = (name: string): number | undefined => {
  const m = /^([1-9]\d*)\.yaml$/.exec(name);
  return m && Number(m[1]) <= MAX_DEFECT ? Number(m[1]) : undefined;
};

/** The record files of a source's defects folder, by number (files not named <n>.yaml are not records). */
export function defectFiles(sourceFile: string): { file: string; number: number }[] {
  const dir = defectsDir(sourceFile);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => recordNumber(f) !== undefined)
    .map((f) => ({ file: path.join(dir, f), number: recordNumber(f)! }))
    .sort((a, b) => a.number - b.number);
}

/**
 * Files of the defects folder named like a record with a number written otherwise ("01.yaml",
 * "0.yaml", "100000.yaml"): they would be the same report as "1.yaml", or no report; each is an
 * error at its first line, for the user to rename.
 */
export function misnamedRecords(sourceFile: string, diagnostics: Diagnostics): void {
  const dir = defectsDir(sourceFile);
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).sort()) {
    if (!/^\d+\.yaml$/.test(f) || recordNumber(f) !== undefined) continue;
    const n = Number(f.slice(0, -5));
    const file = path.relative(process.cwd(), path.join(dir, f)) || f;
    diagnostics.error({ file, line: 1, column: 1 }, 'defect-file-name', n >= 1 && n <= MAX_DEFECT
      ? `the record's file name writes the number ${n} with leading zeros; name it ${n}.yaml`
      : `the record's file name is not a report number; reports are numbered from 1 to ${MAX_DEFECT} and named like 3.yaml`);
  }
}

/** "Rec. ITU-T X.225 (11/1995) | ISO/IEC 8327-1:1996", from the source's front matter. */
export function concerningText(meta: Metadata, templates = new Templates()): string {
  const [year, month] = meta.itu.approved.split('-');
  return formString(templates, 'concerning', { itu: meta.itu, iso: meta.iso, month, year });
}

/** A string of templates/common/defect.yaml, rendered with `data`. */
function formString(templates: Templates, key: string, data: object): string {
  return templates.renderString(templates.strings('common/defect.yaml')[key], data);
}

/** Reads and validates one record; every problem goes to `diagnostics` with its position in `label`. */
export function readDefect(file: string, diagnostics: Diagnostics, label = path.relative(process.cwd(), file) || file): DefectRecord | undefined {
  const text = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (node: unknown): SourcePosition => {
    const range = (node as YamlNode | undefined)?.range;
    const p = range ? lines.linePos(range[0]) : { line: 1, col: 1 };
    return { file: label, line: p.line, column: p.col };
  };
  for (const e of doc.errors) {
    const p = lines.linePos(e.pos[0]);
    diagnostics.error({ file: label, line: p.line, column: p.col }, 'defect-yaml', `the defect report is not valid YAML: ${e.message.split('\n')[0]}`);
  }
  if (doc.errors.length) return undefined;
  const before = diagnostics.errors.length;
  if (!isMap(doc.contents)) {
    diagnostics.error(at(doc.contents), 'defect-missing', 'the defect report is empty or not a group of "field: value" lines; start from "commontext defect new"');
    return undefined;
  }
  const readGroup = (node: YamlNode, fields: Record<string, Field>, prefix: string, keyNode: unknown): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (!isMap(node)) {
      diagnostics.error(at(keyNode ?? node), 'defect-type', `field "${prefix.slice(0, -1)}" must be a group of fields (name:, organization:, email: on their own indented lines)`);
      return out;
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const spec = fields[key];
      const name = `${prefix}${key}`;
      if (!spec) {
        diagnostics.error(at(pair.key), 'defect-unknown', `unknown field "${name}"; the fields here are ${Object.keys(fields).join(', ')}`);
        continue;
      }
      const v = pair.value as YamlNode | null;
      if (v == null || (isScalar(v) && (v.value === null || v.value === ''))) continue; // empty: reported below if required
      if (spec.type === 'group') { out[key] = readGroup(v, spec.fields, `${name}.`, pair.key); continue; }
      if (spec.type === 'changes') { out[key] = readChanges(v, pair.key, at, diagnostics); continue; }
      if (!isScalar(v)) { diagnostics.error(at(pair.key), 'defect-type', `field "${name}" must be ${spec.type === 'int' ? 'a whole number' : 'a text'}, not a list or a group`); continue; }
      const value = v.value;
      if (spec.type === 'int') {
        if (typeof value !== 'number' || !Number.isInteger(value)) diagnostics.error(at(v), 'defect-type', `field "${name}" must be a whole number; found ${JSON.stringify(value)}`);
        else out[key] = value;
      } else if (spec.type === 'enum') {
        if (typeof value !== 'string' || !spec.values.includes(value)) diagnostics.error(at(v), 'defect-value', `field "${name}" is ${JSON.stringify(value)}; it must be one of: ${spec.values.join(', ')}`);
        else out[key] = value;
      } else {
        // a date or a number written without quotes is read by YAML as such: take its text as written
        const s = typeof value === 'string' ? value : String(v.source ?? value);
        const wrong = spec.pattern && !spec.pattern.test(s.trim()) ? `it must be ${spec.hint}` : spec.date && dateProblem(s.trim());
        if (wrong) diagnostics.error(at(v), 'defect-value', `field "${name}" is "${s}"; ${wrong}`);
        else out[key] = s.replace(/\s+$/, '');
      }
    }
    for (const [key, spec] of Object.entries(fields)) {
      if (spec.required && out[key] === undefined && !diagnostics.errors.slice(before).some((d) => d.message.includes(`"${prefix}${key}"`))) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        // an empty field is reported at its key; a missing one at the group that should hold it (or line 1)
        diagnostics.error(pair ? at(pair.key) : keyNode ? at(keyNode) : { file: label, line: 1, column: 1 }, 'defect-missing',
          `field "${prefix}${key}" is ${pair ? 'empty' : 'missing'}; it is required${spec.type === 'enum' ? ` (one of: ${spec.values.join(', ')})` : ''}`);
      }
    }
    return out;
  };
  const raw = readGroup(doc.contents, SCHEMA, '', null);
  const expected = Number(path.basename(file, '.yaml'));
  if (typeof raw.number === 'number' && Number.isInteger(expected) && raw.number !== expected) {
    const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'number');
    diagnostics.error(at(pair?.value), 'defect-number', `field "number" is ${raw.number} but the file is ${path.basename(file)}; they must agree`);
  }
  if (diagnostics.errors.length > before) return undefined;
  return raw as unknown as DefectRecord;
}

/** Reads every record of a source's defects folder; problems in `diagnostics`. */
export function readDefects(sourceFile: string, diagnostics: Diagnostics): DefectFile[] {
  misnamedRecords(sourceFile, diagnostics);
  return defectFiles(sourceFile).map((f) => ({ ...f, record: readDefect(f.file, diagnostics) }));
}

/** YAML double-quoted text (JSON strings are valid YAML). */
const q = (s: string) => JSON.stringify(s);

/** The text of a new record (templates/common/defect-record.yaml.hbs): the document fields filled in, the others empty with what to write in comments. */
export function newDefectText(number: number, meta: Metadata, submitter: { name?: string; organization?: string; email?: string }, date: string, templates = new Templates()): string {
  return templates.render('common/defect-record.yaml.hbs', {
    number, date: q(date), name: q(submitter.name ?? ''), organization: q(submitter.organization ?? ''), email: q(submitter.email ?? ''),
    concerning: q(concerningText(meta, templates)), qualifiers: QUALIFIERS.join(', '), statuses: STATUSES.join(', '),
  });
}

/**
 * Writes a new file and fails if it exists, atomically: the whole text goes to a temporary file, which is
 * then hard-linked to the name (link() never replaces an existing file, unlike rename()).
 */
export function createFileExclusive(file: string, text: string): boolean {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, text);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The form's data for the template: every field present (the templates are strict), empty when not given. */
export function formData(r: DefectRecord, meta: Metadata): Record<string, unknown> {
  const contact = [r.source.name, r.source.organization, r.source.email].filter(Boolean).join(', ');
  return {
    number: String(r.number), date: r.date, source: contact, concerning: r.concerning, qualifier: r.qualifier,
    references: r.references, nature: r.nature, solution: r.solution ?? '', response: r.response ?? '',
    status: r.status, resolution: r.resolution ?? '', studyGroup: String(meta.itu.studyGroup), title: meta.title,
  };
}

/**
 * The rendered template → paragraphs. A blank line separates paragraphs; a trailing `{.role}` chooses
 * the paragraph's role (as in the publication templates). The field values are put in as plain text, not
 * Markdown: a defect report quotes code and cross-references ("[see 7.1.1, b), 4)]") that must stay as typed.
 */
export function formParagraphs(text: string): Para[] {
  const out: Para[] = [];
  for (const chunk of text.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/)) {
    const body = chunk.replace(/^\n+|\s+$/g, '');
    if (!body) continue;
    const m = /\s*\{\.([a-z][\w-]*)\}$/.exec(body);
    const role = m ? m[1] : 'body';
    const t = m ? body.slice(0, m.index) : body;
    out.push({ kind: 'p', role, runs: [{ text: t }] });
  }
  return out;
}

/** The completed form as a DOCX. */
export async function renderDefectDocx(r: DefectRecord, meta: Metadata, templates = new Templates()): Promise<Uint8Array> {
  const text = templates.render('common/defect-report.hbs', formData(r, meta));
  const data = { number: r.number, concerning: r.concerning };
  const pub: Publication = {
    side: 'itu',
    label: formString(templates, 'label', data),
    fileName: `defect-${r.number}.docx`,
    sections: [{ name: 'body', blocks: formParagraphs(text), pageNumbers: 'none', footer: formString(templates, 'footer', data) }],
    footnotes: [],
    toc: [],
    templates,
    declared: [],
    title: formString(templates, 'title', data),
  };
  return renderDocx(pub, { format: loadDocxProfile('common/defect.docx.yaml', templates) });
}
