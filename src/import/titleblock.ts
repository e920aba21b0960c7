/**
 * The body's title block ("INTERNATIONAL STANDARD ISO/IEC …", "RECOMMENDATION ITU-T …") is a fixed
 * text of common/body.yaml. Where the original prints other lines there (X.500 (10/2016) prints
 * "INTERNATIONAL STANDARD" and "ITU-T RECOMMENDATION" without numbers; T.832 has none), the import
 * writes them as the source's own templates (templates/common/body.yaml, keys titleBlockIso and
 * titleBlockItu), the way a secretariat changes a fixed text without a release.
 */
import YAML from 'yaml';
import { Templates } from '../profile/index.js';
import type { Segmented } from '../check/segment.js';
import type { ReadDocument } from '../reader/index.js';
import type { FrontMatter } from './front.js';

const clean = (s: string) => s.replace(/[\u00A0\t\n]/g, ' ').replace(/\u2011/g, '-').replace(/\s+/g, ' ').trim();

/** The original starts its body at clause 1, with no title block (T.832): the source says `titleBlock: false`. */
export function withoutTitleBlock(seg: Segmented): boolean {
  return seg.body[1]?.block === seg.bodyStart && !seg.body[0].units.length;
}

/** The overriding templates file's text, or undefined when the build writes the original's lines already. */
export function titleBlockTemplates(seg: Segmented, doc: ReadDocument, front: FrontMatter, designation: string): string | undefined {
  const block = seg.body[0];
  const lines = block.units
    .filter((u) => u.kind === 'paragraph' && /Rec_No/i.test((doc.body[u.block] as { style?: string }).style ?? ''))
    .map((u) => clean(u.text));
  // two lines, as the build writes them: with none (T.832) the rebuilt body would start elsewhere
  if (lines.length !== 2) return undefined;
  const templates = new Templates();
  const table = templates.strings('common/body.yaml');
  const data = { iso: { designation }, itu: { number: front.itu.number } };
  const expected = [templates.renderString(table.titleBlockIso, data), templates.renderString(table.titleBlockItu, data)];
  const printed = [lines[0] ?? '', lines[1] ?? ''];
  if (printed[0] === expected[0] && printed[1] === expected[1]) return undefined;
  const doc2 = new YAML.Document({ titleBlockIso: printed[0], titleBlockItu: printed[1] });
  doc2.commentBefore = ' The body title block as the original prints it (written by commontext import; the bundled wording is in templates/common/body.yaml).';
  return doc2.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}
