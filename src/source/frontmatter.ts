/**
 * Front matter: YAML parsed with positions, validated against a declarative schema, so that every
 * missing, ill-typed or unknown field is reported with its own line and column (spec §1).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import type { Diagnostics } from '../util/diagnostics.js';
import type { Metadata, ReferenceEntry } from './metadata.js';

/**
 * A scalar or a list of scalars; `pattern` and `hint` are used for strings, `date` for a string that
 * must be a real calendar date, `min` and `max` for whole numbers (and `hint` says what they mean).
 */
type ScalarSpec = {
  type: 'string' | 'bool' | 'int' | 'stringOrInt' | 'stringList'; required?: boolean; pattern?: RegExp; hint?: string;
  date?: boolean; min?: number; max?: number;
};

type Spec =
  | ScalarSpec
  | { type: 'enum'; values: string[]; required?: boolean }
  | { type: 'object'; fields: Record<string, Spec>; required?: boolean }
  | { type: 'list'; item: Spec; required?: boolean }
  | { type: 'map'; value: Spec; required?: boolean };

const str = (required = false, pattern?: RegExp, hint?: string): Spec => ({ type: 'string', required, pattern, hint });

const ITU_NUMBER = /^[A-Z]\.\d+(\.\d+)*( ?(bis|ter|quater))?(\/[A-Z]\.\d+(\.\d+)*)?$/;
const ISO_DESIGNATION = /^ISO(\/IEC)? \d+(-\d+)*$/;
/** A reference id, as cited in :ref[id]: a plain identifier, never "__proto__" or a phrase. */
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const WORDING_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const WORDING_HINT = 'a variant name of letters, digits, "-" and "_", such as "2008" (see the README, "Wording choices")';
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Years are whole numbers from 1865, the year the ITU (then the International Telegraph Union) was
 * founded, so that no Recommendation, reference or copyright can be older, to 2200, far enough ahead
 * for any real text and near enough to catch a typing slip (20204, 1e21).
 */
export const YEAR_MIN = 1865;
export const YEAR_MAX = 2200;
const year = (required = false): Spec => ({ type: 'int', required, min: YEAR_MIN, max: YEAR_MAX, hint: `a year from ${YEAR_MIN} to ${YEAR_MAX}` });

/**
 * Why "YYYY-MM-DD" is not a real date (a day the month does not have, such as 2024-02-31, or a year
 * outside YEAR_MIN–YEAR_MAX), or undefined when it is one.
 */
export function dateProblem(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return 'it must be a date written YYYY-MM-DD, such as "2024-01-15"';
  const [y, m, d] = text.split('-').map(Number);
  if (m < 1 || m > 12) return `there is no month ${text.slice(5, 7)} (months are 01 to 12)`;
  if (d < 1) return 'there is no day 00 (days start at 01)';
  if (y < YEAR_MIN || y > YEAR_MAX) return `its year must be from ${YEAR_MIN} to ${YEAR_MAX}`;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return `${y}-${String(m).padStart(2, '0')} has ${days} days, so it is not a real date`;
  return undefined;
}
const date = (required: boolean, example: string): Spec => ({ type: 'string', required, pattern: DATE, date: true, hint: `an ISO date such as "${example}"` });

const referenceSpec: Spec = {
  type: 'object',
  fields: {
    relation: { type: 'enum', values: ['identical', 'paired'] },
    itu: { type: 'object', fields: { number: str(true), year: year(), title: str() } },
    iso: { type: 'object', fields: { designation: str(true), year: year(), title: str() } },
    label: str(),
    title: str(),
    normative: { type: 'bool' },
  },
};

