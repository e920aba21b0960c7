/**
 * The wording of change instructions: Handlebars strings in templates/common/instructions.yaml
 * (a user's templates folder may override single keys). The same strings are read back: each
 * template becomes a regular expression with one named group per placeholder.
 */
import { Templates } from '../profile/index.js';
import { ordinal } from '../model/view.js';
import type { ElementRef, SectionRef } from './changes.js';
import type { BlockKind } from './tree.js';

/** The template keys that name a section of each kind, in one kind of phrase. */
interface SectionKeys { clause: string; annex: string; unnumbered: string; subclause: string; references?: string }

const IN_SENTENCE: SectionKeys = { clause: 'sectionClause', annex: 'sectionAnnex', unnumbered: 'sectionUnnumbered', subclause: 'sectionSubclause' };
const HEADING: SectionKeys = { clause: 'headingClause', annex: 'headingAnnex', unnumbered: 'headingUnnumbered', subclause: 'headingSubclause', references: 'headingReferences' };
const OBJECT: SectionKeys = { clause: 'clause', annex: 'annex', unnumbered: 'unnumbered', subclause: 'subclause' };

export class Wording {
  readonly table: Record<string, string>;
  /** The publications' labels (templates/common/body.yaml note, example, table, figure): how a label read back is told apart. */
  readonly labels: Record<'note' | 'example' | 'table' | 'figure', string>;
  private readonly regexes = new Map<string, RegExp>();

  constructor(readonly templates: Templates = new Templates()) {
    this.table = templates.strings('common/instructions.yaml');
    const body = templates.strings('common/body.yaml');
    const label = (key: string) => templates.renderString(body[key] ?? key, {});
    this.labels = { note: label('note'), example: label('example'), table: label('table'), figure: label('figure') };
  }

  /** Whether `text` is the label `kind` alone or numbered ("NOTE", "NOTE 2", "Table A.1"). */
  isLabel(kind: keyof Wording['labels'], text: string, numbered = false): boolean {
    const l = this.labels[kind];
    return text.startsWith(`${l} `) || (!numbered && text === l);
  }

  t(key: string, data: object = {}): string {
    const tpl = this.table[key];
    if (tpl === undefined) throw new Error(`templates/common/instructions.yaml has no "${key}"`);
    return this.templates.renderString(tpl, data);
  }

