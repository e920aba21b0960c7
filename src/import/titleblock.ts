/**
 * The body's title block ("INTERNATIONAL STANDARD ISO/IEC …", "RECOMMENDATION ITU-T …") is a fixed
 * text of common/body.yaml. Where the original prints other lines there (X.500 (10/2016) prints
 * "INTERNATIONAL STANDARD" and "ITU-T RECOMMENDATION" without numbers; T.832 has none), the import
 * writes them as the source's own templates (templates/common/body.yaml, keys titleBlockIso and
 * titleBlockItu; titleBlockTitle when the title line is printed otherwise than the title, as T.88's capitals),
 * the way a secretariat changes a fixed text without a release.
 */
import { Templates } from '../profile/index.js';
import type { Segmented } from '../check/segment.js';
import type { ReadDocument } from '../reader/index.js';
import type { FrontMatter } from './front.js';

const LINE_STYLE = /Rec_No|Rec_ISO|Rec_CCITT/i;
const TITLE_STYLE = /^(Rec_title|Title)$/i;
const styleOf = (doc: ReadDocument, block: number) => (doc.body[block] as { style?: string }).style ?? '';

const clean = (s: string) => s.replace(/[\u00A0\t\n]/g, ' ').replace(/\u2011/g, '-').replace(/\s+/g, ' ').trim();

/** The original starts its body at clause 1, with no title block (T.832): the source says `titleBlock: false`. */
export function withoutTitleBlock(seg: Segmented): boolean {
  return seg.body[1]?.block === seg.bodyStart && !seg.body[0].units.length;
}

/** The overriding title-block keys of the source's own templates/common/body.yaml, or undefined when the build writes the original's lines already. */
export function titleBlockWording(seg: Segmented, doc: ReadDocument, front: FrontMatter, designation: string): Record<string, string> | undefined {
  const block = seg.body[0];
  const lines = block.units
    .filter((u) => u.kind === 'paragraph' && LINE_STYLE.test(styleOf(doc, u.block)))
    .map((u) => clean(u.text));
  // two lines, as the build writes them: with none (T.832) the rebuilt body would start elsewhere
  if (lines.length !== 2) return undefined;
  const templates = new Templates();
  const table = templates.strings('common/body.yaml');
  const data = { iso: { designation }, itu: { number: front.itu.number } };
  const expected = [templates.renderString(table.titleBlockIso, data), templates.renderString(table.titleBlockItu, data)];
  const printed = [lines[0] ?? '', lines[1] ?? ''];
  const title = titleLine(seg, doc, front);
  if (printed[0] === expected[0] && printed[1] === expected[1] && !title) return undefined;
  return { titleBlockIso: printed[0], titleBlockItu: printed[1], ...(title ? { titleBlockTitle: title } : {}) };
}

/** The title line under the title block when it is printed otherwise than the front matter's title (T.88 (08/2018): in capitals); else undefined. */
function titleLine(seg: Segmented, doc: ReadDocument, front: FrontMatter): string | undefined {
  const unit = seg.body[0].units.find((u) => u.kind === 'paragraph' && TITLE_STYLE.test(styleOf(doc, u.block)));
  const printed = unit ? clean(unit.text) : '';
  return printed && printed !== clean(front.title) ? printed : undefined;
}

/**
 * Paragraphs of the title block that are neither its two lines nor the title, which no build writes:
 * T.88 (08/2018) has "ISO/IEC 14492:2001 (E)" and "ITU-T Rec. T.88 (2000 E)" in the styles head / foot
 * (white, 4 pt), invisible carriers of the old running headers. Each is [style, text].
 */
export function unwrittenTitleBlockLines(seg: Segmented, doc: ReadDocument): [string, string][] {
  return seg.body[0].units
    .filter((u) => !LINE_STYLE.test(styleOf(doc, u.block)) && !TITLE_STYLE.test(styleOf(doc, u.block)))
    .map((u) => [styleOf(doc, u.block), clean(u.text)]);
}
