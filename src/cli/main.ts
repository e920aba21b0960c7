/**
 * The commontext command line: a thin wrapper over the library API (src/index.ts).
 * Exit status: 0 done, 1 findings (check) or nothing to do, 2 bad input or usage.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { build, lint } from '../index.js';
import { formatDiagnostic, problem, type Diagnostic } from '../util/diagnostics.js';
import type { Side } from '../model/types.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

type Command = (args: string[], io: Io) => Promise<number>;

/** Commands in other modules, loaded only when run: a build does not pay for loading the corrigendum code. */
const EXTRA_COMMANDS: Record<string, () => Promise<Command>> = {
  corrigendum: async () => registered('corrigendum', await import('../supplement/cli.js')),
  amendment: async () => registered('amendment', await import('../supplement/cli.js')),
  apply: async () => registered('apply', await import('../supplement/cli.js')),
  defect: async () => registered('defect', await import('../supplement/defects-cli.js')),
  import: async () => registered('import', await import('../import/cli.js')),
};

function registered(name: string, module: { register(commands: Record<string, Command>): void }): Command {
  const commands: Record<string, Command> = {};
  module.register(commands);
  return commands[name];
}

const defaultIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

const MAIN_HELP = `commontext — build, check and correct ITU-T | ISO/IEC common texts from one Markdown source

Usage:
  commontext build <source.md> [--out DIR] [--only itu|iso] [--templates DIR] [--watch]
  commontext lint <source.md> [--templates DIR]
  commontext check <itu.docx> <iso.docx> [--json [FILE]] [--html FILE] [--allow rules.yaml] [--templates DIR] [--strict-typography]
  commontext check <source.md> [same options]
  commontext corrigendum --base <rev|file> <source.md> --number N [--defects 3,7] [--out DIR]
  commontext amendment --base <rev|file> <source.md> --number N [--out DIR]
  commontext apply <supplement.md> --to <old source.md> [--out FILE]
  commontext defect new|render|list <source.md> …

Commands:
  build        write the Recommendation ITU-T and the ISO/IEC International Standard as DOCX
  lint         report errors and warnings in a source, write nothing
  check        prove two DOCX publications technically identical, or report where they differ
  corrigendum  the change instructions between a published version and the source, for both organizations
  amendment    the same, as an amendment
  apply        carry out a corrigendum's or amendment's instructions on the old source
  defect       create, check and print defect reports (defects/<n>.yaml)

Run "commontext <command> --help" for the options of one command.
Exit status: 0 done (identical), 1 differences found or nothing to do, 2 errors in the input.`;

const HELP: Record<string, string> = {
  build: `Usage: commontext build <source.md> [options]

Builds both publications from one source and writes them to the output folder:
  <out>/T-REC-<number>-<yyyymm>-I-E.docx     the Recommendation ITU-T
  <out>/ISO_IEC_<number>_<year>(E).docx      the ISO/IEC International Standard
  <out>/<source>.alignment.json              the declared differences, for "commontext check"

Options:
  --out DIR          output folder (default: ./out)
  --only itu|iso     build one publication only
  --templates DIR    your own templates, searched before the bundled ones
  --quiet            no progress lines
  --watch            rebuild on every save of the source, its includes or --templates, re-parsing only
                     the clauses that changed; prints the time of each rebuild (Ctrl-C to stop).
                     A rebuild stores its files uncompressed, for speed; after 2 s without a save
                     they are written again compressed, byte for byte as build writes them
  -h, --help         this help

Nothing is written when the source has errors (exit status 2); existing files are replaced
only by complete new ones.`,
  lint: `Usage: commontext lint <source.md> [--templates DIR]

Reports the errors and warnings of a source (file:line:column) without writing anything.
Exit status 0 when there are no errors (warnings allowed), 2 otherwise.`,
};

const BUILD_OPTIONS = {
  out: { type: 'string' },
  only: { type: 'string' },
  templates: { type: 'string' },
  quiet: { type: 'boolean' },
  watch: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A mistake on the command line, printed like any other input's diagnostic; exit status 2. */
function usage(io: Io, command: string, message: string, fix?: string): number {
  io.err(`${formatDiagnostic(problem(command, 'usage', message, fix))}\n`);
  return 2;
}

function report(diagnostics: Diagnostic[], io: Io) {
  for (const d of diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (errors) io.err(`${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}; nothing was written.\n`);
  else if (warnings) io.err(`${warnings} warning${warnings === 1 ? '' : 's'}.\n`);
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(`${MAIN_HELP}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    io.out('commontext 0.1.0\n');
    return 0;
  }
  try {
    switch (command) {
      case 'build': return await buildCommand(rest, io);
      case 'lint': return lintCommand(rest, io);
      case 'check': {
        const { checkCommand } = await import('./check.js');
        return await checkCommand(rest, io);
      }
      default: {
        const load = EXTRA_COMMANDS[command];
        if (load) return await (await load())(rest, io);
        return usage(io, 'commontext', `unknown command "${command}"`, `the commands are build, lint, check${Object.keys(EXTRA_COMMANDS).map((c) => `, ${c}`).join('')}; see "commontext --help"`);
      }
    }
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return usage(io, `commontext ${command}`, (e as Error).message.replace(/\.$/, ''), `see "commontext ${command} --help"`);
    throw e;
  }
}

async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: BUILD_OPTIONS, allowPositionals: true });
  if (values.help) { io.out(`${HELP.build}\n`); return 0; }
  if (positionals.length !== 1) return usage(io, 'commontext build', 'give one source file', 'e.g. "commontext build fixtures/example/example.md"; see "commontext build --help"');
  const only = values.only as string | undefined;
  if (only && only !== 'itu' && only !== 'iso') return usage(io, 'commontext build', `--only takes "itu" or "iso", not "${only}"`);
  if (values.watch) return watchCommand(positionals[0], { outDir: values.out as string | undefined, only: only as Side | undefined, templates: values.templates as string | undefined }, io);
  const stages: string[] = [];
  const t0 = performance.now();
  const result = await build(positionals[0], {
    outDir: values.out as string | undefined,
    only: only as Side | undefined,
    templates: values.templates as string | undefined,
    onStage: (name, ms) => {
      stages.push(`${name} ${Math.round(ms)} ms`);
      if (!values.quiet && process.stderr.isTTY) io.err(`\r${stages.join(' · ')}`);
    },
  });
  if (!values.quiet && stages.length) io.err(`${process.stderr.isTTY ? '' : stages.join(' · ')} · total ${Math.round(performance.now() - t0)} ms\n`);
  report(result.diagnostics, io);
  if (!result.ok) return 2;
  for (const o of result.outputs) io.out(`${o.side.toUpperCase()}: ${path.relative(process.cwd(), o.path!)}\n`);
  if (result.manifestPath) io.out(`declared differences: ${path.relative(process.cwd(), result.manifestPath)} (${result.declared.length})\n`);
  return 0;
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
  const { values, positionals } = parseArgs({ args, options: { templates: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  if (values.help) { io.out(`${HELP.lint}\n`); return 0; }
  if (positionals.length !== 1) return usage(io, 'commontext lint', 'give one source file', 'see "commontext lint --help"');
  const diagnostics = lint(positionals[0], { templates: values.templates as string | undefined });
  report(diagnostics, io);
  if (!diagnostics.length) io.err('no errors, no warnings.\n');
  return diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}
