/**
 * The options of corrigendum and amendment that give the supplement's own front matter: --title (its
 * title, printed after its label: "Amendment 1: New Annex B: …") and --summary FILE (its ITU Summary).
 * Checked with the other options, before anything is built; a Summary's problems at its own lines.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Io } from '../cli/options.js';
import { Templates } from '../profile/index.js';
import { type Diagnostic, problem } from '../util/diagnostics.js';
import { summaryProblems, withSummary } from './front.js';
import { SupplementError } from './index.js';

type Type = 'corrigendum' | 'amendment';

/** The labels the publications print before the title ("Amendment 1", "Technical Corrigendum 1", "AMENDMENT 1"). */
function labels(type: Type, number: number, templates = new Templates()): string[] {
  const table = templates.strings('common/identifiers.yaml');
  const data = { corrigendum: type === 'corrigendum', number };
  return ['supplementItuLabel', 'supplementCommonLabel', 'supplementIsoLabel'].map((k) => templates.renderString(table[k], data));
}

/**
 * What is wrong with --title and --summary: a title is one line of text that does not repeat the
 * label (the publications print "Amendment 1: " before it); a Summary is a file.
 */
export function frontOptionProblems(type: Type, values: { number?: string; title?: string; summary?: string }): Diagnostic[] {
  const say = (message: string, fix?: string) => problem(`commontext ${type}`, 'usage', message, fix);
  const example = '--title "Objective test methods for multi-talker scenarios"';
  const out: Diagnostic[] = [];
  const title = values.title;
  if (title !== undefined) {
    // "Amendment 1: …", not "Amendment 10 …" nor "Amendments …"
    const label = labels(type, Number(values.number) || 1).find((l) => title.trim().toLowerCase().startsWith(l.toLowerCase()) && !/^[\p{L}\d]/u.test(title.trim().slice(l.length)));
    if (!title.trim()) out.push(say('--title is empty', `give the ${type}'s own title, e.g. ${example}`));
    else if (/[\r\n]/.test(title)) out.push(say('--title has a line break; a title is one line', `e.g. ${example}`));
    else if (label) out.push(say(`--title "${title}" begins with the label "${label}", which the publications print before the title`, `give the title alone: --title "${title.trim().slice(label.length).replace(/^[\s:–-]+/, '')}"`));
  }
  const file = values.summary;
  if (file !== undefined && !(existsSync(file) && statSync(file).isFile())) {
    out.push(say(`--summary names "${file}", which is not a file`, `give a Markdown file holding the ${type}'s Summary, e.g. --summary summary.md`));
  }
  return out;
}

const summaryHeading = (templates: Templates) => `# ${templates.strings('common/identifiers.yaml').supplementSummaryHeading} {.summary}`;

/** Said on stderr when a supplement is written without --summary: the real ITU supplements have one, and TSB asks for it. */
export function noSummaryNote(type: Type, io: Io, templates = new Templates()): void {
  io.err(`commontext ${type}: no --summary given; the ITU ${type} has no Summary (give --summary FILE, or add a "${summaryHeading(templates)}" section to the ${type}'s source)\n`);
}

/**
 * How the supplement source gets its Summary: from --summary FILE, checked before anything is built,
 * at the file's own lines, against the supplement's front matter; without it, as it is.
 */
export function supplementSummary(file: string | undefined, yaml: string, templates = new Templates()): (md: string) => string {
  const heading = summaryHeading(templates);
  if (file === undefined) return (md) => md;
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { throw new SupplementError(file, 'read', `cannot read the Summary file (${(e as Error).message})`); }
  const wrong = summaryProblems(file, text, yaml, heading);
  if (wrong.length) throw new SupplementError(wrong);
  return (md) => withSummary(md, text, heading);
}
