/**
 * What makes a supplement publication read as the real ones, beyond its instructions:
 *
 * - the instruction headings and sentences in styles of their own, distinct from the replacement
 *   content (O.174 Cor.2 (02/2012): "1)⇥Clause 8.4.2.1" in `heading 1`, "Replace … with the
 *   following:" in `Heading_i`; ISO 17301-1:2016/Amd.1:2017: the location in italics), as the roles
 *   `instruction-heading` and `instruction`, which each publication's docx.yaml maps to its style;
 * - the supplement's own Summary (`--summary FILE`), a `# Summary {.summary}` section of the supplement
 *   source, which the ITU front matter prints and `apply` passes over.
 */
import type { Heading, RootContent } from 'mdast';
import path from 'node:path';
import { makePara, type DeclaredDifference, type Para, type PubBlock, type Publication, type TocEntry } from '../model/publication.js';
import { loadProfile, type Layout } from '../profile/index.js';
import type { Metadata } from '../source/metadata.js';
import { parseMarkdown } from '../source/markdown.js';
import { parseSourceText } from '../source/parse.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { headingParts } from './tree.js';
import { INSTRUCTION_KEYS } from './instructions.js';
import { Wording } from './wording.js';

const text = (p: Para) => p.runs.map((r) => r.text).join('');

/** How a publication prints its instruction headings (profile.yaml `supplement.instructionHeadings`); numbered alone by default. */
type Scheme = NonNullable<Layout['instructionHeadings']>;

function schemeOf(pub: Publication): Scheme {
  return loadProfile(pub.side, pub.templates).supplement?.instructionHeadings ?? { numbered: true };
}

/**
 * The body of a supplement with its instruction headings ("1) Clause 1", a top-level heading of the
 * supplement source) and instruction sentences (and their "(Resolves defect report 3.)") given their own
 * roles, new content's headings as the text prints them, and the contents made again from the headings
 * so laid out. Each publication numbers the instruction headings its own way (its profile says): ITU as
 * O.174 Cor.2, "1)⇥Changes to Recommendation ITU-T O.174" over them all and "1.1)⇥Clause 8.4.2.1" under
 * it, each number set off by a tab; ISO as ISO 17301-1:2016/Amd.1:2017, the location alone. The heading's
 * part keeps the location alone, which `check` compares (the numbers are each publication's own).
 */
export function withInstructionRoles(pub: Publication, meta?: Metadata): Publication {
  const w = new Wording(pub.templates);
  const scheme = schemeOf(pub);
  const levels = new Map<Para, number>();
  const located = new Map<string, string>();
  for (const section of pub.sections) {
    if (section.name !== 'body') continue;
    // in a new annex: its text in the text's own styles, not set in (ISO 17301-1:2016/Amd.1:2017's new Annex E)
    let inAnnex = false;
    section.blocks.forEach((b, i) => {
      if (b.kind === 'table') { if (levels.size && !inAnnex && !b.look) b.look = SET_IN_TABLE; return; }
      if (b.kind !== 'p') return;
      const was = text(b);
      if (b.role === 'unnumbered-heading' && b.part?.level === 1 && instructionHeading(w, b, scheme)) { levels.set(b, scheme.wrapped ? 2 : 1); located.set(spaced(was), b.part!.title!); inAnnex = false; }
      else if (b.role === 'unnumbered-heading') { const l = contentHeading(w, b, section.blocks[i + 1]); if (l) levels.set(b, l); inAnnex ||= (b.role as string) === 'annex-heading'; }
      else if (levels.size) setIn(w, b, inAnnex);
    });
    if (scheme.wrapped && meta?.supplement) wrap(w, section.blocks, levels, meta);
  }
  return { ...pub, toc: contents(pub, levels), declared: relocated(pub.declared, located) };
}

const spaced = (t: string) => t.replace(/\s+/g, ' ').trim();

/**
 * The publication's declared differences (a one-side group of instructions) named as `check` reads the
 * group: by its location alone ("Subclause A.1"), the group number being the publication's own.
 */
function relocated(declared: DeclaredDifference[], located: Map<string, string>): DeclaredDifference[] {
  const at = (t: string) => located.get(spaced(t)) ?? t;
  return declared.map((d) => ({ ...d, ...(d.clause !== undefined ? { clause: at(d.clause) } : {}), texts: d.texts.map(at) }));
}

