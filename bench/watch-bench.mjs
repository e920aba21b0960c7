// Times a --watch rebuild after a one-paragraph edit, through the library API (dist/watch).
//   node bench/watch-bench.mjs <source.md> [edits=5] -> JSON {firstMs, medianMs, editsMs[], stages, parsedChunks}
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { IncrementalBuilder } from '../dist/app/watch.js';

const src = path.resolve(process.argv[2]);
const edits = Number(process.argv[3] ?? 5);
const dir = path.dirname(src);
const clauses = readdirSync(path.join(dir, 'clauses')).filter((f) => /^\d+\.md$/.test(f)).sort();
const target = path.join(dir, 'clauses', clauses[Math.floor(clauses.length / 2)]);
const original = readFileSync(target, 'utf8');
const b = new IncrementalBuilder(src, { outDir: path.join(dir, 'watch-out') });
const first = await b.rebuild();
if (!first.ok) { console.error(first.diagnostics.map((d) => d.message).join('\n')); process.exit(2); }
const times = []; const stages = []; let parsedChunks = 0; let reusedChunks = 0;
try {
  for (let i = 0; i < edits; i++) {
    // one paragraph: append a sentence to the first plain paragraph after the clause heading
    const lines = original.split('\n');
    const at = lines.findIndex((l, k) => k > 0 && /^[A-Z][a-z]/.test(l));
    lines[at] = `${lines[at]} Edited sentence number ${i + 1} for the watch benchmark.`;
    writeFileSync(target, lines.join('\n'));
    const r = await b.rebuild([target]);
    if (!r.ok) throw new Error('rebuild failed');
    times.push(r.ms); stages.push(r.timings); parsedChunks = r.parsedChunks; reusedChunks = r.reusedChunks;
  }
} finally {
  writeFileSync(target, original);
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const stageMedians = Object.fromEntries(Object.keys(stages[0]).map((k) => [k, median(stages.map((s) => s[k]))]));
console.log(JSON.stringify({ firstMs: first.ms, medianMs: median(times), editsMs: times.map(Math.round), stages: stageMedians, parsedChunks, reusedChunks }));
