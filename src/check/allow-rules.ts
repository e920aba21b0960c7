/**
 * Allow rules: differences a secretariat has agreed to (YAML, format in README.md "Checking"). Read
 * with positions: every mistake of the file is reported at once, each at its own line and column.
 */
import { readFileSync, statSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { YamlProblems } from '../util/yaml-problems.js';
import { CheckError } from './errors.js';
import { editDistance } from '../source/frontmatter.js';
import type { AllowRule } from './declared.js';
import type { FindingKind } from './types.js';

const SIDES = ['itu', 'iso', 'any'];
const STRING_FIELDS = ['clause', 'text', 'pattern'] as const;
const FIELDS = ['reason', 'side', ...STRING_FIELDS, 'kinds'];
const TOP_FIELDS = ['schemaVersion', 'rules'];
const FINDING_KINDS: readonly FindingKind[] = ['changed', 'missing', 'extra', 'moved', 'clause-missing', 'clause-extra', 'clause-moved', 'clause-renumbered', 'heading-changed'];

export function loadAllowRules(file: string): AllowRule[] {
  let text: string;
  try {
    // a pipe or device would block or never end: only a regular file is read
    if (!statSync(file).isFile()) throw new CheckError('the allow-rules file is not a regular file (a folder, pipe or device); give a .yaml file', { file, code: 'allow-rules' });
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof CheckError) throw err;
    const code = (err as { code?: string }).code;
    throw new CheckError(code === 'ENOENT' ? 'allow-rules file not found' : `cannot read the allow-rules file (${(err as Error).message})`, { file, code: 'allow-rules' });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const problems = new YamlProblems(file, lines, 'allow-rules');
  for (const e of doc.errors) problems.at({ range: e.pos }, `not valid YAML: ${e.message.split('\n')[0]}`);
  if (isMap(doc.contents)) for (const pair of doc.contents.items) unknownKey(pair.key, TOP_FIELDS, problems, 'the file has');
  const rulesNode = isMap(doc.contents) ? doc.contents.get('rules', true) : undefined;
  const rules: AllowRule[] = [];
  if (!doc.errors.length && !isSeq(rulesNode)) problems.at(rulesNode ?? doc.contents, 'the allow-rules file must have a "rules:" list (lines starting with "- ")');
  else if (isSeq(rulesNode)) {
    for (const item of rulesNode.items) {
      const rule = isMap(item) ? readRule(item, problems) : (problems.at(item, 'a rule is a group of fields (reason:, clause:, text: …)'), undefined);
      if (rule) rules.push(rule);
    }
  }
  // in the file's order, as an editor lists them
  if (problems.list.length) throw CheckError.of([...problems.list].sort((x, y) => x.line - y.line || x.column - y.column));
  return rules;
}

/** A key that is not one of `known` is reported at itself, with the known key it was probably meant to be. */
function unknownKey(keyNode: unknown, known: readonly string[], problems: YamlProblems, has: string): void {
  const key = isScalar(keyNode) ? String(keyNode.value) : '';
  if (known.includes(key)) return;
  const close = known.find((f) => editDistance(f, key) <= 2);
  problems.at(keyNode, `unknown field "${key}"${close ? `; did you mean "${close}"?` : ''} (${has} ${known.join(', ')})`);
}

/** A finding kind a rule names that check never reports would make the rule silently cover nothing. */
function unknownKind(node: unknown, problems: YamlProblems): void {
  const kind = isScalar(node) ? String(node.value) : '';
  if ((FINDING_KINDS as readonly string[]).includes(kind)) return;
  const close = FINDING_KINDS.find((f) => editDistance(f, kind) <= 2);
  problems.at(node, `unknown finding kind "${kind}"${close ? `; did you mean "${close}"?` : ''} (kinds are ${FINDING_KINDS.join(', ')})`);
}

/** One rule, its mistakes reported at their keys; undefined when it has any. */
function readRule(node: YAMLMap, problems: YamlProblems): AllowRule | undefined {
  const before = problems.list.length;
  const value = (key: string) => node.get(key, true) as YamlNode | undefined;
  for (const pair of node.items) unknownKey(pair.key, FIELDS, problems, 'a rule has');
  const str = (key: string) => { const v = value(key); return isScalar(v) && typeof v.value === 'string' ? v.value : undefined; };
  if (!str('reason')) problems.at(value('reason') ?? node, '"reason" is required (say why the difference is allowed)');
  if (value('side') !== undefined && !SIDES.includes(str('side') ?? '')) problems.at(value('side'), '"side" must be itu, iso or any');
  for (const k of STRING_FIELDS) if (value(k) !== undefined && str(k) === undefined) problems.at(value(k), `"${k}" must be a text (quote numbers such as '7.3')`);
  if (STRING_FIELDS.every((k) => value(k) === undefined)) problems.at(node, 'give at least one of "clause", "text" or "pattern" (a rule without them would allow everything)');
  const pattern = str('pattern');
  if (pattern !== undefined) {
    try {
      new RegExp(pattern, 'u');
      const nested = nestedQuantifier(pattern);
      if (nested) problems.at(value('pattern'), `"pattern" repeats a group that itself repeats or whose alternatives overlap (${nested}); such a pattern can take minutes on a long paragraph: write it without the outer repetition (e.g. "^a+$" for "^(a+)+$")`);
    } catch (err) { problems.at(value('pattern'), `"pattern" is not a valid regular expression (${(err as Error).message})`); }
  }
  const kinds = value('kinds');
  if (kinds !== undefined && (!isSeq(kinds) || kinds.items.some((k) => !isScalar(k) || typeof k.value !== 'string'))) problems.at(kinds, `"kinds" must be a list of finding kinds (${FINDING_KINDS.join(', ')})`);
  else if (isSeq(kinds)) for (const k of kinds.items) unknownKind(k, problems);
  if (problems.list.length > before) return undefined;
  const js = node.toJSON() as Record<string, unknown>;
  return { reason: js.reason as string, side: js.side as AllowRule['side'], clause: js.clause as string | undefined, text: js.text as string | undefined, pattern: js.pattern as string | undefined, kinds: js.kinds as string[] | undefined };
}

/**
 * A quantified group with a quantifier inside ("(a+)+", "(\\w*x)*", "(?:a{2,})+"), or with alternatives
 * that overlap ("(a|aa)+"): the shape of the
 * regular expressions that backtrack exponentially. Returns that group's text, or undefined. A static
 * check of the pattern's text: escapes and character classes are skipped.
 */
export function nestedQuantifier(pattern: string): string | undefined {
  const open: { start: number; inner: boolean }[] = [];
  let innerOfLast = false;
  let lastGroup: [number, number] | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') { i++; lastGroup = undefined; continue; }
    if (ch === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      lastGroup = undefined;
      continue;
    }
    if (ch === '(') { open.push({ start: i, inner: false }); lastGroup = undefined; continue; }
    if (ch === ')') {
      const g = open.pop();
      if (!g) continue;
      innerOfLast = g.inner;
      lastGroup = [g.start, i + 1];
      if (open.length && g.inner) open[open.length - 1].inner = true;
      continue;
    }
    const repeats = ch === '*' || ch === '+' || (ch === '{' && bracesRepeat(pattern, i));
    if (repeats) {
      if (lastGroup && (innerOfLast || overlappingAlternatives(pattern.slice(lastGroup[0] + 1, lastGroup[1] - 1)))) return pattern.slice(lastGroup[0], lastGroup[1]) + ch;
      if (open.length) open[open.length - 1].inner = true;
    }
    lastGroup = undefined;
  }
  return undefined;
}

