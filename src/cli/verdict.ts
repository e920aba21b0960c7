/**
 * The end of `commontext build`: the two publications it has just built, checked against each other
 * in memory as `commontext check <source.md>` checks them (the prepared publications and the source's
 * declared differences; no DOCX is read back), said in two plain lines.
 */
import path from 'node:path';
import { check } from '../check/index.js';
import type { BuildResult } from '../app/build.js';
import { DiagnosticError, formatDiagnostic } from '../util/diagnostics.js';
import { plural } from '../util/plural.js';
import type { Io } from './main.js';

/** Prints the verdict and its counts; returns the exit status: 0 technically identical, 1 not, 2 the check could not run. */
export async function buildVerdict(result: BuildResult, source: string, templates: string | undefined, io: Io): Promise<number> {
  const [itu, iso] = result.outputs;
  try {
    const r = await check(itu.publication, iso.publication, { declared: result.declared, declaredFrom: 'source', labels: ['ITU', 'ISO'], templates });
    const [ci, cs] = r.stats.clauses;
    const [ui, us] = r.stats.units;
    io.out(`check: ${r.verdict}\n`);
    const counts = `${ci}/${cs} clauses, ${ui}/${us} units compared (ITU/ISO), ${plural(r.declared.length, 'declared difference')}, ${plural(r.findings.length, 'finding')}`;
    const rel = path.relative(process.cwd(), source) || source;
    io.out(r.identical ? `check: ${counts}\n` : `check: ${counts}; "commontext check ${rel}" lists them\n`);
    return r.identical ? 0 : 1;
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    for (const d of e.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
    io.err('the publications were written but could not be checked; "commontext build --no-check" skips the check.\n');
    return 2;
  }
}
