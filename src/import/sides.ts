/**
 * Text that only one publication has (import --iso): the two bodies are compared with check's
 * machinery (src/check/compare.ts, the same alignment `check` reports), and every one-sided finding
 * becomes a declared one-side block of the source: a paragraph, note or table only the ITU-T text has
 * is written inside `:::itu{reason=…}`, one only the ISO/IEC text has (converted from the ISO/IEC file)
 * inside `:::iso{reason=…}` at its place, a whole clause or annex likewise, and a unit both have in
 * other words as the two versions, one after the other. The reason is the editor's to give: each
 * block is a prompt of the report.
 */
import type { RootContent, Table } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { diffArrays } from 'diff';
import { compareClauses, unitLocation, type RawFinding } from '../check/compare.js';
import type { Clause, Segmented, Unit } from '../check/segment.js';
import type { ReadDocument } from '../reader/index.js';
import { clauseContent, type BodyContext, type Picture } from './body.js';
import type { InlineConverter } from './inline.js';
import type { ImportReport } from './report.js';

export type Side = 'itu' | 'iso';

/** ISO/IEC units inserted in an ITU-T clause after one of its units (at its start when `after` is undefined). */
interface Insert {
  after?: Unit;
  units: Unit[];
  clause: Clause;
}

export interface SidePlan {
  /** The ISO/IEC publication. */
  doc: ReadDocument;
  /**
   * Running text of the ISO/IEC file → Markdown: citations and :this, but no cross-reference links,
   * since "Figure 3" of an ISO/IEC-only text need not be the ITU-T text's Figure 3 (it stays as printed).
   */
  inline?: InlineConverter;
  reason: Record<Side, string>;
  ituOnly: Set<Unit>;
  /** A unit both have in other words: ITU-T unit → ISO/IEC unit. */
  changed: Map<Unit, Unit>;
  inserts: Map<Clause, Insert[]>;
  /** Clauses (with their subclauses) only the ITU-T text has. */
  ituClauses: Set<Clause>;
  /** ISO/IEC clause groups to write before an ITU-T clause (undefined: after the last one). */
  isoClauses: Map<Clause | undefined, Clause[][]>;
  /** The block after each ISO/IEC clause. */
  ends: Map<Clause, number>;
  /** Pictures taken from the ISO/IEC file. */
  pictures: Set<Picture>;
  report: ImportReport;
  /** Cells of an ITU-T table the ISO/IEC one prints otherwise: row, column (of the cells as read) and the ISO/IEC text. */
  cells: Map<Unit, { row: number; col: number; iso: string }[]>;
}

const both = (s: Segmented) => [...s.introduction, ...s.body];

function endsOf(seg: Segmented, doc: ReadDocument): Map<Clause, number> {
  const ends = new Map<Clause, number>();
  seg.introduction.forEach((c, i) => ends.set(c, seg.introduction[i + 1]?.block ?? seg.bodyStart));
  seg.body.forEach((c, i) => ends.set(c, seg.body[i + 1]?.block ?? doc.body.length - seg.backMatter.blocks));
  return ends;
}

/** The unit of a clause with this normalised text, not taken yet. */
function unitOf(c: Clause | undefined, norm: string | undefined, taken: Set<Unit>): Unit | undefined {
  const u = c?.units.find((x) => x.norm === norm && !taken.has(x));
  if (u) taken.add(u);
  return u;
}

const titleKey = (c: Clause) => c.key.slice(c.key.indexOf('|') + 1);

/**
 * Clauses paired by their titles, numbers aside: a clause only one side has shifts the numbers of
 * those after it on that side (check would see a retitled clause), so the pairing is by title, and a
 * run of clauses on one side only is a one-side group.
 */
