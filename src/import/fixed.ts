/**
 * Fixed texts of the front matter (covers, FOREWORD, NOTE, IPR notice, ©, CAUTION …) are not
 * imported: the build writes them from its templates. To be sure nothing is lost, the front matter
 * alone is built from the imported front matter and compared, paragraph by paragraph, with the
 * original's: every paragraph the build does not write is a fixed text with other wording (or a
 * field not recognised), and is reported with its text. The series list of the inner cover is one entry.
 */
import path from 'node:path';
import { build } from '../app/build.js';
import { readDocxSync, type ReadDocument } from '../reader/index.js';
import { frontDifferences, isPlaceholder, normalised } from './verify.js';
import type { ImportedSource } from './import.js';

/**
 * The imported front matter with one clause: enough for the build to write the fixed texts. The
 * Summary is left out (it is imported text, compared by --verify, and may link into the body).
 */
function frontOnlySource(markdown: string): string {
  // the source's own templates are not written yet, and the front matter's fixed texts do not come from them
  const yaml = (/^---\n[\s\S]*?\n---\n/.exec(markdown)?.[0] ?? '').replace(/^templates: .*\n/m, '');
  const refs = /\n# Normative references \{\.normative-references\}\n/.test(markdown) ? '\n# Normative references {.normative-references}\n' : '';
  return `${yaml}\n# Scope\n\nScope.\n${refs}`;
}

/** A paragraph of the inner cover's list of the series' Recommendations ("X.500–X.599", its headings). */
function seriesListRange(texts: string[]): [number, number] | undefined {
  const start = texts.findIndex((t) => /^ITU-T [A-Z]-SERIES RECOMMENDATIONS$/.test(t));
  const end = texts.findIndex((t) => /^For further details, please refer to the list of ITU-T Recommendations/.test(t));
  return start >= 0 && end > start ? [start, end] : undefined;
}

export async function reportFixedTexts(imported: ImportedSource, outDir: string): Promise<void> {
  const file = path.join(outDir, imported.name);
  // the normative references heading may be in an included file (a split source)
  const built = await build(file, { text: frontOnlySource([imported.markdown, ...imported.parts.map((p) => p.data)].join('\n')), only: 'itu', write: false });
  if (!built.ok) {
    imported.report.add('fixed-text', 'front matter', `the front matter could not be built to compare its fixed texts (${built.diagnostics.find((d) => d.severity === 'error')?.message ?? 'error'})`);
    return;
  }
  compareFront(imported, imported.doc, readDocxSync(built.outputs[0].bytes));
}

function compareFront(imported: ImportedSource, original: ReadDocument, rebuilt: ReadDocument): void {
  const summary = new Set(['Summary', ...imported.front.summary].map(normalised));
  // a placeholder ("ITU [had/had not] received") is a field to fill in, reported as such by recogniseFront
  const missing = frontDifferences(original, rebuilt, imported.segmented).filter((t) => !summary.has(t) && !isPlaceholder(t));
  const series = seriesListRange(missing);
  if (series) {
    imported.report.add('fixed-text', 'front matter', `the inner cover's list of the series' Recommendations (${series[1] - series[0] + 1} paragraphs) is not written by the build`, missing.slice(series[0], series[0] + 3).join(' · '));
    missing.splice(series[0], series[1] - series[0] + 1);
  }
  for (const t of missing) imported.report.add('fixed-text', 'front matter', 'not written by the build (a fixed text with other wording, or a field not recognised)', t);
}
