/**
 * The commontext command line: a thin wrapper over the library API (src/index.ts).
 * Exit status: 0 done, 1 findings (check, or build when the two publications are not technically identical)
 * or nothing to do, 2 bad input or usage.
 */
import path from 'node:path';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { build, lint } from '../index.js';
import { formatDiagnostic, problem, type Diagnostic } from '../util/diagnostics.js';
import { plural } from '../util/plural.js';
import type { Side } from '../model/types.js';
import { fileProblem } from '../source/limits.js';
import { helpText, parseCommand, suggestion, synopsis, UsageError, withSpec, type Command, type CommandSpec, type Io } from './options.js';

export type { Io, Command } from './options.js';

/**
 * Commands in other modules, loaded only when run: a build does not pay for loading the corrigendum code.
 * A new command is one line here; its module gives `withSpec(SPEC, run)` (src/cli/options.ts), whose
 * option table makes its parser, its --help and its lines in "commontext --help" (test/cli-help.test.ts).
 */
const EXTRA_COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.js')).checkCommand,
  init: async () => (await import('./init.js')).initCommand,
  corrigendum: async () => registered('corrigendum', await import('../supplement/cli.js')),
  amendment: async () => registered('amendment', await import('../supplement/cli.js')),
  apply: async () => registered('apply', await import('../supplement/cli.js')),
  defect: async () => registered('defect', await import('../supplement/defects-cli.js')),
  preview: async () => registered('preview', await import('../preview/cli.js')),
  pdf: async () => registered('pdf', await import('./pdf.js')),
  import: async () => registered('import', await import('../import/cli.js')),
  lsp: async () => registered('lsp', await import('../lsp/cli.js')),
  guide: async () => registered('guide', await import('../guide/cli.js')),
};

function registered(name: string, module: { register(commands: Record<string, Command>): void }): Command {
  const commands: Record<string, Command> = {};
  module.register(commands);
  return commands[name];
}

const defaultIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

const BUILD_SPEC: CommandSpec = {
  name: 'build',
  summary: 'write the Recommendation ITU-T and the ISO/IEC International Standard as DOCX, then check them',
  usage: ['<source.md> [options]'],
  about: `Builds both publications from one source and writes them to the output folder:
  <out>/T-REC-<number>-<yyyymm>-I-E.docx     the Recommendation ITU-T
  <out>/ISO_IEC_<number>_<year>(E).docx      the ISO/IEC International Standard
  <out>/<source>.alignment.json              the declared differences, for "commontext check"
and ends with the verdict of "commontext check <source.md>" on the two publications it built.`,
  options: [
    { name: 'out', value: 'DIR', help: 'output folder (default: ./out)' },
    { name: 'only', value: 'itu|iso', help: 'build one publication only (nothing to check)' },
    { name: 'templates', value: 'DIR', help: 'your own templates, searched before the bundled ones' },
    { name: 'no-check', help: 'do not check the two publications against each other' },
    { name: 'quiet', help: 'no progress lines' },
    { name: 'pdf', help: 'also write each publication as PDF (<name>.pdf beside its DOCX), with LibreOffice, the contents\nwith their page numbers' },
    { name: 'html', help: 'also write each publication as one self-contained HTML file (<name>.html beside its DOCX)' },
    { name: 'watch', help: `rebuild on every save of the source, its includes or --templates, re-parsing only
the clauses that changed; prints the time of each rebuild (Ctrl-C to stop); no check.
A rebuild stores its files uncompressed, for speed; after 2 s without a save
they are written again compressed, byte for byte as build writes them` },
  ],
  footer: `Nothing is written when the source has errors (exit status 2); existing files are replaced
only by complete new ones. Exit status 0 built (and technically identical), 1 built but the two
publications are not technically identical, 2 errors in the input.`,
};

const LINT_SPEC: CommandSpec = {
  name: 'lint',
  summary: 'report errors and warnings in a source, write nothing',
  usage: ['<source.md> [options]'],
  about: 'Reports the errors and warnings of a source (file:line:column) without writing anything.',
  options: [
    { name: 'templates', value: 'DIR', help: 'your own templates, searched before the bundled ones' },
    { name: 'json', help: `print them as a JSON array on standard output, one object per diagnostic
(file, line, column, severity, code, message, fix), and nothing else` },
  ],
  footer: 'Exit status 0 when there are no errors (warnings allowed), 2 otherwise.',
};

