/** check's own errors: its inputs other than the DOCX files (templates, alignment manifest, allow rules). */
import { DiagnosticError, type Diagnostic } from '../util/diagnostics.js';

/** A problem with check's own inputs (templates, alignment manifest, allow rules), as diagnostics. */
export class CheckError extends DiagnosticError {
  /** One problem at `at` (a file, with its line and column when known). */
  constructor(message: string, at: { file?: string; line?: number; column?: number; code?: string } = {}, more: Diagnostic[] = []) {
    const d: Diagnostic = { file: at.file ?? 'commontext check', line: at.line ?? 0, column: at.column ?? 0, severity: 'error', code: at.code ?? 'check-input', message };
    super([d, ...more]);
    this.name = 'CheckError';
  }

  /** Several problems found together (all the mistakes of an allow-rules file). */
  static of(diagnostics: Diagnostic[]): CheckError {
    const [first, ...more] = diagnostics;
    return new CheckError(first.message, { ...first }, more);
  }
}
