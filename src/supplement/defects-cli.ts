/**
 * The `defect` command: defect reports kept as YAML records beside the source (defects/<n>.yaml).
 *   defect new <source.md>       a new record with the document fields filled in (never overwrites)
 *   defect render <source.md> N  the completed form as DOCX
 *   defect list <source.md>      one line per record
 * Exit status: 0 done, 2 bad input (a record with errors, no such record, a source with errors).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { helpText, parseCommand, suggestion, UsageError, withSpec, type Command, type CommandSpec, type Io } from '../cli/options.js';
import { parseSource } from '../source/parse.js';
import type { Metadata } from '../source/metadata.js';
import { type Diagnostic, DiagnosticError, Diagnostics, formatDiagnostic, problem } from '../util/diagnostics.js';
import { writeFileAtomic } from '../util/files.js';
import { Templates } from '../profile/index.js';
import { dateProblem } from '../source/frontmatter.js';
import { MAX_DEFECT, createFileExclusive, defectFiles, defectsDir, misnamedRecords, newDefectText, readDefect, readDefects, renderDefectDocx } from './defects.js';

/** The option table of `commontext defect` (options of all three subcommands). */
const DEFECT_SPEC: CommandSpec = {
  name: 'defect',
  summary: 'create, check and print defect reports (defects/<n>.yaml)',
  usage: ['new <source.md> [--submitter "Name <email>"] [--organization ORG] [--date YYYY-MM-DD]', 'render <source.md> <N> [--out DIR]', 'list <source.md>'],
  about: `Defect reports are YAML records in the source's folder, defects/<N>.yaml, with the fields of the
common-text defect report form: number, date, source (name, organization, email), concerning,
qualifier (error | omission | clarification required), references, nature, solution, response,
status (open | accepted | resolved | rejected) and resolution.

  new     writes defects/<next N>.yaml with the number, date and "concerning" (from the source's front
          matter) filled in; fill in the rest with an editor. An existing record is never overwritten.
  render  checks record N and writes the completed form as <out>/<source>-defect-<N>.docx (default out: ./out)
  list    checks every record and prints one line each: number, status, qualifier, references`,
  options: [
    { name: 'submitter', value: '"Name <email>"', help: 'new: who submits the report' },
    { name: 'organization', value: 'ORG', help: "new: the submitter's organization" },
    { name: 'date', value: 'YYYY-MM-DD', help: "new: the report's date (default: today)" },
    { name: 'out', value: 'DIR', help: 'render: output folder (default: ./out)' },
  ],
  footer: 'Exit status: 0 done, 2 bad input (errors are printed as file:line:column).',
};

/** A problem that stops a defect command: about a file, an option or the command line, as diagnostics. */
class DefectError extends DiagnosticError {
  constructor(where: string | Diagnostic[], message = '', code = 'usage') {
    super(typeof where === 'string' ? [problem(where, code, message)] : where);
  }
}

/** The source's front matter (the form's "concerning" and the study group come from it). */
function sourceMeta(file: string): Metadata {
  if (!existsSync(file)) throw new DefectError(file, 'no such file', 'not-found');
  const parsed = parseSource(path.resolve(file));
  if (!parsed.document) throw new DefectError(parsed.diagnostics.sorted().filter((d) => d.severity === 'error'));
  return parsed.document.meta;
}

/** "Ann Smith <ann@example.org>" → name and e-mail; a bare name or a bare address also works. */
function parseSubmitter(s: string | undefined): { name?: string; email?: string } {
  if (!s) return {};
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(s);
  if (m) return { name: m[1] || undefined, email: m[2] };
  return s.includes('@') && !/\s/.test(s.trim()) ? { email: s.trim() } : { name: s.trim() };
}

const today = () => new Date().toISOString().slice(0, 10);

async function newCommand(positionals: string[], values: Record<string, string | boolean | undefined>, io: Io): Promise<number> {
  if (positionals.length !== 1) throw new DefectError('commontext defect new', 'give one source file, e.g. "commontext defect new spec.md --submitter \\"Ann Smith <ann@example.org>\\""');
  const file = positionals[0];
  const meta = sourceMeta(file);
  const date = (values.date as string | undefined) ?? today();
  const wrongDate = dateProblem(date);
  if (wrongDate) throw new DefectError('commontext defect new', `--date "${date}" is not a date: ${wrongDate}`);
  const misnamed = new Diagnostics();
  misnamedRecords(file, misnamed);
  if (misnamed.hasErrors) throw new DefectError(misnamed.sorted());
  const dir = defectsDir(file);
  mkdirSync(dir, { recursive: true });
  const submitter = { ...parseSubmitter(values.submitter as string | undefined), organization: values.organization as string | undefined };
  // the next number after the highest record; if another process took it meanwhile, the next one
  // (bounded: the numbers end at MAX_DEFECT)
  let n = Math.max(0, ...defectFiles(file).map((f) => f.number)) + 1;
  for (; n <= MAX_DEFECT; n++) {
    const target = path.join(dir, `${n}.yaml`);
    if (createFileExclusive(target, newDefectText(n, meta, submitter, date))) {
      io.out(`defect report ${n}: ${path.relative(process.cwd(), target)} (fill in qualifier, references and nature, then "commontext defect render ${file} ${n}")\n`);
      return 0;
    }
  }
  throw new DefectError(path.relative(process.cwd(), dir) || dir, `there is no free report number: reports are numbered from 1 to ${MAX_DEFECT}`, 'defect-full');
}