const BUILTIN: Record<string, Command> = {
  build: withSpec(BUILD_SPEC, buildCommand),
  lint: withSpec(LINT_SPEC, async (args, io) => lintCommand(args, io)),
};

/** Every command, built in or registered, loaded (for the top-level help and its test). */
export async function allCommands(): Promise<Record<string, Command>> {
  const extra = await Promise.all(Object.entries(EXTRA_COMMANDS).map(async ([name, load]) => [name, await load()] as const));
  return { ...BUILTIN, ...Object.fromEntries(extra) };
}

/** The version of the installed package, from its package.json (two folders up from dist/cli, dist/bundle or src/cli). */
export function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** The top-level help: every command with every option, made from the commands' option tables. */
export async function mainHelp(): Promise<string> {
  const commands = Object.values(await allCommands());
  const specs = commands.map((c) => c.spec).filter((s): s is CommandSpec => !!s);
  const width = Math.max(...specs.map((s) => s.name.length)) + 2;
  return [
    'commontext — build, check and correct ITU-T | ISO/IEC common texts from one Markdown source',
    '',
    'Usage:',
    ...specs.flatMap((s) => synopsis(s)).map((l) => `  ${l}`),
    '  commontext --version | -v',
    '',
    'Commands:',
    ...specs.map((s) => `  ${s.name.padEnd(width)}${s.summary}`),
    '',
    'Run "commontext <command> --help" (or -h) for what each option does.',
    'Exit status: 0 done (identical), 1 differences found or nothing to do, 2 errors in the input or on the command line.',
  ].join('\n');
}

/** A mistake on the command line, printed like any other input's diagnostic; exit status 2. */
function usage(io: Io, command: string, message: string, fix?: string): number {
  io.err(`${formatDiagnostic(problem(command, 'usage', message, fix))}\n`);
  return 2;
}

