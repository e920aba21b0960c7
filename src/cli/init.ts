/**
 * `commontext init [dir]`: a starter source that uses every construct of the source format, copied
 * from the bundled templates/init/ (found beside the installed package, not in the current folder).
 * An existing file is never replaced: all the starter's files are written, or none.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_TEMPLATES } from '../profile/index.js';
import { DiagnosticError, formatDiagnostic, problem } from '../util/diagnostics.js';
import { writeFilesAtomic, type OutputFile } from '../util/files.js';
import { helpText, parseCommand, withSpec, UsageError, type CommandSpec, type Io } from './options.js';

const STARTER = path.join(BUNDLED_TEMPLATES, 'init');

const INIT_SPEC: CommandSpec = {
  name: 'init',
  summary: 'write a starter source (every construct of the source format) to build and edit',
  usage: ['[dir] [options]'],
  about: `Writes a starter common text into dir (default: the current folder):
  spec.md                     the source: front matter for both organizations, clauses, references,
                              terms, abbreviations, notes, examples, lists, a table, a figure, a
                              footnote, cross-references, one-side text with its reason, an include,
                              a page break, an annex
  clauses/security.md         a clause it includes
  figures/client-server.png   the figure's image
It lints with no warnings, builds and checks as technically identical. An existing file is never
replaced: when one of these files is there already, nothing is written.`,
  options: [],
  footer: 'Exit status: 0 written, 2 a file is there already or cannot be written.',
};

/** The starter's files, relative to its folder. */
function starterFiles(dir = STARTER, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? starterFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])).sort();
}

async function init(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(INIT_SPEC, args);
  if (values.help) { io.out(`${helpText(INIT_SPEC)}\n`); return 0; }
  if (positionals.length > 1) throw new UsageError('commontext init', `give at most one folder, not ${positionals.length} (${positionals.join(', ')})`, 'see "commontext init --help"');
  const dir = positionals[0] ?? '.';
  const names = starterFiles();
  const files: OutputFile[] = names.map((name) => ({ path: path.resolve(dir, name), data: readFileSync(path.join(STARTER, name)) }));
  const there = files.filter((f) => existsSync(f.path));
  const shown = (p: string) => path.relative(process.cwd(), p) || p;
  if (there.length) {
    for (const f of there) io.err(`${formatDiagnostic(problem(shown(f.path), 'file-exists', 'is there already and is never replaced; nothing was written', 'choose another folder, e.g. "commontext init my-spec"'))}\n`);
    return 2;
  }
  try {
    writeFilesAtomic(files);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    for (const d of e.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
    return 2;
  }
  for (const f of files) io.out(`${shown(f.path)}\n`);
  const source = shown(files[names.indexOf('spec.md')].path);
  io.out(`next: "commontext build ${source}" writes both publications to ./out and checks them\n`);
  return 0;
}

export const initCommand = withSpec(INIT_SPEC, init);
