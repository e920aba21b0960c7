/**
 * The optional `changes:` field of a defect record: the agreed correction as before/after text, each
 * located by the section it is in, so that the implementers' guide states it in the corrigenda's
 * wording ("In 7.4.1, replace "[see 7.1.1, b), 4)]" with "[see 7.1.1, b), 5)]".").
 *
 *   changes:
 *     - in: "7.4.1"                      a clause, subclause or annex as numbered in the ITU publication
 *       replace: "[see 7.1.1, b), 4)]"   the text as printed there (before the correction)
 *       with: "[see 7.1.1, b), 5)]"      the corrected text
 *
 * or as a change to the source: the git commit that made the correction, whose changes the guide words
 * as the corrigendum of that commit would (src/guide/commits.ts):
 *
 *   changes:
 *     - commit: "3f2a9c1"                a commit (or tag) of the source's repository
 *
 * A record's changes are of one form or the other. A record without the field is read as before (it is
 * optional); the guide then prints the record's own proposed solution. Whether each change fits the
 * text is checked by the guide, which has the text; here only the field's shape.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap as YamlMap } from 'yaml';
import type { Diagnostics, SourcePosition } from '../util/diagnostics.js';

export interface DefectChange {
  /** "7.4.1", "8", "A", "A.2": a section as the ITU publication numbers it; or an unnumbered section's title. */
  in: string;
  replace: string;
  with: string;
  /** Where each field's value is in the record, for the guide's diagnostics. */
  pos: Record<'in' | 'replace' | 'with', SourcePosition>;
}

/** A correction made in the source: the git revision that made it (its changes against its parent). */
export interface DefectCommit {
  commit: string;
  pos: { commit: SourcePosition };
}

const CHANGE_FIELDS = ['in', 'replace', 'with'] as const;

/** Whether a change of a record is a commit of the source. */
export function isCommit(c: DefectChange | DefectCommit): c is DefectCommit {
  return 'commit' in c;
}

/** A scalar's text as written: YAML reads `in: 7` as a number and `in: 7.4` as a decimal. */
function scalarText(node: YamlNode): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.value === null ? '' : String(node.source ?? node.value);
}

/**
 * Reads `changes:` (its value node; `key` is the field's key, `at` places a node): a list of groups of
 * in / replace / with, each a non-empty text, replace and with different. Every problem goes to
 * `diagnostics`; undefined when there is one.
 */
export function readChanges(node: YamlNode, key: unknown, at: (n: unknown) => SourcePosition, diagnostics: Diagnostics): DefectChange[] | DefectCommit[] | undefined {
  const before = diagnostics.errors.length;
  if (!isSeq(node)) {
    diagnostics.error(at(key), 'defect-type', 'field "changes" must be a list of changes, each starting with "- in:" (the section), then "replace:" and "with:" on their own indented lines, or each "- commit:" and a commit of the source');
    return undefined;
  }
  const out = node.items.map((item, i) => (isMap(item) && item.items.some((p) => isScalar(p.key) && p.key.value === 'commit')
    ? readCommit(item, i + 1, at, diagnostics) : readChange(item as YamlNode, i + 1, at, diagnostics)));
  const kinds = out.map((c) => c && isCommit(c));
  const firstKind = kinds.find((k) => k !== undefined);
  const other = kinds.findIndex((k) => k !== undefined && k !== firstKind);
  if (other >= 0) {
    diagnostics.error(at(node.items[other]), 'defect-value', 'the changes of a record are either quoted texts (in, replace, with) or commits of the source, not both; give the text changes a commit of their own, or quote the commit\'s changes');
  }
  return diagnostics.errors.length > before ? undefined : (out as DefectChange[] | DefectCommit[]);
}

/** "- commit: REV": the revision as written (a hash, a tag), nothing else in the item. */
function readCommit(item: YamlMap, n: number, at: (n: unknown) => SourcePosition, diagnostics: Diagnostics): DefectCommit | undefined {
  let out: DefectCommit | undefined;
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'commit') { diagnostics.error(at(pair.key), 'defect-unknown', `unknown field "changes[${n}].${key}"; a change made by a commit has the field commit alone`); continue; }
    const text = pair.value == null ? '' : scalarText(pair.value as YamlNode);
    if (text === undefined || !/^[\w./-]+$/.test(text.trim()) || text.trim().startsWith('-')) {
      diagnostics.error(at(pair.value ?? pair.key), 'defect-value', `field "changes[${n}].commit" must be a commit of the source's git repository, such as "3f2a9c1" or a tag`);
      continue;
    }
    out = { commit: text.trim(), pos: { commit: at(pair.value) } };
  }
  return out;
}

function readChange(item: YamlNode, n: number, at: (n: unknown) => SourcePosition, diagnostics: Diagnostics): DefectChange | undefined {
  const name = (field: string) => `changes[${n}].${field}`;
  if (!isMap(item)) {
    diagnostics.error(at(item), 'defect-type', `change ${n} of field "changes" must be a group of in:, replace: and with: lines`);
    return undefined;
  }
  const values: Partial<Record<(typeof CHANGE_FIELDS)[number], string>> = {};
  const pos: Partial<DefectChange['pos']> = {};
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(CHANGE_FIELDS as readonly string[]).includes(key)) {
      diagnostics.error(at(pair.key), 'defect-unknown', `unknown field "${name(key)}"; a change has the fields ${CHANGE_FIELDS.join(', ')}`);
      continue;
    }
    const field = key as (typeof CHANGE_FIELDS)[number];
    const text = pair.value == null ? '' : scalarText(pair.value as YamlNode);
    if (text === undefined) { diagnostics.error(at(pair.key), 'defect-type', `field "${name(field)}" must be a text, not a list or a group`); continue; }
    pos[field] = at(pair.value ?? pair.key);
    if (!text.trim()) { diagnostics.error(at(pair.key), 'defect-missing', `field "${name(field)}" is empty; ${emptyHint(field)}`); continue; }
    values[field] = field === 'in' ? text.trim() : text.replace(/\s+$/, '');
  }
  for (const field of CHANGE_FIELDS) {
    if (pos[field] === undefined) diagnostics.error(at(item), 'defect-missing', `field "${name(field)}" is missing; ${emptyHint(field)}`);
  }
  if (values.replace !== undefined && values.replace === values.with) diagnostics.error(pos.with!, 'defect-value', `field "${name('with')}" is the same as "replace"; give the corrected text`);
  return { ...values, pos } as DefectChange;
}

function emptyHint(field: string): string {
  if (field === 'in') return 'name the section the text is in, by its number in the ITU publication ("7.4.1", "A.2")';
  if (field === 'replace') return 'quote the text to be corrected, as printed';
  return 'give the corrected text (to delete words, quote them with a neighbouring word and give that word alone)';
}
