/**
 * `commontext check`: two DOCX files, or one source (both publications prepared in memory and
 * compared as prepare laid them out, with the differences the source declares; nothing is rendered
 * or written). The comparison itself is src/check.
 */
import { prepareSource } from '../app/build.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import { runCheckCommand, type BuiltInputs } from '../check/index.js';
import type { CheckOptions } from '../check/index.js';
import { CHECK_SPEC, jsonTakes } from '../check/cli.js';
import { withSpec, type Io } from './options.js';

/** Options followed by a value (from check's option table): a value such as `--html report.md` is not the source. */
const VALUED = new Set(CHECK_SPEC.options.filter((o) => o.value && !o.optionalValue).map((o) => `--${o.name}`));

/** Indexes of the arguments that name a Markdown source (not an option's value). */
function sourceArguments(args: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (VALUED.has(a) || (a === '--json' && args[i + 1] && !args[i + 1].startsWith('-') && jsonTakes(args[i + 1]))) { i++; continue; }
    if (/\.(md|markdown)$/i.test(a)) out.push(i);
  }
  return out;
}

export const checkCommand = withSpec(CHECK_SPEC, checkSourceOrFiles);

async function checkSourceOrFiles(args: string[], io: Io): Promise<number> {
  const sources = sourceArguments(args);
  const cliIo = { out: io.out, err: io.err };
  if (sources.length !== 1) return runCheckCommand(args, cliIo);
  const source = args[sources[0]];
  return runCheckCommand(args.filter((_, i) => i !== sources[0]), cliIo, (options) => buildInMemory(source, options, io));
}

/** Both publications as prepared, with what the alignment manifest would say: declared differences, sides, templates. */
async function buildInMemory(source: string, options: CheckOptions, io: Io): Promise<BuiltInputs | number> {
  const result = prepareSource(source, { templates: options.templates });
  for (const d of result.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  if (!result.ok) {
    io.err('commontext check: the source has errors; nothing was checked.\n');
    return 2;
  }
  const [itu, iso] = result.publications;
  return { inputs: [itu, iso], options: { declared: result.declared, declaredFrom: 'source', source, labels: options.labels ?? ['ITU', 'ISO'] } };
}
