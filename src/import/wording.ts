/**
 * The source's own templates/common/body.yaml: the fixed texts of the body that the original prints
 * otherwise than the bundled wording, kept the way a secretariat changes a fixed text without a
 * release. The title block (titleblock.ts) and the annex obligation lines: T.88 (08/2018) prints
 * "(This annex forms an integral part of this Recommendation | International Standard)" without the
 * full stop, in every annex alike.
 */
import YAML from 'yaml';
import { Templates } from '../profile/index.js';
import type { Clause } from '../check/segment.js';
import type { ImportReport } from './report.js';

const clean = (s: string) => s.replace(/[\u00A0\t\n]/g, ' ').replace(/\s+/g, ' ').trim();

/** The first obligation line of an annex, the one the build writes from annex=integral / non-integral. */
export function obligationLine(c: Clause): string | undefined {
  return c.units.find((u) => u.kind === 'obligation')?.text;
}

/** annexIntegral / annexNonIntegral where every annex of the kind prints one wording other than the bundled one. */
export function obligationWording(body: Clause[], report: ImportReport): Record<string, string> {
  const printed = new Map<string, Set<string>>();
  for (const c of body) {
    const line = /^(Annex|Appendix) /.test(c.number) ? obligationLine(c) : undefined;
    if (!line) continue;
    const key = /does not form/i.test(line) ? 'annexNonIntegral' : 'annexIntegral';
    printed.set(key, (printed.get(key) ?? new Set()).add(clean(line)));
  }
  const bundled = new Templates().strings('common/body.yaml');
  const out: Record<string, string> = {};
  for (const [key, lines] of printed) {
    const [line] = [...lines];
    if (lines.size > 1) report.add('not-reproducible', 'annexes', `the annexes print ${lines.size} wordings of the obligation line; a build prints one (${key})`, [...lines].join(' / '));
    else if (line !== bundled[key]) out[key] = line;
  }
  return out;
}

/** The text of the source's own templates/common/body.yaml, or undefined when the bundled wording is printed throughout. */
export function bodyTemplatesFile(keys: Record<string, string>): string | undefined {
  if (!Object.keys(keys).length) return undefined;
  const doc = new YAML.Document(keys);
  doc.commentBefore = ' Fixed texts of the body as the original prints them (written by commontext import; the bundled wording is in templates/common/body.yaml).';
  return doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
}
