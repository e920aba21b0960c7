/**
 * Commands: corrigendum, amendment (a supplement source + its two publications from two versions of
 * a source) and apply (carry a supplement's instructions out on the old source).
 * Exit status: 0 done, 1 nothing to do (no change), 2 bad input.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { helpText, parseCommand, UsageError, withSpec, type Command, type CommandSpec, type Io } from '../cli/options.js';
import { inputAmong, isInside, realPath, safeFileName, writeFileAtomic, writeFilesAtomic } from '../util/files.js';
import { mdNodes } from './tree.js';
import { build } from '../index.js';
import { type Diagnostic, DiagnosticError, formatDiagnostic, problem } from '../util/diagnostics.js';
import { dateProblem } from '../source/frontmatter.js';
import { defectFiles, defectsDir } from './defects.js';
import { SupplementError, applySupplement, changeSet, loadVersion, supplementSource } from './index.js';
import { frontOptionProblems, noSummaryNote, supplementSummary } from './front-options.js';
import { Wording } from './wording.js';

/** The option table of corrigendum and amendment (the same options; the output named after the type). */
function supplementSpec(type: 'corrigendum' | 'amendment'): CommandSpec {
  const stem = type === 'corrigendum' ? 'cor' : 'amd';
  return {
    name: type,
    summary: type === 'corrigendum'
      ? 'the change instructions between a published version and the source, for both organizations'
      : 'the same, as an amendment',
    usage: ['--base REV|FILE <source.md> --number N [options]'],
    about: `Compares the source with its published version (a git revision such as v1.0, or an old source file)
and writes the ${type}:
  <out>/<source>-${stem}<N>.md     the ${type} as a common-text source (edit it, build it like any source)
  <out>/ITU and ISO DOCX       the ${type} built for both publications (unless --no-docx)`,
    options: [
      { name: 'base', value: 'REV|FILE', help: 'the published version (required)' },
      { name: 'number', value: 'N', help: `the ${type}'s number (required)` },
      { name: 'approved', value: 'DATE', help: `ITU approval date of the ${type} (YYYY-MM-DD; default: today)` },
      { name: 'title', value: 'TEXT', help: `the ${type}'s own title, printed after its label ("Objective test methods for multi-talker scenarios")` },
      { name: 'summary', value: 'FILE', help: `the ${type}'s Summary for the ITU front matter (Markdown paragraphs)` },
      { name: 'defects', value: '3,7', help: 'the defect reports every instruction resolves' },
      { name: 'out', value: 'DIR', help: 'output folder (default: ./out)' },
      { name: 'no-docx', help: 'write the Markdown source only' },
    ],
    footer: 'Exit status: 0 written, 1 no change between the versions (nothing written), 2 bad input.',
  };
}

const APPLY_SPEC: CommandSpec = {
  name: 'apply',
  summary: "carry out a corrigendum's or amendment's instructions on the old source",
  usage: ['<supplement.md> --to FILE [options]'],
  about: `Carries out the instructions of a corrigendum or amendment source on the old source and writes the
corrected source: the old text with only the lines the instructions touch changed; an included file
they touch is written in place of its ::include line (every included file, when --out is in another
folder).`,
  options: [
    { name: 'to', value: 'FILE', help: 'the old source the instructions apply to (required)' },
    { name: 'out', value: 'FILE', help: 'the corrected source (default: <old>-corrected.md beside it)' },
  ],
  footer: 'Exit status: 0 written, 2 bad input.',
};

