/**
 * The clauses and units of a prepared publication (src/model/prepare.ts), for `check <source.md>`:
 * read from what prepare marked on each paragraph (its Part: clause, annex, note, list item, table …,
 * with the label it prints), not guessed back from style names and text as for a DOCX file. The units
 * are the ones segment.ts finds in the DOCX the writer makes of the same publication (a test holds the
 * two to the same findings), so a report reads the same whichever way a build is checked.
 */
import type { Para, PubBlock, Publication, TableBlock } from '../model/publication.js';
import { paraText } from '../model/publication.js';
import type { ReadParagraph, ReadTable } from '../reader/index.js';
import { normalise } from './normalize.js';
import { GROUP_NUMBER, numberingSummary, type Clause, type MaskedPart, type Segmented, type Unit, type UnitKind } from './segment.js';
import { plural } from '../util/plural.js';

/** The unit a part is; the others are paragraphs (terms, code, the title block, body text). */
const UNIT_OF_PART: Partial<Record<NonNullable<Para['part']>['kind'], UnitKind>> = {
  note: 'note', example: 'example', 'list-item': 'list item', table: 'table title', figure: 'figure title', obligation: 'obligation',
};

/** Roles compared as segment.ts compares their styles (src/check/roles.ts): a heading without a number is a subheading, a reference entry a list item. */
const UNIT_OF_ROLE: Record<string, UnitKind> = { 'unnumbered-heading': 'subheading', 'ref-entry': 'list item' };

export function segmentPublication(pub: Publication, strict = false): Segmented {
  const at = pub.sections.findIndex((s) => s.name === 'body');
  const front = pub.sections.slice(0, at).flatMap((s) => s.blocks);
  const body = at >= 0 ? pub.sections[at].blocks : [];
  const back = pub.sections.slice(at + 1).flatMap((s) => s.blocks);
  const start = front.length;
  return {
    frontMatter: masked(front, 'front matter'),
    introduction: introductionOf(pub, front, strict),
    body: new ClauseBuilder(pub, strict, titleBlock(start)).add(body, start).clauses,
    instructionNumbering: instructionNumbering(body),
    backMatter: masked(back, 'back matter'),
    toc: { entries: pub.toc.length },
    bodyStart: start,
    bodyStartReason: 'title block "INTERNATIONAL STANDARD …"',
  };
}

/** The numbering of a supplement's instruction headings, as segment.ts summarises it from a DOCX. */
function instructionNumbering(body: PubBlock[]): MaskedPart {
  const paras = body.filter((b): b is Para => b.kind === 'p' && (b.role === 'instruction-wrapper' || b.role === 'instruction-heading'));
  const wrappers = paras.filter((p) => p.role === 'instruction-wrapper').map(paraText);
  const numbers = paras.filter((p) => p.role === 'instruction-heading').flatMap((p) => { const m = GROUP_NUMBER.exec(paraText(p)); return m ? [`${m[1]})`] : []; });
  return { blocks: paras.length, summary: numberingSummary(wrappers, numbers) };
}

function titleBlock(block: number): Clause {
  return { number: '', title: '', label: 'title block', key: '|title block', level: 0, heading: '', headingNorm: '', units: [], block };
}

/** The Introduction prepare placed in the front matter: compared like a clause, as segment.ts does. */
function introductionOf(pub: Publication, front: PubBlock[], strict: boolean): Clause[] {
  const i = front.findIndex((b) => b.kind === 'p' && (b.role === 'introduction-title' || b.role === 'introduction-heading'));
  if (i < 0) return [];
  const heading = paraText(front[i] as Para);
  // named as segment.ts names it: "0 Introduction" → "Introduction"
  const intro: Clause = { ...titleBlock(i), label: heading.trim().replace(/^0\s+/, '').replace(/\s+/g, ' '), key: '|introduction', heading, headingNorm: normalise(heading, strict) };
  return new ClauseBuilder(pub, strict, intro).add(front.slice(i + 1), i + 1).clauses;
}

class ClauseBuilder {
  readonly clauses: Clause[];
  private current: Clause;
  private counts = new Map<UnitKind, number>();

  constructor(private readonly pub: Publication, private readonly strict: boolean, first: Clause) {
    this.clauses = [first];
    this.current = first;
  }

  add(blocks: PubBlock[], offset: number): this {
    blocks.forEach((b, i) => {
      if (b.kind === 'table') this.table(b, offset + i);
      else if (b.kind === 'p') this.paragraph(b, offset + i);
    });
    return this;
  }