export const frontMatterSpec: Spec = {
  type: 'object',
  fields: {
    kind: { type: 'enum', values: ['common', 'twin'] },
    title: str(true),
    templates: str(),
    // warnings the editor has decided to keep (a published text's own wording, e.g. "shall" in a NOTE)
    lint: { type: 'object', fields: { quiet: { type: 'stringList' } } },
    wording: {
      type: 'object',
      // each names a template file (itu/ipr.<value>.hbs): a plain name, never a path
      fields: { iprNotice: str(false, WORDING_NAME, WORDING_HINT), isoForeword: str(false, WORDING_NAME, WORDING_HINT), keywords: str(false, WORDING_NAME, WORDING_HINT), union: str(false, WORDING_NAME, WORDING_HINT), contents: str(false, WORDING_NAME, WORDING_HINT), titleBlock: str(false, WORDING_NAME, WORDING_HINT) },
    },
    itu: {
      type: 'object',
      required: true,
      fields: {
        number: str(true, ITU_NUMBER, 'a series letter and number such as "X.500" or "H.264.1"'),
        approved: date(true, '2016-10-14'),
        studyGroup: { type: 'stringOrInt', required: true },
        studyPeriod: str(false, /^\d{4}-\d{4}$/, 'two years such as "2013-2016"'),
        subseries: str(),
        ipr: { type: 'enum', values: ['received', 'not-received'] },
        prepublished: { type: 'bool' },
        keywords: { type: 'stringList' },
        copyrightYear: year(),
        titleBlock: { type: 'bool' },
        revision: str(),
        attachments: { type: 'stringList' },
        history: {
          type: 'list',
          item: {
            type: 'object',
            fields: {
              edition: { type: 'stringOrInt', required: true },
              recommendation: str(true),
              approved: date(true, '1988-11-25'),
              studyGroup: { type: 'stringOrInt' },
              uniqueId: str(),
            },
          },
        },
      },
    },
    iso: {
      type: 'object',
      required: true,
      fields: {
        designation: str(true, ISO_DESIGNATION, 'an ISO/IEC number with its part, such as "ISO/IEC 9594-1"'),
        year: year(true),
        // editions are counted from 1 (the first edition); "0" would print "Zeroth edition"
        edition: { type: 'int', required: true, min: 1, max: 999, hint: 'an edition number from 1 (the first edition)' },
        published: { type: 'string', pattern: /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/, date: true, hint: 'a date such as "2017-05" or "2017-05-15"' },
        committee: { type: 'object', required: true, fields: { sc: { type: 'stringOrInt', required: true }, title: str(true) } },
        patents: { type: 'enum', values: ['received', 'not-received'] },
        replaces: { type: 'object', fields: { designation: str(true), revision: str() } },
        changes: { type: 'stringList' },
        partsList: { type: 'bool' },
        titleFr: str(),
        // the ICS number(s) on the back page, "67.060" or "35.100.70; 35.200" (quoted: YAML reads 67.060 as a number)
        ics: str(false, /^\d{2}(\.\d{3}(\.\d{2})?)?(; \d{2}(\.\d{3}(\.\d{2})?)?)*$/, 'ICS numbers such as "35.100.70" or "35.100.70; 35.200"'),
        coverTitle: str(),
      },
    },
    references: { type: 'map', value: referenceSpec },
    // A corrigendum or amendment to the text described by itu/iso (src/supplement): its kind,
    // number, ITU approval date and ISO year; the covers, footers and body title follow it.
    supplement: {
      type: 'object',
      fields: {
        type: { type: 'enum', values: ['corrigendum', 'amendment'], required: true },
        number: { type: 'int', required: true, min: 1, max: 999, hint: 'a whole number from 1 to 999 (the number of the supplement)' },
        approved: date(false, '2018-03-01'),
        isoYear: year(),
        // the supplement's own title ("New Annex B: Objective test methods"), after its label on the covers and title blocks
        title: str(false, /^[^\n]*\S[^\n]*$/, 'one line of text, e.g. "Objective test methods for multi-talker scenarios"'),
        // its row of the ITU History table: the edition (default: the next after the last row's) and the unique ID TSB assigns
        edition: str(false, /^\d+\.\d+$/, 'an edition such as "2.1"'),
        uniqueId: str(false, /^11\.1002\/1000\/\d+$/, 'a unique ID such as "11.1002/1000/12324"'),
      },
    },
    // An implementers' guide of the text described by itu/iso (commontext guide): its ITU approval
    // date; the guide's own covers, footers and body strings follow it (profile "guide").
    guide: { type: 'object', fields: { approved: date(true, '2017-10-27') } },
  },
};

const typeWords: Record<string, string> = {
  string: 'a text (quote it, e.g. "X.500")',
  bool: 'true or false',
  int: 'a whole number',
  stringOrInt: 'a number or a text',
  stringList: 'a list of texts, e.g. [a, b]',
  object: 'a group of fields (key: value lines)',
  list: 'a list (lines starting with "- ")',
  map: 'a group of entries keyed by id',
};

interface Ctx {
  diagnostics: Diagnostics;
  file: string;
  lines: LineCounter;
  /** Line of the YAML text's first line in the source file (front matter starts after the `---`). */
  lineOffset: number;
}