function pairClauses(A: Clause[], B: Clause[]): { pairs: [Clause, Clause][]; ituOnly: Clause[]; isoRuns: { run: Clause[]; before?: Clause }[] } {
  const pairs: [Clause, Clause][] = [];
  const ituOnly: Clause[] = [];
  const isoRuns: { run: Clause[]; before?: Clause }[] = [];
  let [ia, ib] = [0, 0];
  let pending: Clause[] = [];
  for (const op of diffArrays(A.map(titleKey), B.map(titleKey))) {
    const n = op.count ?? op.value.length;
    if (op.removed) ituOnly.push(...A.slice(ia, (ia += n)));
    else if (op.added) pending.push(...B.slice(ib, (ib += n)));
    else {
      if (pending.length) isoRuns.push({ run: pending, before: A[ia] });
      pending = [];
      for (let k = 0; k < n; k++) pairs.push([A[ia++], B[ib++]]);
    }
  }
  if (pending.length) isoRuns.push({ run: pending });
  return { pairs, ituOnly, isoRuns };
}

/** Compares the bodies and plans the one-side blocks; findings that are no one-side text (a table cell, a move) are reported. */
export function planSides(itu: Segmented, iso: Segmented, isoDoc: ReadDocument, names: Record<Side, string>, report: ImportReport): SidePlan {
  const plan: SidePlan = {
    doc: isoDoc, ituOnly: new Set(), changed: new Map(), inserts: new Map(), ituClauses: new Set(), isoClauses: new Map(), ends: endsOf(iso, isoDoc), pictures: new Set(), report, cells: new Map(),
    reason: { itu: `only in ${names.itu} (found by commontext import): give the reason`, iso: `only in ${names.iso} (found by commontext import): give the reason` },
  };
  const { pairs, ituOnly, isoRuns } = pairClauses(both(itu), both(iso));
  for (const c of ituOnly) plan.ituClauses.add(c);
  for (const { run, before } of isoRuns) plan.isoClauses.set(before, [...(plan.isoClauses.get(before) ?? []), run]);
  // the ISO clause under its ITU-T twin's number and label, so that check compares their units only
  const twins = pairs.map(([a, b]) => ({ ...b, key: a.key, label: a.label, number: a.number, headingNorm: a.headingNorm }));
  const inA = new Map(pairs.map(([a]) => [a.label, a]));
  const inB = new Map(twins.map((t) => [t.label, t]));
  const taken = new Set<Unit>();
  const isoOnly = new Set<Unit>();
  for (const f of compareClauses(pairs.map(([a]) => a), twins, { a: names.itu, b: names.iso })) {
    const cell = f.unit?.kind === 'table cell' || f.unit?.kind === 'table row';
    if (f.kind === 'missing' && !cell) mark(plan.ituOnly, unitOf(inA.get(f.clause), f.a, taken), f, report);
    else if (f.kind === 'extra' && !cell) mark(isoOnly, unitOf(inB.get(f.clause), f.b, taken), f, report);
    else if (f.kind === 'changed' && !cell) changedPair(plan, unitOf(inA.get(f.clause), f.a, taken), unitOf(inB.get(f.clause), f.b, taken), f, report);
    else if (cell) tableCell(plan, inA.get(f.clause), inB.get(f.clause), f, report);
    else report.add('not-reproducible', f.clause, `the publications differ here and the import cannot declare it as one-side text (${f.location}: ${f.message})`);
  }
  placeIsoUnits(plan, pairs, isoOnly);
  return plan;
}

/** A cell the publications print otherwise: `:itu[…]:iso[…]` in that cell (the table and its caption stay shared). */
function tableCell(plan: SidePlan, ca: Clause | undefined, cb: Clause | undefined, f: RawFinding, report: ImportReport): void {
  const tables = (c: Clause | undefined) => c?.units.filter((u) => u.kind === 'table') ?? [];
  const [ta, tb] = [tables(ca), tables(cb)];
  const i = ta.findIndex((u) => f.location.startsWith(`${unitLocation(u, ca!.label)}, row`));
  const at = /, row (\d+), column (\d+)$/.exec(f.location);
  const cell = at && tb[i]?.table?.rows[Number(at[1]) - 1]?.cells[Number(at[2]) - 1];
  if (f.kind !== 'changed' || !at || !cell) return void report.add('not-reproducible', f.clause, `the publications differ here and the import cannot declare it as one-side text (${f.location}: ${f.message})`);
  const list = plan.cells.get(ta[i]) ?? [];
  list.push({ row: Number(at[1]) - 1, col: Number(at[2]) - 1, iso: cell.paragraphs.map((p) => p.text.trim()).filter(Boolean).join(' ') });
  plan.cells.set(ta[i], list);
}