/**
 * Replacement content's roles, which the ISO publication sets in from the instruction's left edge, its
 * notes and lists as its paragraphs (ISO 17301-1:2016/Amd.1:2017: "NOTE 2 For certain destinations …" under
 * "Designate the existing NOTE as NOTE 1 and add the following new NOTE:"); ITU prints them as the text does.
 */
const SET_IN: Record<string, string> = { note: 'replacement-note', example: 'replacement-example', list1: 'replacement-list1', list2: 'replacement-list2', list3: 'replacement-list3' };
/** Replacement tables: the table look (docx.yaml `tables:`) that sets them in. */
const SET_IN_TABLE = 'replacement';

/** A paragraph under an instruction heading: an instruction sentence, or replacement text (set in unless it is a new annex's). */
function setIn(w: Wording, b: Para, inAnnex: boolean): void {
  if (b.role === 'body' && !b.part) b.role = isInstruction(w, text(b)) ? 'instruction' : inAnnex ? 'body' : 'replacement-body';
  else if (!inAnnex && SET_IN[b.role]) b.role = SET_IN[b.role];
}

/** The one heading over the instruction headings ("1)⇥Changes to Recommendation ITU-T O.174"), before the first of them. */
function wrap(w: Wording, blocks: PubBlock[], levels: Map<Para, number>, meta: Metadata): void {
  const first = blocks.findIndex((b) => b.kind === 'p' && b.role === 'instruction-heading');
  if (first < 0) return;
  const kind = meta.supplement!.type === 'amendment' ? 'changesAmendment' : 'changesCorrigendum';
  const heading = w.t(kind, { number: meta.itu.number });
  const shown = tabbed(w.t('groupHeading', { index: 1, heading }), heading);
  const wrapper = makePara('instruction-wrapper', [{ text: shown }], { target: { id: 'sec_changes', generated: true } });
  blocks.splice(first, 0, wrapper);
  levels.set(wrapper, 1);
}

/** A heading's text with a tab, not a space, between its number and the location that follows it. */
function tabbed(t: string, location: string): string {
  const at = t.lastIndexOf(location);
  return at > 0 ? `${t.slice(0, at).trimEnd()}\t${t.slice(at)}` : t;
}

/**
 * "1) Clause 1" → role instruction-heading, printed as the publication numbers it ("1)⇥Clause 1",
 * "1.1)⇥Clause 1" under a wrapper heading, or "Clause 1"); a heading that names no location is left as it is.
 */
function instructionHeading(w: Wording, p: Para, scheme: Scheme): boolean {
  const m = w.match('groupHeading', text(p));
  const first = p.runs[0];
  if (!m || !first || !first.text.includes(m.heading.split(/\s/)[0])) return false;
  p.role = 'instruction-heading';
  p.part = { ...p.part!, title: m.heading };
  const index = scheme.wrapped ? w.t('wrappedIndex', { outer: 1, index: m.index }) : m.index;
  const printed = scheme.numbered ? tabbed(w.t('groupHeading', { index, heading: m.heading }), m.heading) : m.heading;
  // the heading's text in one run (a location is plain words)
  p.runs = [{ ...first, text: printed }];
  return true;
}

/**
 * The contents of a supplement (an ITU amendment prints them, as P.340 Amd.1): the instruction
 * headings and new annexes at level 1, new numbered headings at their level, as deep as the contents
 * already go; entries of headings left as they were are kept.
 */
function contents(pub: Publication, levels: Map<Para, number>): TocEntry[] {
  const depth = Math.max(0, ...pub.toc.map((e) => e.level));
  const byTarget = new Map(pub.toc.map((e) => [e.target.id, e]));
  const body = pub.sections.filter((s) => s.name === 'body').flatMap((s) => s.blocks).filter((b): b is Para => b.kind === 'p' && !!b.target);
  const inBody = new Set(body.map((p) => p.target!.id));
  const out = pub.toc.filter((e) => !inBody.has(e.target.id));
  for (const p of body) {
    const had = byTarget.get(p.target!.id);
    const level = levels.get(p);
    if (level === undefined) { if (had) out.push(had); continue; }
    if (level > depth && !had) continue;
    out.push({ level, target: p.target!, text: p.role === 'annex-heading' && had ? had.text : text(p) });
  }
  return out;
}

/** An instruction sentence, or the defect reports it resolves: what `apply` reads as one (instructions.ts). */
function isInstruction(w: Wording, t: string): boolean {
  return w.match('defects', t) !== undefined || INSTRUCTION_KEYS.some((k) => w.match(k, t) !== undefined);
}