function at(ctx: Ctx, node: YamlNode | Pair['key'] | null | undefined, fallback: { line: number; column: number }) {
  const range = (node as YamlNode | null | undefined)?.range;
  if (!range) return { file: ctx.file, ...fallback };
  const p = ctx.lines.linePos(range[0]);
  return { file: ctx.file, line: p.line + ctx.lineOffset, column: p.col };
}

type Where = ReturnType<typeof at>;

/** One value being validated: the node, the path people know it by ("itu.number") and where to report it. */
interface Field {
  ctx: Ctx;
  node: YamlNode;
  path: string;
  /** The key the value is under (the list, for a list item; null at the top). */
  keyNode: unknown;
  where: Where;
}

function validate(ctx: Ctx, spec: Spec, node: YamlNode | null | undefined, path: string, keyNode: unknown): unknown {
  // a present field is reported at its key (the column where the key starts); a list item at itself
  const where = at(ctx, ((keyNode && !isSeq(keyNode) && !isMap(keyNode) ? keyNode : node) ?? keyNode) as YamlNode, { line: ctx.lineOffset, column: 1 });
  if (node == null || (isScalar(node) && node.value === null)) return undefined;
  const f: Field = { ctx, node, path, keyNode, where };
  switch (spec.type) {
    case 'string':
      return validateString(f, spec);
    case 'stringOrInt':
      if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) return wrongType(f, spec);
      return String(node.value);
    case 'bool':
      if (!isScalar(node) || typeof node.value !== 'boolean') return wrongType(f, spec);
      return node.value;
    case 'int':
      return validateInt(f, spec);
    case 'enum':
      if (!isScalar(node) || typeof node.value !== 'string' || !spec.values.includes(node.value)) return wrongType(f, spec);
      return node.value;
    case 'stringList': {
      if (!isSeq(node)) return wrongType(f, spec);
      const out: string[] = [];
      node.items.forEach((item, i) => {
        const v = validate(ctx, { type: 'stringOrInt' }, item as YamlNode, `${path}[${i + 1}]`, node);
        if (v !== undefined) out.push(v as string);
      });
      return out;
    }
    case 'list': {
      if (!isSeq(node)) return wrongType(f, spec);
      return node.items.map((item, i) => validate(ctx, spec.item, item as YamlNode, `${path}[${i + 1}]`, node));
    }
    case 'map':
      return validateMap(f, spec);
    case 'object':
      return validateObject(f, spec);
  }
}

function wrongType({ ctx, node, path, where }: Field, spec: Spec): undefined {
  const found = node && isScalar(node) ? `; found ${JSON.stringify(node.value)}` : isSeq(node) ? '; found a list' : isMap(node) ? '; found a group of fields' : '';
  ctx.diagnostics.error(where, 'front-matter-type', `front matter field "${path}" must be ${spec.type === 'enum' ? `one of ${spec.values.map((v) => `"${v}"`).join(', ')}` : typeWords[spec.type]}${found}`);
  return undefined;
}

function validateString(f: Field, spec: ScalarSpec): string | undefined {
  const { ctx, node, path, where } = f;
  if (!isScalar(node) || typeof node.value !== 'string') {
    // A bare number where an identifier is expected is the classic YAML trap (03 → 3, 1.10 → 1.1).
    if (isScalar(node) && typeof node.value === 'number') {
      ctx.diagnostics.error(where, 'front-matter-type', `front matter field "${path}" must be a text; YAML read ${String(node.source ?? node.value)} as a number: write it in quotes${spec.hint ? ` (${spec.hint})` : `, e.g. "${String(node.source ?? node.value)}"`}`);
      return undefined;
    }
    return wrongType(f, spec);
  }
  if (spec.pattern && !spec.pattern.test(node.value)) {
    ctx.diagnostics.error(where, 'front-matter-value', `front matter field "${path}" is "${node.value}"; it must be ${spec.hint}`);
    return undefined;
  }
  // a month alone ("2017-05", iso.published) is checked as its first day
  const problem = spec.date ? dateProblem(/^\d{4}-\d{2}$/.test(node.value) ? `${node.value}-01` : node.value) : undefined;
  if (problem) {
    ctx.diagnostics.error(where, 'front-matter-value', `front matter field "${path}" is "${node.value}": ${problem}; write a real date such as ${spec.hint?.replace(/^an? (ISO )?date such as /, '')}`);
    return undefined;
  }
  return node.value;
}

