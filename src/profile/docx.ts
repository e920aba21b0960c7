/**
 * The DOCX output's data per publication (templates/<itu|iso>/docx.yaml): role → style name, style
 * looks, fonts, page geometry and the bookmark-name limit. Only the DOCX writer, the DOCX reader's
 * users (check, import) and nothing else read it: the prepared publication knows roles, never styles.
 * The file is validated against a schema, each problem reported at its own line and column.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
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
  before?: number;
  after?: number;
  indent?: number;
  hanging?: number;
  keepNext?: boolean;
  outline?: number;
  pageBreakBefore?: boolean;
}

/** Page size and margins in millimetres. */
export interface PageGeometry { width: number; height: number; margin: number; header: number; footer: number }

export interface DocxProfile {
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

type FieldType = 'string' | 'number' | 'boolean' | 'page' | 'roles' | 'styles';
const TOP: Record<keyof DocxProfile, FieldType> = { font: 'string', fontSize: 'number', page: 'page', bookmarkLength: 'number', roles: 'roles', styles: 'styles' };
const LOOK: Record<keyof StyleLook, 'string' | 'number' | 'boolean'> = {
  basedOn: 'string', font: 'string', size: 'number', bold: 'boolean', italic: 'boolean', caps: 'boolean', align: 'string',
  before: 'number', after: 'number', indent: 'number', hanging: 'number', keepNext: 'boolean', outline: 'number', pageBreakBefore: 'boolean',
};
const PAGE_FIELDS: (keyof PageGeometry)[] = ['width', 'height', 'margin', 'header', 'footer'];

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
    for (const key of Object.keys(TOP)) if (!present.has(key)) problems.at(root, `field "${key}" is missing`);
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
  else if (type === 'styles') checkGroup(problems, key, value, (k, v) => void checkGroup(problems, `styles.${k}`, v, (f, fv) => (f in LOOK ? checkScalar(problems, `styles.${k}.${f}`, fv, LOOK[f as keyof StyleLook]) : `unknown look "${f}"; the looks are ${Object.keys(LOOK).join(', ')}`)));
  else checkScalar(problems, key, value, type);
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
