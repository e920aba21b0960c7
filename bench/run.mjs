/**
 * The benchmark runner (issue 5): `npm run bench [-- --sizes 50,450 --runs 5 --no-compile]`.
 *
 * For each size it generates a source (bench/generate.mjs) into bench/out/<pages>/, then times, each
 * run in its own process: `commontext build` (both DOCX), `commontext check` on the two outputs, the
 * stages inside (bench/stages.mjs), a --watch rebuild after a one-paragraph edit (bench/watch-bench.mjs),
 * and as the reference pandoc writing the same content (plain Markdown) to one DOCX and pandoc reading
 * one of our DOCX back to plain text. Medians of --runs runs, peak memory (max RSS of the child,
 * from /usr/bin/time when present), ratios to pandoc, growth between sizes. Writes bench/out/results.json
 * (--save: the tracked bench/results.json; --json FILE: FILE).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCorpus } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'out');
const CLI = path.join(ROOT, 'bin', 'commontext.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const RSS_WRAPPER = path.join(ROOT, 'bench', 'rss.cjs');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50,150,450,1500' },
    runs: { type: 'string', default: '5' },
    'no-compile': { type: 'boolean' },
    // the tracked bench/results.json (the README's figures) is replaced only on request
    save: { type: 'boolean' },
    json: { type: 'string' },
  },
});
values.json ??= path.join(ROOT, 'bench', values.save ? 'results.json' : path.join('out', 'results.json'));
const SIZES = values.sizes.split(',').map(Number).filter(Boolean);
const RUNS = Math.max(1, Number(values.runs));

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmtS = (ms) => (ms == null ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
const fmtMb = (kb) => (kb == null ? '–' : `${Math.round(kb / 1024)} MB`);
const fmtX = (r) => (r == null || !Number.isFinite(r) ? '–' : `${r.toFixed(2)}×`);

/** Runs a command once as a child process: wall time (ms), max RSS (KB), status, output. */
function runOnce(cmd, args, opts = {}) {
  const rssFile = path.join(os.tmpdir(), `ct-bench-rss-${process.pid}`);
  let argv;
  if (TIME) argv = [TIME, '-f', '%M', '-o', rssFile, cmd, ...args];
  else if (cmd === process.execPath) argv = [cmd, '--require', RSS_WRAPPER, ...args];
  else argv = [cmd, ...args];
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: opts.cwd ?? ROOT, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, CT_RSS_FILE: rssFile } });
  const ms = performance.now() - t0;
  let rssKb;
  try { rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()); rmSync(rssFile); } catch { /* none */ }
  return { ms, rssKb, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function timed(label, cmd, args, opts = {}) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = runOnce(cmd, args, opts);
    if (opts.ok && !opts.ok(r)) return { error: `${label}: exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ')}`, last: r };
    runs.push(r);
    process.stderr.write('.');
  }
  return { ms: median(runs.map((r) => r.ms)), rssKb: Math.max(...runs.map((r) => r.rssKb ?? 0)) || undefined, runs: runs.map((r) => Math.round(r.ms)), last: runs[runs.length - 1] };
}

// ---------------------------------------------------------------------------------------------------
if (!values['no-compile']) {
  // the command runs the bundle (dist/bundle), the stage timings the compiled modules: both made by npm run build
  process.stderr.write('compiling (npm run build: tsc, then the bundle)… ');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) { console.error('npm run build failed'); process.exit(1); }
  process.stderr.write('done\n');
}
const pandocVersion = (spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).stdout ?? '').split('\n')[0] || undefined;

const results = {
  schemaVersion: 1,
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memMb: Math.round(os.totalmem() / 2 ** 20), node: process.version, pandoc: pandocVersion },
  runs: RUNS,
  notes: [],
  sizes: [],
};

let checkAvailable = true;
const checkArgs = (dir, outs) => ['check', ...outs.map((f) => path.join(dir, f))];
const isCheckMissing = (r) => /not available/i.test(r.stderr + r.stdout);