/**
 * Alternatives of a group that can match the same text in more than one way when the group repeats
 * ("a|aa", "x|", "ab|a"): one is empty or begins with another, so "(a|aa)+" backtracks exponentially
 * like "(a+)+". Compares the alternatives' text (escapes and classes kept as written).
 */
function overlappingAlternatives(inner: string): boolean {
  const body = inner.replace(/^\?(?::|<?[=!]|<[A-Za-z]\w*>)/, '');
  const alternatives: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') { i++; continue; }
    if (ch === '[') { for (i++; i < body.length && body[i] !== ']'; i++) if (body[i] === '\\') i++; continue; }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) { alternatives.push(body.slice(start, i)); start = i + 1; }
  }
  if (!alternatives.length) return false;
  alternatives.push(body.slice(start));
  return alternatives.some((a, i) => a === '' || alternatives.some((b, j) => i !== j && b.startsWith(a)));
}

/** Does the "{n}", "{n,}" or "{n,m}" at `i` allow more than one repetition? */
function bracesRepeat(pattern: string, i: number): boolean {
  const m = /\{(\d+)(,(\d*))?\}/y;
  m.lastIndex = i;
  const r = m.exec(pattern);
  if (!r) return false;
  const max = r[2] === undefined ? Number(r[1]) : r[3] === '' ? Infinity : Number(r[3]);
  return max > 1;
}