function mark(set: Set<Unit>, u: Unit | undefined, f: RawFinding, report: ImportReport): void {
  if (u) set.add(u);
  else report.add('not-reproducible', f.clause, `one-side text not found again in its clause (${f.location})`);
}

function changedPair(plan: SidePlan, a: Unit | undefined, b: Unit | undefined, f: RawFinding, report: ImportReport): void {
  if (a && b) plan.changed.set(a, b);
  else report.add('not-reproducible', f.clause, `text in other words not found again in its clause (${f.location})`);
}

/** Each run of ISO-only units of a clause goes after the ITU-T unit that matches the unit before it. */
function placeIsoUnits(plan: SidePlan, pairs: [Clause, Clause][], isoOnly: Set<Unit>): void {
  const pairOf = new Map([...plan.changed].map(([a, b]) => [b, a]));
  for (const [ca, cb] of pairs) {
    if (!cb.units.some((u) => isoOnly.has(u))) continue;
    const list: Insert[] = [];
    let after: Unit | undefined;
    let from = 0;
    cb.units.forEach((u, i) => {
      if (isoOnly.has(u)) {
        const last = list[list.length - 1];
        if (last && last.after === after && last.units[last.units.length - 1] === cb.units[i - 1]) last.units.push(u);
        else list.push({ after, units: [u], clause: cb });
        return;
      }
      const match = pairOf.get(u) ?? ca.units.slice(from).find((x) => x.norm === u.norm);
      if (match) {
        after = match;
        from = ca.units.indexOf(match) + 1;
      }
    });
    plan.inserts.set(ca, list);
  }
}

export function container(side: Side, reason: string, children: RootContent[]): ContainerDirective {
  return { type: 'containerDirective', name: side, attributes: { reason }, children: children as ContainerDirective['children'] };
}

/** The content of some units of a clause: the blocks from `from` to `to` (pictures between units included). */
function part(c: Clause, units: Unit[], from: number, to: number, ctx: BodyContext, terms: boolean, depth: number): RootContent[] {
  return units.length ? clauseContent({ ...c, units, block: from - 1 }, to, ctx, terms, depth) : [];
}

