/**
 * Mutation tests on the real corpus: alter one thing in word/document.xml (or footnotes.xml) of a
 * real common text and check that exactly that change is found, at the right clause and unit.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { check, type CheckResult, type Clause, type Unit } from '../src/check/index.js';
import { unitLocation } from '../src/check/compare.js';
import type { ReadParagraph, ReadTable } from '../src/reader/index.js';
import { corpusFound, corpusFile } from './fixtures-check/corpus.js';
import {
  loadOriginal, rezip, paraOf, isSimple, setText, remove, numberedClauses, headingPara, pickWord, styleIdByName, type Original,
} from './fixtures-check/mutate.js';

const texts = ['T-REC-X.500', 'T-REC-T.88', 'T-REC-H.222.0'] as const;

interface Mutation {
  parts: Record<string, string>;
  expect: { kind: string; clause: string; location?: string };
}

/** All units of the body with their clause. */
function units(o: Original): { u: Unit; c: Clause }[] {
  return o.seg.body.flatMap((c) => (c.label === 'title block' ? [] : c.units.map((u) => ({ u, c }))));
}

function simpleUnit(o: Original, pred: (u: Unit, c: Clause) => boolean) {
  return units(o).find(({ u, c }) => u.kind !== 'table' && u.kind !== 'footnote' && pred(u, c) && isSimple(o, paraOf(o, u)));
}

const mutations: Record<string, (o: Original) => Mutation | undefined> = {
  'a word in a paragraph': (o) => {
    const t = simpleUnit(o, (u) => u.kind === 'paragraph' && u.text.length > 80 && !!pickWord(u.text));
    if (!t) return;
    const p = paraOf(o, t.u);
    const w = pickWord(p.text)!;
    return { parts: { 'word/document.xml': setText(o.xml, p, p.text.replace(w, 'frobnicated')) }, expect: { kind: 'changed', clause: t.c.label, location: unitLocation(t.u, t.c.label) } };
  },
  '"shall" → "should"': (o) => {
    const t = simpleUnit(o, (u) => / shall /.test(u.text) && u.kind !== 'obligation');
    if (!t) return;
    const p = paraOf(o, t.u);
    return { parts: { 'word/document.xml': setText(o.xml, p, p.text.replace(' shall ', ' should ')) }, expect: { kind: 'changed', clause: t.c.label, location: unitLocation(t.u, t.c.label) } };
  },
  'a digit in a table cell': (o) => {
    for (const { u, c } of units(o)) {
      if (u.kind !== 'table') continue;
      const t = u.table as ReadTable;
      for (let r = 1; r < t.rows.length; r++) {
        for (let k = 0; k < t.rows[r].cells.length; k++) {
          const cell = t.rows[r].cells[k];
          const p = cell.paragraphs.find((x) => /\d/.test(x.text) && isSimple(o, x));
          // the cell must be unique in its row so that the change is unambiguous
          if (!p || cell.paragraphs.length !== 1 || t.rows.filter((row) => row.cells.some((x) => x.text === cell.text)).length > 1) continue;
          const changed = p.text.replace(/\d/, (d) => String((Number(d) + 1) % 10));
          return { parts: { 'word/document.xml': setText(o.xml, p, changed) }, expect: { kind: 'changed', clause: c.label, location: `${unitLocation(u, c.label)}, row ${r + 1}, column ${k + 1}` } };
        }
      }
    }
    return undefined;
  },
  'a deleted NOTE': (o) => {
    const t = simpleUnit(o, (u) => u.kind === 'note');
    if (!t) return;
    const p = paraOf(o, t.u);
    return { parts: { 'word/document.xml': remove(o.xml, p.source!.start, p.source!.end) }, expect: { kind: 'missing', clause: t.c.label, location: unitLocation(t.u, t.c.label) } };
  },
  'a deleted list item': (o) => {
    const t = simpleUnit(o, (u) => u.kind === 'list item' && u.text.length > 20);
    if (!t) return;
    const p = paraOf(o, t.u);
    return { parts: { 'word/document.xml': remove(o.xml, p.source!.start, p.source!.end) }, expect: { kind: 'missing', clause: t.c.label, location: unitLocation(t.u, t.c.label) } };
  },
  'two swapped paragraphs': (o) => {
    for (const c of o.seg.body.slice(1)) {
      for (let i = 0; i + 1 < c.units.length; i++) {
        const [u1, u2] = [c.units[i], c.units[i + 1]];
        if (u1.kind !== 'paragraph' || u2.kind !== 'paragraph' || u1.norm === u2.norm || u1.block + 1 !== u2.block) continue;
        const [p1, p2] = [paraOf(o, u1), paraOf(o, u2)];
        if (!p1.source || !p2.source || p1.source.end !== p2.source.start || !isSimple(o, p1) || !isSimple(o, p2)) continue;
        const x = o.xml;
        const swapped = x.slice(0, p1.source.start) + x.slice(p2.source.start, p2.source.end) + x.slice(p1.source.start, p1.source.end) + x.slice(p2.source.end);
        return { parts: { 'word/document.xml': swapped }, expect: { kind: 'moved', clause: c.label, location: unitLocation(u1, c.label) } };
      }
    }
    return undefined;
  },
  'a changed footnote': (o) => {
    const t = units(o).find(({ u }) => u.kind === 'footnote');
    if (!t) return;
    const ref = paraOf(o, t.u).footnotes!.find((f) => f.text.trim() === t.u.text.trim())!;
    const fx = new TextDecoder().decode(o.files['word/footnotes.xml']);
    const start = fx.indexOf(`w:id="${ref.id}"`);
    const end = fx.indexOf('</w:footnote>', start);
    const body = fx.slice(start, end);
    const m = />([^<]*?\b([A-Za-z]{5,})\b[^<]*)<\/w:t>/.exec(body);
    if (!m) return;
    const edited = body.replace(m[0], m[0].replace(m[2], 'frobnicated'));
    return { parts: { 'word/footnotes.xml': fx.slice(0, start) + edited + fx.slice(end) }, expect: { kind: 'changed', clause: t.c.label, location: unitLocation(t.u, t.c.label) } };
  },
  'a changed heading title': (o) => {
    const c = numberedClauses(o).find((c) => isSimple(o, headingPara(o, c)) && !!pickWord(c.title) && c.number.includes('.'));
    if (!c) return;
    const p = headingPara(o, c);
    return { parts: { 'word/document.xml': setText(o.xml, p, p.text.replace(pickWord(c.title)!, 'Frobnicated')) }, expect: { kind: 'heading-changed', clause: c.label } };
  },
  'a deleted clause': (o) => {
    const list = o.seg.body;
    for (let i = 1; i + 1 < list.length; i++) {
      const c = list[i];
      const next = list[i + 1];
      if (!/^\d+(\.\d+)+$/.test(c.number) || next.level > c.level || !c.units.length) continue;
      const start = headingPara(o, c).source!.start;
      const end = headingPara(o, next).source!.start;
      if (/<w:sectPr/.test(o.xml.slice(start, end))) continue;
      return { parts: { 'word/document.xml': remove(o.xml, start, end) }, expect: { kind: 'clause-missing', clause: c.label } };
    }
    return undefined;
  },
  'an inserted clause': (o) => {
    const list = o.seg.body;
    for (let i = 1; i + 1 < list.length; i++) {
      const c = list[i];
      const next = list[i + 1];
      if (!/^\d+(\.\d+)*$/.test(c.number) || next.level > c.level) continue;
      const style = styleIdByName(o.doc, `heading ${c.level + 1}`);
      if (!style) continue;
      const number = `${c.number}.9`;
      const at = headingPara(o, next).source!.start;
      const ins = `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr><w:r><w:t>${number}</w:t></w:r><w:r><w:tab/><w:t>Inserted requirements</w:t></w:r></w:p><w:p><w:r><w:t>The implementation shall do something new.</w:t></w:r></w:p>`;
      return { parts: { 'word/document.xml': o.xml.slice(0, at) + ins + o.xml.slice(at) }, expect: { kind: 'clause-extra', clause: number } };
    }
    return undefined;
  },
  'a changed annex obligation line': (o) => {
    const t = simpleUnit(o, (u, c) => u.kind === 'obligation' && c.number.startsWith('Annex') && /forms an integral part/.test(u.text));
    if (!t) return;
    const p = paraOf(o, t.u);
    return { parts: { 'word/document.xml': setText(o.xml, p, p.text.replace('forms an integral part', 'does not form an integral part')) }, expect: { kind: 'changed', clause: t.c.label, location: `${t.c.label}, obligation line` } };
  },
};

