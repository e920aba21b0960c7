/**
 * `commontext check`: two DOCX files, or one source (built in memory, then checked with the
 * differences it declares). The comparison itself is src/check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../index.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import { runCheckCommand } from '../check/index.js';
import type { Io } from './main.js';

export async function checkCommand(args: string[], io: Io): Promise<number> {
  const sources = args.filter((a) => /\.(md|markdown)$/i.test(a));
  if (sources.length !== 1) return runCheckCommand(args, { out: io.out, err: io.err });
  // A source: build both publications into a private folder (with their alignment manifest) and check them.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'commontext-check-'));
  try {
    const result = await build(sources[0], { outDir: dir });
    for (const d of result.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
    if (!result.ok) {
      io.err('commontext check: the source has errors; nothing was checked.\n');
      return 2;
    }
    const rest = args.filter((a) => a !== sources[0]);
    return await runCheckCommand([...result.outputs.map((o) => o.path!), ...rest], { out: io.out, err: io.err });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
