/** `commontext preview <source.md> [--port N] [--templates DIR]`: argument parsing and printing only (the server is server.ts). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { helpText, parseCommand, withSpec, type Command, type CommandSpec, type Io } from '../cli/options.js';
import { formatDiagnostic, problem } from '../util/diagnostics.js';
import { startPreview } from './server.js';

const PREVIEW_SPEC: CommandSpec = {
  name: 'preview',
  summary: 'both publications side by side in your browser, updated on every save',
  usage: ['<source.md> [options]'],
  about: `Shows the Recommendation ITU-T and the ISO/IEC International Standard side by side in your browser,
at http://127.0.0.1:<port>/ (this machine only), scrolled together clause by clause, with the
declared one-side differences marked, the alignment verdict of "commontext check" and the
diagnostics of "commontext lint" at the top (each a link to its place). Every save of the source,
an included file or a template rebuilds the changed clauses and updates the page in place, keeping
its scroll position. Nothing is written. Ctrl-C stops it.`,
  options: [
    { name: 'port', value: 'N', help: 'the port (default: a free one, printed)' },
    { name: 'templates', value: 'DIR', help: 'your own templates, searched before the bundled ones' },
  ],
};

function usage(io: Io, message: string, fix?: string): number {
  io.err(`${formatDiagnostic(problem('commontext preview', 'usage', message, fix))}\n`);
  return 2;
}

/** The --port value: a whole number 0–65535 (0: any free port). */
function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return 0;
  return /^\d{1,5}$/.test(value) && Number(value) <= 65535 ? Number(value) : undefined;
}

async function previewCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(PREVIEW_SPEC, args);
  if (values.help) { io.out(`${helpText(PREVIEW_SPEC)}\n`); return 0; }
  if (positionals.length !== 1) return usage(io, 'give one source file', 'e.g. "commontext preview fixtures/example/example.md"');
  const port = portOf(values.port as string | undefined);
  if (port === undefined) return usage(io, `--port takes a number from 0 to 65535, not "${values.port}"`);
  const file = positionals[0];
  if (!existsSync(file)) return usage(io, `no such source file "${file}"`);
  let preview;
  try {
    preview = await startPreview(file, {
      port,
      templates: values.templates as string | undefined,
      onRebuild: (r, version, ms) => io.out(r.ok ? `rebuilt in ${Math.round(ms)} ms (version ${version})\n` : `not rebuilt: ${r.diagnostics.filter((d) => d.severity === 'error').length} error(s), shown at the top of the page\n`),
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') return usage(io, `port ${port} cannot be used (${code === 'EADDRINUSE' ? 'in use' : 'not allowed'})`, 'choose another --port, or leave it out for a free one');
    throw e;
  }
  await preview.ready;
  io.out(`preview of ${path.relative(process.cwd(), path.resolve(file))}: ${preview.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await preview.close();
  io.err('preview stopped\n');
  return 0;
}

export function register(commands: Record<string, Command>): void {
  commands.preview = withSpec(PREVIEW_SPEC, previewCommand);
}
