/** `commontext lsp [--templates DIR]`: the language server on stdin/stdout (server.ts); options only here. */
import { helpText, parseCommand, withSpec, type Command, type CommandSpec, type Io } from '../cli/options.js';
import { formatDiagnostic, problem } from '../util/diagnostics.js';

const LSP_SPEC: CommandSpec = {
  name: 'lsp',
  summary: 'a language server for editors: diagnostics as you type, completion, definitions, hover',
  usage: ['[options]'],
  about: `Speaks the Language Server Protocol on stdin and stdout, for an editor to start (VS Code,
Neovim, Emacs: see the README). It lints each open source as the editor holds it, a short pause
after the last change, and publishes the diagnostics of "commontext lint"; it completes reference
ids after :ref[, anchors after ](# and directive names after :, :: and :::; it goes to the
definition of an anchor or a reference entry; and on hover it shows what a :ref[…] or [](#…)
prints in the ITU-T and in the ISO/IEC publication. It reads includes from disk and writes nothing.`,
  options: [
    { name: 'templates', value: 'DIR', help: 'your own templates, searched before the bundled ones' },
    { name: 'debounce', value: 'MS', help: 'the pause after the last change before linting again (default: 200)' },
    { name: 'stdio', help: 'talk on stdin and stdout (the default and only channel; accepted because editors pass it)' },
  ],
};

async function lspCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(LSP_SPEC, args);
  if (values.help) { io.out(`${helpText(LSP_SPEC)}\n`); return 0; }
  const debounce = values.debounce === undefined ? 200 : /^\d{1,5}$/.test(String(values.debounce)) ? Number(values.debounce) : undefined;
  const wrong = positionals.length ? `"commontext lsp" takes no file (the editor sends the documents), not "${positionals[0]}"`
    : debounce === undefined ? `--debounce takes a number of milliseconds, not "${values.debounce}"` : undefined;
  if (wrong) {
    io.err(`${formatDiagnostic(problem('commontext lsp', 'usage', wrong))}\n`);
    return 2;
  }
  const { runLanguageServer } = await import('./server.js');
  await runLanguageServer({ templates: values.templates as string | undefined, debounceMs: debounce!, input: process.stdin, output: process.stdout });
  return 0;
}

export function register(commands: Record<string, Command>): void {
  commands.lsp = withSpec(LSP_SPEC, lspCommand);
}