/** Content converted from the ISO/IEC file: its pictures are taken from there. */
export function fromIso(plan: SidePlan, ctx: BodyContext, convert: (isoCtx: BodyContext) => RootContent[]): RootContent[] {
  const before = ctx.pictures.length;
  // the caption count follows the ITU-T text's numbering: ISO/IEC-only captions take no place in it
  const count = { table: ctx.captions.table, figure: ctx.captions.figure };
  const out = convert({ ...ctx, doc: plan.doc, inline: plan.inline ?? ctx.inline });
  Object.assign(ctx.captions, count);
  // "figures/figure-4.png" may be another picture in the ITU-T text: the ISO/IEC ones are "figures/iso-…"
  const renamed = new Map<string, string>();
  for (const p of ctx.pictures.slice(before)) {
    const file = p.file.replace(/^figures\//, 'figures/iso-');
    renamed.set(p.file, file);
    p.file = file;
    plan.pictures.add(p);
  }
  for (const n of out) renameImages(n, renamed);
  return out;
}

function renameImages(n: unknown, renamed: Map<string, string>): void {
  if (!n || typeof n !== 'object') return;
  const node = n as { type?: string; url?: string; children?: unknown[] };
  if (node.type === 'image' && node.url) node.url = renamed.get(node.url) ?? node.url;
  for (const c of node.children ?? []) renameImages(c, renamed);
}

type Piece = { kind: 'both' | 'itu' | 'pair'; units: Unit[] } | { kind: 'iso'; insert: Insert };

function pieces(c: Clause, plan: SidePlan): Piece[] {
  const inserts = plan.inserts.get(c) ?? [];
  const out: Piece[] = inserts.filter((i) => !i.after).map((insert) => ({ kind: 'iso', insert }));
  for (const u of c.units) {
    const kind = plan.ituOnly.has(u) ? 'itu' : plan.changed.has(u) ? 'pair' : 'both';
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.units.push(u);
    else out.push({ kind, units: [u] });
    for (const insert of inserts.filter((i) => i.after === u)) out.push({ kind: 'iso', insert });
  }
  return out;
}

/** The ISO/IEC units, with the pictures before them, up to the ISO unit after them. */
function isoUnits(plan: SidePlan, clause: Clause, units: Unit[], ctx: BodyContext, terms: boolean, depth: number): RootContent[] {
  const first = clause.units.indexOf(units[0]);
  const last = clause.units.indexOf(units[units.length - 1]);
  const from = first > 0 ? clause.units[first - 1].block + 1 : clause.block + 1;
  const to = clause.units[last + 1]?.block ?? plan.ends.get(clause) ?? units[units.length - 1].block + 1;
  return fromIso(plan, ctx, (isoCtx) => part(clause, units, from, to, isoCtx, terms, depth));
}

/** A clause's content with its one-side parts in :::itu / :::iso blocks (as clauseContent when it has none). */
export function sidedContent(c: Clause, end: number, ctx: BodyContext, terms: boolean, depth: number, plan: SidePlan | undefined): RootContent[] {
  const list = plan ? pieces(c, plan) : [];
  if (!plan || list.every((p) => p.kind === 'both')) {
    const nodes = clauseContent(c, end, ctx, terms, depth);
    if (plan) sidedCells(plan, c.units, nodes, c.label);
    return nodes;
  }
  const out: RootContent[] = [];
  let from = c.block + 1;
  const ituPieces = list.filter((p) => p.kind !== 'iso');
  for (const p of list) {
    if (p.kind === 'iso') {
      const isoClause = p.insert.clause;
      out.push(container('iso', plan.reason.iso, isoUnits(plan, isoClause, p.insert.units, ctx, terms, depth)));
      continue;
    }
    const to = p === ituPieces[ituPieces.length - 1] ? end : p.units[p.units.length - 1].block + 1;
    const nodes = part(c, p.units, from, to, ctx, terms, depth);
    sidedCells(plan, p.units, nodes, c.label);
    from = to;
    if (p.kind === 'both') out.push(...nodes);
    else if (p.kind === 'itu') out.push(container('itu', plan.reason.itu, nodes));
    else out.push(...versions(plan, p.units, nodes, ctx, terms, depth));
  }
  return out;
}

/** Units both publications have in other words: one paragraph with :itu[…]:iso[…] where it can be, else both versions as blocks. */
function versions(plan: SidePlan, units: Unit[], nodes: RootContent[], ctx: BodyContext, terms: boolean, depth: number): RootContent[] {
  const isoClause = [...plan.ends.keys()].find((k) => k.units.includes(plan.changed.get(units[0])!))!;
  const iso = isoUnits(plan, isoClause, units.map((u) => plan.changed.get(u)!), ctx, terms, depth);
  const inline = nodes.length === 1 && iso.length === 1 ? inlineSides(nodes[0], iso[0], plan.reason) : undefined;
  if (!inline) return [container('itu', plan.reason.itu, nodes), container('iso', plan.reason.iso, iso)];
  plan.report.add('prompt', `${isoClause.label}, worded otherwise`, 'an :itu[…]:iso[…] pair (each publication has its own words here): give their reasons', units[0].text);
  return [inline];
}

/** Characters that would be markup inside a directive's [label]: such a difference stays two blocks. */
const LABEL_UNSAFE = /[[\]\\*_`<]/;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One paragraph each publication words otherwise in one place ("… in electronic form from the ITU-T
 * ASN.1 module database at … / from the ISO standards maintenance portal at …"): the shared words once,
 * the place as :itu[…]{reason=…}:iso[…]{reason=…}, as an editor writes it. Undefined when the
 * difference is not plain text of one paragraph (the caller writes the two versions as blocks).
 */
export function inlineSides(a: RootContent, b: RootContent, reason: Record<Side, string>): RootContent | undefined {
  if (a.type !== 'paragraph' || b.type !== 'paragraph') return undefined;
  const [x, y] = [a.children, b.children];
  let head = 0;
  while (head < x.length && head < y.length && same(x[head], y[head])) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && same(x[x.length - 1 - tail], y[y.length - 1 - tail])) tail++;
  const [mx, my] = [x.slice(head, x.length - tail), y.slice(head, y.length - tail)];
  if (![...mx, ...my].every((n) => n.type === 'text')) return undefined;
  const words = (nodes: typeof mx) => nodes.map((n) => (n as { value: string }).value).join('').split(/(\s+)/).filter(Boolean);
  const [wa, wb] = [words(mx), words(my)];
  let pre = 0;
  while (pre < wa.length && pre < wb.length && wa[pre] === wb[pre]) pre++;
  let post = 0;
  while (post < wa.length - pre && post < wb.length - pre && wa[wa.length - 1 - post] === wb[wb.length - 1 - post]) post++;
  const [da, db] = [wa.slice(pre, wa.length - post).join(''), wb.slice(pre, wb.length - post).join('')];
  if (LABEL_UNSAFE.test(da + db) || /^\s|\s$/.test(da) || /^\s|\s$/.test(db) || (!da && !db)) return undefined;
  const text = (s: string) => (s ? [{ type: 'text' as const, value: s }] : []);
  const side = (name: Side, s: string) => (s ? [{ type: 'html' as const, value: `:${name}[${s}]{reason="${reason[name]}"}` }] : []);
  return { ...a, children: [...x.slice(0, head), ...text(wa.slice(0, pre).join('')), ...side('itu', da), ...side('iso', db), ...text(wa.slice(wa.length - post).join('')), ...x.slice(x.length - tail)] };
}

/** The cells of the tables among `units` that the ISO/IEC text prints otherwise, as :itu[…]:iso[…]; what cannot be said so is reported. */
function sidedCells(plan: SidePlan, units: Unit[], nodes: RootContent[], where: string): void {
  const tables = units.filter((u) => u.kind === 'table');
  if (!tables.some((t) => plan.cells.has(t))) return;
  const written = nodes.filter((n): n is Table => n.type === 'table');
  tables.forEach((t, i) => {
    for (const cell of plan.cells.get(t) ?? []) {
      const row = t.table?.rows[cell.row];
      // a cell spanning columns is followed by "<" cells in the source
      const col = (row?.cells.slice(0, cell.col) ?? []).reduce((n, c) => n + (c.span ?? 1), 0);
      const node = written.length === tables.length ? written[i]?.children[cell.row]?.children[col] : undefined;
      const iso = plan.inline ? plan.inline.convert(cell.iso) : [];
      const merged = node && inlineSides({ type: 'paragraph', children: node.children }, { type: 'paragraph', children: iso }, plan.reason);
      if (merged && merged.type === 'paragraph') node.children = merged.children as typeof node.children;
      else plan.report.add('not-reproducible', where, `a table cell the ISO/IEC publication prints otherwise could not be written as :itu[…]:iso[…] (row ${cell.row + 1}, column ${cell.col + 1})`, cell.iso);
      if (merged) plan.report.add('prompt', `${where}, table cell`, 'an :itu[…]:iso[…] pair in a table cell: give their reasons', cell.iso);
    }
  });
}
