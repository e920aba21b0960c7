export { readDocx, readDocxSync, readDocxParts } from './read.js';
export { DocxReadError, type DocxReadErrorCode } from './errors.js';
export { blockText } from './walk.js';
export type * from './types.js';
