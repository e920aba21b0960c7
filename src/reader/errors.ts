/**
 * Every failure of the reader is a DocxReadError with a message written for the person who gave us
 * the file (an editor or a secretariat), not for a developer: what is wrong and what to do.
 */
export type DocxReadErrorCode =
  | 'not-found'
  | 'not-zip'
  | 'no-document'
  | 'legacy-doc'
  | 'encrypted'
  | 'truncated'
  | 'too-large'
  | 'corrupt'
  | 'unsupported';

export class DocxReadError extends Error {
  readonly code: DocxReadErrorCode;
  constructor(code: DocxReadErrorCode, message: string) {
    super(message);
    this.name = 'DocxReadError';
    this.code = code;
  }
}
