/**
 * Command: guide (the ITU-T Implementers' Guide of a text, from its resolved and accepted defect records).
 * Exit status: 0 written, 2 bad input (nothing written).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { helpText, parseCommand, UsageError, withSpec, type Command, type CommandSpec, type Io } from '../cli/options.js';
import { inputAmong, writeFilesAtomic } from '../util/files.js';
import { DiagnosticError, formatDiagnostic, problem } from '../util/diagnostics.js';
import { dateProblem } from '../source/frontmatter.js';
import { SupplementError, loadVersion } from '../supplement/index.js';
import { guideContent, guideDocx, guideSource, guideStem } from './guide.js';

const GUIDE_SPEC: CommandSpec = {
  name: 'guide',
  summary: "the ITU-T Implementers' Guide of the text, from its resolved and accepted defect reports",
  usage: ['<source.md> [options]'],
  about: `Writes the Implementers' Guide of the text from the records of its defects folder with status
accepted or resolved (open and rejected reports are left out):
  <out>/<source>-guide.md     the guide as a common-text source
  <out>/<source>-guide.docx   the guide built as an ITU-T publication
A record's changes: (quoted text: in, replace, with; or the commits of the source that made the
correction) are printed as instructions in the corrigenda's wording; without them, its proposed solution.`,
  options: [
    { name: 'approved', value: 'DATE', help: 'ITU approval date of the guide (YYYY-MM-DD; default: today)' },
    { name: 'out', value: 'DIR', help: 'output folder (default: ./out)' },
  ],
  footer: 'Exit status: 0 written, 2 bad input.',
};

async function guideCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommand(GUIDE_SPEC, args);
  const values = parsed.values as { approved?: string; out?: string; help?: boolean };
  if (values.help) { io.out(`${helpText(GUIDE_SPEC)}\n`); return 0; }
  if (parsed.positionals.length !== 1) throw new UsageError('commontext guide', 'give one source file', 'e.g. "commontext guide spec.md"; see "commontext guide --help"');
  const file = parsed.positionals[0];
  const wrongDate = values.approved !== undefined && dateProblem(values.approved);
  if (wrongDate) { io.err(`${formatDiagnostic(problem('commontext guide', 'usage', `--approved is "${values.approved}": ${wrongDate}`, 'give the ITU approval date, e.g. --approved 2024-05-01'))}\n`); return 2; }
  try {
    if (!existsSync(file)) throw new SupplementError(file, 'not-found', 'no such file');
    const head = loadVersion(file);
    const content = guideContent(file, head);
    const approved = values.approved ?? new Date().toISOString().slice(0, 10);
    if (!values.approved) io.err(`commontext guide: no --approved date given; the guide is dated today, ${approved} (give --approved YYYY-MM-DD for the ITU approval date)\n`);
    const md = guideSource(head, content, approved);
    const stem = guideStem(file);
    const outDir = path.resolve(values.out ?? 'out');
    const files = [{ path: path.join(outDir, `${stem}.md`), data: md }, { path: path.join(outDir, `${stem}.docx`), data: await guideDocx(md, head, stem) }];
    const clash = inputAmong(files.map((f) => f.path), [head.file]);
    if (clash) throw new SupplementError(clash, 'output-is-input', 'the guide would be written over its own source; choose another --out');
    try { writeFilesAtomic(files); } catch (e) { if (e instanceof DiagnosticError) throw new SupplementError(e.diagnostics); throw e; }
    io.out(`guide: ${content.records.map((r) => r.number).join(', ')}\n`);
    for (const f of files) io.out(`${path.relative(process.cwd(), f.path)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof SupplementError)) throw e;
    for (const d of e.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
    return 2;
  }
}

/** Adds the command to the CLI's registry (src/cli/main.ts EXTRA_COMMANDS). */
export function register(commands: Record<string, Command>): void {
  commands.guide = withSpec(GUIDE_SPEC, guideCommand);
}
