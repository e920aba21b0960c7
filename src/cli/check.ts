/**
 * `commontext check`: two DOCX files, or one source (both publications prepared in memory and
 * compared as prepare laid them out, with the differences the source declares; nothing is rendered
 * or written). The comparison itself is src/check.
 */
import { prepareSource } from '../app/build.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import { runCheckCommand, type BuiltInputs } from '../check/index.js';
import type { CheckOptions } from '../check/index.js';
import type { Io } from './main.js';

export async function checkCommand(args: string[], io: Io): Promise<number> {
  const sources = args.filter((a) => /\.(md|markdown)$/i.test(a));
  const cliIo = { out: io.out, err: io.err };
  if (sources.length !== 1) return runCheckCommand(args, cliIo);
  return runCheckCommand(args.filter((a) => a !== sources[0]), cliIo, (options) => buildInMemory(sources[0], options, io));
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
  return { inputs: [itu, iso], options: { declared: result.declared, declaredFrom: 'source', labels: options.labels ?? ['ITU', 'ISO'] } };
}
