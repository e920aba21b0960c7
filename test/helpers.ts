import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildResult } from '../src/index.js';
import { readDocx, type ReadBlock, type ReadDocument, type ReadParagraph } from '../src/reader/index.js';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const shared = process.env.COMMONTEXT_SHARED ?? path.resolve(repo, '../shared');
export const corpus = process.env.COMMONTEXT_CORPUS ?? path.join(shared, 'corpus');
export const referenceDoc = path.join(shared, 'reference/common-texts.md');

export function tmp(prefix = 'ct-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Built {
  result: BuildResult;
  itu: ReadDocument;
  iso: ReadDocument;
  outDir: string;
}

export async function buildAndRead(source: string): Promise<Built> {
  const outDir = tmp();
  const result = await build(path.join(repo, source), { outDir });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('\n'));
  const [itu, iso] = await Promise.all(result.outputs.map((o) => readDocx(o.path!)));
  return { result, itu, iso, outDir };
}

/** Every paragraph of the body as text (table cells as their own paragraphs), with its style. */
export function paragraphs(doc: ReadDocument): ReadParagraph[] {
  const out: ReadParagraph[] = [];
  const walk = (blocks: ReadBlock[]) => {
    for (const b of blocks) {
      if (b.kind === 'paragraph') out.push(b);
      else for (const r of b.rows) for (const c of r.cells) out.push(...c.paragraphs);
    }
  };
  walk(doc.body);
  return out;
}

/** The non-empty paragraphs' texts, table of contents left out (its entries repeat the headings). */
export function texts(doc: ReadDocument): string[] {
  return paragraphs(doc).filter((p) => !/^toc \d/i.test(p.style)).map((p) => p.text).filter((t) => t.trim() !== '');
}

/** The verbatim code blocks of a section of the domain reference ("### 2.1 …"), one paragraph a line. */
export function referenceBlocks(heading: string): string[][] {
  const text = readFileSync(referenceDoc, 'utf8');
  const start = text.indexOf(`\n### ${heading}`);
  if (start < 0) throw new Error(`no section ${heading} in the reference`);
  const end = text.indexOf('\n### ', start + 5);
  const section = text.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1].split('\n').map((l) => l.trim()).filter(Boolean));
}

export const haveReference = existsSync(referenceDoc);
export const haveCorpus = existsSync(path.join(corpus, 'itu'));

/** Normalise what Word and typing vary by themselves: spaces, non-breaking hyphens and spaces. */
export function normalise(s: string): string {
  return s.replace(/[\u2011\u2010]/g, '-').replace(/[\u00a0\u202f]/g, ' ').replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim();
}

/** An imported source's whole Markdown: the main file, then its included files (import --split auto writes a long text so). */
export function importedMarkdown(out: string, name: string): string {
  const dir = path.join(out, 'clauses');
  const parts = existsSync(dir) ? readdirSync(dir).sort().map((f) => readFileSync(path.join(dir, f), 'utf8')) : [];
  return [readFileSync(path.join(out, name), 'utf8'), ...parts].join('\n');
}
