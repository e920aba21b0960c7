/**
 * Terminal, JSON and HTML renderings of a CheckResult. The two publications are peers: the words that
 * differ are marked alike on both sides (neither is "deleted"). The fixed texts are in
 * templates/check/report.yaml.
 */
import type { CheckResult, DeclaredEntry, DiffPart, Finding } from './types.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import { say, templateText } from './wording.js';
import { wordDiff } from './compare.js';

const C = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m', under: '\x1b[4m', mark: '\x1b[1;4;33m' };

/**
 * Control characters of the documents' text (ESC, C1 …) shown as `\u001b`, never sent raw: a
 * document could otherwise recolour, move or clear the reader's terminal. Tab and line feed are kept.
 */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Long texts are cut around the changes so the terminal shows what matters; both sides' own words marked alike. */
function marked(parts: DiffPart[], side: 'a' | 'b', color: boolean): string {
  const keep = side === 'a' ? 'removed' : 'added';
  const out: string[] = [];
  for (const p of parts) {
    if (p.op === 'equal') {
      const t = p.text.length > 160 ? `${p.text.slice(0, 70)} … ${p.text.slice(-70)}` : p.text;
      out.push(visible(t));
    } else if (p.op === keep) {
      const t = visible(p.text);
      out.push(color ? `${C.mark}${t}${C.reset}` : side === 'a' ? `[-${t}-]` : `{+${t}+}`);
    }
  }
  return out.join('');
}

function clip(s: string, n = 300): string {
  return visible(s.length > n ? `${s.slice(0, n)} …` : s);
}

/** What each side is called on the report: its path, or its name and the source it was built from in memory. */
function inputName(r: CheckResult, i: 0 | 1): string {
  const file = r.files[i];
  if (file) return file;
  return r.source ? say('builtInMemory', { name: r.names[i], source: r.source }) : r.names[i];
}

/** The identity of the document as one list of [label, value] pairs (absent values not shown). */
export function identityRows(r: CheckResult): [string, string][] {
  const d = r.document;
  const rows: [string, string | undefined][] = [
    [say('identityItu'), d.itu && `${d.itu}${d.ituDate ? ` (${d.ituDate})` : ''}`],
    [say('identityIso'), d.iso && `${d.iso}${d.isoYear ? `:${d.isoYear}` : ''}`],
    [say('identityTitle'), d.title],
    [say('identityEdition'), d.edition],
  ];
  const found = rows.filter((x): x is [string, string] => !!x[1]);
  if (!found.length) found.push([say('identityHeading'), say('identityNotFound')]);
  return [...found, [r.labels[0], inputName(r, 0)], [r.labels[1], inputName(r, 1)], [say('identityChecked'), r.checkedAt.slice(0, 16).replace('T', ' ') + ' UTC'], [say('identityTool'), say('identityToolValue', { version: r.toolVersion })]];
}

const counts = (r: CheckResult) => say('countsLine', { clausesA: r.stats.clauses[0], clausesB: r.stats.clauses[1], unitsA: r.stats.units[0], unitsB: r.stats.units[1], labelA: r.labels[0], labelB: r.labels[1] });

const manifestOk = (r: CheckResult) => r.manifest.status !== 'not-found' && r.manifest.status !== 'not-used' && r.manifest.status !== 'partly-used';

export function formatTerminal(r: CheckResult, opts: { color?: boolean } = {}): string {
  const color = !!opts.color;
  const c = (code: string, s: string) => (color ? `${code}${s}${C.reset}` : s);
  const [A, B] = r.labels.map(visible);
  const v = visible;
  const lines: string[] = [];
  lines.push(c(C.bold + (r.identical ? C.green : C.red), r.verdict));
  const names = r.files[0] || r.files[1] || !r.source ? [inputName(r, 0), inputName(r, 1)] : r.names;
  const from = r.source && !r.files[0] && !r.files[1] ? `  ·  ${say('builtFrom', { source: r.source })}` : '';
  lines.push(c(C.dim, `${A}: ${v(names[0])}  ·  ${B}: ${v(names[1])}${v(from)}  ·  ${r.stats.clauses[0]}/${r.stats.clauses[1]} clauses, ${r.stats.units[0]}/${r.stats.units[1]} units, ${r.stats.ms} ms`));
  lines.push(c(manifestOk(r) ? C.dim : C.yellow, v(r.manifest.note)));
  for (const d of r.manifest.problems) lines.push(c(C.yellow, `   ${v(formatDiagnostic(d))}`));
  const id = identityRows(r).slice(0, -4).map(([, value]) => value);
  lines.push(c(C.dim, `${say('identityHeading')}: ${v(id.join(' · '))} · ${say('identityToolValue', { version: r.toolVersion })}`));
  if (r.findings.length) lines.push('', c(C.bold, say('findingsHeading', { count: r.findings.length })), ...r.findings.flatMap((f) => terminalFinding(f, A, B, color, c)));
  if (r.declared.length) lines.push('', c(C.bold, say('declaredHeading', { count: r.declared.length })), ...r.declared.flatMap((d) => terminalDeclared(d, A, B)));
  lines.push('', c(C.bold, say('maskedHeading')));
  for (const m of r.masked) lines.push(`   ${m.area}: ${A}: ${clip(m.a, 140)} | ${B}: ${clip(m.b, 140)}`);
  lines.push(c(C.dim, r.strictTypography ? say('strictNote') : say('normalisedNote', { count: r.normalisations.length })));
  for (const w of r.warnings) lines.push(c(C.yellow, `note: ${v(w)}`));
  return lines.join('\n') + '\n';
}

function terminalFinding(f: Finding, A: string, B: string, color: boolean, c: (code: string, s: string) => string): string[] {
  const lines = ['', `${c(C.bold, `${f.id}. ${visible(f.location)}`)} — ${visible(f.message)} [${f.kind}]`];
  if (f.diff) lines.push(`   ${A}: ${marked(f.diff, 'a', color)}`, `   ${B}: ${marked(f.diff, 'b', color)}`);
  else {
    if (f.a !== undefined) lines.push(`   ${A}: ${clip(f.a)}`);
    if (f.b !== undefined) lines.push(`   ${B}: ${clip(f.b)}`);
  }
  return lines;
}

/** A declared difference: where, on which side, why; then the text on each side. */
function terminalDeclared(d: DeclaredEntry, A: string, B: string): string[] {
  const where = d.both ? say('bothSides') : say('onlyIn', { label: d.side === 'a' ? A : B });
  const side = (t: string | undefined, label: string) => `      ${label}: ${t === undefined ? say('notInSide', { label }) : clip(t.replace(/\n/g, ' ¶ '), 200)}`;
  return [`   ${visible(d.location)} — ${where}: ${visible(d.reason || say('noReason'))} (${d.source})`, side(d.a, A), side(d.b, B)];
}

export function formatJson(r: CheckResult): string {
  return JSON.stringify(r, null, 2) + '\n';
}

const esc = (s: string) => visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One side of a word diff: the other side's words left out, this side's own marked in the neutral tint. */
function htmlDiffSide(diff: DiffPart[], side: 'a' | 'b'): string {
  const keep = side === 'a' ? 'removed' : 'added';
  const parts = diff.filter((p) => p.op === 'equal' || p.op === keep).map((p) => ({ text: p.text, own: p.op === keep }));
  // a dot or slash between two own words (a URL, a file name) is marked with them: one mark, not many
  parts.forEach((p, i) => {
    if (!p.own && /^[^\s\p{L}\p{N}]{1,3}$/u.test(p.text) && parts[i - 1]?.own && parts[i + 1]?.own) p.own = true;
  });
  const out: string[] = [];
  parts.forEach((p, i) => {
    const open = p.own && !parts[i - 1]?.own ? '<mark class="diff">' : '';
    const close = p.own && !parts[i + 1]?.own ? '</mark>' : '';
    out.push(open + esc(p.text) + close);
  });
  return out.join('');
}

function htmlSide(f: Finding, side: 'a' | 'b'): string {
  if (f.diff) return htmlDiffSide(f.diff, side);
  const t = side === 'a' ? f.a : f.b;
  return t === undefined ? `<span class="none">${esc(say('absent'))}</span>` : `<mark class="diff">${esc(t)}</mark>`;
}

/** A declared text on one side, its paragraphs kept apart; the side without it says so. */
function htmlDeclaredSide(t: string | undefined, label: string): string {
  if (t === undefined) return `<span class="none">${esc(say('notInSide', { label }))}</span>`;
  return t.split('\n').map((x) => `<p>${esc(x)}</p>`).join('');
}

function htmlDeclared(r: CheckResult): string {
  const [A, B] = r.labels;
  const rows = r.declared.map((d) => {
    const where = d.both ? say('bothSides') : say('onlyIn', { label: d.side === 'a' ? A : B });
    // the same place in each publication's own words: their own words marked, as in a finding
    const diff = d.a !== undefined && d.b !== undefined && !d.a.includes('\n') && !d.b.includes('\n') ? wordDiff(d.a, d.b) : undefined;
    const side = (x: 'a' | 'b') => (diff ? `<p>${htmlDiffSide(diff, x)}</p>` : htmlDeclaredSide(d[x], x === 'a' ? A : B));
    return `<tr class="declared"><td class="loc"><b>${esc(d.location)}</b><br><span class="msg">${esc(where)}</span></td><td class="a">${side('a')}</td><td class="b">${side('b')}</td><td class="reason">${esc(d.reason || say('noReason'))}<br><span class="kind">(${esc(d.source)})</span></td></tr>`;
  });
  return `<h2>${esc(say('declaredHeading', { count: r.declared.length }))}</h2>
<table id="declared"><thead><tr><th class="loc">${esc(say('whereHead'))}</th><th>${esc(A)}</th><th>${esc(B)}</th><th class="reason">${esc(say('reasonHead'))}</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

function htmlFindings(r: CheckResult): string {
  const [A, B] = r.labels;
  const rows = r.findings
    .map((f) => `<tr class="finding" id="f${f.id}"><td class="loc"><b>${f.id}. ${esc(f.location)}</b><br><span class="msg">${esc(f.message)}</span><br><span class="kind">${esc(f.kind)}</span></td><td class="a">${htmlSide(f, 'a')}</td><td class="b">${htmlSide(f, 'b')}</td></tr>`)
    .join('\n');
  return `<h2>${esc(say('findingsHeading', { count: r.findings.length }))}</h2>
<table id="findings"><thead><tr><th class="loc">${esc(say('whereHead'))}</th><th>${esc(A)}</th><th>${esc(B)}</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

/** The identity block, the counts, where the declared differences come from, and what the counts mean. */
function htmlHead(r: CheckResult): string {
  const [A, B] = r.labels;
  const identity = identityRows(r).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  const problems = r.manifest.problems.length ? `<ul class="problems">${r.manifest.problems.map((d) => `<li>${esc(formatDiagnostic(d))}</li>`).join('')}</ul>` : '';
  const legend = ['legendClauses', 'legendUnits', 'legendMatched', 'legendFindings', 'legendDeclared', 'legendMasked'].map((k) => `<li>${esc(say(k, { labelA: A, labelB: B }))}</li>`).join('');
  return `<section id="identity"><h2>${esc(say('identityHeading'))}</h2><table class="identity"><tbody>${identity}</tbody></table></section>
<p class="counts" id="counts">${esc(counts(r))}</p>
<div class="manifest ${manifestOk(r) ? 'fine' : 'warn'}" id="manifest"><p>${esc(r.manifest.note)}</p>${problems}</div>
<section id="legend"><h2>${esc(say('legendHeading'))}</h2><ul>${legend}</ul></section>`;
}

/** A self-contained page (no external resources), readable on screen and printable. */
export function formatHtml(r: CheckResult): string {
  const [A, B] = r.labels;
  const masked = r.masked.map((m) => `<tr><th>${esc(m.area)}</th><td>${esc(m.a)}</td><td>${esc(m.b)}</td></tr>`).join('\n');
  const norms = r.strictTypography ? `<p>${esc(say('strictNote'))}</p>` : `<ul>${r.normalisations.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
  const title = [r.document.itu, r.document.iso].filter(Boolean).join(' | ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>commontext check${title ? ` ${esc(title)}` : ''}: ${esc(r.verdict)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
${templateText('report.css')}
</style></head><body>
<h1>commontext check${title ? ` — ${esc(title)}` : ''}</h1>
<div class="verdict ${r.identical ? 'ok' : 'bad'}" id="verdict">${esc(r.verdict)}</div>
${htmlHead(r)}
${r.findings.length ? htmlFindings(r) : ''}
${r.declared.length ? htmlDeclared(r) : ''}
<h2>${esc(say('maskedHeading'))}</h2>
<table id="masked"><thead><tr><th class="loc">${esc(say('partHead'))}</th><th>${esc(A)}</th><th>${esc(B)}</th></tr></thead><tbody>${masked}</tbody></table>
<h2>${esc(say('normalisationHeading'))}</h2>${norms}
${r.warnings.length ? `<h2>${esc(say('notesHeading'))}</h2><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}