async function renderCommand(positionals: string[], values: Record<string, string | boolean | undefined>, io: Io): Promise<number> {
  if (positionals.length !== 2 || !/^\d+$/.test(positionals[1])) throw new DefectError('commontext defect render', 'give the source file and the report number, e.g. "commontext defect render spec.md 3"');
  const [file, n] = positionals;
  const meta = sourceMeta(file);
  const record = path.join(defectsDir(file), `${Number(n)}.yaml`);
  if (!existsSync(record)) {
    const have = defectFiles(file).map((f) => f.number);
    throw new DefectError(path.relative(process.cwd(), record), `there is no defect report ${Number(n)}; ${have.length ? `the reports are ${have.join(', ')}` : 'there are no reports yet: "commontext defect new" creates one'}`, 'not-found');
  }
  const diagnostics = new Diagnostics();
  const r = readDefect(record, diagnostics);
  if (!r) { report(diagnostics, io); return 2; }
  const templates = new Templates(meta.templates ? path.resolve(path.dirname(path.resolve(file)), meta.templates) : undefined);
  const bytes = await renderDefectDocx(r, meta, templates);
  const out = path.join(path.resolve((values.out as string | undefined) ?? 'out'), `${path.basename(file, path.extname(file))}-defect-${r.number}.docx`);
  writeFileAtomic(out, bytes);
  io.out(`defect report ${r.number}: ${path.relative(process.cwd(), out)}\n`);
  return 0;
}

async function listCommand(positionals: string[], _values: unknown, io: Io): Promise<number> {
  if (positionals.length !== 1) throw new DefectError('commontext defect list', 'give one source file, e.g. "commontext defect list spec.md"');
  const file = positionals[0];
  if (!existsSync(file)) throw new DefectError(file, 'no such file', 'not-found');
  const diagnostics = new Diagnostics();
  const records = readDefects(file, diagnostics);
  if (!records.length) io.err(`no defect reports in ${path.relative(process.cwd(), defectsDir(file)) || 'defects'}; "commontext defect new ${file}" creates one\n`);
  for (const { number, record: r } of records) {
    if (!r) { io.out(`${String(number).padStart(3)}  (has errors, see below)\n`); continue; }
    const first = r.nature.split('\n')[0];
    io.out(`${String(number).padStart(3)}  ${r.status.padEnd(8)}  ${r.qualifier.padEnd(22)}  ${r.references}  ${first.length > 60 ? `${first.slice(0, 59)}…` : first}${r.resolution ? ` [${r.resolution}]` : ''}\n`);
  }
  report(diagnostics, io);
  return diagnostics.hasErrors ? 2 : 0;
}

function report(diagnostics: Diagnostics, io: Io): void {
  for (const d of diagnostics.sorted()) io.err(`${formatDiagnostic(d)}\n`);
}

async function defectCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(DEFECT_SPEC, args);
  if (values.help) { io.out(`${helpText(DEFECT_SPEC)}\n`); return 0; }
  const [sub, ...rest] = positionals;
  const subs = { new: newCommand, render: renderCommand, list: listCommand } as const;
  if (!sub || !(sub in subs)) {
    const otherwise = 'the subcommands are new, render and list; see "commontext defect --help"';
    throw new UsageError('commontext defect', sub ? `unknown subcommand "${sub}"` : 'give a subcommand', sub ? suggestion(sub, Object.keys(subs), otherwise) : otherwise);
  }
  try {
    return await subs[sub as keyof typeof subs](rest, values, io);
  } catch (e) {
    if (e instanceof DefectError) { for (const d of e.diagnostics) io.err(`${formatDiagnostic(d)}\n`); return 2; }
    throw e;
  }
}

/** Adds the command to the CLI's registry (src/cli/main.ts EXTRA_COMMANDS). */
export function register(commands: Record<string, Command>): void {
  commands.defect = withSpec(DEFECT_SPEC, defectCommand);
}
