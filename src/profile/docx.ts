/**
 * The DOCX output's data per publication (templates/<itu|iso>/docx.yaml): role → style name, style
 * looks, fonts, page geometry and the bookmark-name limit. Only the DOCX writer, the DOCX reader's
 * users (check, import) and nothing else read it: the prepared publication knows roles, never styles.
 * The file is validated against a schema, each problem reported at its own line and column.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { YamlProblems } from '../util/yaml-problems.js';
import type { Side } from '../model/types.js';
import { TemplateError, type Templates } from './index.js';

export interface StyleLook {
  basedOn?: string;
  font?: string;
  size?: number;
  bold?: boolean;
  italic?: boolean;
  caps?: boolean;
  align?: 'left' | 'center' | 'right' | 'both';
  /** Space before and after a paragraph, in pt. */
  before?: number;
  after?: number;
  /** Line spacing in pt (`lineRule` exact, the default, or atLeast; auto: 12 pt is single spacing). */
  line?: number;
  lineRule?: 'auto' | 'exact' | 'atLeast';
  /** Left indent, hanging indent (left defaults to it), first-line indent and right indent, in cm. */
  indent?: number;
  hanging?: number;
  firstLine?: number;
  right?: number;
  /** The style's whole list of tab stops, each `kind [leader] position-in-cm` ("left 1.4", "right dot 16"); stops of the style it is based on that are not listed are cleared. */
  tabs?: string[];
  keepNext?: boolean;
  keepLines?: boolean;
  widowControl?: boolean;
  outline?: number;
  pageBreakBefore?: boolean;
  /** Extra space between letters, in pt (the cover's spaced-out "International Telecommunication Union"). */
  letterSpacing?: number;
  /** A rule above the paragraph, this many pt thick. */
  ruleAbove?: number;
  /** The paragraph sits at the foot of its page (a frame anchored to the bottom margin; consecutive ones share it): the ISO copyright block. */
  atFoot?: boolean;
  /** Written only into a DOCX whose paragraphs use it (a corrigendum's or amendment's own styles), so that every other DOCX stays as it was. */
  ifUsed?: boolean;
}

/** A tab stop as the DOCX data writes it: kind, optional leader, position in cm. */
export const TAB_STOP = /^(left|center|right|decimal) (?:(dot|hyphen|underscore|middleDot) )?(\d+(?:\.\d+)?)$/;

/** Page size and margins in millimetres; `inner` and `outer` mirror the left and right margins on facing pages (ISO: 25 mm inside, 13 mm outside). */
export interface PageGeometry { width: number; height: number; margin: number; header: number; footer: number; inner?: number; outer?: number }

/** One running header or footer: `pattern` holds the section's text as {text} and the page number as {page}, tabs as \t. */
export interface RunningLine { pattern: string; align?: 'left' | 'center' | 'right' | 'both'; textBold?: boolean; pageBold?: boolean }

/** Running headers and footers: their styles and, per odd and even page, what they hold. */
export interface Furniture {
  evenAndOdd: boolean;
  headerStyle: string;
  footerStyle: string;
  oddHeader: RunningLine;
  evenHeader: RunningLine;
  oddFooter: RunningLine;
  evenFooter: RunningLine;
}

/** A fixed text's table laid out otherwise than the body's tables (the ITU History table): `grid` false draws no rules, `frame` then a single or double rule round the table only; `widths` the columns in cm and `align` each column's alignment, both space-separated; `headRole` the role of the header row's paragraphs. */
export interface TableLook { grid?: boolean; frame?: 'single' | 'double'; widths?: string; align?: string; headRole?: string; /** The table set in from the left margin, in cm (narrower by as much). */ indent?: number }

/** The contents list: the heading over its page column; `pageHeadingBeside` puts it at the end of the contents' title line (after a tab: ISO), in the size and weight of the toc-page-heading style. */
export interface ContentsLook { pageHeading?: string; pageHeadingBeside?: boolean }

export interface DocxProfile {
  /** Running headers and footers; without it, one alike on every page (header right, footer text and number at the right margin). */
  furniture?: Furniture;
  contents?: ContentsLook;
  /** Table looks by name, as a fixed text's table asks for one (`{table=history}` before it). */
  tables?: Record<string, TableLook>;
  /** How a section (by name: cover, front, body, back …) starts: on the next page (the default) or the next odd or even one. */
  sectionStart?: Record<string, 'nextPage' | 'oddPage' | 'evenPage'>;
  /** The number of a section's first page (by name) when it is not 1: the ISO front matter starts at ii, the cover being i. */
  firstPageNumber?: Record<string, number>;
  font: string;
  fontSize: number;
  page: PageGeometry;
  /** Longest bookmark name written (Word's limit is 40; room is left for a numeric suffix). */
  bookmarkLength: number;
  /** role (what a paragraph is) → paragraph style name */
  roles: Record<string, string>;
  /** style name → look */
  styles: Record<string, StyleLook>;
}

