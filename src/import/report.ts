/**
 * What an import could not map, one entry each, with where it is in the original: the editor's
 * to-do list. Nothing is dropped silently: text that could not be given its structure is kept as
 * plain text in the source AND listed here; a fixed text that differs from the known wording is
 * listed with its text.
 */
export type ReportKind = 'prompt' | 'fixed-text' | 'kept-as-text' | 'not-reproducible' | 'picture';

export interface ReportEntry {
  kind: ReportKind;
  /** Where in the original: 'front matter', '7.4.1', 'Table 3', 'Annex B' … */
  where: string;
  message: string;
  text?: string;
}

export class ImportReport {
  readonly entries: ReportEntry[] = [];

  add(kind: ReportKind, where: string, message: string, text?: string): void {
    this.entries.push({ kind, where, message, ...(text !== undefined ? { text: text.length > 160 ? `${text.slice(0, 157)}…` : text } : {}) });
  }

  /** A front-matter field the original does not give: the editor fills it in. */
  prompt(field: string, message: string): void {
    this.add('prompt', 'front matter', `${field}: ${message}`);
  }
}

const HEADINGS: Record<ReportKind, string> = {
  prompt: 'Fields to fill in',
  'fixed-text': 'Fixed texts that differ from the known wording (the build generates its own)',
  'kept-as-text': 'Kept as plain text (structure not recognised)',
  'not-reproducible': 'Not reproduced exactly by a build (the source format cannot say it)',
  picture: 'Pictures',
};

/** The report as Markdown, grouped by kind, in document order inside each group. */
export function formatReport(report: ImportReport, title: string): string {
  const lines = [`# Import report: ${title}`, ''];
  if (!report.entries.length) lines.push('Everything was mapped.', '');
  for (const kind of Object.keys(HEADINGS) as ReportKind[]) {
    const entries = report.entries.filter((e) => e.kind === kind);
    if (!entries.length) continue;
    lines.push(`## ${HEADINGS[kind]} (${entries.length})`, '');
    for (const e of entries) lines.push(`- ${e.where}: ${e.message}${e.text ? ` — "${e.text.replace(/\s+/g, ' ')}"` : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}
