/**
 * One option table per command: the parser (node:util parseArgs) and the --help text are both made
 * from it, so an option cannot be accepted without being documented, or documented without being
 * accepted. The top-level usage (commontext --help) is made from every command's table too.
 */
import { parseArgs } from 'node:util';
import { editDistance } from '../source/frontmatter.js';
import { DiagnosticError, problem } from '../util/diagnostics.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** A command: its run function, with the option table its parser and --help are made from. */
export type Command = ((args: string[], io: Io) => Promise<number>) & { spec?: CommandSpec };

/** A run function with its option table attached (the modules that register commands use it too). */
export function withSpec(spec: CommandSpec, run: (args: string[], io: Io) => Promise<number>): Command {
  return Object.assign(run, { spec });
}

export interface OptionSpec {
  /** The long name, without the dashes: 'out', 'no-docx'. */
  name: string;
  short?: string;
  /** What the value is called in the help ('DIR', 'itu|iso'); absent: a flag without a value. */
  value?: string;
  /** The value may be left out (`--json` alone: to stdout); written `--json [FILE]`. */
  optionalValue?: boolean;
  /** What it does; a line break continues the description on the next line. */
  help: string;
}

export interface CommandSpec {
  /** 'build', or a command with subcommands: 'defect'. */
  name: string;
  /** One line for the list of commands in "commontext --help". */
  summary: string;
  /** What follows "commontext <name>" in each usage line, e.g. '<source.md> [options]'. */
  usage: string[];
  /** Text between the usage lines and the options. */
  about?: string;
  options: OptionSpec[];
  /** Text after the options (exit status, notes). */
  footer?: string;
}

export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', help: 'this help' };

/** Every option of a command, the --help option included. */
export function allOptions(spec: CommandSpec): OptionSpec[] {
  return [...spec.options, HELP_OPTION];
}

function optionLabel(o: OptionSpec): string {
  const long = `--${o.name}${o.value ? (o.optionalValue ? ` [${o.value}]` : ` ${o.value}`) : ''}`;
  return o.short ? `-${o.short}, ${long}` : long;
}

/** The help of one command: usage lines, about, the options table, footer. */
export function helpText(spec: CommandSpec): string {
  const lines = spec.usage.map((u, i) => `${i ? '       ' : 'Usage: '}commontext ${spec.name} ${u}`);
  if (spec.about) lines.push('', spec.about);
  const labels = allOptions(spec).map(optionLabel);
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  lines.push('', 'Options:');
  allOptions(spec).forEach((o, i) => {
    const [first, ...more] = o.help.split('\n');
    lines.push(`  ${labels[i].padEnd(width)}${first}`, ...more.map((m) => `  ${' '.repeat(width)}${m}`));
  });
  if (spec.footer) lines.push('', spec.footer);
  return lines.join('\n');
}

/** The usage lines of a command for the top-level help: "[options]" in a usage line written out, option by option. */
export function synopsis(spec: CommandSpec, width = 100): string[] {
  const options = spec.options.map((o) => `[${o.short ? `-${o.short}|` : ''}--${o.name}${o.value ? (o.optionalValue ? ` [${o.value}]` : ` ${o.value}`) : ''}]`);
  return spec.usage.flatMap((u) => {
    const head = `commontext ${spec.name} ${u.replace(/\s*\[options\]/, '')}`.trimEnd();
    // an option the usage line names already (a required one: --base, --to) is not repeated
    const rest = options.filter((_, i) => !new RegExp(`--${spec.options[i].name}\\b`).test(u));
    return u.includes('[options]') ? wrap(head, rest, width) : [head];
  });
}

/** Words after a head, wrapped to `width`, continuation lines indented. */
function wrap(head: string, words: string[], width: number): string[] {
  const lines = [head];
  for (const w of words) {
    const last = lines.length - 1;
    if (lines[last].length + 1 + w.length > width) lines.push(`    ${w}`);
    else lines[last] += ` ${w}`;
  }
  return lines;
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** A mistake on the command line: one diagnostic, printed as "commontext build: error: …; see … [usage]". */
export class UsageError extends DiagnosticError {
  constructor(command: string, message: string, fix?: string) {
    super([problem(command, 'usage', message, fix)]);
  }
}

/**
 * The arguments by the command's table. Unknown options (with the nearest known one), a value
 * missing or given to a flag are UsageErrors. An option with an optional value takes the next
 * argument when `takesValue` accepts it.
 */
export function parseCommand(spec: CommandSpec, args: string[], takesValue: (next: string) => boolean = () => true): Parsed {
  const options = allOptions(spec);
  const config = Object.fromEntries(options.map((o) => [o.name, { type: o.value ? 'string' : 'boolean', ...(o.short ? { short: o.short } : {}) } as const]));
  const { tokens } = parseArgs({ args: optionalValues(options, args, takesValue), options: config, allowPositionals: true, strict: false, tokens: true });
  const values: Parsed['values'] = {};
  const positionals: string[] = [];
  const command = `commontext ${spec.name}`;
  const see = `see "${command} --help"`;
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    const o = options.find((x) => x.name === t.name);
    if (!o) throw new UsageError(command, `unknown option "${t.rawName}"`, suggestion(t.rawName, options.map((x) => `--${x.name}`), see));
    if (!o.value && t.value !== undefined) throw new UsageError(command, `"${t.rawName}" takes no value (given "${t.value}")`, see);
    if (o.value && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-') && t.value !== '-'))) throw new UsageError(command, `"${t.rawName}" needs a value: ${optionLabel(o)}`, see);
    // `--out=` or `--out ""`: an empty value would silently mean the current folder
    if (o.value && !o.optionalValue && t.value === '') throw new UsageError(command, `"${t.rawName}" needs a value, not an empty one: ${optionLabel(o)}`, see);
    values[o.name] = o.value ? t.value : true;
  }
  return { values, positionals };
}

/** `--json` alone becomes `--json=` (an empty value: "no file"), so that the parser does not take the next argument. */
function optionalValues(options: OptionSpec[], args: string[], takesValue: (next: string) => boolean): string[] {
  const optional = new Set(options.filter((o) => o.optionalValue).map((o) => `--${o.name}`));
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { out.push(...args.slice(i)); break; }
    if (!optional.has(a)) { out.push(a); continue; }
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith('-') && takesValue(next)) { out.push(`${a}=${next}`); i++; } else out.push(`${a}=`);
  }
  return out;
}

/** "did you mean …" for the known word nearest to a mistyped one, when one is near enough. */
export function suggestion(word: string, known: string[], otherwise: string): string {
  const scored = known.map((k) => ({ k, d: editDistance(word.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? `did you mean "${best.k}"? ${otherwise}` : otherwise;
}
