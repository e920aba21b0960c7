/**
 * Diagnostics: every problem the tool reports about a user's input carries the file, line and column
 * where it is, what is wrong and what would be right. They are collected, never thrown one by one, so
 * that a user sees all of them in one run (the spec's §5).
 */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic extends SourcePosition {
  severity: Severity;
  /** A stable short code, e.g. `unknown-ref`, for scripts and for the README's error table. */
  code: string;
  message: string;
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(at: SourcePosition, code: string, message: string): void {
    this.list.push({ ...at, severity: 'error', code, message });
  }

  warn(at: SourcePosition, code: string, message: string): void {
    this.list.push({ ...at, severity: 'warning', code, message });
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

  /** Sorted by file, line, column so that the report reads like the source. */
  sorted(): Diagnostic[] {
    return [...this.list].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
    );
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** Thrown by the library API when the input has errors; carries all of them. */
export class SourceError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
    this.name = 'SourceError';
  }
}
