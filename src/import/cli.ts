/**
 * commontext import <publication.docx> [--iso FILE] [--out DIR] [--split MODE] [--verify]: writes DIR/<number>.md (and DIR/clauses/ when split), its figures
 * and DIR/<number>.import-report.md as one set (all or none), inside DIR only, never over an input.
 * --verify builds the imported source in memory and checks the rebuilt ITU DOCX against the original.
 */
import path from 'node:path';
import { helpText, parseCommand, withSpec, type Command, type CommandSpec } from '../cli/options.js';
import { DiagnosticError, formatDiagnostic, problem } from '../util/diagnostics.js';
import { inputAmong, isInside, writeFilesAtomic, type OutputFile } from '../util/files.js';
import { importDocx, readPublication, type ImportedSource, type IsoInput } from './import.js';
import type { ReadDocument } from '../reader/index.js';
import { formatReport } from './report.js';
import { verifyImport } from './verify.js';
import { reportFixedTexts } from './fixed.js';
import { SPLIT_CLAUSES, SPLIT_LINES, SPLIT_MODES, type SplitMode } from './split.js';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const IMPORT_SPEC: CommandSpec = {
  name: 'import',
  summary: 'turn a published ITU-T Word file into a commontext source',
  usage: ['<publication.docx> [options]'],
  about: `Turns a published ITU-T Word file into a commontext source: DIR/<number>.md (front matter, body,
references registry; a long text split into DIR/clauses/*.md), the pictures under DIR/figures/, and
DIR/<number>.import-report.md listing what could not be mapped.`,
  options: [
    { name: 'out', value: 'DIR', help: 'output folder (default: ./out)' },
    { name: 'verify', help: 'build the source and check the rebuilt ITU DOCX against the original (and the ISO/IEC one against --iso)' },
    { name: 'split', value: 'auto|always|never', help: `one file per top-level clause, ::include'd from the main file: auto (default) when the text has more than ${SPLIT_LINES} lines and at least ${SPLIT_CLAUSES} clauses` },
    { name: 'iso', value: 'FILE', help: 'the ISO/IEC publication (.docx): its front matter fills the iso: block; text only one publication has becomes :::itu / :::iso' },
  ],
  footer: 'Exit status: 0 done (and, with --verify, no finding in the body); 1 --verify found differences; 2 bad input.',
};

function fail(io: Io, e: DiagnosticError): number {
  for (const d of e.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  io.err('nothing was written.\n');
  return 2;
}

/** The output set, every path checked to stay inside the output folder and off the input. */
function outputFiles(imported: ImportedSource, outDir: string, input: string): OutputFile[] {
  const files: OutputFile[] = [
    { path: path.join(outDir, imported.name), data: imported.markdown },
    { path: path.join(outDir, imported.name.replace(/\.md$/, '.import-report.md')), data: formatReport(imported.report, imported.name) },
    ...imported.parts.map((f) => ({ path: path.join(outDir, f.file), data: f.data })),
    ...imported.figures.map((f) => ({ path: path.join(outDir, f.file), data: f.data })),
    ...imported.templates.map((f) => ({ path: path.join(outDir, f.file), data: f.data })),
  ];
  const seen = new Map<string, OutputFile>();
  for (const f of files) {
    if (!isInside(path.resolve(f.path), outDir)) throw new DiagnosticError([problem(f.path, 'import-output-outside', 'this output would be written outside the output folder')]);
    const twin = seen.get(path.resolve(f.path));
    // two pictures given one name would leave one of them out (and writing the set would fail half-way)
    if (twin && Buffer.compare(Buffer.from(twin.data), Buffer.from(f.data)) !== 0) throw new DiagnosticError([problem(f.path, 'import-output-clash', 'two different files of the import would have this name', 'report it: the import names its files uniquely')]);
    seen.set(path.resolve(f.path), f);
  }
  files.splice(0, files.length, ...seen.values());
  const clash = inputAmong(files.map((f) => f.path), [input, ...(imported.iso ? [imported.iso.file] : [])]);
  if (clash) throw new DiagnosticError([problem(clash, 'output-is-input', 'the import would write over the file it reads; choose another --out')]);
  return files;
}

function splitMode(value: string | undefined): SplitMode {
  if (value === undefined) return 'auto';
  if ((SPLIT_MODES as readonly string[]).includes(value)) return value as SplitMode;
  throw new DiagnosticError([problem('commontext import', 'usage', `--split ${value}: not a split mode`, `write --split ${SPLIT_MODES.join(', --split ')}`)]);
}

/** Both publications read; a problem with either (or both) is reported at once. */
function readInputs(input: string, isoFile: string | undefined): { doc: ReadDocument; iso?: IsoInput } {
  const errors: DiagnosticError[] = [];
  const read = (f: string) => {
    try {
      return readPublication(f);
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      errors.push(e);
      return undefined;
    }
  };
  const doc = read(input);
  const isoDoc = isoFile ? read(isoFile) : undefined;
  if (errors.length || !doc) throw new DiagnosticError(errors.flatMap((e) => e.diagnostics));
  return { doc, iso: isoFile && isoDoc ? { file: isoFile, doc: isoDoc } : undefined };
}

async function importCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(IMPORT_SPEC, args);
  if (values.help) { io.out(`${helpText(IMPORT_SPEC)}\n`); return 0; }
  if (positionals.length !== 1) return fail(io, new DiagnosticError([problem('commontext import', 'usage', 'give one published Word file (.docx)', 'see "commontext import --help"')]));
  const input = positionals[0];
  const outDir = path.resolve((values.out as string | undefined) ?? 'out');
  const progress = (s: string) => io.err(`import: ${s}\n`);
  try {
    const t0 = performance.now();
    const split = splitMode(values.split as string | undefined);
    const { doc, iso } = readInputs(input, values.iso as string | undefined);
    const imported = importDocx(input, doc, progress, { iso, split });
    await reportFixedTexts(imported, outDir);
    progress('front matter compared with what the build writes');
    const files = outputFiles(imported, outDir, input);
    writeFilesAtomic(files);
    io.out(`${path.relative(process.cwd(), files[0].path)} (${imported.figures.length} figures, ${imported.report.entries.length} report entries: ${path.relative(process.cwd(), files[1].path)}) in ${Math.round(performance.now() - t0)} ms\n`);
    if (!values.verify) return 0;
    const verdict = await verifyImport(files[0].path, input, imported, io);
    return verdict;
  } catch (e) {
    if (e instanceof DiagnosticError) return fail(io, e);
    throw e;
  }
}

export function register(commands: Record<string, Command>): void {
  commands.import = withSpec(IMPORT_SPEC, importCommand);
}