function supplementCommand(type: 'corrigendum' | 'amendment'): Command {
  const spec = supplementSpec(type);
  return withSpec(spec, async (args: string[], io: Io): Promise<number> => {
    const parsed = parseCommand(spec, args);
    const values = parsed.values as SupplementValues & { base?: string; out?: string; 'no-docx'?: boolean; help?: boolean };
    const positionals = parsed.positionals;
    if (values.help) { io.out(`${helpText(spec)}\n`); return 0; }
    if (positionals.length !== 1 || !values.base || !values.number) {
      throw new UsageError(`commontext ${type}`, 'give --base <rev|file>, one source file and --number N', `e.g. "commontext ${type} --base v1.0 spec.md --number 1"; see "commontext ${type} --help"`);
    }
    const file = positionals[0];
    const wrong = [...optionProblems(type, values, file), ...frontOptionProblems(type, values)];
    if (wrong.length) { for (const d of wrong) io.err(`${formatDiagnostic(d)}\n`); return 2; }
    try {
      if (!existsSync(file)) throw new SupplementError(file, 'not-found', 'no such file');
      const base = loadVersion(file, values.base);
      const head = loadVersion(file);
      const summary = supplementSummary(values.summary, head.tree.yaml);
      const changes = changeSet(base, head, { defects: values.defects?.split(',').map((n) => String(Number(n.trim()))) });
      if (!changes.length) {
        io.err(`commontext ${type}: ${head.label} has no change against ${base.label}; nothing was written.\n`);
        return 1;
      }
      // a deletion the edited source renumbers after: the corrected text keeps the published numbers
      for (const d of (await import('./published.js')).renumberWarnings(base, head, changes, new Wording())) io.err(`${formatDiagnostic(d)}\n`);
      const number = Number(values.number);
      // a supplement is dated when it is approved, never with the base text's date
      const approved = values.approved ?? today();
      if (!values.approved) io.err(`commontext ${type}: no --approved date given; the ${type} is dated today, ${approved} (give --approved YYYY-MM-DD for the ITU approval date)\n`);
      if (!values.summary) noSummaryNote(type, io);
      const md = summary(supplementSource(changes, head, { type, number, approved, ...(values.title ? { title: values.title.trim() } : {}) }));
      const outDir = path.resolve(values.out ?? 'out');
      const stem = `${path.basename(file, path.extname(file))}-${type === 'corrigendum' ? 'cor' : 'amd'}${number}`;
      // built in memory, placed (never written) beside the source so that its includes and images resolve;
      // nothing is written into the source folder, and the output files are written as one set
      const placed = path.join(path.dirname(head.file), `${stem}.md`);
      let docs: { fileName: string; bytes: Uint8Array }[] = [];
      if (!values['no-docx']) {
        const result = await build(placed, { write: false, text: md });
        if (!result.ok) throw new SupplementError(result.diagnostics);
        docs = result.outputs;
        // tracked-changes DOCX of the whole new text, inserted sections numbered as the supplement numbers them
        const numbered = (await import('./published.js')).withPublishedNumbers(base, head, changes, new Wording());
        docs.push(...await (await import('./revision.js')).revisionOutputs(base.doc, numbered));
      }
      const target = path.join(outDir, `${stem}.md`);
      const files = [{ path: target, data: md }, ...docs.map((d) => ({ path: path.join(outDir, safeFileName(d.fileName)), data: d.bytes })), ...supplementImages(md, path.dirname(head.file), outDir)];
      const clash = inputAmong(files.map((f) => f.path), [head.file, base.file]);
      if (clash) throw new SupplementError(clash, 'output-is-input', 'the supplement would be written over its own source; choose another --out');
      try { writeFilesAtomic(files); } catch (e) { if (e instanceof DiagnosticError) throw new SupplementError(e.diagnostics); throw e; }
      io.out(`${type}: ${path.relative(process.cwd(), target)} (${changes.length} instruction${changes.length === 1 ? '' : 's'})\n`);
      for (const f of files.slice(1)) io.out(`${path.relative(process.cwd(), f.path)}\n`);
      return 0;
    } catch (e) {
      if (e instanceof SupplementError) return reportProblems(e, io);
      throw e;
    }
  });
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The images the supplement shows, to be written next to it at the same relative paths, so that the
 * supplement builds from its output folder and `apply` finds them. Only images inside the source's
 * folder are copied, to paths inside the output folder (a path that leaves them is the build's error).
 */
function supplementImages(md: string, sourceDir: string, outDir: string): { path: string; data: Uint8Array }[] {
  const urls = new Set<string>();
  const walk = (n: { type: string; url?: string; children?: unknown[] }) => {
    if (n.type === 'image' && n.url && !/^[a-z][a-z0-9+.-]*:|^\//i.test(n.url)) urls.add(decodeURI(n.url));
    for (const c of (n.children ?? []) as typeof n[]) walk(c);
  };
  mdNodes(md).forEach((n) => walk(n as never));
  return [...urls].flatMap((url) => {
    const from = path.resolve(sourceDir, url);
    const to = path.resolve(outDir, url);
    // the output folder is the source folder: the image is there already
    if (!existsSync(from) || !isInside(realPath(from), realPath(sourceDir)) || !isInside(to, outDir) || realPath(to) === realPath(from)) return [];
    return [{ path: to, data: readFileSync(realPath(from)) }];
  });
}

type SupplementValues = { number?: string; approved?: string; defects?: string; title?: string; summary?: string };

/** Every problem of --number, --approved and --defects: all of them at once. */
function optionProblems(type: string, values: SupplementValues, file: string): Diagnostic[] {
  const say = (message: string, fix?: string) => problem(`commontext ${type}`, 'usage', message, fix);
  const out: Diagnostic[] = [];
  if (!/^[1-9]\d{0,2}$/.test(values.number ?? '')) out.push(say(`--number is "${values.number}"; it must be a whole number from 1 to 999, written without leading zeros`, `e.g. --number 1 for the first ${type}`));
  const wrongDate = values.approved !== undefined && dateProblem(values.approved);
  if (wrongDate) out.push(say(`--approved is "${values.approved}": ${wrongDate}`, 'give the ITU approval date, e.g. --approved 2024-05-01'));
  const defects = defectsProblem(say, values, file);
  return defects ? [...out, defects] : out;
}

/** What is wrong with --defects, if anything: each defect is a report of the defects folder. */
function defectsProblem(say: (message: string, fix?: string) => Diagnostic, values: SupplementValues, file: string): Diagnostic | undefined {
  if (values.defects === undefined) return undefined;
  if (!/^\s*[1-9]\d*(\s*,\s*[1-9]\d*)*\s*$/.test(values.defects))
    return say(`--defects is "${values.defects}"; it must be report numbers separated by commas`, 'e.g. --defects 3,7');
  const have = new Set(existsSync(file) ? defectFiles(file).map((f) => f.number) : []);
  const missing = values.defects.split(',').map((n) => Number(n.trim())).filter((n) => !have.has(n));
  if (missing.length)
    return say(`--defects names ${missing.length === 1 ? 'report' : 'reports'} ${missing.join(', ')}, not in ${path.relative(process.cwd(), defectsDir(file)) || 'defects'}`,
      have.size ? `the reports there are ${[...have].join(', ')}` : '"commontext defect new" creates a report');
  return undefined;
}

async function applyCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommand(APPLY_SPEC, args);
  const values = parsed.values as { to?: string; out?: string; help?: boolean };
  const positionals = parsed.positionals;
  if (values.help) { io.out(`${helpText(APPLY_SPEC)}\n`); return 0; }
  if (positionals.length !== 1 || !values.to) {
    throw new UsageError('commontext apply', 'give one supplement source and --to <old source.md>', 'see "commontext apply --help"');
  }
  try {
    const supplementFile = path.resolve(positionals[0]);
    if (!existsSync(supplementFile)) throw new SupplementError(positionals[0], 'not-found', 'no such file');
    const old = loadVersion(values.to);
    const out = path.resolve(values.out ?? path.join(path.dirname(old.file), `${path.basename(old.file, '.md')}-corrected.md`));
    const text = applySupplement(readFileSync(supplementFile, 'utf8'), supplementFile, old, undefined, out);
    writeFileAtomic(out, text);
    io.out(`corrected source: ${path.relative(process.cwd(), out)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof SupplementError) return reportProblems(e, io);
    throw e;
  }
}

/** Adds the commands to the CLI's registry (src/cli/main.ts EXTRA_COMMANDS). */
export function register(commands: Record<string, Command>): void {
  commands.corrigendum = supplementCommand('corrigendum');
  commands.amendment = supplementCommand('amendment');
  commands.apply = withSpec(APPLY_SPEC, applyCommand);
}

/** Every diagnostic of a stopped command, one a line; exit status 2. */
function reportProblems(e: SupplementError, io: Io): number {
  for (const d of e.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  return 2;
}
