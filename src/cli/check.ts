/**
 * `commontext check`: two DOCX files, or one source (both publications built in memory, then
 * checked with the differences it declares and the style names of its own templates; nothing is
 * written). The comparison itself is src/check.
 */
import { build } from '../index.js';
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

/** Both publications as bytes, with what the alignment manifest would say: declared differences, sides, templates. */
async function buildInMemory(source: string, options: CheckOptions, io: Io): Promise<BuiltInputs | number> {
  const result = await build(source, { write: false, templates: options.templates });
  for (const d of result.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  if (!result.ok) {
    io.err('commontext check: the source has errors; nothing was checked.\n');
    return 2;
  }
  const itu = result.outputs.find((o) => o.side === 'itu')!;
  const iso = result.outputs.find((o) => o.side === 'iso')!;
  return {
    inputs: [itu.bytes, iso.bytes],
    // the source's templates: --templates, else its front matter's `templates:` (as the build used them)
    options: { declared: result.declared, labels: options.labels ?? ['ITU', 'ISO'], templates: itu.publication.templates.userDir },
  };
}