// a number as the supplement prints it on a new heading: "8.3.3a", "14a", "C.1", "2.2"
const PRINTED_NUMBER = /^((?:\d+|[A-Z])[a-z]*(?:\.\d+[a-z]*)*)\s+/;

/**
 * A heading of new content as the text prints it (P.340 Amd.1's new Annex B: "Annex B⏎⏎Title" in the
 * annex style, "B.1⇥Introduction" in heading 2): an annex heading "Annex C – Title" (instructions.yaml
 * annexHeading) with its obligation line, a numbered one at the level its number gives.
 */
function contentHeading(w: Wording, p: Para, next: PubBlock | undefined): number | undefined {
  const first = p.runs[0];
  if (!first) return undefined;
  const annex = w.match('annexHeading', text(p));
  if (annex && p.runs.length === 1) {
    p.role = 'annex-heading';
    const label = w.templates.renderString(w.templates.strings('common/body.yaml').annexLabel, { letter: annex.letter });
    first.text = `${label}\n\n${annex.title}`;
    if (next?.kind === 'p' && next.role === 'body') next.role = 'annex-obligation';
    return 1;
  }
  const m = PRINTED_NUMBER.exec(first.text);
  if (!m || !(/\./.test(m[1]) || /[a-z]$/.test(m[1]))) return undefined;
  const level = Math.min(m[1].split('.').length, 6);
  p.role = /^[A-Z]/.test(m[1]) ? `annex-heading${level}` : `heading${level}`;
  first.text = `${m[1]}\t${first.text.slice(m[0].length)}`;
  return level;
}

// ---------------------------------------------------------------------------------------------
// The supplement's Summary

/** The `{.summary}` heading of a supplement source, by its attributes. */
function isSummaryHeading(n: RootContent): n is Heading {
  return n.type === 'heading' && n.depth === 1 && headingParts(n).attrs.classes.includes('summary');
}

/**
 * The supplement source without its Summary section, its lines left empty (so that `apply`'s
 * messages keep their line numbers): the Summary is the supplement's own text, no instruction.
 */
export function withoutSummary(md: string): string {
  const nodes = parseMarkdown(md).children;
  const start = nodes.findIndex(isSummaryHeading);
  if (start < 0) return md;
  const next = nodes.slice(start + 1).find((n) => n.type === 'heading' && n.depth === 1);
  const lines = md.split('\n');
  const from = nodes[start].position!.start.line - 1;
  const to = next ? next.position!.start.line - 1 : lines.length;
  for (let i = from; i < to; i++) lines[i] = '';
  return lines.join('\n');
}

/**
 * The supplement source with its Summary (the Markdown of `--summary FILE`) as the first section of
 * its body, after the front matter; `heading` is the section's heading line ("# Summary {.summary}").
 */
export function withSummary(md: string, summary: string, heading: string): string {
  const root = parseMarkdown(md);
  const yaml = root.children[0]?.type === 'yaml' ? root.children[0] : undefined;
  const cut = yaml ? yaml.position!.end.offset! : 0;
  return `${md.slice(0, cut)}\n\n${heading}\n\n${summary.trim()}${md.slice(cut)}`;
}

/**
 * What is wrong with the Markdown of `--summary FILE`, at its own lines: it is read as the Summary
 * of a source with the supplement's front matter (so a misspelt directive or a dangling footnote is
 * found there, not in the supplement built from it); the ITU Summary is paragraphs only, no heading.
 */
export function summaryProblems(file: string, summary: string, yaml: string, heading: string): Diagnostic[] {
  const shown = path.relative(process.cwd(), file) || file;
  if (!summary.trim()) return [{ file: shown, line: 1, column: 1, severity: 'error', code: 'summary', message: 'the Summary file is empty; write the Summary of the supplement as one or more paragraphs' }];
  const headings = parseMarkdown(summary).children.filter((n) => n.type === 'heading' || n.type === 'yaml');
  if (headings.length) {
    const p = headings[0].position!.start;
    return [{ file: shown, line: p.line, column: p.column, severity: 'error', code: 'summary', message: 'the Summary is paragraphs only: a heading (or front matter) here would end it', fix: 'write it as a paragraph, or leave it out' }];
  }
  const head = `---\n${yaml}\n---\n\n${heading}\n\n`;
  const offset = head.split('\n').length - 1;
  const parsed = parseSourceText(`${head}${summary}`, file);
  return parsed.diagnostics.sorted().filter((d) => d.severity === 'error' && d.line > offset).map((d) => ({ ...d, file: shown, line: d.line - offset }));
}
