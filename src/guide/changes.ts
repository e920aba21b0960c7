/**
 * The structured corrections of defect records (`changes:`, src/supplement/defect-changes.ts) as the
 * corrigenda word them (templates/common/instructions.yaml, src/supplement/wording.ts): per record,
 * its changes grouped by section in the order of the text, each group headed "1) Subclause 7.4.1",
 * each change "In 7.4.1, replace "…" with "…".". Every change is checked against the text as the ITU
 * publication prints it: the section must exist, and the quoted text must occur there exactly once (or,
 * when the source already has the correction, the corrected text must), so that a reader finds it.
 */
import path from 'node:path';
import type { DefectRecord } from '../supplement/defects.js';
import { isCommit, type DefectChange } from '../supplement/defect-changes.js';
import type { SectionRef } from '../supplement/changes.js';
import { Wording } from '../supplement/wording.js';
import type { Para, Publication, PubBlock } from '../model/publication.js';
import { paraText } from '../model/publication.js';
import type { Diagnostic, SourcePosition } from '../util/diagnostics.js';
import type { Templates } from '../profile/index.js';

/** A section of the publication's body: how an instruction names it, and its printed text (subsections included). */
interface PrintedSection {
  ref: SectionRef;
  /** What a record's `in:` names it by: its number ("7.4.1"), an annex's letter, an unnumbered section's title. */
  key: string;
  text: string;
}

/** One group of a record's instructions: "1) Subclause 7.4.1" and its sentences. */
export interface InstructionGroup {
  heading: string;
  instructions: string[];
}

/** The text of a body block, paragraph by paragraph (a table cell by cell): a quote never spans two. */
function blockTexts(b: PubBlock): string[] {
  if (b.kind === 'p') return [paraText(b)];
  if (b.kind === 'table') return b.rows.flatMap((r) => r.cells.flatMap((c) => c.map(paraText)));
  return [];
}

/** The section a heading paragraph starts, with its level; undefined for any other paragraph. */
function headingOf(p: Para, annexLetter: (label: string) => string | undefined): { ref: SectionRef; key: string; level: number } | undefined {
  const part = p.part;
  if (!part || !part.level || (part.kind !== 'clause' && part.kind !== 'annex')) return undefined;
  const title = part.title ?? '';
  if (part.kind === 'annex') {
    const letter = annexLetter(part.label) ?? part.label;
    return { ref: { kind: 'annex', number: letter, title }, key: letter, level: 1 };
  }
  if (!part.label) return { ref: { kind: 'unnumbered', number: '', title }, key: title, level: part.level };
  return { ref: { kind: part.level === 1 && /^\d+$/.test(part.label) ? 'clause' : 'subclause', number: part.label, title }, key: part.label, level: part.level };
}

/**
 * Every section of the publication with its text (from its heading to the next heading at its level or
 * above, or the end of its part of the publication): the body's clauses and annexes, and the
 * Introduction the front matter holds.
 */
export function printedSections(pub: Publication, annexLetter: (label: string) => string | undefined): PrintedSection[] {
  const open: (PrintedSection & { level: number; parts: string[] })[] = [];
  const all: typeof open = [];
  for (const section of pub.sections) {
    open.length = 0;
    for (const b of section.blocks) {
      const h = b.kind === 'p' ? headingOf(b, annexLetter) : undefined;
      if (h) {
        while (open.length && open[open.length - 1].level >= h.level) open.pop();
        const s = { ...h, text: '', parts: [] as string[] };
        open.push(s);
        all.push(s);
      }
      for (const t of blockTexts(b)) for (const s of open) s.parts.push(t);
    }
  }
  return all.map((s) => ({ ref: s.ref, key: s.key, text: s.parts.join('\n') }));
}

/** How often `quote` occurs in `text` (case-sensitive, occurrences that do not overlap). */
function occurrences(text: string, quote: string): number {
  return quote ? text.split(quote).length - 1 : 0;
}

/** A problem of a record's change, at its field in the record file. */
function at(pos: SourcePosition, code: string, message: string): Diagnostic {
  return { file: pos.file, line: pos.line, column: pos.column, severity: 'error', code, message };
}

/** Whether a change names a section of the text and text that is found there once; the problem otherwise. */
function changeProblem(c: DefectChange, section: PrintedSection | undefined, source: string, wording: Wording): Diagnostic | undefined {
  const name = path.basename(source);
  if (!section) return at(c.pos.in, 'guide-change-section', `there is no section "${c.in}" in the ITU publication of ${name}; name a clause, subclause or annex by its number as printed ("7.4.1", "A.2"), or an unnumbered section by its title`);
  const where = wording.section(section.ref);
  const before = occurrences(section.text, c.replace);
  if (before === 1) return undefined;
  if (before > 1) return at(c.pos.replace, 'guide-change-quote', `"${c.replace}" occurs ${before} times in ${where}; quote more of the text around it, so that it occurs once`);
  // the source may already hold the correction (a resolved report): then the corrected text is there once
  if (occurrences(section.text, c.with) === 1) return undefined;
  return at(c.pos.replace, 'guide-change-quote', `"${c.replace}" is not in ${where} as the ITU publication prints it (nor is the corrected text "${c.with}"); quote the text as printed there, cross-references as numbered`);
}

/**
 * The instruction groups of each record that has `changes:` (by record number); every change that does
 * not fit the text as a diagnostic, all at once.
 */
export function recordInstructions(records: DefectRecord[], pub: Publication, templates: Templates, source: string): { groups: Map<number, InstructionGroup[]>; problems: Diagnostic[] } {
  const wording = new Wording(templates);
  const sections = printedSections(pub, annexLetterReader(templates));
  const groups = new Map<number, InstructionGroup[]>();
  const problems: Diagnostic[] = [];
  for (const r of records) {
    const texts = (r.changes ?? []).filter((c): c is DefectChange => !isCommit(c));
    if (!texts.length) continue;
    const bySection = new Map<PrintedSection, string[]>();
    for (const c of texts) {
      const section = sections.find((s) => s.key === c.in);
      const problem = changeProblem(c, section, source, wording);
      if (problem) { problems.push(problem); continue; }
      const list = bySection.get(section!) ?? [];
      list.push(wording.t('replaceString', { in: wording.section(section!.ref), old: c.replace, new: c.with }));
      bySection.set(section!, list);
    }
    // in the order of the text, as a corrigendum lists its changes
    const ordered = [...bySection].sort(([a], [b]) => sections.indexOf(a) - sections.indexOf(b));
    groups.set(r.number, ordered.map(([s, instructions], i) => ({ heading: wording.t('groupHeading', { index: i + 1, heading: wording.heading(s.ref) }), instructions })));
  }
  return { groups, problems };
}

/** "Annex B" → "B", by the publication's own annex label (templates/common/body.yaml annexLabel). */
function annexLetterReader(templates: Templates): (label: string) => string | undefined {
  const pattern = templates.strings('common/body.yaml').annexLabel ?? '';
  const [before, after] = pattern.split(/\{\{\s*letter\s*\}\}/);
  return (label) => (label.startsWith(before) && label.endsWith(after ?? '') ? label.slice(before.length, label.length - (after ?? '').length) : undefined);
}
