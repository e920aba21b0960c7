/**
 * The README's "Library API" example runs as written (issue 14): the code block is taken from
 * README.md, saved as a module in a folder that holds the starter source of `commontext init`, and
 * run with tsx, `commontext` resolving to this repository's library (src/index.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repo, tmp } from './helpers.js';
import { runMain } from './cli-helpers.js';

/** The first ```ts block of the README's "## Library API" section, exactly as written. */
function readmeExample(): string {
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library API\n'));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README.md has no ```ts block under "## Library API"');
  return m[1];
}

describe('README: Library API', () => {
  it('the example runs as written and does what its comments say', async () => {
    const dir = tmp();
    expect((await runMain(['init'], dir)).code).toBe(0);
    // `commontext` is this repository's library, as an installed package would be
    const pkg = path.join(dir, 'node_modules/commontext');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'commontext', type: 'module', main: 'index.ts' }));
    writeFileSync(path.join(pkg, 'index.ts'), `export * from ${JSON.stringify(path.join(repo, 'src/index.ts'))};\n`);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const code = readmeExample();
    expect(code).toContain("from 'commontext'");
    expect(code).toContain('for (const d of diagnostics)');
    writeFileSync(path.join(dir, 'example.ts'), code);
    // tsx (a devDependency) from this repository: the folder has no node_modules of its own but the shim
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const r = spawnSync(process.execPath, ['--import', tsx, 'example.ts'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect([r.status, r.stderr]).toEqual([0, '']); // the starter has no diagnostics: the loop prints nothing
    expect(r.stdout).toMatch(/^technically identical: no differences in the body \(2 declared differences\)\n/);
    const docx = readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.docx')).sort();
    expect(docx).toEqual(['ISO_IEC_99999_2025(E).docx', 'T-REC-X.9999-202501-I-E.docx']);
    expect(existsSync(path.join(dir, 'out/spec.alignment.json'))).toBe(true);
  });

  it('parse() gives its diagnostics as an array, as lint and build do', async () => {
    const { parseText, lint } = await import('../src/index.js');
    const { document, diagnostics } = parseText('---\ntitle: x\n---\n\n# Scope\n', 'x.md');
    expect(document).toBeUndefined();
    expect(Array.isArray(diagnostics)).toBe(true);
    const seen: string[] = [];
    for (const d of diagnostics) seen.push(`${d.file}:${d.line}:${d.column} ${d.code}`);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toMatch(/^x\.md:\d+:\d+ /);
    expect(Array.isArray(lint(path.join(repo, 'fixtures/errors/unknown-ref.md')))).toBe(true);
  });
});