for (const pages of SIZES) {
  const dir = path.join(OUT, String(pages));
  rmSync(dir, { recursive: true, force: true });
  const stats = writeCorpus(dir, pages);
  const src = path.join(dir, 'source.md');
  const outDir = path.join(dir, 'docx');
  const bytes = readdirSync(path.join(dir, 'clauses')).reduce((n, f) => n + readFileSync(path.join(dir, 'clauses', f)).length, readFileSync(src).length);
  process.stderr.write(`\n${pages} pages (${stats.words} words, ${(bytes / 1e6).toFixed(2)} MB source) `);
  const row = { pages, words: stats.words, sourceBytes: bytes };

  // --no-check: the build alone, as before build ended with check's verdict; check is timed on its own below
  row.build = timed('build', process.execPath, [CLI, 'build', src, '--out', outDir, '--quiet', '--no-check'], { ok: (r) => r.status === 0 });
  const outs = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.docx')).sort((a, b) => (a.startsWith('T-REC') ? -1 : b.startsWith('T-REC') ? 1 : 0)) : [];
  if (checkAvailable && outs.length === 2) {
    const probe = runOnce(process.execPath, [CLI, ...checkArgs(outDir, outs)]);
    if (isCheckMissing(probe)) { checkAvailable = false; results.notes.push('commontext check was not available: check timings skipped'); }
    else row.check = timed('check', process.execPath, [CLI, ...checkArgs(outDir, outs)], { ok: (r) => r.status === 0 || r.status === 1 });
  }
  // stages (one process per run; medians per stage)
  const stageRuns = [];
  for (let i = 0; i < RUNS; i++) {
    const r = runOnce(process.execPath, [path.join(ROOT, 'bench', 'stages.mjs'), src]);
    if (r.status !== 0) { row.stagesError = r.stderr.trim().slice(-300); break; }
    stageRuns.push(JSON.parse(r.stdout.trim().split('\n').pop()).stages);
    process.stderr.write('.');
  }
  if (stageRuns.length) {
    row.stages = {};
    for (const k of Object.keys(stageRuns[0])) if (typeof stageRuns[0][k] === 'number') row.stages[k] = median(stageRuns.map((s) => s[k]));
    if (stageRuns[0].alignError) row.stagesAlignError = stageRuns[0].alignError;
  }
  // watch: rebuild after a one-paragraph edit, through the library API
  if (existsSync(path.join(ROOT, 'dist', 'watch', 'index.js'))) {
    const r = runOnce(process.execPath, [path.join(ROOT, 'bench', 'watch-bench.mjs'), src, String(Math.max(RUNS, 5))]);
    if (r.status === 0) row.watch = { ...JSON.parse(r.stdout.trim().split('\n').pop()), rssKb: r.rssKb };
    else row.watchError = r.stderr.trim().slice(-300);
    process.stderr.write('.');
  }
  // the reference: pandoc
  const pandocOut = path.join(dir, 'pandoc.docx');
  row.pandocWrite = timed('pandoc write', 'pandoc', ['plain.md', '-o', pandocOut], { cwd: dir, ok: (r) => r.status === 0 });
  if (outs.length) row.pandocRead = timed('pandoc read', 'pandoc', [path.join(outDir, outs[0]), '-t', 'plain', '-o', path.join(dir, 'pandoc.txt')], { ok: (r) => r.status === 0 });
  for (const k of ['build', 'check', 'pandocWrite', 'pandocRead']) if (row[k]) delete row[k].last;
  results.sizes.push(row);
}

// check became available while we ran? try once more at the end
if (!checkAvailable) {
  const row = results.sizes[results.sizes.length - 1];
  const outDir = path.join(OUT, String(row.pages), 'docx');
  const outs = readdirSync(outDir).filter((f) => f.endsWith('.docx')).sort((a, b) => (a.startsWith('T-REC') ? -1 : 1));
  const probe = runOnce(process.execPath, [CLI, ...checkArgs(outDir, outs)]);
  results.notes.push(isCheckMissing(probe) ? 'tried commontext check again at the end: still not available' : 'commontext check became available at the end of the run: rerun the bench for its timings');
}

