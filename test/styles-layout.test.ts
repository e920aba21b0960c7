/**
 * Issue 13, page furniture: the ITU build of the X.500 mirror against the real X.500 (10/2016) — odd
 * and even running headers and footers, the body section's start and page setup, and figures at their
 * natural size. Everything is read from the two DOCX packages; nothing is taken from docx.yaml.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { corpus, repo, tmp } from './helpers.js';

const realFile = path.join(corpus, 'itu/T-REC-X.500-201610-I-MSW-E.docx');

type Parts = Record<string, string>;
const parts = (bytes: Uint8Array): Parts => Object.fromEntries(Object.entries(unzipSync(bytes)).filter(([n]) => n.endsWith('.xml') || n.endsWith('.rels')).map(([n, b]) => [n, strFromU8(b)]));

/** The sectPr of the section that holds the last paragraph with this text (a heading, not its contents entry), and its header/footer parts by type. */
function sectionOf(p: Parts, text: string) {
  const doc = p['word/document.xml'];
  const at = doc.lastIndexOf(`>${text}<`);
  const start = doc.indexOf('<w:sectPr', at);
  const sectPr = doc.slice(start, doc.indexOf('</w:sectPr>', start));
  const rels = Object.fromEntries([...p['word/_rels/document.xml.rels'].matchAll(/<Relationship [^>]*>/g)].map((m) => [/Id="([^"]+)"/.exec(m[0])![1], /Target="([^"]+)"/.exec(m[0])![1]]));
  const part = (kind: string, type: string) => {
    const id = new RegExp(`<w:${kind}Reference w:type="${type}" r:id="([^"]+)"`).exec(sectPr)?.[1];
    return id ? p[`word/${rels[id]}`] : undefined;
  };
  return { sectPr, oddHeader: part('header', 'default'), evenHeader: part('header', 'even'), oddFooter: part('footer', 'default'), evenFooter: part('footer', 'even') };
}

/** What a header or footer paragraph shows, in order: text runs (bold or not) and the PAGE field. */
function layout(xml: string | undefined): string {
  if (!xml) return '';
  let out = '';
  for (const m of xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>|<w:r [^>]*>([\s\S]*?)<\/w:r>/g)) {
    const run = m[1] ?? m[2];
    if (/<w:instrText[^>]*>\s*PAGE\b/.test(run)) out += '{page}';
    // Word writes a non-breaking hyphen as an element of its own
    for (const t of run.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:noBreakHyphen\/>/g)) out += t[1] ?? (t[0] === '<w:tab/>' ? '\t' : '-');
  }
  return out;
}

const alignment = (xml: string | undefined) => /<w:pPr>[\s\S]*?<w:jc w:val="(\w+)"/.exec(xml ?? '')?.[1] ?? 'left';
const boldRunText = (xml: string | undefined) => /<w:r><w:rPr><w:b\/>[\s\S]*?<w:t[^>]*>([^<]+)</.exec(xml ?? '')?.[1];
const attr = (xml: string, tag: string, name: string) => Number(new RegExp(`<w:${tag}\\b[^>]*w:${name}="(\\d+)"`).exec(xml)?.[1]);

describe.skipIf(!existsSync(realFile))('ITU page furniture as in the real X.500', () => {
  let ours: Parts;
  let real: Parts;
  beforeAll(async () => {
    const result = await build(path.join(repo, 'fixtures/x500/x500.md'), { outDir: tmp(), only: 'itu' });
    ours = parts(result.outputs[0].bytes);
    real = parts(readFileSync(realFile));
  }, 60_000);

  it('odd and even pages have their own headers and footers, switched on in settings.xml', () => {
    expect(real['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
    expect(ours['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
    const r = sectionOf(real, 'Scope');
    const o = sectionOf(ours, 'Scope');
    // header: the ISO/IEC designation in bold at the outer edge
    expect([alignment(o.oddHeader), alignment(o.evenHeader)]).toEqual([alignment(r.oddHeader), alignment(r.evenHeader)]);
    expect(alignment(o.oddHeader)).toBe('right');
    expect(boldRunText(o.oddHeader)).toBe('ISO/IEC 9594-1:2017 (E)');
    expect(boldRunText(o.evenHeader)).toBe('ISO/IEC 9594-1:2017 (E)');
    // footer: tabs, the Recommendation and the page number on the outer side
    const normal = (s: string) => s.replace(/\u2011|-/g, '-').replace(/\t+/g, '\t');
    expect(normal(layout(o.oddFooter))).toBe(normal(layout(r.oddFooter)).replace(/\{page\}.*$/, '{page}'));
    expect(normal(layout(o.evenFooter))).toBe(normal(layout(r.evenFooter)).replace(/^\{page\}[^\t]*/, '{page}'));
    expect(layout(o.oddFooter)).toBe('\t\tRec. ITU-T X.500 (10/2016)\t{page}');
    // the page number itself is not bold, the footer style is
    expect(o.oddFooter).toMatch(/<w:b w:val="0"\/>[\s\S]*PAGE/);
  });

  it('the body starts on an odd page, with the real page size and margins', () => {
    const r = sectionOf(real, 'Scope').sectPr;
    const o = sectionOf(ours, 'Scope').sectPr;
    expect(/<w:type w:val="(\w+)"/.exec(o)?.[1]).toBe(/<w:type w:val="(\w+)"/.exec(r)?.[1]);
    for (const side of ['top', 'right', 'bottom', 'left', 'header', 'footer']) expect(attr(o, 'pgMar', side), side).toBe(attr(r, 'pgMar', side));
    for (const side of ['w', 'h']) expect(Math.abs(attr(o, 'pgSz', side) - attr(r, 'pgSz', side)), side).toBeLessThan(10);
  });

  it('figures keep their natural size (as wide as the real ones), not stretched to the text width', () => {
    const widths = (p: Parts) => [...p['word/document.xml'].matchAll(/<wp:extent cx="(\d+)"/g)].map((m) => Number(m[1]) / 360000);
    const o = widths(ours);
    const r = widths(real).filter((w) => w > 5);
    expect(o.length).toBeGreaterThan(3);
    expect(new Set(o.map((w) => w.toFixed(1))).size).toBeGreaterThan(2);
    expect(Math.min(...o)).toBeGreaterThanOrEqual(Math.min(...r) * 0.9);
    expect(Math.max(...o)).toBeLessThanOrEqual(Math.max(...r) * 1.1);
  });
});
