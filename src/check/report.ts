/** Terminal, JSON and HTML renderings of a CheckResult. */
import type { CheckResult, DiffPart, Finding } from './types.js';

const C = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m', strike: '\x1b[9m', under: '\x1b[4m' };

/**
 * Control characters of the documents' text (ESC, C1 …) shown as `\u001b`, never sent raw: a
 * document could otherwise recolour, move or clear the reader's terminal. Tab and line feed are kept.
 */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Long texts are cut around the changes so the terminal shows what matters. */
function marked(parts: DiffPart[], side: 'a' | 'b', color: boolean): string {
  const keep = side === 'a' ? 'removed' : 'added';
  const out: string[] = [];
  for (const p of parts) {
    if (p.op === 'equal') {
      const t = p.text.length > 160 ? `${p.text.slice(0, 70)} … ${p.text.slice(-70)}` : p.text;
      out.push(visible(t));
    } else if (p.op === keep) {
      const t = visible(p.text);
      out.push(color ? `${side === 'a' ? C.red + C.strike : C.green + C.under}${t}${C.reset}` : side === 'a' ? `[-${t}-]` : `{+${t}+}`);
    }
  }
  return out.join('');
}

function clip(s: string, n = 300): string {
  return visible(s.length > n ? `${s.slice(0, n)} …` : s);
}

export function formatTerminal(r: CheckResult, opts: { color?: boolean } = {}): string {
  const color = !!opts.color;
  const c = (code: string, s: string) => (color ? `${code}${s}${C.reset}` : s);
  const [A, B] = r.labels.map(visible);
  const v = visible;
  const lines: string[] = [];
  lines.push(c(C.bold + (r.identical ? C.green : C.red), r.verdict));
  lines.push(c(C.dim, `${A}: ${v(r.files[0] ?? '(in memory)')}  ·  ${B}: ${v(r.files[1] ?? '(in memory)')}  ·  ${r.stats.clauses[0]}/${r.stats.clauses[1]} clauses, ${r.stats.units[0]}/${r.stats.units[1]} units, ${r.stats.ms} ms`));
  if (r.findings.length) {
    lines.push('', c(C.bold, `Findings (${r.findings.length})`));
    for (const f of r.findings) {
      lines.push('', `${c(C.bold, `${f.id}. ${v(f.location)}`)} — ${v(f.message)} [${f.kind}]`);
      if (f.diff) {
        lines.push(`   ${A}: ${marked(f.diff, 'a', color)}`);
        lines.push(`   ${B}: ${marked(f.diff, 'b', color)}`);
      } else {
        if (f.a !== undefined) lines.push(`   ${A}: ${clip(f.a)}`);
        if (f.b !== undefined) lines.push(`   ${B}: ${clip(f.b)}`);
      }
    }
  }
  if (r.declared.length) {
    lines.push('', c(C.bold, `Declared differences (${r.declared.length}), not findings`));
    for (const d of r.declared) lines.push(`   ${v(d.location)} — only in ${d.side === 'a' ? A : B}: ${v(d.reason)} (${d.source})`);
  }
  lines.push('', c(C.bold, 'Publication-specific, not compared'));
  for (const m of r.masked) lines.push(`   ${m.area}: ${A}: ${clip(m.a, 140)} | ${B}: ${clip(m.b, 140)}`);
  lines.push(c(C.dim, r.strictTypography ? 'Typography compared strictly (no normalisation).' : `Normalised before comparing: ${r.normalisations.length} rules (no-break spaces and hyphens, soft hyphens, smart quotes, whitespace); use strict typography to switch off.`));
  for (const w of r.warnings) lines.push(c(C.yellow, `note: ${v(w)}`));
  return lines.join('\n') + '\n';
}

export function formatJson(r: CheckResult): string {
  return JSON.stringify(r, null, 2) + '\n';
}

const esc = (s: string) => visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlSide(f: Finding, side: 'a' | 'b'): string {
  if (f.diff) {
    const keep = side === 'a' ? 'removed' : 'added';
    return f.diff
      .filter((p) => p.op === 'equal' || p.op === keep)
      .map((p) => (p.op === 'equal' ? esc(p.text) : side === 'a' ? `<del>${esc(p.text)}</del>` : `<ins>${esc(p.text)}</ins>`))
      .join('');
  }
  const t = side === 'a' ? f.a : f.b;
  return t === undefined ? '<span class="none">(absent)</span>' : side === 'a' ? `<del>${esc(t)}</del>` : `<ins>${esc(t)}</ins>`;
}

/** A self-contained page (no external resources), readable on screen and printable. */
export function formatHtml(r: CheckResult): string {
  const [A, B] = r.labels;
  const rows = r.findings
    .map((f) => `<tr class="finding" id="f${f.id}"><td class="loc"><b>${f.id}. ${esc(f.location)}</b><br><span class="msg">${esc(f.message)}</span><br><span class="kind">${esc(f.kind)}</span></td><td class="a">${htmlSide(f, 'a')}</td><td class="b">${htmlSide(f, 'b')}</td></tr>`)
    .join('\n');
  const declared = r.declared.map((d) => `<li><b>${esc(d.location)}</b> — only in ${esc(d.side === 'a' ? A : B)}: ${esc(d.reason)} <span class="kind">(${esc(d.source)})</span></li>`).join('\n');
  const masked = r.masked.map((m) => `<tr><th>${esc(m.area)}</th><td>${esc(m.a)}</td><td>${esc(m.b)}</td></tr>`).join('\n');
  const norms = r.strictTypography ? '<p>Typography compared strictly: no normalisation.</p>' : `<ul>${r.normalisations.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>commontext check: ${esc(r.verdict)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:24px;color:#1a1a1a}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #ccc}
.verdict{padding:12px 16px;border-radius:6px;font-weight:600;font-size:16px}
.ok{background:#e6f4ea;color:#0d652d;border:1px solid #0d652d}.bad{background:#fce8e6;color:#a50e0e;border:1px solid #a50e0e}
table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{border:1px solid #ccc;padding:6px 8px;vertical-align:top;text-align:left;word-wrap:break-word;white-space:pre-wrap}
th{background:#f3f3f3}td.loc{width:22%;white-space:normal}.msg{color:#444}.kind{color:#777;font-size:12px}
del{background:#fdd;color:#a50e0e;text-decoration:line-through}ins{background:#dfd;color:#0d652d;text-decoration:underline}
.none{color:#999;font-style:italic}.meta{color:#555}
@media print{body{margin:10mm;font-size:11px}tr{page-break-inside:avoid}.verdict{border-width:2px}a{color:inherit}}
</style></head><body>
<h1>commontext check</h1>
<p class="meta">${esc(A)}: ${esc(r.files[0] ?? '(in memory)')}<br>${esc(B)}: ${esc(r.files[1] ?? '(in memory)')}<br>${r.stats.clauses[0]} / ${r.stats.clauses[1]} clauses, ${r.stats.units[0]} / ${r.stats.units[1]} units compared</p>
<div class="verdict ${r.identical ? 'ok' : 'bad'}" id="verdict">${esc(r.verdict)}</div>
${r.findings.length ? `<h2>Findings (${r.findings.length})</h2>
<table id="findings"><thead><tr><th>Where</th><th>${esc(A)}</th><th>${esc(B)}</th></tr></thead><tbody>
${rows}
</tbody></table>` : ''}
${r.declared.length ? `<h2>Declared differences (${r.declared.length})</h2><ul id="declared">${declared}</ul>` : ''}
<h2>Publication-specific, not compared</h2>
<table id="masked"><thead><tr><th>Part</th><th>${esc(A)}</th><th>${esc(B)}</th></tr></thead><tbody>${masked}</tbody></table>
<h2>Normalisation</h2>${norms}
${r.warnings.length ? `<h2>Notes</h2><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}