// ratios, growth, acceptance ------------------------------------------------------------------------
for (const [i, row] of results.sizes.entries()) {
  const buildCheck = row.build?.ms != null ? row.build.ms + (row.check?.ms ?? 0) : undefined;
  row.buildPlusCheckMs = row.check ? buildCheck : undefined;
  row.ratios = {
    buildToPandocWrite: row.build?.ms / row.pandocWrite?.ms,
    buildPlusCheckToPandocWrite: row.check ? buildCheck / row.pandocWrite?.ms : undefined,
    checkToPandocRead: row.check ? row.check.ms / row.pandocRead?.ms : undefined,
  };
  const prev = results.sizes[i - 1];
  if (prev) row.growth = { pagesFactor: row.pages / prev.pages, build: row.build?.ms / prev.build?.ms, buildPlusCheck: row.buildPlusCheckMs && prev.buildPlusCheckMs ? row.buildPlusCheckMs / prev.buildPlusCheckMs : undefined, pandocWrite: row.pandocWrite?.ms / prev.pandocWrite?.ms };
}
const at = (p) => results.sizes.find((r) => r.pages === p);
const r450 = at(450); const r1500 = at(1500);
const acc = [];
const target = (name, value, limit, unit, extra = '') => acc.push({ name, value, limit, met: value == null ? null : value <= limit, unit, extra });
if (r450) {
  target('450 p: build + check ≤ 0.6 × pandoc write', r450.ratios.buildPlusCheckToPandocWrite, 0.6, '×', r450.check ? '' : '(check not available)');
  target('450 p: check ≤ 0.25 × pandoc read', r450.ratios.checkToPandocRead, 0.25, '×');
  target('450 p: build peak memory < 350 MB', r450.build?.rssKb ? r450.build.rssKb / 1024 : undefined, 350, 'MB');
  target('450 p: watch rebuild after a one-paragraph edit < 300 ms', r450.watch?.medianMs, 300, 'ms');
}
if (r450 && r1500) {
  const base = (r) => r.buildPlusCheckMs ?? r.build?.ms;
  target('1500 p ≤ 3.6 × 450 p time', base(r1500) / base(r450), 3.6, '×', r450.buildPlusCheckMs ? '(build + check)' : '(build only)');
}
results.acceptance = acc;
mkdirSync(path.dirname(values.json), { recursive: true });
writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);

// table ------------------------------------------------------------------------------------------------
const lines = [];
const head = ['pages', 'words', 'build (2 DOCX)', 'check', 'build+check', 'pandoc md→docx', 'pandoc docx→txt', '(build+check)/pandoc', 'check/pandoc read', 'build peak RSS', 'pandoc peak RSS', 'watch rebuild', 'growth'];
lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
for (const r of results.sizes) {
  lines.push(`| ${[r.pages, r.words, fmtS(r.build?.ms), fmtS(r.check?.ms), fmtS(r.buildPlusCheckMs), fmtS(r.pandocWrite?.ms), fmtS(r.pandocRead?.ms),
    fmtX(r.ratios.buildPlusCheckToPandocWrite), fmtX(r.ratios.checkToPandocRead), fmtMb(r.build?.rssKb), fmtMb(r.pandocWrite?.rssKb), fmtS(r.watch?.medianMs),
    r.growth ? `${fmtX(r.growth.buildPlusCheck ?? r.growth.build)} for ${fmtX(r.growth.pagesFactor)} pages` : '–'].join(' | ')} |`);
}
const stageNames = [...new Set(results.sizes.flatMap((r) => Object.keys(r.stages ?? {})))];
const stageLines = [`| pages | ${stageNames.join(' | ')} |`, `|---|${stageNames.map(() => '---').join('|')}|`];
for (const r of results.sizes) stageLines.push(`| ${r.pages} | ${stageNames.map((s) => fmtS(r.stages?.[s])).join(' | ')} |`);
const accLines = acc.map((a) => `- ${a.met === null ? '?' : a.met ? 'MET' : 'NOT MET'}: ${a.name}: ${a.value == null ? 'not measured' : `${a.unit === 'ms' || a.unit === 'MB' ? Math.round(a.value) : a.value.toFixed(2)} ${a.unit}`} ${a.extra}`.trimEnd());
const report = [
  `commontext bench — ${results.machine.cpus} cores, ${results.machine.cpuModel}, Node ${results.machine.node}, ${pandocVersion ?? 'pandoc missing'}; medians of ${RUNS} run${RUNS === 1 ? '' : 's'}, each a separate process`,
  '', ...lines, '', 'Stages inside (library, one process per run, medians):', '', ...stageLines, '', 'Acceptance (issue 5):', ...accLines,
  ...(results.notes.length ? ['', 'Notes:', ...results.notes.map((n) => `- ${n}`)] : []),
  '', `Written to ${path.relative(process.cwd(), values.json)}`,
].join('\n');
process.stderr.write('\n\n');
console.log(report);
writeFileSync(path.join(OUT, 'last-report.md'), `${report}\n`);