type FieldType = 'string' | 'number' | 'boolean' | 'page' | 'roles' | 'styles' | 'furniture' | 'contents' | 'sectionStart' | 'firstPageNumber' | 'tables';
const TOP: Record<keyof DocxProfile, FieldType> = { font: 'string', fontSize: 'number', page: 'page', bookmarkLength: 'number', roles: 'roles', styles: 'styles', furniture: 'furniture', contents: 'contents', sectionStart: 'sectionStart', firstPageNumber: 'firstPageNumber', tables: 'tables' };
const OPTIONAL = new Set(['furniture', 'contents', 'sectionStart', 'firstPageNumber', 'tables']);
const SECTION_STARTS = ['nextPage', 'oddPage', 'evenPage'];
type Scalar = 'string' | 'number' | 'boolean';
const LINE_FIELDS: Record<keyof RunningLine, Scalar> = { pattern: 'string', align: 'string', textBold: 'boolean', pageBold: 'boolean' };
const FURNITURE_FIELDS: Record<keyof Furniture, Scalar | 'line'> = { evenAndOdd: 'boolean', headerStyle: 'string', footerStyle: 'string', oddHeader: 'line', evenHeader: 'line', oddFooter: 'line', evenFooter: 'line' };
const CONTENTS_FIELDS: Record<keyof ContentsLook, Scalar> = { pageHeading: 'string', pageHeadingBeside: 'boolean' };
const TABLE_FIELDS: Record<keyof TableLook, Scalar> = { grid: 'boolean', frame: 'string', widths: 'string', align: 'string', headRole: 'string', indent: 'number' };
const LOOK: Record<keyof StyleLook, 'string' | 'number' | 'boolean' | 'tabs'> = {
  basedOn: 'string', font: 'string', size: 'number', bold: 'boolean', italic: 'boolean', caps: 'boolean', align: 'string',
  before: 'number', after: 'number', line: 'number', lineRule: 'string', indent: 'number', hanging: 'number', firstLine: 'number', right: 'number',
  tabs: 'tabs', keepNext: 'boolean', keepLines: 'boolean', widowControl: 'boolean', outline: 'number', pageBreakBefore: 'boolean',
  letterSpacing: 'number', ruleAbove: 'number', atFoot: 'boolean', ifUsed: 'boolean',
};
/** Looks whose text must be one of a few words. */
const CHOICES: Partial<Record<keyof StyleLook, string[]>> = { align: ['left', 'center', 'right', 'both'], lineRule: ['auto', 'exact', 'atLeast'] };
const PAGE_FIELDS: (keyof PageGeometry)[] = ['width', 'height', 'margin', 'header', 'footer', 'inner', 'outer'];

// validated once per text: the template chain caches file texts (and drops them when the watch mode sees a template change)
const cache = new Map<string, { text: string; profile: DocxProfile }>();

/** The DOCX data of one publication (`itu/docx.yaml`) or of another document (`common/defect.docx.yaml`), from the first folder of the chain that has it; a problem throws a TemplateError naming file:line:column. */
export function loadDocxProfile(side: Side | string, templates: Templates): DocxProfile {
  const { file, text } = templates.text(side.includes('/') ? side : `${side}/docx.yaml`);
  let entry = cache.get(file);
  if (!entry || entry.text !== text) {
    entry = { text, profile: validateDocxProfile(text, file) };
    cache.set(file, entry);
  }
  return entry.profile;
}

export function validateDocxProfile(text: string, file: string): DocxProfile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const problems = new YamlProblems(file, lines, 'template');
  for (const e of doc.errors) problems.at({ range: e.pos }, `not valid YAML: ${e.message.split('\n')[0]}`);
  const root = doc.contents;
  if (!isMap(root)) problems.at(root, 'a DOCX data file is a group of fields (font, fontSize, page, bookmarkLength, roles, styles)');
  else {
    for (const pair of root.items) checkTopField(problems, pair.key, pair.value as YamlNode);
    const present = new Set(root.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
    for (const key of Object.keys(TOP)) if (!present.has(key) && !OPTIONAL.has(key)) problems.at(root, `field "${key}" is missing`);
  }
  const [first, ...more] = problems.list.map((d) => new TemplateError(d.message, { file: d.file, line: d.line, column: d.column }));
  if (first) throw new TemplateError(first.detail, first.at, more);
  return doc.toJS() as DocxProfile;
}