/** A whole number, within `min`–`max` when they are given (1e21 is a number to YAML, but no year). */
function validateInt(f: Field, spec: ScalarSpec): number | undefined {
  const { ctx, node, path, where } = f;
  if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) return wrongType(f, spec);
  if (!Number.isSafeInteger(node.value) || (spec.min !== undefined && node.value < spec.min) || (spec.max !== undefined && node.value > spec.max)) {
    ctx.diagnostics.error(where, 'front-matter-value', `front matter field "${path}" is ${String(node.source ?? node.value)}; it must be ${spec.hint ?? `a whole number from ${spec.min} to ${spec.max}`}`);
    return undefined;
  }
  return node.value;
}

/** Entries keyed by id (the references): each remembers where its key is, for later messages. */
function validateMap(f: Field, spec: Extract<Spec, { type: 'map' }>): Record<string, unknown> | undefined {
  const { ctx, node, path, where } = f;
  if (!isMap(node)) return wrongType(f, spec);
  // no prototype: an id such as "constructor" is an entry like any other
  const out: Record<string, unknown> = Object.create(null);
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!REFERENCE_ID.test(key)) {
      ctx.diagnostics.error(at(ctx, pair.key as YamlNode, where), 'front-matter-value',
        `${path} id ${JSON.stringify(key)} is not a plain identifier; use letters, digits, ".", "-" and "_", starting with a letter or digit, such as "X.501"`);
      continue;
    }
    out[key] = validate(ctx, spec.value, pair.value as YamlNode, `${path}.${key}`, pair.key);
    if (out[key] && typeof out[key] === 'object') (out[key] as { _at?: unknown })._at = at(ctx, pair.key as YamlNode, where);
  }
  return out;
}

/** A group of known fields: unknown ones are reported (with the closest known name), missing required ones too. */
function validateObject(f: Field, spec: Extract<Spec, { type: 'object' }>): Record<string, unknown> | undefined {
  const { ctx, node, path, where } = f;
  if (!isMap(node)) return wrongType(f, spec);
  const out: Record<string, unknown> = Object.create(null);
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    // own fields only: "constructor" or "__proto__" is an unknown field, not Object.prototype's
    const fieldSpec = Object.hasOwn(spec.fields, key) ? spec.fields[key] : undefined;
    const full = path ? `${path}.${key}` : key;
    if (!fieldSpec) {
      const known = Object.keys(spec.fields);
      const close = known.find((k) => editDistance(k, key) <= 2);
      ctx.diagnostics.error(at(ctx, pair.key as YamlNode, where), 'front-matter-unknown',
        `unknown front matter field "${full}"${close ? `; did you mean "${close}"?` : `; known fields here: ${known.join(', ')}`}`);
      continue;
    }
    out[key] = validate(ctx, fieldSpec, pair.value as YamlNode, full, pair.key);
  }
  for (const [key, fieldSpec] of Object.entries(spec.fields)) {
    if (fieldSpec.required && out[key] === undefined && !node.items.some((p) => isScalar(p.key) && p.key.value === key)) {
      // reported at the key of the map that should hold the field (`itu:` for itu.number), or at the opening ---
      const missingAt = f.keyNode ? at(ctx, f.keyNode as YamlNode, where) : { file: ctx.file, line: ctx.lineOffset, column: 1 };
      ctx.diagnostics.error(missingAt, 'front-matter-missing', `front matter field "${path ? `${path}.` : ''}${key}" is missing; it is required${fieldSpec.type === 'string' && fieldSpec.hint ? ` (${fieldSpec.hint})` : ''}`);
    }
  }
  return out;
}

export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** Defaults for the wording choices: the current texts (README "Wording choices"). */
export const DEFAULT_WORDING = { iprNotice: '2008', isoForeword: 'jtc1-2021', keywords: 'comma', union: 'title-case', contents: 'capitals', titleBlock: 'title-case' };

/**
 * Parses and validates the YAML text of the front matter. Returns undefined when it cannot be used;
 * the reasons are in `diagnostics`.
 */
export interface FrontMatterResult {
  /** The metadata, when the front matter has no errors. */
  meta?: Metadata;
  /** The reference registry, as far as it could be read: the body is checked against it even when other fields are wrong. */
  references: Map<string, ReferenceEntry>;
}