function report(diagnostics: Diagnostic[], io: Io, what = 'nothing was written') {
  for (const d of diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (errors) io.err(`${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}; ${what}.\n`);
  else if (warnings) io.err(`${plural(warnings, 'warning')}.\n`);
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    io.out(`${await mainHelp()}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    io.out(`commontext ${version()}\n`);
    return 0;
  }
  try {
    if (command === 'help') return await main(rest.length ? [rest[0], '--help'] : ['--help'], io);
    const run = BUILTIN[command] ?? (await EXTRA_COMMANDS[command]?.());
    if (run) return await run(rest, io);
    const names = [...Object.keys(BUILTIN), ...Object.keys(EXTRA_COMMANDS)];
    const otherwise = `the commands are ${names.join(', ')}; see "commontext --help"`;
    if (command.startsWith('-')) return usage(io, 'commontext', `unknown option "${command}" before the command`, suggestion(command, ['--help', '--version'], otherwise));
    return usage(io, 'commontext', `unknown command "${command}"`, suggestion(command, names, otherwise));
  } catch (e) {
    if (e instanceof UsageError) { io.err(`${formatDiagnostic(e.diagnostics[0])}\n`); return 2; }
    throw e;
  }
}

/** The source file named on the command line, or the exit status of a usage error (before any progress line). */
function sourceArgument(spec: CommandSpec, positionals: string[], io: Io): string | number {
  const command = `commontext ${spec.name}`;
  if (positionals.length !== 1) {
    return usage(io, command, positionals.length ? `give one source file, not ${positionals.length} (${positionals.join(', ')})` : 'give one source file', `e.g. "${command} spec.md"; see "${command} --help"`);
  }
  const file = positionals[0];
  const say = (code: string, message: string, fix?: string) => { io.err(`${formatDiagnostic(problem(file, code, message, fix))}\n`); return 2; };
  if (!existsSync(file)) return say('not-found', 'there is no such source file', `give the path of your Markdown source, e.g. "${command} spec.md" ("commontext init" writes a starter source)`);
  const bad = fileProblem(file);
  if (bad) return say(bad.code, `the source file ${bad.message}`);
  try { closeSync(openSync(file, 'r')); } catch (e) { return say('file-unreadable', `cannot read the source file: ${(e as Error).message}`, 'check its permissions'); }
  return file;
}

async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(BUILD_SPEC, args);
  if (values.help) { io.out(`${helpText(BUILD_SPEC)}\n`); return 0; }
  const only = values.only as string | undefined;
  if (only && only !== 'itu' && only !== 'iso') return usage(io, 'commontext build', `--only takes "itu" or "iso", not "${only}"`);
  const file = sourceArgument(BUILD_SPEC, positionals, io);
  if (typeof file === 'number') return file;
  if (values.watch && values.html) return usage(io, 'commontext build', '--html does not go with --watch', 'to see the HTML live, run "commontext preview <source.md>"');
  const options = { outDir: values.out as string | undefined, only: only as Side | undefined, templates: values.templates as string | undefined };
  if (values.watch) return watchCommand(file, options, io);
  const stages: string[] = [];
  const t0 = performance.now();
  const result = await build(file, {
    ...options,
    html: values.html as boolean | undefined,
    onStage: (name, ms) => {
      stages.push(`${name} ${Math.round(ms)} ms`);
      if (!values.quiet && process.stderr.isTTY) io.err(`\r${stages.join(' · ')}`);
    },
  });
  if (!values.quiet && stages.length) io.err(`${process.stderr.isTTY ? '' : stages.join(' · ')} · total ${Math.round(performance.now() - t0)} ms\n`);
  report(result.diagnostics, io);
  if (!result.ok) return 2;
  for (const o of result.outputs) io.out(`${o.side.toUpperCase()}: ${[o.path!, ...(o.htmlPath ? [o.htmlPath] : [])].map((f) => path.relative(process.cwd(), f)).join(', ')}\n`);
  // the count is check's (differing paragraphs of the body), said with the verdict; the manifest lists one-side passages
  if (result.manifestPath) io.out(`declared differences: ${path.relative(process.cwd(), result.manifestPath)}\n`);
  if (values.pdf) {
    const status = await (await import('../app/pdf.js')).writeBuildPdfs(result.outputs, io);
    if (status) return status;
  }
  if (values['no-check'] || result.outputs.length !== 2) return 0;
  // loaded here: lint and the other commands do not pay for loading the check
  const { buildVerdict } = await import('./verdict.js');
  return buildVerdict(result, file, options.templates, io);
}

/** build --watch: first build, then one line per rebuild; runs until interrupted. */
async function watchCommand(file: string, options: { outDir?: string; only?: Side; templates?: string }, io: Io): Promise<number> {
  const { watchBuild } = await import('../app/watch.js');
  const clock = () => new Date().toTimeString().slice(0, 8);
  const w = watchBuild(file, {
    ...options,
    onRebuild: (r, changed) => {
      report(r.diagnostics, io);
      const what = changed.length ? changed.map((f) => path.relative(process.cwd(), f)).join(', ') : 'first build';
      if (r.ok) io.out(`[${clock()}] ${what}: rebuilt in ${Math.round(r.ms)} ms (${r.parsedChunks} clause${r.parsedChunks === 1 ? '' : 's'} re-parsed) → ${r.outputs.map((o) => path.relative(process.cwd(), o.path!)).join(', ')}\n`);
      else io.out(`[${clock()}] ${what}: not rebuilt (errors above); waiting for the next save\n`);
    },
    onCompressed: () => io.out(`[${clock()}] no save for 2 s: both files written again compressed, as build writes them\n`),
  });
  await w.ready;
  io.err('watching for changes (Ctrl-C to stop)\n');
  await new Promise<void>((resolve) => {
    const stop = () => { w.stop(); resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

function lintCommand(args: string[], io: Io): number {
  const { values, positionals } = parseCommand(LINT_SPEC, args);
  if (values.help) { io.out(`${helpText(LINT_SPEC)}\n`); return 0; }
  const file = sourceArgument(LINT_SPEC, positionals, io);
  if (typeof file === 'number') return file;
  const diagnostics = lint(file, { templates: values.templates as string | undefined });
  if (values.json) io.out(`${JSON.stringify(diagnostics.map(({ file, line, column, severity, code, message, fix }) => ({ file, line, column, severity, code, message, fix: fix ?? null })), null, 2)}\n`);
  else {
    // lint never writes: the closing line says what the errors mean for a build
    report(diagnostics, io, 'a build would write nothing until they are fixed');
    if (!diagnostics.length) io.err('no errors, no warnings.\n');
  }
  return diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}
