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

export const CHECK_USAGE = `usage: commontext check <first.docx> <second.docx> [options]
       commontext check <source.md> [options]     (both publications built in memory, then checked)
  --json [file]          write the JSON report (to stdout when no file is given)
  --html <file>          write the side-by-side HTML report
  --allow <rules.yaml>   allow-rules file (declared differences)
  --manifest <file>      the alignment manifest written by build (default: found beside the inputs)
  --labels <A>,<B>       names of the two publications (default: ITU,ISO from the manifest, else A,B)
  --templates <dir>      template folder whose itu/ and iso/docx.yaml name the styles (default: the
                         manifest's, else the bundled templates; with a source: the source's own)
  --strict-typography    compare typography exactly (no normalisation)
  --no-color             plain terminal output
exit status: 0 identical, 1 differences found, 2 error`;

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
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--json') p.json = args[i + 1] && !args[i + 1].startsWith('--') && !args[i + 1].endsWith('.docx') ? value() : true;
      else if (a === '--html') p.html = value();
      else if (a === '--allow') p.options.allowRulesFile = value();
      else if (a === '--manifest') p.options.manifest = value();
      else if (a === '--templates') p.options.templates = value();
      else if (a === '--labels') {
        const l = value().split(',').map((s) => s.trim());
        if (l.length !== 2 || !l[0] || !l[1]) throw new UsageError('--labels needs two names separated by a comma, e.g. ITU,ISO');
        p.options.labels = [l[0], l[1]];
      } else if (a === '--strict-typography') p.options.strictTypography = true;
      else if (a === '--no-color') p.color = false;
      else if (a === '--help' || a === '-h') {
        out(CHECK_USAGE + '\n');
        return 0;
      } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
      else p.files.push(a);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      err(`${formatDiagnostic(e.diagnostics[0])}\n${CHECK_USAGE}\n`);
      return 2;
    }
  }
  return p;
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
    err(`${formatDiagnostic(new UsageError(build ? `a source is checked on its own (also given: ${p.files.join(', ')})` : `give exactly two .docx files (got ${p.files.length})`).diagnostics[0])}\n${CHECK_USAGE}\n`);
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
  constructor(message: string) {
    super([problem('commontext check', 'usage', message)]);
  }
}
