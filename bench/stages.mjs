// One process, one run: times the stages inside build + check through the library (dist/).
//   node bench/stages.mjs <source.md>  ->  JSON line {parse, model, "render ITU", ...} in ms
import { readFileSync } from 'node:fs';
import { parse, prepare } from '../dist/index.js';
import { renderDocxParts, packDocx } from '../dist/render/ooxml.js';
import { readDocx } from '../dist/reader/index.js';

const file = process.argv[2];
const t = {};
const time = async (name, f) => { const t0 = performance.now(); const v = await f(); t[name] = (t[name] ?? 0) + performance.now() - t0; return v; };

const parsed = await time('parse', () => parse(file));
if (!parsed.document) { console.error('parse failed'); process.exit(2); }
const doc = parsed.document;
const itu = await time('model', () => prepare(doc, 'itu'));
const iso = await time('model', () => prepare(doc, 'iso'));
// render = the XML parts, encoded; pack = zipping both (deflate, as a normal build)
const pItu = await time('render ITU', () => renderDocxParts(itu));
const pIso = await time('render ISO', () => renderDocxParts(iso));
const bItu = await time('pack', () => packDocx(pItu, 6));
const bIso = await time('pack', () => packDocx(pIso, 6));
const [rItu, rIso] = [await time('read back', () => readDocx(new Uint8Array(bItu))), await time('read back', () => readDocx(new Uint8Array(bIso)))];
let checkMod;
try { checkMod = await import('../dist/check/index.js'); } catch { /* not there yet */ }
if (checkMod?.check) {
  try { await time('align', () => checkMod.check(rItu, rIso, { declared: [...itu.declared, ...iso.declared], labels: ['ITU', 'ISO'] })); } catch (e) { t.alignError = String(e?.message ?? e).slice(0, 200); }
}
void readFileSync;
console.log(JSON.stringify({ stages: t, maxRssKb: process.resourceUsage().maxRSS }));