  private push(u: Omit<Unit, 'ordinal'>) {
    const n = (this.counts.get(u.kind) ?? 0) + 1;
    this.counts.set(u.kind, n);
    this.current.units.push({ ...u, ordinal: n });
  }

  private paragraph(p: Para, block: number) {
    // a supplement's heading over its instruction headings is the publication's own numbering (segment.ts GROUP_NUMBER)
    if (p.role === 'instruction-wrapper') return;
    const part = p.part;
    if ((part?.kind === 'clause' || part?.kind === 'annex') && !UNIT_OF_ROLE[p.role]) {
      this.heading(p, block);
      return;
    }
    const text = paraText(p);
    if (text.trim()) {
      const kind = (part && UNIT_OF_PART[part.kind]) ?? UNIT_OF_ROLE[p.role] ?? 'paragraph';
      this.push({ kind, text, norm: normalise(text, this.strict), label: unitLabel(kind, p, text), block });
    }
    // footnotes are units of the clause that cites them, right after the paragraph
    for (const r of p.runs) {
      if (!r.footnote) continue;
      const ft = (this.pub.footnotes[r.footnote - 1] ?? []).map(paraText).join('\n').trim();
      this.push({ kind: 'footnote', text: ft, norm: normalise(ft, this.strict), label: '', block });
    }
  }

  private heading(p: Para, block: number) {
    const { label: number, title = '', level = 1 } = p.part!;
    const heading = paraText(p);
    // an instruction heading is compared by its location alone, its number ("1.1)") being the publication's own
    const compared = p.role === 'instruction-heading' ? title : heading;
    this.current = { number, title, label: number || title, key: `${number}|${normalise(title, false).toLowerCase()}`, level, heading, headingNorm: normalise(compared, this.strict), units: [], block };
    this.clauses.push(this.current);
    this.counts.clear();
  }

  private table(b: TableBlock, block: number) {
    const table = readTable(b, block);
    if (table.rows.every((r) => r.cells.every((c) => !c.text.trim()))) return;
    const prev = this.current.units[this.current.units.length - 1];
    const label = prev?.kind === 'table title' && prev.label ? prev.label : '';
    const text = table.rows.map((r) => r.cells.map((c) => c.text).join('\t')).join('\n');
    const norm = table.rows.map((r) => r.cells.map((c) => normalise(c.text, this.strict)).join('\t')).join('\n');
    this.push({ kind: 'table', text, norm, label, table, block });
  }
}

/** What a unit is called in a report: its printed label; a reference entry's or a bullet's mark as printed. */
function unitLabel(kind: UnitKind, p: Para, text: string): string {
  if (kind === 'obligation') return 'obligation line';
  if (kind === 'list item') return p.part?.label ?? text.split('\t')[0];
  if (kind === 'note' || kind === 'example' || kind === 'table title' || kind === 'figure title') return p.part?.label ?? '';
  return '';
}

/** A prepared table in the reader's shape, which the cell-by-cell comparison reads. */
function readTable(b: TableBlock, index: number): ReadTable {
  const paragraph = (p: Para, i: number): ReadParagraph => ({ kind: 'paragraph', style: p.role, styleId: p.role, text: paraText(p), index: i });
  return {
    kind: 'table',
    index,
    style: '',
    rows: b.rows.map((r) => {
      const cells = r.cells.map((c) => { const paragraphs = c.map(paragraph); return { paragraphs, text: paragraphs.map((x) => x.text).join('\n') }; });
      return { cells, header: r.header };
    }),
  };
}

/** One line for a part that is not compared: its size and the first few titles. */
function masked(blocks: PubBlock[], what: string): MaskedPart {
  const paras = blocks.filter((b): b is Para => b.kind === 'p' && paraText(b).trim() !== '');
  const tables = blocks.filter((b) => b.kind === 'table').length;
  const titles = [...new Set(paras.filter((p) => /heading|title/.test(p.role) && !p.role.startsWith('cover-')).map((p) => paraText(p).replace(/\s+/g, ' ').trim()))].slice(0, 6);
  const summary = !paras.length && !tables ? `no ${what}` : `${plural(paras.length, 'paragraph')}${tables ? `, ${plural(tables, 'table')}` : ''}${titles.length ? `: ${titles.join(' · ')}` : ''}`;
  return { blocks: blocks.length, summary };
}
