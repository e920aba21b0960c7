/**
 * Every failure of the reader is a DocxReadError with a message written for the person who gave us
 * the file (an editor or a secretariat), not for a developer: what is wrong and what to do.
 */
import { DiagnosticError, problem } from '../util/diagnostics.js';

export type DocxReadErrorCode =
  | 'not-found'
  | 'not-file'
  | 'not-zip'
  | 'no-document'
  | 'legacy-doc'
  | 'encrypted'
  | 'truncated'
  | 'too-large'
  | 'corrupt'
  | 'unsupported';

/** A diagnostic about the whole file (code "docx-<code>"); `message` reads "<file>: <detail>" once the file is known. */
export class DocxReadError extends DiagnosticError {
  readonly code: DocxReadErrorCode;
  readonly detail: string;
  constructor(code: DocxReadErrorCode, detail: string, readonly file = '') {
    // a part or tag name from the package may carry control characters: never print them raw
    detail = detail.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    super([problem(file || 'input', `docx-${code}`, detail)], file ? `${file}: ${detail}` : detail);
    this.detail = detail;
    this.name = 'DocxReadError';
    this.code = code;
  }

  /** The same problem, named by the file it is about. */
  about(file: string): DocxReadError {
    return new DocxReadError(this.code, this.detail, file);
  }
}
