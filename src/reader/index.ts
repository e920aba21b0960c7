export { readDocx, readDocxSync } from './read.js';
export { DocxReadError, type DocxReadErrorCode } from './errors.js';
export { blockText } from './walk.js';
export type * from './types.js';