/** Where the front matter writes `wording:` (a wording choice without its template is reported there). */
function wordingPosition(ctx: Ctx, contents: unknown): { wordingAt?: Where } {
  const pair = isMap(contents) ? contents.items.find((p) => isScalar(p.key) && p.key.value === 'wording') : undefined;
  return pair ? { wordingAt: at(ctx, pair.key as YamlNode, { line: ctx.lineOffset, column: 1 }) } : {};
}

/** The front matter's references registry; an entry that cannot be cited is an error at its place. */
function referenceEntries(rawRefs: Record<string, any> | undefined, file: string, diagnostics: Diagnostics): Map<string, ReferenceEntry> {
  const references = new Map<string, ReferenceEntry>();
  for (const [id, r] of Object.entries(rawRefs ?? {})) {
    if (!r) continue;
    if (!r.itu && !r.iso && !r.label) {
      diagnostics.error({ file, ...r._at }, 'reference-incomplete', `reference "${id}" needs an itu, iso or label field to be cited`);
      continue;
    }
    if (r.relation === 'paired' && !(r.itu && r.iso)) {
      diagnostics.error({ file, ...r._at }, 'reference-incomplete', `reference "${id}" is paired, so it needs both an itu and an iso field`);
      continue;
    }
    references.set(id, {
      id,
      relation: r.relation ?? 'identical',
      itu: r.itu,
      iso: r.iso,
      label: r.label,
      title: r.title,
      normative: r.normative ?? true,
    });
  }
  return references;
}

export function readFrontMatter(yamlText: string, file: string, lineOffset: number, diagnostics: Diagnostics): FrontMatterResult {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const ctx: Ctx = { diagnostics, file, lines, lineOffset };
  for (const e of doc.errors) {
    const p = lines.linePos(e.pos[0]);
    diagnostics.error({ file, line: p.line + lineOffset, column: p.col }, 'front-matter-yaml', `the front matter is not valid YAML: ${e.message.split('\n')[0]}`);
  }
  if (doc.errors.length) return { references: new Map() };
  const before = diagnostics.errors.length;
  const raw = validate(ctx, frontMatterSpec, doc.contents as YamlNode, '', null) as Record<string, any> | undefined;
  if (!raw) {
    if (diagnostics.errors.length === before)
      diagnostics.error({ file, line: lineOffset, column: 1 }, 'front-matter-missing', 'the front matter is empty; it needs at least title, itu and iso fields (see the README, "Front matter")');
    return { references: new Map() };
  }
  const itu = raw.itu;
  const iso = raw.iso;
  const references = referenceEntries(raw.references, file, diagnostics);
  if (diagnostics.errors.length > before) return { references };
  const meta: Metadata = {
    kind: raw.kind ?? 'common',
    title: raw.title,
    templates: raw.templates,
    quietWarnings: raw.lint?.quiet ?? [],
    wording: { ...DEFAULT_WORDING, ...(raw.wording ?? {}) },
    ...wordingPosition(ctx, doc.contents),
    itu: {
      number: itu.number,
      approved: itu.approved,
      studyGroup: itu.studyGroup,
      studyPeriod: itu.studyPeriod,
      subseries: itu.subseries,
      ipr: itu.ipr ?? 'not-received',
      prepublished: itu.prepublished ?? false,
      keywords: itu.keywords ?? [],
      copyrightYear: itu.copyrightYear,
      ...(itu.revision ? { revision: itu.revision } : {}),
      ...(itu.attachments?.length ? { attachments: itu.attachments } : {}),
      ...(itu.titleBlock === false ? { withoutTitleBlock: true } : {}),
      history: (itu.history ?? []).filter(Boolean).map((h: any) => ({
        edition: h.edition, recommendation: h.recommendation, approved: h.approved, studyGroup: h.studyGroup ?? '', uniqueId: h.uniqueId ?? '',
      })),
    },
    iso: {
      designation: iso.designation,
      year: iso.year,
      edition: iso.edition,
      published: iso.published,
      committee: { sc: iso.committee.sc, title: iso.committee.title },
      patents: iso.patents ?? 'not-received',
      replaces: iso.replaces ? { designation: iso.replaces.designation, revision: iso.replaces.revision ?? 'technically revised' } : undefined,
      changes: iso.changes ?? [],
      partsList: iso.partsList ?? false,
      titleFr: iso.titleFr,
      coverTitle: iso.coverTitle,
      ics: iso.ics,
    },
    references,
    ...(raw.supplement ? { supplement: raw.supplement } : {}),
    ...(raw.guide ? { guide: raw.guide } : {}),
  };
  return { meta, references };
}
