import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared corpus of real ITU files (COMMONTEXT_CORPUS overrides). */
export const corpusDir = process.env.COMMONTEXT_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');
export const corpusFound = existsSync(path.join(corpusDir, 'itu'));
if (!corpusFound) console.log(`corpus not found at ${corpusDir}: skipping corpus tests`);

export function corpusFile(prefix: string): string {
  const dir = path.join(corpusDir, 'itu');
  const f = readdirSync(dir).find((n) => n.startsWith(prefix) && n.endsWith('.docx'));
  if (!f) throw new Error(`no ${prefix}*.docx in ${dir}`);
  return path.join(dir, f);
}

export function allCorpusFiles(): string[] {
  if (!corpusFound) return [];
  const dir = path.join(corpusDir, 'itu');
  return readdirSync(dir).filter((n) => n.endsWith('.docx')).map((n) => path.join(dir, n));
}
