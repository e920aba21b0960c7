/**
 * CLI-agnostic entry for `commontext check A.docx B.docx [options]`; returns the exit status:
 * 0 identical, 1 findings, 2 error (bad input, bad options). Never prints a stack trace.
 */
import { inputAmong, realPath, writeFilesAtomic, type OutputFile } from '../util/files.js';
import { DiagnosticError, formatDiagnostic, problem } from '../util/diagnostics.js';
import type { Publication } from '../model/publication.js';
import { check } from './check.js';
import { formatHtml, formatJson, formatTerminal } from './report.js';
import type { CheckOptions } from './types.js';
import { helpText, parseCommand, type CommandSpec } from '../cli/options.js';

/** The option table of `commontext check`: its parser and its --help are made from it. */
export const CHECK_SPEC: CommandSpec = {
  name: 'check',
  summary: 'prove two DOCX publications technically identical, or report where they differ',
  usage: ['<first.docx> <second.docx> [options]', '<source.md> [options]'],
  about: `Compares the bodies of two publications clause by clause and says whether they are technically
identical, listing every difference that is not declared. With a source, both publications are
built in memory from it and checked, with the differences the source declares; nothing is written.`,
  options: [
    { name: 'json', value: 'FILE', optionalValue: true, help: 'write the JSON report (to stdout when no file is given)' },
    { name: 'html', value: 'FILE', help: 'write the side-by-side HTML report' },
    { name: 'allow', value: 'RULES.yaml', help: 'allow-rules file (declared differences)' },
    { name: 'manifest', value: 'FILE', help: 'the alignment manifest written by build (default: found beside the inputs)' },
    { name: 'labels', value: 'A,B', help: 'names of the two publications (default: ITU,ISO from the manifest, else A,B)' },
    { name: 'templates', value: 'DIR', help: `template folder whose itu/ and iso/docx.yaml name the styles (default: the
manifest's, else the bundled templates; with a source: the source's own)` },
    { name: 'strict-typography', help: 'compare typography exactly (no normalisation)' },
    { name: 'no-color', help: 'plain terminal output' },
  ],
  footer: 'Exit status: 0 identical, 1 differences found, 2 error.',
};

/** `--json report.json a.docx`: the word after --json is its file unless it is one of the DOCX inputs. */
export const jsonTakes = (next: string): boolean => !/\.docx$/i.test(next);

export interface CheckCommandIO {
  out?: (s: string) => void;
  err?: (s: string) => void;
  color?: boolean;
}

/** Two publications made in memory (check <source.md>) and the options that come with them. */
export interface BuiltInputs {
  /** Prepared publications (check <source.md>) or DOCX bytes. */
  inputs: [Publication, Publication] | [Uint8Array, Uint8Array];
  options: CheckOptions;
}

interface Parsed {
  files: string[];
  options: CheckOptions;
  json?: string | true;
  html?: string;
  color: boolean;
}

type Print = (s: string) => void;

/** The command line as options; a number is the exit status to return at once (help, a usage error). */
function parseArgs(args: string[], io: CheckCommandIO, out: Print, err: Print): Parsed | number {
  const p: Parsed = { files: [], options: {}, color: !!(io.color ?? (process.stdout.isTTY && !process.env.NO_COLOR)) };
  try {
    const { values, positionals } = parseCommand(CHECK_SPEC, args, jsonTakes);
    if (values.help) { out(`${helpText(CHECK_SPEC)}\n`); return 0; }
    p.files = positionals;
    if (typeof values.json === 'string') p.json = values.json || true;
    if (typeof values.html === 'string') p.html = values.html;
    if (typeof values.allow === 'string') p.options.allowRulesFile = values.allow;
    if (typeof values.manifest === 'string') p.options.manifest = values.manifest;
    if (typeof values.templates === 'string') p.options.templates = values.templates;
    if (typeof values.labels === 'string') p.options.labels = labelsOption(values.labels);
    if (values['strict-typography']) p.options.strictTypography = true;
    if (values['no-color']) p.color = false;
    return p;
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    err(`${formatDiagnostic(e.diagnostics[0])}\n`);
    return 2;
  }
}

function labelsOption(value: string): [string, string] {
  const l = value.split(',').map((s) => s.trim());
  if (l.length !== 2 || !l[0] || !l[1]) throw new UsageError('--labels needs two names separated by a comma, e.g. ITU,ISO');
  return [l[0], l[1]];
}

/**
 * `args` without the inputs' own files when `build` is given: it makes the two publications in
 * memory from the parsed options (or returns an exit status), and nothing is written to disk.
 */
export async function runCheckCommand(args: string[], io: CheckCommandIO = {}, build?: (options: CheckOptions) => Promise<BuiltInputs | number>): Promise<number> {
  const out = io.out ?? ((s: string) => process.stdout.write(s));
  const err = io.err ?? ((s: string) => process.stderr.write(s));
  const p = parseArgs(args, io, out, err);
  if (typeof p === 'number') return p;
  const wanted = build ? 0 : 2;
  if (p.files.length !== wanted) {
    const message = build ? `a source is checked on its own (also given: ${p.files.join(', ')})` : `give exactly two .docx files (got ${p.files.length}${p.files.length ? `: ${p.files.join(', ')}` : ''})`;
    err(`${formatDiagnostic(new UsageError(message, 'see "commontext check --help"').diagnostics[0])}\n`);
    return 2;
  }
  try {
    if (build && p.options.manifest) throw new UsageError('--manifest is for two .docx files; a source is checked with the differences it declares itself');
    const built = build ? await build(p.options) : undefined;
    if (typeof built === 'number') return built;
    const [a, b] = built?.inputs ?? p.files;
    refuseSameFile(p.files);
    refuseInputsAsReports(p);
    const result = await check(a, b, { ...p.options, ...built?.options });
    const reports: OutputFile[] = [];
    if (typeof p.json === 'string') reports.push({ path: p.json, data: formatJson(result) });
    if (p.html) reports.push({ path: p.html, data: formatHtml(result) });
    // the report files as one set, before anything is printed: all written, or none and a message
    writeFilesAtomic(reports);
    out(p.json === true ? formatJson(result) : formatTerminal(result, { color: p.color }));
    return result.identical ? 0 : 1;
  } catch (e) {
    // a DOCX that cannot be read, a broken manifest, allow-rules file or template: every diagnostic, in plain words
    if (!(e instanceof DiagnosticError)) throw e;
    for (const d of e.diagnostics) err(`${formatDiagnostic(d)}\n`);
    return 2;
  }
}

/** One file given twice (or once through a link) would be "technically identical" to itself. */
function refuseSameFile(files: string[]) {
  if (files.length === 2 && realPath(files[0]) === realPath(files[1])) {
    throw new UsageError(`both inputs are the same file (${files[0]}${files[0] === files[1] ? '' : ` and ${files[1]}`}); give the two publications, e.g. the ITU and the ISO .docx`);
  }
}

/** A report may not be written over one of the files it reports on (or the allow rules). */
function refuseInputsAsReports(p: Parsed) {
  const inputs = [...p.files, ...[p.options.allowRulesFile, p.options.manifest].filter((f): f is string => !!f)];
  for (const report of [typeof p.json === 'string' ? p.json : undefined, p.html]) {
    if (report && inputAmong([report], inputs)) throw new UsageError(`the report ${report} would replace an input file; name another file for --json / --html`);
  }
}

/** A mistake on the command line, reported like any other input's. */
class UsageError extends DiagnosticError {
  constructor(message: string, fix?: string) {
    super([problem('commontext check', 'usage', message, fix)]);
  }
}
