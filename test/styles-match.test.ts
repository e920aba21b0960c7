/**
 * Issue 13: do the paragraph styles of our ITU rendering look like those of the real Recommendations?
 * Each style is resolved through its basedOn chain and the document defaults, in the real X.500's
 * styles.xml and in ours, with a resolver written here from the ECMA-376 rules (nothing taken from the
 * writer or from templates/itu/docx.yaml), and the (style, property) pairs are compared one by one.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { corpus, repo, tmp } from './helpers.js';

const PROPERTIES = ['font', 'size', 'bold', 'italic', 'caps', 'align', 'before', 'after', 'line', 'left', 'right', 'first', 'tabs', 'keepNext', 'keepLines', 'widowControl', 'outline'] as const;
type Property = (typeof PROPERTIES)[number];
type Resolved = Record<Property, string>;

interface RawStyle { id: string; name: string; basedOn?: string; pPr: string; rPr: string }

interface Styles { byId: Map<string, RawStyle>; byName: Map<string, RawStyle>; defaults: { pPr: string; rPr: string } }

const element = (xml: string, tag: string) => new RegExp(`<${tag}\\b[^>]*?(?:/>|>([\\s\\S]*?)</${tag}>)`).exec(xml);
const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

function parseStyles(xml: string): Styles {
  const byId = new Map<string, RawStyle>();
  const byName = new Map<string, RawStyle>();
  for (const m of xml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    if (attribute(m[1], 'w:type') !== 'paragraph') continue;
    const body = m[2];
    const style: RawStyle = {
      id: attribute(m[1], 'w:styleId') ?? '',
      name: (/<w:name w:val="([^"]*)"/.exec(body)?.[1] ?? '').toLowerCase(),
      basedOn: /<w:basedOn w:val="([^"]*)"/.exec(body)?.[1],
      pPr: element(body, 'w:pPr')?.[0] ?? '',
      rPr: element(body.replace(/<w:pPr>[\s\S]*?<\/w:pPr>/, ''), 'w:rPr')?.[0] ?? '',
    };
    byId.set(style.id, style);
    byName.set(style.name, style);
  }
  const defaults = element(xml, 'w:docDefaults')?.[0] ?? '';
  return { byId, byName, defaults: { pPr: element(element(defaults, 'w:pPrDefault')?.[0] ?? '', 'w:pPr')?.[0] ?? '', rPr: element(element(defaults, 'w:rPrDefault')?.[0] ?? '', 'w:rPr')?.[0] ?? '' } };
}

/** An on/off property (w:b, w:keepNext …): undefined when the element is absent. */
function onOff(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}(\\s[^>]*)?/>`).exec(xml);
  if (!m) return undefined;
  const v = attribute(m[0], 'w:val');
  return String(v === undefined || !['0', 'false', 'off'].includes(v));
}

/** What one style (or the defaults) sets itself, property by property; tabs as their own list of stops. */
function own(pPr: string, rPr: string): Partial<Resolved> {
  const out: Partial<Resolved> = {};
  const fonts = element(rPr, 'w:rFonts')?.[0];
  if (fonts) {
    const f = attribute(fonts, 'w:ascii') ?? (attribute(fonts, 'w:asciiTheme') && `theme ${attribute(fonts, 'w:asciiTheme')}`);
    if (f) out.font = f;
  }
  const sz = element(rPr, 'w:sz')?.[0];
  if (sz) out.size = String(Number(attribute(sz, 'w:val')) / 2);
  for (const [p, tag] of [['bold', 'w:b'], ['italic', 'w:i'], ['caps', 'w:caps']] as const) {
    const v = onOff(rPr, tag);
    if (v) out[p] = v;
  }
  for (const [p, tag] of [['keepNext', 'w:keepNext'], ['keepLines', 'w:keepLines'], ['widowControl', 'w:widowControl']] as const) {
    const v = onOff(pPr, tag);
    if (v) out[p] = v;
  }
  const jc = element(pPr, 'w:jc')?.[0];
  if (jc) out.align = ({ start: 'left', end: 'right' } as Record<string, string>)[attribute(jc, 'w:val')!] ?? attribute(jc, 'w:val');
  const spacing = element(pPr, 'w:spacing')?.[0];
  if (spacing) {
    for (const p of ['before', 'after'] as const) if (attribute(spacing, `w:${p}`) !== undefined) out[p] = attribute(spacing, `w:${p}`);
    if (attribute(spacing, 'w:line') !== undefined) out.line = `${attribute(spacing, 'w:line')} ${attribute(spacing, 'w:lineRule') ?? 'auto'}`;
  }
  const ind = element(pPr, 'w:ind')?.[0];
  if (ind) {
    const left = attribute(ind, 'w:left') ?? attribute(ind, 'w:start');
    const right = attribute(ind, 'w:right') ?? attribute(ind, 'w:end');
    if (left !== undefined) out.left = left;
    if (right !== undefined) out.right = right;
    if (attribute(ind, 'w:hanging') !== undefined) out.first = String(-Number(attribute(ind, 'w:hanging')));
    else if (attribute(ind, 'w:firstLine') !== undefined) out.first = attribute(ind, 'w:firstLine');
  }
  const outline = element(pPr, 'w:outlineLvl')?.[0];
  if (outline) out.outline = attribute(outline, 'w:val');
  return out;
}

/** The tab stops a style's own w:tabs set and clear (position → kind, or null for a cleared stop). */
function ownTabs(pPr: string): Map<string, string | null> {
  const stops = new Map<string, string | null>();
  for (const m of (element(pPr, 'w:tabs')?.[0] ?? '').matchAll(/<w:tab\b[^>]*\/>/g)) {
    const val = attribute(m[0], 'w:val')!;
    stops.set(attribute(m[0], 'w:pos')!, val === 'clear' ? null : `${val}${attribute(m[0], 'w:leader') && attribute(m[0], 'w:leader') !== 'none' ? `/${attribute(m[0], 'w:leader')}` : ''}`);
  }
  return stops;
}

const WORD_DEFAULTS: Resolved = { font: '', size: '10', bold: 'false', italic: 'false', caps: 'false', align: 'left', before: '0', after: '0', line: '240 auto', left: '0', right: '0', first: '0', tabs: '', keepNext: 'false', keepLines: 'false', widowControl: 'false', outline: '9' };

function resolve(styles: Styles, style: RawStyle): Resolved {
  const chain: RawStyle[] = [];
  for (let s: RawStyle | undefined = style; s && !chain.includes(s); s = s.basedOn ? styles.byId.get(s.basedOn) : undefined) chain.push(s);
  const out: Resolved = { ...WORD_DEFAULTS, ...own(styles.defaults.pPr, styles.defaults.rPr) };
  const tabs = new Map<string, string>();
  for (const s of chain.reverse()) {
    Object.assign(out, own(s.pPr, s.rPr));
    for (const [pos, kind] of ownTabs(s.pPr)) {
      if (kind === null) tabs.delete(pos);
      else tabs.set(pos, kind);
    }
  }
  out.tabs = [...tabs].sort((a, b) => Number(a[0]) - Number(b[0])).map(([pos, kind]) => `${kind}@${pos}`).join(' ');
  return out;
}

function docxParts(file: string): Record<string, string> {
  const files = unzipSync(readFileSync(file));
  return Object.fromEntries(Object.entries(files).filter(([n]) => n.endsWith('.xml')).map(([n, b]) => [n, strFromU8(b)]));
}

/** The paragraph styles (by name) that the paragraphs of the body, notes, headers and footers use. */
function usedStyles(parts: Record<string, string>, styles: Styles): Set<string> {
  const used = new Set<string>(['normal']);
  for (const [name, xml] of Object.entries(parts)) {
    if (!/^word\/(document|footnotes|header\d+|footer\d+)\.xml$/.test(name)) continue;
    for (const m of xml.matchAll(/<w:pStyle w:val="([^"]*)"/g)) used.add(styles.byId.get(m[1])?.name ?? m[1].toLowerCase());
  }
  return used;
}

interface Comparison { matched: number; total: number; missing: string[]; mismatches: string[] }

function compare(ours: Record<string, string>, realFile: string): Comparison {
  const mine = parseStyles(ours['word/styles.xml']);
  const real = parseStyles(docxParts(realFile)['word/styles.xml']);
  const result: Comparison = { matched: 0, total: 0, missing: [], mismatches: [] };
  for (const name of [...usedStyles(ours, mine)].sort()) {
    const a = mine.byName.get(name);
    const b = real.byName.get(name);
    if (!a || !b) { result.missing.push(name); continue; }
    const x = resolve(mine, a);
    const y = resolve(real, b);
    for (const p of PROPERTIES) {
      result.total++;
      if (x[p] === y[p]) result.matched++;
      else result.mismatches.push(`${name}.${p}: ours ${JSON.stringify(x[p])}, real ${JSON.stringify(y[p])}`);
    }
  }
  return result;
}

const itu = path.join(corpus, 'itu');
const x500 = path.join(itu, 'T-REC-X.500-201610-I-MSW-E.docx');

describe.skipIf(!existsSync(x500))('ITU paragraph styles against the real Recommendations', () => {
  let ours: Record<string, string>;
  const share = (c: Comparison) => `${c.matched} of ${c.total} (${((100 * c.matched) / c.total).toFixed(1)} %)`;

  it('match the real X.500 in at least 95 % of the (style, property) pairs', async () => {
    const result = await build(path.join(repo, 'fixtures/x500/x500.md'), { outDir: tmp(), only: 'itu' });
    expect(result.ok).toBe(true);
    ours = docxParts(result.outputs[0].path!);
    const c = compare(ours, x500);
    console.log(`X.500: ${share(c)}; no counterpart in the real file: ${c.missing.join(', ') || 'none'}\n  ${c.mismatches.join('\n  ')}`);
    expect(c.total).toBeGreaterThan(15 * PROPERTIES.length);
    expect(c.matched / c.total).toBeGreaterThanOrEqual(0.95);
  }, 60_000);

  it.each(['T-REC-T.88-201808-P-MSW-E.docx', 'T-REC-H.222.0-201808-P-MSW-E.docx'])('reports the share against %s (informative)', (file) => {
    if (!ours || !existsSync(path.join(itu, file))) return;
    const c = compare(ours, path.join(itu, file));
    console.log(`${file}: ${share(c)}; no counterpart: ${c.missing.join(', ') || 'none'}\n  ${c.mismatches.join('\n  ')}`);
    expect(c.total).toBeGreaterThan(0);
  });
});