/** Which mutations each text cannot have (the file has no such unit in its body). */
const notApplicable: Record<string, string[]> = {
  'T-REC-X.500': ['a digit in a table cell', 'a changed footnote'], // no body tables; its only footnote is in the front matter
  'T-REC-T.88': ['a changed footnote'], // no footnotes
  'T-REC-H.222.0': [],
};

function summary(r: CheckResult): string {
  return r.findings.map((f) => `${f.kind} @ ${f.location} [${f.clause}]`).join('\n');
}

describe.skipIf(!corpusFound)('check: mutation tests on the corpus', () => {
  for (const name of texts) {
    describe(name, () => {
      let o: Original;
      beforeAll(async () => {
        o = await loadOriginal(corpusFile(name));
      }, 30_000);

      it('is identical to itself', async () => {
        const r = await check(o.doc, o.bytes);
        expect(summary(r)).toBe('');
        expect(r.identical).toBe(true);
      });

      for (const [what, make] of Object.entries(mutations)) {
        const na = notApplicable[name].includes(what);
        it.skipIf(na)(`finds ${what}, and nothing else`, async () => {
          const m = make(o);
          expect(m, `no place for "${what}" found in ${name}`).toBeDefined();
          const r = await check(o.doc, rezip(o, m!.parts), { labels: ['original', 'altered'] });
          expect(summary(r).split('\n').length, summary(r)).toBe(1);
          const f = r.findings[0];
          expect(f.kind).toBe(m!.expect.kind);
          expect(f.clause).toBe(m!.expect.clause);
          if (m!.expect.location) expect(f.location).toBe(m!.expect.location);
          expect(r.identical).toBe(false);
          if (what === '"shall" → "should"') {
            expect(f.diff?.filter((d) => d.op !== 'equal').map((d) => `${d.op}:${d.text.trim()}`)).toEqual(['removed:shall', 'added:should']);
          }
        }, 30_000);
      }
    });
  }
});