function checkTopField(problems: YamlProblems, keyNode: unknown, value: YamlNode) {
  const key = isScalar(keyNode) ? String(keyNode.value) : '';
  const type = TOP[key as keyof DocxProfile];
  if (!type) { problems.at(keyNode, `unknown field "${key}"; the fields are ${Object.keys(TOP).join(', ')}`); return; }
  if (type === 'page') checkGroup(problems, key, value, (k, v) => (PAGE_FIELDS.includes(k as keyof PageGeometry) ? checkScalar(problems, `page.${k}`, v, 'number') : `unknown field "page.${k}"; the fields are ${PAGE_FIELDS.join(', ')}`));
  else if (type === 'roles') checkGroup(problems, key, value, (k, v) => checkScalar(problems, `roles.${k}`, v, 'string'));
  else if (type === 'styles') checkGroup(problems, key, value, (k, v) => void checkGroup(problems, `styles.${k}`, v, (f, fv) => (f in LOOK ? checkLook(problems, `styles.${k}.${f}`, f as keyof StyleLook, fv) : `unknown look "${f}"; the looks are ${Object.keys(LOOK).join(', ')}`)));
  else if (type === 'furniture') checkFields(problems, key, value, FURNITURE_FIELDS, (name, v) => checkFields(problems, name, v, LINE_FIELDS));
  else if (type === 'contents') checkFields(problems, key, value, CONTENTS_FIELDS);
  else if (type === 'tables') checkGroup(problems, key, value, (k, v) => checkFields(problems, `tables.${k}`, v, TABLE_FIELDS));
  else if (type === 'firstPageNumber') checkGroup(problems, key, value, (k, v) => (isScalar(v) && Number.isInteger(v.value) && (v.value as number) >= 1 ? undefined : `field "${key}.${k}" must be a whole number from 1`));
  else if (type === 'sectionStart') checkGroup(problems, key, value, (k, v) => (isScalar(v) && SECTION_STARTS.includes(String(v.value)) ? undefined : `field "${key}.${k}" must be one of ${SECTION_STARTS.join(', ')}`));
  else checkScalar(problems, key, value, type as Scalar);
}

/** A group with a fixed set of fields, all of them present except the optional ones of a running line. */
function checkFields(problems: YamlProblems, name: string, node: YamlNode, fields: Record<string, Scalar | 'line'>, group?: (name: string, node: YamlNode) => void): undefined {
  checkGroup(problems, name, node, (k, v) => {
    const type = fields[k];
    if (!type) return `unknown field "${name}.${k}"; the fields are ${Object.keys(fields).join(', ')}`;
    if (type === 'line') group?.(`${name}.${k}`, v);
    else checkScalar(problems, `${name}.${k}`, v, type);
    return undefined;
  });
  if (isMap(node) && fields !== LINE_FIELDS && fields !== CONTENTS_FIELDS && fields !== TABLE_FIELDS) {
    const present = new Set(node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
    for (const k of Object.keys(fields)) if (!present.has(k)) problems.at(node, `field "${name}.${k}" is missing`);
  }
  if (fields === LINE_FIELDS && isMap(node) && !node.items.some((p) => isScalar(p.key) && p.key.value === 'pattern')) problems.at(node, `field "${name}.pattern" is missing`);
  return undefined;
}

function checkLook(problems: YamlProblems, name: string, look: keyof StyleLook, node: YamlNode): undefined {
  const type = LOOK[look];
  if (type !== 'tabs') {
    checkScalar(problems, name, node, type);
    const choices = CHOICES[look];
    if (choices && isScalar(node) && typeof node.value === 'string' && !choices.includes(node.value)) problems.at(node, `field "${name}" must be one of ${choices.join(', ')}; found ${JSON.stringify(node.value)}`);
    return undefined;
  }
  if (!isSeq(node)) { problems.at(node, `field "${name}" must be a list of tab stops such as [left 1.4, right dot 16]`); return undefined; }
  for (const item of node.items) {
    if (!isScalar(item) || typeof item.value !== 'string' || !TAB_STOP.test(item.value)) problems.at(item, `a tab stop in "${name}" is "kind [leader] position" (kind left, center, right or decimal; leader dot, hyphen, underscore or middleDot; position in cm), e.g. "right dot 16"; found ${JSON.stringify(isScalar(item) ? item.value : String(item))}`);
  }
  return undefined;
}

/** Checks each entry of a group with `entry`, which reports by itself or returns a message for the key. */
function checkGroup(problems: YamlProblems, name: string, node: YamlNode, entry: (key: string, value: YamlNode) => string | undefined): undefined {
  if (!isMap(node)) { problems.at(node, `field "${name}" must be a group of fields (key: value)`); return undefined; }
  for (const pair of node.items) {
    const message = entry(isScalar(pair.key) ? String(pair.key.value) : '', pair.value as YamlNode);
    if (message) problems.at(pair.key, message);
  }
  return undefined;
}

function checkScalar(problems: YamlProblems, name: string, node: YamlNode, type: 'string' | 'number' | 'boolean'): undefined {
  if (!isScalar(node) || typeof node.value !== type) {
    const found = isScalar(node) ? `; found ${JSON.stringify(node.value)}` : '';
    problems.at(node, `field "${name}" must be ${type === 'string' ? 'a text' : type === 'number' ? 'a number' : 'true or false'}${found}`);
  }
  return undefined;
}
