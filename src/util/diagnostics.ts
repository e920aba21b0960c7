/**
 * Diagnostics: every problem the tool reports about a user's input carries the file, line and column
 * where it is, what is wrong and what would be right. They are collected, never thrown one by one, so
 * that a user sees all of them in one run (the spec's §5).
 *
 * This is the one channel for every input: sources, templates and their data files, defect records,
 * allow rules, alignment manifests, supplements, DOCX files that cannot be read, and command-line
 * options. A problem that is thrown (it stops the command) is a DiagnosticError carrying its
 * diagnostics; the commands print them all with formatDiagnostic.
 */
export interface SourcePosition {
  file: string;
  /** 0 when the problem is about the file as a whole (a DOCX that cannot be read) or a command-line option. */
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic extends SourcePosition {
  severity: Severity;
  /** A stable short code, e.g. `unknown-ref`, for scripts and for the README's error table. */
  code: string;
  /** What is wrong (and, where it reads best in one sentence, what would be right). */
  message: string;
  /** What would be right, when it is said apart from the message. */
  fix?: string;
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(at: SourcePosition, code: string, message: string, fix?: string): void {
    this.list.push({ ...at, severity: 'error', code, message, ...(fix ? { fix } : {}) });
  }

  warn(at: SourcePosition, code: string, message: string, fix?: string): void {
    this.list.push({ ...at, severity: 'warning', code, message, ...(fix ? { fix } : {}) });
  }

  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'warning');
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }

  /** Drops the warnings with these codes (a source's `lint: { quiet: […] }`); errors are never dropped. */
  quiet(codes: readonly string[]): void {
    const drop = new Set(codes);
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i].severity === 'warning' && drop.has(this.list[i].code)) this.list.splice(i, 1);
  }

  /** Sorted by file, line, column so that the report reads like the source. */
  sorted(): Diagnostic[] {
    return [...this.list].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
    );
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${where}: ${d.severity}: ${d.message}${d.fix ? `; ${d.fix}` : ''} [${d.code}]`;
}

/** An error about a whole file or a command-line option (`file`: the file, or the command, e.g. "commontext check"). */
export function problem(file: string, code: string, message: string, fix?: string): Diagnostic {
  return { file, line: 0, column: 0, severity: 'error', code, message, ...(fix ? { fix } : {}) };
}

/** A problem that stops a command, with every diagnostic found before it stopped. */
export class DiagnosticError extends Error {
  /** `message`: the Error's own text, when it should read otherwise than the formatted diagnostics. */
  constructor(readonly diagnostics: Diagnostic[], message?: string) {
    super(message ?? diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
  }
}

/** Thrown by the library API when the input has errors; carries all of them. */
export class SourceError extends DiagnosticError {
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics);
    this.name = 'SourceError';
  }
}
