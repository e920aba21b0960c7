/**
 * The DOCX renderer's entry point. The writer itself is src/render/ooxml.ts (WordprocessingML written
 * directly; see there why it replaced the `docx` package's object tree).
 */
import type { Publication } from '../model/publication.js';
import { renderDocxSync, styleId, RenderCache, type DocxOptions } from './ooxml.js';

export { renderDocxSync, styleId, RenderCache, type DocxOptions };

export async function renderDocx(pub: Publication, options: DocxOptions = {}): Promise<Uint8Array> {
  return renderDocxSync(pub, options);
}
