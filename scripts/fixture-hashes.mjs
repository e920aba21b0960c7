// Prints the SHA-256 of every DOCX that a build of each fixture writes (issue 9: refactors must keep
// them byte for byte, except where a defect is fixed). Usage: node scripts/fixture-hashes.mjs [> hashes.txt]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const fixtures = ['fixtures/example/example.md', 'fixtures/x500/x500.md', 'fixtures/defects/spec.md'];
for (const source of fixtures) {
  const out = mkdtempSync(path.join(tmpdir(), 'ct-hash-'));
  execFileSync(process.execPath, ['bin/commontext.js', 'build', source, '--out', out], { stdio: 'ignore' });
  for (const f of readdirSync(out).filter((f) => f.endsWith('.docx')).sort()) {
    const hash = createHash('sha256').update(readFileSync(path.join(out, f))).digest('hex');
    console.log(`${hash.slice(0, 16)}  ${path.basename(path.dirname(source))}/${f}`);
  }
  rmSync(out, { recursive: true, force: true });
}