  /** Reads a text made by template `key`: its placeholders, or undefined when it does not match. */
  match(key: string, text: string): Record<string, string> | undefined {
    let re = this.regexes.get(key);
    if (!re) {
      const tpl = this.table[key];
      if (tpl === undefined) return undefined;
      const parts = tpl.split(/\{\{\s*([\w.]+)\s*\}\}/);
      let src = '';
      parts.forEach((p, i) => { src += i % 2 ? `(?<${p.replace(/\./g, '_')}>.+?)` : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
      re = new RegExp(`^${src}$`, 's');
      this.regexes.set(key, re);
    }
    const m = re.exec(text.trim());
    return m ? { ...(m.groups ?? {}) } : undefined;
  }

  ordinal(n: number): string {
    return ordinal(n, this.templates);
  }

  ordinalNumber(word: string): number | undefined {
    for (let i = 1; i < 200; i++) if (ordinal(i) === word) return i;
    return undefined;
  }

  /** The template key for a section of each kind; subclauses (and references) take `subclause`. */
  private bySection(s: SectionRef, keys: SectionKeys): string {
    if (s.kind === 'unnumbered') return this.t(keys.unnumbered, { title: s.title });
    if (s.kind === 'references' && keys.references) return this.t(keys.references, { number: s.number.split('.')[0] });
    const key = s.kind === 'clause' ? keys.clause : s.kind === 'annex' ? keys.annex : keys.subclause;
    return this.t(key, { number: s.number });
  }

  /** Reads back a text bySection wrote with the same keys; `subclause` checks a subclause number. */
  private parseBySection(text: string, keys: SectionKeys, subclause = /./): SectionRef | undefined {
    let m = keys.references ? this.match(keys.references, text) : undefined;
    if (m) return { kind: 'references', number: m.number, title: '' };
    m = this.match(keys.clause, text);
    if (m && /^\d+$/.test(m.number)) return { kind: 'clause', number: m.number, title: '' };
    m = this.match(keys.annex, text);
    if (m && /^[A-Z]+$/.test(m.number)) return { kind: 'annex', number: m.number, title: '' };
    m = this.match(keys.subclause, text);
    if (m && subclause.test(m.number)) return { kind: 'subclause', number: m.number, title: '' };
    m = this.match(keys.unnumbered, text);
    if (m) return { kind: 'unnumbered', number: '', title: m.title };
    return undefined;
  }

  /** "clause 6", "6.1", "Annex A", "the Introduction", "2.1". */
  section(s: SectionRef): string {
    return this.bySection(s, IN_SENTENCE);
  }

  /** "Subclause 7.4.1", the heading of a group of instructions. */
  heading(s: SectionRef): string {
    return this.bySection(s, HEADING);
  }

  /** "subclause 6.2", "Annex B": a whole section as the object of an instruction. */
  sectionObject(s: SectionRef): string {
    return this.bySection(s, OBJECT);
  }

  element(e: ElementRef): string {
    if (e.type === 'section') return this.sectionObject(e.section);
    const inn = this.section(e.section);
    if (e.type === 'item') return e.quote ? this.t('listItemQuoted', { words: e.quote, in: inn }) : this.t('listItem', { item: e.item, ordinal: ordinal(e.ordinal), in: inn });
    switch (e.kind) {
      case 'note': case 'example': return this.t('note', { label: e.label, in: inn });
      case 'table': return this.t('table', { label: e.label });
      case 'figure': return this.t('figure', { label: e.label });
      case 'term': return this.t('term', { number: e.label });
      case 'footnote': return this.t('footnote', { label: e.label, in: inn });
      case 'paragraph': return e.quote ? this.t('paragraphQuoted', { words: e.quote, in: inn }) : this.t('paragraph', { ordinal: ordinal(e.ordinal), in: inn });
      case 'list': return this.t('list', { ordinal: ordinal(e.ordinal), in: inn });
      case 'code': return this.t('code', { ordinal: ordinal(e.ordinal), in: inn });
      default: return this.t('block', { ordinal: ordinal(e.ordinal), in: inn });
    }
  }

  /** Reads a section location back ("clause 6", "6.1", "Annex A", "the Scope"). */
  parseSection(text: string): SectionRef | undefined {
    // a bare "6.1" must look like a subclause number, or any text would be one
    return this.parseBySection(text, IN_SENTENCE, /^([A-Z]+|\d+)(\.\d+)+$/);
  }

  parseSectionObject(text: string): SectionRef | undefined {
    return this.parseBySection(text, OBJECT);
  }

  parseHeading(text: string): SectionRef | undefined {
    return this.parseBySection(text, HEADING);
  }

  /** Reads an element location back. */
  parseElement(text: string): ElementRef | undefined {
    const tries: [string, (m: Record<string, string>) => ElementRef | undefined][] = [
      ['listItemQuoted', (m) => { const s = this.parseSection(m.in); return s ? { type: 'item', section: s, ordinal: 0, item: '', index: -1, quote: m.words } : undefined; }],
      ['listItem', (m) => { const s = this.parseSection(m.in); const o = this.ordinalNumber(m.ordinal); return s && o ? { type: 'item', section: s, ordinal: o, item: m.item, index: itemIndex(m.item) } : undefined; }],
      ['paragraphQuoted', (m) => { const s = this.parseSection(m.in); return s ? { type: 'block', section: s, kind: 'paragraph', ordinal: 0, quote: m.words } : undefined; }],
      ['paragraph', (m) => this.ordinalIn('paragraph', m)],
      ['list', (m) => this.ordinalIn('list', m)],
      ['code', (m) => this.ordinalIn('code', m)],
      ['block', (m) => this.ordinalIn('block', m)],
      ['footnote', (m) => { const s = this.parseSection(m.in); return s && /^\d+$/.test(m.label) ? { type: 'block', section: s, kind: 'footnote', ordinal: 0, label: m.label } : undefined; }],
      ['note', (m) => { const s = this.parseSection(m.in); const kind = this.isLabel('note', m.label) ? 'note' : this.isLabel('example', m.label) ? 'example' : undefined; return s && kind ? { type: 'block', section: s, kind, ordinal: 0, label: m.label } : undefined; }],
      ['term', (m) => ({ type: 'block', section: { kind: 'subclause', number: '', title: '' }, kind: 'term', ordinal: 0, label: m.number })],
      ['table', (m) => (this.isLabel('table', m.label, true) ? { type: 'block', section: { kind: 'unnumbered', number: '', title: '' }, kind: 'table', ordinal: 0, label: m.label } : undefined)],
      ['figure', (m) => (this.isLabel('figure', m.label, true) ? { type: 'block', section: { kind: 'unnumbered', number: '', title: '' }, kind: 'figure', ordinal: 0, label: m.label } : undefined)],
    ];
    for (const [key, f] of tries) {
      const m = this.match(key, text);
      const r = m && f(m);
      if (r) return r;
    }
    const s = this.parseSectionObject(text);
    return s ? { type: 'section', section: s } : undefined;
  }

  private ordinalIn(kind: BlockKind, m: Record<string, string>): ElementRef | undefined {
    const s = this.parseSection(m.in);
    const o = this.ordinalNumber(m.ordinal);
    return s && o ? { type: 'block', section: s, kind, ordinal: o } : undefined;
  }
}

function itemIndex(label: string): number {
  const m = /^([a-z])\1*\)$/.exec(label);
  if (m) return (label.length - 2) * 26 + (m[1].charCodeAt(0) - 97);
  return Number(label) - 1;
}
