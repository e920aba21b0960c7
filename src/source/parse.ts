/**
 * Source → document model. Reads the main file and its includes, validates the front matter, turns
 * the Markdown tree into clauses, blocks and inlines, and checks what can be checked without
 * knowing the publication (anchors, citations, roles). All problems are collected, none thrown.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type {
  Root, RootContent, PhrasingContent, Heading, Paragraph, Table, List, Text, Image,
} from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { Diagnostics, type SourcePosition } from '../util/diagnostics.js';
import { isInside } from '../util/files.js';
import { checkSourceText } from './text-check.js';
import { readFrontMatter } from './frontmatter.js';
import { parseMarkdown, TEXT_DIRECTIVES, CONTAINER_DIRECTIVES } from './markdown.js';
import { acceptedList, checkAbbreviations, checkCaptions, didYouMean, isAbbreviationsHeading, reportDirectiveAttributes } from './authoring.js';
import { fileProblem, LIMITS, scanSource } from './limits.js';
import { templatesFolderProblem } from '../profile/index.js';
import type { Block, Caption, ImageWidth, Inline, Section, SectionRole, Side, SourceDocument } from '../model/types.js';
import type { Metadata, ReferenceEntry } from './metadata.js';

export interface ParseOptions {
  /** Read a file; defaults to the file system. The watch mode and the tests pass their own. */
  readFile?: (file: string) => string;
  /** Parse one file's Markdown; defaults to parseMarkdown. The watch mode passes a per-clause cache. */
  parseMarkdown?: (text: string, file: string) => Root;
  /**
   * Blocks converted in an earlier parse, by Markdown node (the watch mode keeps one): a node that is
   * the same object at the same place gives the same blocks and warnings without converting again.
   */
  conversionCache?: WeakMap<object, CachedConversion>;
}

export interface CachedConversion {
  file: string;
  offset: number;
  line: number;
  /** The next node, when a caption or table was read together with this one. */
  next?: object;
  nextOffset?: number;
  blocks: Block[];
  diagnostics: Diagnostics['list'];
}

export interface ParseResult {
  document?: SourceDocument;
  diagnostics: Diagnostics;
}

/** One top-level block of the flattened source, with the file it came from and its one-side block, if any. */
interface Item {
  node: RootContent;
  file: string;
  source: string;
  side?: Side;
  reason?: string;
  /** Identity of the `:::itu`/`:::iso` block it came from, to regroup consecutive items. */
  group?: number;
}

const ROLE_CLASSES: Record<string, SectionRole> = {
  summary: 'summary',
  introduction: 'introduction',
  'normative-references': 'normative-references',
  terms: 'terms',
  bibliography: 'bibliography',
};

export function parseSource(mainFile: string, options: ParseOptions = {}): ParseResult {
  const diagnostics = new Diagnostics();
  const read = options.readFile ?? ((f: string) => readFileSync(f, 'utf8'));
  const absMain = path.resolve(mainFile);
  const displayMain = path.relative(process.cwd(), absMain) || absMain;
  const bad = fileProblem(absMain);
  if (bad) {
    diagnostics.error({ file: displayMain, line: 0, column: 0 }, bad.code, `the source file ${bad.message}`);
    return { diagnostics };
  }
  let text: string;
  try {
    text = read(absMain);
  } catch (e) {
    diagnostics.error({ file: displayMain, line: 1, column: 1 }, 'file-unreadable', `cannot read the source file: ${(e as Error).message}`);
    return { diagnostics };
  }
  const parser = new SourceParser(absMain, read, diagnostics, options.parseMarkdown, options.conversionCache);
  const document = parser.run(text);
  return { document: diagnostics.hasErrors ? undefined : document, diagnostics };
}

/** Parses a source given as text (library use, tests, property-based tests). */
export function parseSourceText(text: string, fileName = 'source.md', options: ParseOptions = {}): ParseResult {
  const diagnostics = new Diagnostics();
  const abs = path.resolve(fileName);
  const parser = new SourceParser(abs, options.readFile ?? ((f) => readFileSync(f, 'utf8')), diagnostics, options.parseMarkdown, options.conversionCache);
  const document = parser.run(text);
  return { document: diagnostics.hasErrors ? undefined : document, diagnostics };
}

class SourceParser {
  private readonly root: string;
  private readonly files: string[] = [];
  private groupCounter = 0;
  private readonly footnotes = new Map<string, { blocks: Block[]; pos: SourcePosition }>();

  private readonly parseMd: (text: string, file: string) => Root;

  constructor(private readonly mainFile: string, private readonly read: (f: string) => string, private readonly diagnostics: Diagnostics,
    parseMd?: (text: string, file: string) => Root, private readonly conversions?: WeakMap<object, CachedConversion>) {
    this.root = path.dirname(mainFile);
    this.parseMd = parseMd ?? ((text) => parseMarkdown(text));
    const md = this.parseMd; this.parseMd = (text, file) => { checkSourceText(text, file, this.display(file), diagnostics); return md(text, file); };
  }

  private readonly displayNames = new Map<string, string>();

  /** The file's name as messages show it (relative to the working folder); asked for every node's position. */
  private display(file: string): string {
    let d = this.displayNames.get(file);
    if (d === undefined) { d = path.relative(process.cwd(), file) || file; this.displayNames.set(file, d); }
    return d;
  }

  private pos(file: string, node: { position?: { start: { line: number; column: number } } } | undefined): SourcePosition {
    const p = node?.position?.start;
    return { file: this.display(file), line: p?.line ?? 1, column: p?.column ?? 1 };
  }

  /** Included files expanded so far, and blocks read so far: both limited (LIMITS). */
  private expansions = 0;
  private blockCount = 0;

  /** The file's Markdown tree, or undefined when it nests too deep to be given to the parser (reported). */
  private parseChecked(text: string, file: string): Root | undefined {
    const { problem: deep, blocks } = scanSource(text, this.blockCount);
    this.blockCount = blocks;
    if (deep) {
      this.diagnostics.error({ file: this.display(file), line: deep.line, column: deep.column }, deep.code, deep.message);
      return undefined;
    }
    return this.parseMd(text, file);
  }

  run(text: string): SourceDocument | undefined {
    this.files.push(this.mainFile);
    const tree = this.parseChecked(text, this.mainFile);
    if (!tree) return undefined;
    let meta: Metadata | undefined;
    let references = new Map<string, ReferenceEntry>();
    const first = tree.children[0];
    if (first?.type === 'yaml') {
      ({ meta, references } = readFrontMatter(first.value, this.display(this.mainFile), first.position?.start.line ?? 1, this.diagnostics));
      if (meta?.templates) this.checkTemplatesFolder(meta.templates, first.value, first.position?.start.line ?? 1);
    } else {
      // a first line "---" with no closing "---" is front matter left open, not missing
      const unclosed = /^---[ \t]*\r?\n/.test(text);
      this.diagnostics.error(this.pos(this.mainFile, first), 'front-matter-missing', unclosed
        ? 'the front matter opened by the "---" on line 1 is never closed; end the YAML fields with a line of its own "---" before the first heading'
        : 'the source has no front matter; it must start with a "---" line, the YAML fields (title, itu, iso), and another "---" line');
    }
    const items = this.flatten(tree.children.filter((n) => n.type !== 'yaml'), this.mainFile, text, [this.mainFile]);
    const doc = this.buildSections(items);
    const document: SourceDocument = {
      // with front-matter errors the body is still checked (against the references that could be read)
      meta: meta ?? ({ references } as Metadata),
      summary: doc.summary,
      introduction: doc.introduction,
      sections: doc.sections,
      footnotes: this.footnotes,
      files: this.files,
      root: this.root,
      mainFile: this.mainFile,
    };
    validateDocument(document, this.diagnostics);
    if (meta?.quietWarnings?.length) this.diagnostics.quiet(meta.quietWarnings);
    return meta ? document : undefined;
  }

  /** The front matter's `templates:` must name a folder (relative to the source); reported at its line. */
  private checkTemplatesFolder(dir: string, yaml: string, firstLine: number): void {
    const why = templatesFolderProblem(path.resolve(this.root, dir));
    if (!why) return;
    const index = yaml.split('\n').findIndex((l) => /^templates\s*:/.test(l));
    this.diagnostics.error({ file: this.display(this.mainFile), line: firstLine + 1 + Math.max(0, index), column: 1 }, 'templates-folder',
      `the templates folder "${dir}" ${why} (${this.display(path.resolve(this.root, dir)) || '.'}), so none of its templates could be used`,
      'name an existing folder, relative to the source, or remove the templates: line to use the bundled templates');
  }

  /** Expands includes and one-side blocks into one stream of top-level items. */
  private flatten(nodes: RootContent[], file: string, source: string, stack: string[], side?: Side, reason?: string, group?: number): Item[] {
    const out: Item[] = [];
    for (const node of nodes) {
      if (node.type === 'leafDirective' && node.name === 'include') {
        for (const it of this.include(node, file, stack, side, reason, group)) out.push(it);
      } else if (node.type === 'containerDirective' && (node.name === 'itu' || node.name === 'iso')) {
        const r = node.attributes?.reason ?? '';
        if (side && side !== node.name) {
          this.diagnostics.error(this.pos(file, node), 'nested-sides', `a :::${node.name} block cannot sit inside a :::${side} block: its text would be in neither publication`);
          continue;
        }
        this.checkOneSide(node, file);
        for (const it of this.flatten(node.children as RootContent[], file, source, stack, node.name, r, ++this.groupCounter)) out.push(it);
      } else if (node.type === 'footnoteDefinition') {
        const blocks = this.convertBlocks(node.children as RootContent[], file, source, stack, false);
        if (this.footnotes.has(node.identifier)) {
          this.diagnostics.error(this.pos(file, node), 'duplicate-footnote', `footnote [^${node.label ?? node.identifier}] is defined twice; give each footnote its own label`);
        }
        this.footnotes.set(node.identifier, { blocks, pos: this.pos(file, node) });
      } else {
        out.push({ node, file, source, side, reason, group });
      }
    }
    return out;
  }

  private include(node: LeafDirective, file: string, stack: string[], side?: Side, reason?: string, group?: number): Item[] {
    const at = this.pos(file, node);
    reportDirectiveAttributes(this.diagnostics, at, '::include', node.attributes, 'include');
    const rel = node.attributes?.file;
    if (!rel) {
      this.diagnostics.error(at, 'include-no-file', '::include needs a file attribute, e.g. ::include{file="clauses/06.md"}');
      return [];
    }
    const target = path.resolve(path.dirname(file), rel);
    if (!isInside(target, this.root)) {
      this.diagnostics.error(at, 'include-outside', `::include{file="${rel}"} points outside the source's folder (${this.display(this.root) || '.'}); included files must be inside it`);
      return [];
    }
    // A symbolic link inside the folder may still point out of it: compare the real paths too.
    try {
      if (existsSync(target)) {
        const realRoot = realpathSync(this.root);
        const real = realpathSync(target);
        if (!isInside(real, realRoot)) {
          this.diagnostics.error(at, 'include-outside', `::include{file="${rel}"} is a link to a file outside the source's folder; included files must be inside it`);
          return [];
        }
      }
    } catch { /* unreadable: reported below */ }
    if (stack.includes(target)) {
      const chain = [...stack.slice(stack.indexOf(target)), target].map((f) => this.display(f)).join(' → ');
      this.diagnostics.error(at, 'include-cycle', `::include{file="${rel}"} makes a cycle (${chain}); a file cannot include itself, directly or through others`);
      return [];
    }
    if (stack.length > LIMITS.blockDepth) {
      this.diagnostics.error(at, 'include-depth', `::include{file="${rel}"} is included ${stack.length} files deep; the limit is ${LIMITS.blockDepth} levels of included files: include the files from fewer levels`);
      return [];
    }
    if (++this.expansions === LIMITS.includes + 1) {
      this.diagnostics.error(at, 'include-limit', `::include{file="${rel}"} makes more than ${LIMITS.includes} files included (each ::include counted every time it is reached); the limit is ${LIMITS.includes}: a file that includes another many times multiplies them, include each file once`);
    }
    if (this.expansions > LIMITS.includes) return [];
    const bad = fileProblem(target);
    if (bad) {
      this.diagnostics.error(at, bad.code, `::include{file="${rel}"} ${bad.message} (${this.display(target)})`);
      return [];
    }
    let text: string;
    try {
      text = this.read(target);
    } catch {
      this.diagnostics.error(at, 'include-missing', `::include{file="${rel}"}: there is no such file (${this.display(target)})`);
      return [];
    }
    if (!this.files.includes(target)) this.files.push(target);
    const tree = this.parseChecked(text, target);
    if (!tree) return [];
    if (tree.children[0]?.type === 'yaml') {
      this.diagnostics.error(this.pos(target, tree.children[0]), 'include-front-matter', 'an included file cannot have front matter; only the main file has it');
    }
    return this.flatten(tree.children.filter((n) => n.type !== 'yaml'), target, text, [...stack, target], side, reason, group);
  }

  private buildSections(items: Item[]) {
    const sections: Section[] = [];
    let summary: Section | undefined;
    let introduction: Section | undefined;
    const open: Section[] = []; // open[i] = section at level i+1
    let pendingGroup: { group: number; block: Extract<Block, { type: 'only' }> } | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const { node, file } = item;
      if (node.type === 'heading') {
        pendingGroup = undefined;
        const section = this.heading(node, item);
        const depth = open.length;
        if (section.level > depth + 1) {
          this.diagnostics.error(this.pos(file, node), 'heading-jump',
            `heading level jumps from ${depth ? '#'.repeat(depth) : 'the start'} to ${'#'.repeat(section.level)}; use ${'#'.repeat(depth + 1)} here (a subclause sits directly under its clause)`);
          section.level = depth + 1;
        }
        open.length = section.level - 1;
        if (section.level === 1) {
          if (section.role === 'summary') {
            if (summary) this.diagnostics.error(section.pos, 'duplicate-role', 'there is already a {.summary} section; a source has at most one');
            summary = section;
          } else if (section.role === 'introduction') {
            if (introduction) this.diagnostics.error(section.pos, 'duplicate-role', 'there is already an {.introduction} section; a source has at most one');
            introduction = section;
          } else sections.push(section);
        } else {
          const parent = open[section.level - 2];
          if (section.role === 'summary' || section.role === 'introduction' || section.role === 'bibliography' || section.annex) {
            this.diagnostics.error(section.pos, 'role-level', `a ${section.annex ? 'annex' : `{.${section.role}}`} heading must be a top-level heading (#)`);
          }
          // the ITU Summary is running text only: a subheading there would have no place in the publication
          if (open[0]?.role === 'summary') this.diagnostics.error(section.pos, 'summary-subheading', 'the {.summary} section takes no subheadings (the ITU Summary is paragraphs only, and the heading and its text would not print)', 'write it as a paragraph of the Summary, or move it into a clause of the body');
          if (parent.side && !section.side) section.side = parent.side;
          parent.children.push(section);
        }
        open.push(section);
        continue;
      }
      const current = open[open.length - 1];
      const blocks = this.convertItems(items, i, (n) => { i = n; });
      if (!current) {
        if (blocks.length) {
          this.diagnostics.error(this.pos(file, node), 'text-before-heading', 'text before the first heading; start the source (after the front matter) with a # heading, e.g. "# Scope"');
        }
        continue;
      }
      for (const block of blocks) {
        if (item.side && item.side !== current.side) {
          if (pendingGroup && pendingGroup.group === item.group) pendingGroup.block.blocks.push(block);
          else {
            const only: Extract<Block, { type: 'only' }> = { type: 'only', side: item.side, reason: item.reason ?? '', blocks: [block], pos: this.pos(file, node) };
            current.blocks.push(only);
            pendingGroup = { group: item.group!, block: only };
          }
        } else {
          pendingGroup = undefined;
          current.blocks.push(block);
        }
      }
    }
    return { sections, summary, introduction };
  }

  /** Converts item i (and, for captions, the item after it) into blocks; reports how far it read. */
  private convertItems(items: Item[], i: number, advance: (n: number) => void): Block[] {
    const { node, file } = items[i];
    const next = items[i + 1];
    const offset = node.position?.start.offset ?? -1;
    const line = node.position?.start.line ?? -1;
    const cache = this.conversions;
    // blocks that include files (notes, examples) or check the file system (figures) are converted again
    const cacheable = cache && offset >= 0 && node.type !== 'containerDirective';
    if (cacheable) {
      const hit = cache.get(node);
      // the same node at the same place: an edit before it in its file moves it (and its messages)
      if (hit && hit.file === file && hit.offset === offset && hit.line === line && (!hit.next || (hit.next === next?.node && hit.nextOffset === next.node.position?.start.offset))) {
        for (const d of hit.diagnostics) this.diagnostics.list.push(d);
        if (hit.next) advance(i + 1);
        return hit.blocks;
      }
    }
    const before = this.diagnostics.list.length;
    let consumed = false;
    const blocks = this.convertItem(items, i, (n) => { consumed = true; advance(n); });
    // term entries are turned into paragraphs outside a {.terms} clause, in place: not reusable
    if (cacheable && !blocks.some((b) => b.type === 'term' || b.type === 'figure')) {
      cache.set(node, { file, offset, line, next: consumed ? next?.node : undefined, nextOffset: consumed ? next?.node.position?.start.offset : undefined, blocks, diagnostics: this.diagnostics.list.slice(before) });
    }
    return blocks;
  }

  private convertItem(items: Item[], i: number, advance: (n: number) => void): Block[] {
    const item = items[i];
    const next = items[i + 1];
    const node = item.node;
    // "Table: Title {#id}" directly before a table
    if (node.type === 'paragraph' && startsWithText(node, 'Table:') && next?.node.type === 'table') {
      advance(i + 1);
      const table = this.table(next.node, next.file, next.source);
      table.caption = this.caption(node, 'Table:', item.file, item.source);
      return [table];
    }
    // a table followed by "Figure: Title {#id}": a figure drawn as a table
    if (node.type === 'table' && next && this.isFigureCaption(next.node)) {
      advance(i + 1);
      return [this.figureTable(node, item, next)];
    }
    // image paragraph followed by "Figure: Title {#id}"
    if (node.type === 'paragraph' && imageParagraph(node)) {
      const fig = this.figure(node, item.file);
      if (next?.node.type === 'paragraph' && startsWithText(next.node, 'Figure:')) {
        advance(i + 1);
        fig.caption = this.caption(next.node, 'Figure:', next.file, next.source);
      }
      return [fig];
    }
    return this.convertBlocks([node], item.file, item.source, [item.file], false);
  }

  private isFigureCaption(node: RootContent | undefined): node is Paragraph {
    return node?.type === 'paragraph' && startsWithText(node, 'Figure:') && !imageParagraph(node);
  }

  /** A table with "Figure: Title" directly after it: a figure drawn as a table (T.88), numbered and titled below it as a figure. */
  private figureTable(node: Table, at: { file: string; source: string }, caption: { node: RootContent; file: string; source: string }): Block {
    const table = this.table(node, at.file, at.source);
    table.caption = this.caption(caption.node as Paragraph, 'Figure:', caption.file, caption.source);
    table.figure = true;
    return table;
  }

  private heading(node: Heading, item: Item): Section {
    const children = [...node.children];
    const attrs = takeTrailingAttributes(children);
    const section: Section = {
      level: node.depth,
      title: this.inlines(children, item.file, item.source),
      unnumbered: false,
      blocks: [],
      children: [],
      pos: this.pos(item.file, node),
      side: item.side,
      reason: item.side ? item.reason : undefined,
    };
    if (attrs) {
      const parsed = parseAttributes(attrs.text);
      if (!parsed) {
        this.diagnostics.error(this.pos(item.file, node), 'heading-attributes', `cannot read the heading attributes "{${attrs.text}}"; write them as {#id .class key=value}`);
        return section;
      }
      section.anchor = parsed.id;
      if (attrs.line) section.anchorPos = { file: section.pos.file, line: attrs.line, column: attrs.column! };
      for (const cls of parsed.classes) {
        if (cls === 'unnumbered') section.unnumbered = true;
        else if (cls === 'as-paragraph') section.asParagraph = true;
        // .section: a top-level clause printed "SECTION 1 – GENERAL" (H.222.0), numbered as a clause
        else if (cls === 'section' && node.depth === 1) section.printedAsSection = true;
        else if (cls === 'section') this.diagnostics.error(section.anchorPos ?? section.pos, 'unknown-attribute', `{.section} marks a top-level clause printed as a SECTION; this heading is at level ${node.depth}`, 'write it as a "# " heading, or leave {.section} out');
        else if (ROLE_CLASSES[cls]) {
          if (section.role) this.diagnostics.error(section.pos, 'two-roles', `a heading has at most one role; it has {.${section.role}} and {.${cls}}`);
          section.role = ROLE_CLASSES[cls];
        } else this.diagnostics.error(section.anchorPos ?? section.pos, 'unknown-attribute', `this heading does not take {.${cls}}${suggest(cls, ['unnumbered', 'as-paragraph', 'section', ...Object.keys(ROLE_CLASSES)], '.')}`, acceptedList('heading'));
      }
      for (const [k, v] of Object.entries(parsed.pairs)) {
        if (k === 'annex') {
          if (v === 'integral' || v === 'non-integral' || v === 'unstated') section.annex = v;
          else this.diagnostics.error(section.pos, 'annex-kind', `annex="${v}" is not a kind of annex; write annex=integral, annex=non-integral or annex=unstated (no obligation line)`);
        } else if (k === 'defect') section.defects = v.split(/[ ,]+/).filter(Boolean);
        // number="": a clause heading printed without a number (in its heading style, unlike .unnumbered's subheading)
        // an annex subclause's number starts with the annex letter ("B.1a": a corrigendum's subclause inserted in Annex B)
        else if (k === 'number' && (v === '' || /^([A-Z]{1,2}\.)?(\d+\.)*\d+[a-z]*$/.test(v))) section.number = v;
        else if (k === 'number') this.diagnostics.error(section.anchorPos ?? section.pos, 'unknown-attribute', `a heading number is digits and dots, "6.4.10" (in an annex "B.2"), a corrigendum's inserted number, "8.3.3a" or "B.1a", or "" (printed without one), not "${v}"`, acceptedList('heading'));
        else this.diagnostics.error(section.anchorPos ?? section.pos, 'unknown-attribute', `this heading does not take {${k}=${v}}${suggest(k, ['annex', 'defect', 'number'], '')}`, acceptedList('heading'));
      }
      if (section.annex && section.role) this.diagnostics.error(section.pos, 'two-roles', `an annex cannot also have the role {.${section.role}}`);
    }
    if (section.role === 'summary' || section.role === 'introduction' || section.role === 'bibliography') section.unnumbered = true;
    if (section.number !== undefined && section.unnumbered && section.role) this.roleNumber(section);
    if (section.asParagraph && (section.role || section.annex)) this.diagnostics.error(section.anchorPos ?? section.pos, 'as-paragraph', `{.as-paragraph} is for a clause heading typed as a bold paragraph; ${section.annex ? 'an annex heading' : `a {.${section.role}} heading`} cannot be one`, 'remove {.as-paragraph}');
    return section;
  }

  /** Of the unnumbered roles only the Introduction takes a number, and only "0": "0 Introduction" with subclauses 0.1, 0.2 … (ISO/IEC Directives, Part 2). */
  private roleNumber(section: Section): void {
    if (section.role === 'introduction' && section.number === '0') return;
    const fix = section.role === 'introduction' ? 'write number="0" (an Introduction with subclauses is clause 0), or no number' : `remove number="${section.number}"`;
    this.diagnostics.error(section.anchorPos ?? section.pos, 'role-number', `{.${section.role}} does not take number="${section.number}"`, fix);
    section.number = undefined;
  }

  private caption(node: Paragraph, prefix: string, file: string, source: string): Caption {
    const children = [...node.children];
    const first = children[0] as Text;
    const value = first.value.slice(prefix.length).replace(/^\s+/, '');
    // the node now starts after the prefix: positions inside it (the anchor's "{") stay exact
    const removed = first.value.length - value.length;
    const start = first.position?.start;
    const position = start && first.position && !first.value.slice(0, removed).includes('\n')
      ? { ...first.position, start: { ...start, column: start.column + removed, offset: start.offset === undefined ? undefined : start.offset + removed } } : first.position;
    children[0] = { ...first, value, position };
    if ((children[0] as Text).value === '') children.shift();
    const attrs = takeTrailingAttributes(children);
    const parsed = attrs ? parseAttributes(attrs.text) : undefined;
    if (attrs && !parsed) this.diagnostics.error(this.pos(file, node), 'caption-attributes', `cannot read the caption attributes "{${attrs.text}}"; write {#id}`);
    const pos = this.pos(file, node);
    const anchorPos = attrs?.line ? { file: pos.file, line: attrs.line, column: attrs.column! } : undefined;
    const number = parsed?.pairs.number;
    const label = parsed?.pairs.label;
    const unnumbered = parsed?.classes.includes('unnumbered');
    const extra = parsed ? [...parsed.classes.filter((c) => c !== 'unnumbered').map((c) => `.${c}`), ...Object.entries(parsed.pairs).filter(([k]) => k !== 'number' && k !== 'label').map(([k, v]) => `${k}=${v}`)] : [];
    if (extra.length) this.diagnostics.error(anchorPos ?? pos, 'unknown-attribute', `this caption does not take ${extra.map((a) => `{${a}}`).join(', ')}`, acceptedList('caption'));
    return { title: this.inlines(children, file, source), anchor: parsed?.id, ...(number ? { number } : {}), ...(label ? { label } : {}), ...(unnumbered ? { unnumbered } : {}), pos, anchorPos };
  }

  private table(node: Table, file: string, source: string): Extract<Block, { type: 'table' }> {
    const spans: number[][] = [];
    const down: boolean[][] = [];
    const rows = node.children.map((row, r) => {
      const cells: Inline[][] = [];
      const rowSpans: number[] = [];
      const rowDown: boolean[] = [];
      for (const cell of row.children) {
        const marker = mergeMarker(cell, source);
        if (marker === '<' && !rowSpans.length) this.diagnostics.error(this.pos(file, cell), 'table-merge', 'a cell "<" merges with the cell on its left, but this is the first cell of its row', 'write the text in this cell, or "\\<" for a cell that holds "<"');
        else if (marker === '<') rowSpans[rowSpans.length - 1]++;
        else {
          if (marker === '^' && r === 0) this.diagnostics.error(this.pos(file, cell), 'table-merge', 'a cell "^" merges with the cell above it, but this is the header row', 'write the text in this cell, or "\\^" for a cell that holds "^"');
          cells.push(marker === '^' ? [] : this.inlines(cell.children, file, source));
          rowSpans.push(1);
          rowDown.push(marker === '^' && r > 0);
        }
      }
      spans.push(rowSpans);
      down.push(rowDown);
      return cells;
    });
    const merged = spans.some((r) => r.some((n) => n > 1));
    const mergedDown = down.some((r) => r.some(Boolean));
    return { type: 'table', header: rows[0] ?? [], rows: rows.slice(1), ...(merged ? { spans } : {}), ...(mergedDown ? { down } : {}), pos: this.pos(file, node) };
  }

  private figure(node: Paragraph, file: string): Extract<Block, { type: 'figure' }> {
    const { image: img, attributes } = imageParagraph(node)!;
    const at = this.pos(file, node);
    const width = attributes ? this.imageWidth(attributes, at) : undefined;
    let url = img.url;
    try { url = decodeURI(img.url); } catch { this.diagnostics.error(at, 'image-url', `the image address "${img.url}" has a broken %-escape; write the file name as it is, or escape "%" as "%25"`); }
    const abs = path.resolve(path.dirname(file), url);
    const problem = this.imageProblem(img.url, abs);
    if (problem) this.diagnostics.error(at, problem.code, problem.message);
    return { type: 'figure', src: img.url, path: abs, alt: img.alt ?? '', ...(width ? { width } : {}), pos: at };
  }

  /** `{width=50%}` (of the text width), `{width=8cm}` or `{width=80mm}` after an image; anything else in the group is an error. */
  private imageWidth(attributes: { text: string; line?: number; column?: number }, image: SourcePosition): ImageWidth | undefined {
    const at = attributes.line ? { file: image.file, line: attributes.line, column: attributes.column! } : image;
    const parsed = parseAttributes(attributes.text);
    const extra = parsed ? [...(parsed.id ? [`#${parsed.id}`] : []), ...parsed.classes.map((c) => `.${c}`), ...Object.entries(parsed.pairs).filter(([k]) => k !== 'width').map(([k, v]) => `${k}=${v}`)] : [attributes.text];
    if (extra.length) {
      this.diagnostics.error(at, 'unknown-attribute', `this image does not take ${extra.map((a) => `{${a}}`).join(', ')}`,
        `${acceptedList('image')}${parsed?.id ? '; the anchor goes on the figure\'s caption: "Figure: Title {#fig-id}"' : ''}`);
    }
    const written = parsed?.pairs.width;
    if (written === undefined) return undefined;
    const m = /^(\d+(?:\.\d+)?)(%|cm|mm)$/.exec(written);
    const value = m ? Number(m[1]) : NaN;
    if (!m || !(value > 0) || (m[2] === '%' && value > 100)) {
      this.diagnostics.error(at, 'image-width', `the image width "${written}" is not a width`, 'write a percentage of the text width from 1% to 100% ({width=50%}) or a length in cm or mm ({width=8cm})');
      return undefined;
    }
    return { value, unit: m[2] as ImageWidth['unit'] };
  }

  /**
   * An image must be a PNG, JPEG or GIF file inside the source's folder, by its real path (a link to a
   * file elsewhere is outside), so that a build never embeds a file from elsewhere on the machine.
   */
  private imageProblem(url: string, abs: string): { code: string; message: string } | undefined {
    const outside = { code: 'image-outside', message: `the image "${url}" is outside the source's folder; keep images inside it` };
    if (!isInside(abs, this.root)) return outside;
    if (!existsSync(abs)) return { code: 'image-missing', message: `the image "${url}" does not exist (${this.display(abs)})` };
    if (!isInside(realpathSync(abs), realpathSync(this.root))) return { ...outside, message: `the image "${url}" is a link to a file outside the source's folder; keep images inside it` };
    if (!statSync(abs).isFile()) return { code: 'image-not-file', message: `the image "${url}" is not a file (${this.display(abs)}); name a PNG, JPEG or GIF file` };
    if (!isImageFile(abs)) return { code: 'image-format', message: `the image "${url}" is not a PNG, JPEG or GIF file; convert it to PNG` };
    return undefined;
  }

  convertBlocks(nodes: RootContent[], file: string, source: string, stack: string[], inNote: boolean): Block[] {
    const out: Block[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const pos = this.pos(file, node);
      switch (node.type) {
        case 'paragraph':
          if (this.paragraph(node, nodes[i + 1], pos, file, source, inNote, out)) i++;
          break;
        case 'list':
          out.push(this.list(node, file, source, stack, inNote));
          break;
        case 'table':
          if (this.isFigureCaption(nodes[i + 1])) out.push(this.figureTable(node, { file, source }, { node: nodes[++i], file, source }));
          else out.push(this.table(node, file, source));
          break;
        case 'code':
          out.push({ type: 'code', lang: node.lang ?? undefined, value: node.value, pos });
          break;
        case 'blockquote':
          for (const b of this.convertBlocks(node.children as RootContent[], file, source, stack, inNote)) out.push(b);
          break;
        case 'thematicBreak':
          break;
        case 'html':
          out.push({ type: 'paragraph', children: [{ type: 'text', value: node.value }], pos });
          break;
        case 'heading':
          this.diagnostics.error(pos, 'heading-in-block', 'a heading cannot sit inside a note, example, list or footnote; close the block (:::) before the heading');
          break;
        case 'containerDirective':
          for (const b of this.container(node, file, source, stack, inNote)) out.push(b);
          break;
        case 'leafDirective':
          if (!this.leafDirective(node, pos)) break;
          if (node.name === 'pagebreak') out.push({ type: 'pagebreak', pos });
          else if (node.name === 'include') {
            const items = this.include(node, file, stack);
            for (const it of items) for (const b of this.convertBlocks([it.node], it.file, it.source, [...stack, it.file], inNote)) out.push(b);
          }
          break;
        case 'footnoteDefinition': {
          const blocks = this.convertBlocks(node.children as RootContent[], file, source, stack, false);
          this.footnotes.set(node.identifier, { blocks, pos });
          break;
        }
        case 'definition':
          break;
        default:
          break;
      }
    }
    return out;
  }

  /**
   * A paragraph is a figure (an image, with the "Figure:" caption paragraph after it), a table caption
   * ("Table:", with the table after it), a term entry or text. Returns true when it took `next` too.
   */
  private paragraph(
    node: Paragraph, next: RootContent | undefined, pos: SourcePosition, file: string, source: string, inNote: boolean, out: Block[],
  ): boolean {
    if (imageParagraph(node)) {
      const fig = this.figure(node, file);
      const captioned = next?.type === 'paragraph' && startsWithText(next, 'Figure:');
      if (captioned) fig.caption = this.caption(next, 'Figure:', file, source);
      out.push(fig);
      return captioned;
    }
    if (startsWithText(node, 'Table:') && next?.type === 'table') {
      const table = this.table(next, file, source);
      table.caption = this.caption(node, 'Table:', file, source);
      out.push(table);
      return true;
    }
    const term = this.term(node, file, source);
    if (term) {
      out.push(term);
      return false;
    }
    const para: Block = { type: 'paragraph', children: this.inlines(node.children, file, source), pos };
    if (inNote) this.warnRequirementInNote(node, pos.file);
    out.push(para);
    return false;
  }

  /** Notes and examples are informative: a "shall" in one is reported at the word itself. */
  private warnRequirementInNote(node: Paragraph, file: string): void {
    const shall = node.children.find((c): c is Text => c.type === 'text' && /\bshall\b/.test(c.value));
    if (!shall?.position) return;
    const p = textPosition(file, shall, shall.value, shall.value.search(/\bshall\b/));
    this.diagnostics.warn(p, 'requirement-in-note', 'a note or example contains "shall"; notes and examples state no requirements: move the requirement into the text, or reword it');
  }

  private container(node: ContainerDirective, file: string, source: string, stack: string[], inNote: boolean): Block[] {
    const pos = this.pos(file, node);
    if (node.name === 'note' || node.name === 'example') {
      reportDirectiveAttributes(this.diagnostics, pos, `:::${node.name}`, node.attributes, node.name);
      if (inNote) this.diagnostics.error(pos, 'nested-note', `a :::${node.name} cannot sit inside another note or example`);
      const blocks = this.convertBlocks(node.children as RootContent[], file, source, stack, true);
      const { number, label } = node.attributes ?? {};
      return [{ type: node.name, blocks, pos, ...(typeof number === 'string' ? { number } : {}), ...(typeof label === 'string' ? { label } : {}) }];
    }
    if (node.name === 'itu' || node.name === 'iso') {
      const reason = node.attributes?.reason ?? '';
      this.checkOneSide(node, file);
      return [{ type: 'only', side: node.name, reason, blocks: this.convertBlocks(node.children as RootContent[], file, source, stack, inNote), pos }];
    }
    if (!CONTAINER_DIRECTIVES.has(node.name)) {
      const close = didYouMean(node.name, [...CONTAINER_DIRECTIVES]);
      this.diagnostics.error(pos, 'unknown-block', `unknown block ":::${node.name}"${close ? `; did you mean :::${close}?` : ''}`, 'the blocks are :::note, :::example, :::itu and :::iso');
    }
    return [];
  }

  /** A one-side text must say why the publications differ: the alignment manifest and check's report show the reason. */
  private checkOneSide(node: ContainerDirective | TextDirective, file: string): void {
    const at = this.pos(file, node);
    const block = node.type === 'containerDirective';
    const side = node.name as Side;
    reportDirectiveAttributes(this.diagnostics, at, block ? `:::${side}` : `:${side}[…]`, node.attributes, side);
    const reason = node.attributes?.reason;
    if (reason?.trim()) return;
    const label = block ? '' : node.children.map((c) => ('value' in c ? c.value : '…')).join('');
    const written = block ? `:::${side}{reason="…"}` : `:${side}[${label}]{reason="…"}`;
    this.diagnostics.error(at, 'missing-reason', `this ${block ? `:::${side} block` : `:${side}[…] text`} has ${reason === undefined ? 'no' : 'an empty'} reason; a one-side text is a declared difference and must say why only the ${side.toUpperCase()} publication has it`,
      `write ${written}, the reason in the quotes`);
  }

  /** `::include` and `::pagebreak` are the line directives; any other `::name` would print as its own source text. */
  private leafDirective(node: LeafDirective, pos: SourcePosition): boolean {
    // ::include's attributes are checked where it is expanded (include())
    if (node.name === 'include') return true;
    if (node.name === 'pagebreak') {
      reportDirectiveAttributes(this.diagnostics, pos, '::pagebreak', node.attributes, 'pagebreak');
      return true;
    }
    const close = didYouMean(node.name, ['include', 'pagebreak']);
    this.diagnostics.error(pos, 'unknown-directive', `unknown directive "::${node.name}"${close ? `; did you mean ::${close}?` : ''}`,
      'the line directives are ::include{file="…"} and ::pagebreak; to print the text as it is, write \\:: at its start');
    return false;
  }

  private list(node: List, file: string, source: string, stack: string[], inNote: boolean): Block {
    const labels = listMarkerLabels(node, source);
    return {
      type: 'list',
      ordered: !!node.ordered,
      ...(node.ordered && node.start && node.start > 1 ? { start: node.start } : {}),
      ...(labels ? { labels } : {}),
      items: node.children.map((item) => this.convertBlocks(item.children as RootContent[], file, source, stack, inNote)),
      pos: this.pos(file, node),
    };
  }

  /** In a {.terms} clause, a paragraph "**term**: definition" is a term entry; recognised later by role. */
  private term(node: Paragraph, file: string, source: string): Block | undefined {
    const [first, second] = node.children;
    if (first?.type !== 'strong' || second?.type !== 'text' || !/^:\s/.test(second.value)) return undefined;
    const value = second.value.replace(/^:\s+/, '');
    // the text now starts after ": ": positions inside it (a trailing "{") stay exact
    const start = second.position?.start;
    const moved = start && start.offset !== undefined && !second.value.slice(0, second.value.length - value.length).includes('\n')
      ? { ...second.position!, start: { ...start, column: start.column + second.value.length - value.length, offset: start.offset + second.value.length - value.length } } : second.position;
    const rest = [{ ...second, value, position: moved }, ...node.children.slice(2)] as PhrasingContent[];
    const number = this.termNumber(rest, file, node);
    return { type: 'term', term: this.inlines(first.children, file, source), definition: this.inlines(rest, file, source), pos: this.pos(file, node), ...(number !== undefined ? { number } : {}) };
  }

  /**
   * A term entry's printed number, `{number="3.2.5a"}` at the end of its definition (taken off it). Only
   * a group naming `number` is read as attributes: other text in braces at the end stays text.
   */
  private termNumber(rest: PhrasingContent[], file: string, node: Paragraph): string | undefined {
    const last = rest[rest.length - 1];
    if (last?.type !== 'text' || !/\{[^{}]*\bnumber=[^{}]*\}\s*$/.test(last.value)) return undefined;
    const attrs = takeTrailingAttributes(rest);
    const parsed = attrs ? parseAttributes(attrs.text) : undefined;
    const pos = attrs?.line ? { file: this.pos(file, node).file, line: attrs.line, column: attrs.column! } : this.pos(file, node);
    if (!parsed) { this.diagnostics.error(pos, 'term-attributes', `cannot read the term's attributes "{${attrs?.text ?? ''}}"; write {number="3.2.5a"}`); return undefined; }
    const extra = [...(parsed.id ? [`#${parsed.id}`] : []), ...parsed.classes.map((c) => `.${c}`), ...Object.keys(parsed.pairs).filter((k) => k !== 'number').map((k) => `${k}=…`)];
    if (extra.length) this.diagnostics.error(pos, 'unknown-attribute', `this term entry does not take ${extra.map((a) => `{${a}}`).join(', ')}`, acceptedList('term'));
    return parsed.pairs.number;
  }

  inlines(nodes: PhrasingContent[], file: string, source: string): Inline[] {
    const out: Inline[] = [];
    const pushText = (value: string) => {
      const last = out[out.length - 1];
      if (last?.type === 'text') last.value += value;
      else out.push({ type: 'text', value });
    };
    for (const [k, node] of nodes.entries()) {
      switch (node.type) {
        case 'text':
          this.text(node, file, pushText, source);
          break;
        case 'emphasis':
        case 'strong':
          out.push({ type: node.type, children: this.inlines(node.children, file, source) });
          break;
        case 'delete':
          pushText(sliceSource(source, node));
          break;
        case 'inlineCode':
          out.push({ type: 'code', value: node.value });
          break;
        case 'break':
          out.push({ type: 'break' });
          break;
        case 'link':
          if (node.url.startsWith('#')) out.push({ type: 'xref', target: node.url.slice(1), children: this.inlines(node.children, file, source), pos: this.pos(file, node) });
          else out.push({ type: 'link', url: node.url, children: this.inlines(node.children, file, source) });
          break;
        case 'footnoteReference':
          out.push({ type: 'footnoteRef', id: node.identifier, pos: this.pos(file, node) });
          break;
        case 'html':
          pushText(node.value);
          break;
        case 'image':
          this.imageInText(node, nodes[k + 1], file);
          pushText(node.alt ?? '');
          break;
        case 'textDirective':
          this.textDirective(node, file, source, out, pushText);
          break;
        default:
          if ('value' in node && typeof node.value === 'string') pushText(node.value);
      }
    }
    return out;
  }

  private textDirective(node: TextDirective, file: string, source: string, out: Inline[], pushText: (v: string) => void) {
    const raw = sliceSource(source, node);
    if (!TEXT_DIRECTIVES.has(node.name)) {
      // "ISO/IEC 8824-1:2021", "10:30", "urn:oid:2.1": not directives, give the text back exactly.
      this.unknownTextDirective(node, raw, source, file);
      pushText(raw);
      return;
    }
    const pos = this.pos(file, node);
    const label = node.children.map((c) => ('value' in c ? c.value : '')).join('');
    // "[label]" or "{attributes}" written after the name; "[" right after it: a label never closed
    const marked = raw.length > node.name.length + 1;
    const unclosed = !marked && source[node.position?.end.offset ?? -1] === '[';
    switch (node.name) {
      case 'this':
      case 'This':
        if (marked) {
          this.diagnostics.error(pos, 'directive-content', `:${node.name} takes no [text] and no {attributes}: "${raw}" would print as written`, `write :${node.name} alone`);
          pushText(raw);
          return;
        }
        out.push({ type: 'this', capital: node.name === 'This' });
        return;
      case 'ref':
        if (!label) {
          this.diagnostics.error(pos, unclosed ? 'ref-unclosed' : 'ref-empty', unclosed ? '":ref[" has no closing "]"' : ':ref needs an id in brackets',
            'write the reference id in brackets, e.g. :ref[X.501] (closed on the same line)');
          return;
        }
        reportDirectiveAttributes(this.diagnostics, pos, `:ref[${label}]`, node.attributes, 'ref');
        out.push({ type: 'cite', id: label, dated: node.attributes != null && 'dated' in node.attributes, pos });
        return;
      case 'itu':
      case 'iso':
        if (!node.children.length) {
          this.diagnostics.error(pos, 'only-empty', unclosed ? `":${node.name}[" has no closing "]"` : `:${node.name} has no text in brackets, so nothing would print`, `write :${node.name}[the ${node.name.toUpperCase()} text]{reason="…"}`);
          return;
        }
        this.checkOneSide(node, file);
        out.push({ type: 'only', side: node.name, reason: node.attributes?.reason ?? undefined, children: this.inlines(node.children as PhrasingContent[], file, source), pos });
        return;
    }
  }

  /** An image inside text would print as its description only: an image is a paragraph of its own (a figure). */
  private imageInText(node: Image, next: PhrasingContent | undefined, file: string): void {
    const caption = next?.type === 'text' && /^[ \t]*\n\s*Figure:/.test(next.value);
    this.diagnostics.error(this.pos(file, node), 'image-in-text', caption ? 'this image and its "Figure:" caption are in one paragraph' : 'this image sits inside text, where it would print as its description only',
      caption ? 'leave a blank line between the image and its caption' : 'put the image in a paragraph of its own, followed by its caption paragraph "Figure: Title {#fig-id}"');
  }

  /**
   * A `:name` that is not a directive stays literal text (spec §3). Written with a [label] or {attributes},
   * or as a known name misspelt, it was meant as one: said so, with the name it is closest to.
   */
  private unknownTextDirective(node: TextDirective, raw: string, source: string, file: string): void {
    const before = source[(node.position?.start.offset ?? 0) - 1] ?? '';
    // "8824-1:2021", "urn:oid:2.1", "10:30": a colon inside a word or number is not markup
    if (!/^[A-Za-z]/.test(node.name) || /[\w:]/.test(before)) return;
    const marked = raw.length > node.name.length + 1;
    const close = didYouMean(node.name, [...TEXT_DIRECTIVES], marked);
    const meant = close ? `; did you mean :${close}?` : '';
    if (marked) {
      this.diagnostics.error(this.pos(file, node), 'unknown-directive', `unknown directive ":${node.name}"${meant}`,
        'the text directives are :this, :This, :ref[id], :itu[text]{reason="…"} and :iso[text]{reason="…"}; to print the text as it is, write \\: instead of :');
    } else if (close) {
      this.diagnostics.warn(this.pos(file, node), 'unknown-directive', `":${node.name}" is not a directive and prints as written${meant}`, 'to keep the text as it is, write \\: instead of :');
    }
  }

  /**
   * A text node (":this:" is already a directive: markdown.ts). What looks like markup but stays
   * literal is reported: "[^1]" without a definition, ":ref:", ":itu:".
   */
  private text(node: Text, file: string, pushText: (v: string) => void, source: string): void {
    pushText(node.value);
    if (!/\[\^|:/.test(node.value)) return;
    const raw = sliceSource(source, node);
    for (const m of node.value.matchAll(/\[\^([^\]\s]+)\](?!:)/g)) {
      if (raw.includes(`\\[^${m[1]}]`)) continue;
      this.diagnostics.error(textPosition(this.display(file), node, raw, m.index), 'unknown-footnote', `the footnote reference [^${m[1]}] has no definition, so it would print as "[^${m[1]}]"`,
        `add the definition "[^${m[1]}]: text of the footnote" as a paragraph of its own, or correct the label; to print it as text, write \\[^${m[1]}]`);
    }
    for (const m of node.value.matchAll(/(?<![\w:\\])(:(?:ref|itu|iso|this|This)):/g)) {
      if (raw.includes(`\\${m[1]}`)) continue;
      this.diagnostics.warn(textPosition(this.display(file), node, raw, m.index), 'literal-directive', `"${m[1]}:" prints as written: a directive name followed by ":" is not read as a directive`,
        literalDirectiveFix(m[1]));
    }
  }
}

/** What to write instead of ":ref:", ":itu:", ":this:" left as text. */
function literalDirectiveFix(written: string): string {
  const keep = `to keep the text, write \\${written}:`;
  if (written === ':ref') return `write :ref[id]; ${keep}`;
  if (written === ':itu' || written === ':iso') return `write ${written}[text]{reason="…"}; ${keep}`;
  return `write ${written}\\: (the colon escaped) for "${written.slice(1)}" followed by a colon; ${keep}`;
}

/**
 * Where the character at `index` of a text node's value is; exact when the value is its source as
 * written (no escapes or entities shift it), the node's start otherwise.
 */
function textPosition(file: string, node: Text, raw: string, index: number): SourcePosition {
  const start = node.position?.start;
  if (!start) return { file, line: 1, column: 1 };
  if (raw !== node.value) return { file, line: start.line, column: start.column };
  const lines = node.value.slice(0, index).split('\n');
  return lines.length === 1
    ? { file, line: start.line, column: start.column + index }
    : { file, line: start.line + lines.length - 1, column: lines[lines.length - 1].length + 1 };
}

/** "; did you mean {.terms}?" when a written name is a known one misspelt. */
function suggest(name: string, known: string[], prefix: string): string {
  const close = didYouMean(name, known);
  return close ? `; did you mean {${prefix}${close}}?` : '';
}

function sliceSource(source: string, node: { position?: { start: { offset?: number }; end: { offset?: number } } }): string {
  const s = node.position?.start.offset;
  const e = node.position?.end.offset;
  return s != null && e != null ? source.slice(s, e) : '';
}

function startsWithText(node: Paragraph, prefix: string): boolean {
  const first = node.children[0];
  return first?.type === 'text' && first.value.startsWith(prefix);
}

/** An image alone in its paragraph, with the attribute group written right after it ("{width=50%}"), if any. */
function imageParagraph(node: Paragraph): { image: Image; attributes?: { text: string; line?: number; column?: number } } | undefined {
  const meaningful = node.children.filter((c) => !(c.type === 'text' && !c.value.trim()));
  const [image, after] = meaningful;
  if (image?.type !== 'image') return undefined;
  if (meaningful.length === 1) return { image };
  if (meaningful.length !== 2 || after.type !== 'text' || !/^[ \t]*\{[^{}]*\}\s*$/.test(after.value)) return undefined;
  const start = after.position?.start;
  const lead = after.value.length - after.value.trimStart().length;
  return { image, attributes: { text: after.value.trim().slice(1, -1), ...(start ? { line: start.line, column: start.column + lead } : {}) } };
}

/** Removes a trailing "{…}" attribute group from the last text node of a heading or caption. */
function takeTrailingAttributes(children: PhrasingContent[]): { text: string; line?: number; column?: number } | undefined {
  const last = children[children.length - 1];
  if (last?.type !== 'text') return undefined;
  const m = /\s*\{([^{}]*)\}\s*$/.exec(last.value);
  if (!m) return undefined;
  const brace = m.index + (m[0].length - m[0].trimStart().length);
  const before = last.value.slice(0, brace);
  const start = last.position?.start;
  const where = start && !before.includes('\n') ? { line: start.line, column: start.column + brace } : undefined;
  const rest = last.value.slice(0, m.index).replace(/\s+$/, '');
  if (rest) children[children.length - 1] = { ...last, value: rest };
  else children.pop();
  return { text: m[1], ...where };
}

export function parseAttributes(text: string): { id?: string; classes: string[]; pairs: Record<string, string> } | undefined {
  const out = { id: undefined as string | undefined, classes: [] as string[], pairs: {} as Record<string, string> };
  const re = /\s*(?:#([\w:.-]+)|\.([\w-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"']+)))/y;
  let pos = 0;
  while (pos < text.length) {
    if (!text.slice(pos).trim()) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1]) out.id = m[1];
    else if (m[2]) out.classes.push(m[2]);
    else out.pairs[m[3]] = m[4] ?? m[5] ?? m[6] ?? '';
    pos = re.lastIndex;
  }
  return out;
}

/** Checks that need the whole document: anchors, cross-references, citations, roles, warnings. */
function validateDocument(doc: SourceDocument, diagnostics: Diagnostics): void {
  new DocumentChecker(doc, diagnostics).run();
}

/**
 * validateDocument's state: one walk over the sections, blocks and footnotes checks roles and order,
 * collects the anchors and every cross-reference, citation and footnote reference; the references
 * are resolved at the end, when all anchors are known.
 */
class DocumentChecker {
  private readonly anchors = new Map<string, SourcePosition>();
  private readonly xrefs: Extract<Inline, { type: 'xref' }>[] = [];
  private readonly cites: Extract<Inline, { type: 'cite' }>[] = [];
  private readonly footnoteRefs: Extract<Inline, { type: 'footnoteRef' }>[] = [];
  private refsSection: Section | undefined;
  private bibliography: Section | undefined;
  private seenAnnex: Section | undefined;

  constructor(private readonly doc: SourceDocument, private readonly diagnostics: Diagnostics) {}

  run(): void {
    const doc = this.doc;
    if (doc.summary) this.walkSection(doc.summary, false, false);
    if (doc.introduction) this.walkSection(doc.introduction, false, false);
    doc.sections.forEach((s) => this.walkSection(s, false, true));
    for (const fn of doc.footnotes.values()) this.walkBlocks(fn.blocks, false, false);
    this.checkCrossReferences();
    this.checkCitations();
    this.checkFootnoteReferences();
  }

  private addAnchor(id: string | undefined, pos: SourcePosition): void {
    if (!id) return;
    const prev = this.anchors.get(id);
    if (prev) this.diagnostics.error(pos, 'duplicate-anchor', `the anchor #${id} is already used at ${prev.file}:${prev.line}:${prev.column}; each anchor must be unique`);
    else this.anchors.set(id, pos);
  }

  private walkInlines(inlines: Inline[]): void {
    for (const n of inlines) {
      if (n.type === 'xref') this.xrefs.push(n);
      else if (n.type === 'cite') this.cites.push(n);
      else if (n.type === 'footnoteRef') this.footnoteRefs.push(n);
      if ('children' in n) this.walkInlines(n.children);
    }
  }

  /** inTerms: inside a {.terms} clause; top: a top-level clause or annex of the body (order is checked there). */
  private walkSection(s: Section, inTerms: boolean, top: boolean): void {
    this.addAnchor(s.anchor, s.anchorPos ?? s.pos);
    this.walkInlines(s.title);
    const terms = inTerms || s.role === 'terms';
    if (s.role === 'normative-references') this.checkNormativeReferences(s);
    if (top) this.checkTopLevelOrder(s);
    if (isAbbreviationsHeading(s)) checkAbbreviations(s, this.diagnostics);
    this.walkBlocks(s.blocks, false, terms);
    s.children.forEach((c) => this.walkSection(c, terms, false));
  }

  /** One {.normative-references} clause, and nothing authored in it: it is generated. */
  private checkNormativeReferences(s: Section): void {
    const diagnostics = this.diagnostics;
    if (this.refsSection) diagnostics.error(s.pos, 'duplicate-role', `there is already a {.normative-references} clause at line ${this.refsSection.pos.line}`);
    this.refsSection = s;
    const authored = s.blocks[0];
    if (authored) diagnostics.error(authored.pos, 'authored-references', 'text under the {.normative-references} heading: this clause is generated from the "references" front matter; move the text elsewhere or add the reference to the front matter');
    if (s.children[0]) diagnostics.error(s.children[0].pos, 'authored-references', 'a subclause under the {.normative-references} heading: its subclauses (Identical, Paired, Additional) are generated from the "references" front matter');
  }

  /** Clauses, then annexes, then one generated Bibliography (one-side clauses excepted). */
  private checkTopLevelOrder(s: Section): void {
    const diagnostics = this.diagnostics;
    if (s.role === 'bibliography') {
      if (this.bibliography) diagnostics.error(s.pos, 'duplicate-role', 'there is already a {.bibliography} section');
      this.bibliography = s;
      // without non-normative references the Bibliography is written by hand (an imported text whose entries have no [id] tags)
      const generated = [...this.doc.meta.references.values()].some((r) => !r.normative);
      if (s.blocks[0] && generated) diagnostics.error(s.blocks[0].pos, 'authored-bibliography', 'text under the {.bibliography} heading: the Bibliography is generated from the non-normative references of the front matter');
    } else if (this.bibliography && !s.side) {
      diagnostics.error(s.pos, 'after-bibliography', 'a clause or annex after the Bibliography; the Bibliography comes last');
    }
    if (s.annex) this.seenAnnex = s;
    else if (this.seenAnnex && s.role !== 'bibliography' && !s.side) diagnostics.error(s.pos, 'clause-after-annex', 'a numbered clause after an annex; clauses come first, then annexes, then the Bibliography');
  }

  private walkBlocks(blocks: Block[], inNote: boolean, termsAllowed: boolean): void {
    for (const a of checkCaptions(blocks, this.diagnostics)) this.addAnchor(a.id, a.pos);
    for (const b of blocks) {
      switch (b.type) {
        case 'paragraph':
          this.walkInlines(b.children);
          if (!inNote) this.warnNoteOutsideBlock(b);
          break;
        case 'term':
          this.walkTerm(b, termsAllowed);
          break;
        case 'note':
        case 'example':
          this.walkBlocks(b.blocks, true, false);
          break;
        case 'list':
          b.items.forEach((it) => this.walkBlocks(it, inNote, false));
          break;
        case 'table':
          this.addAnchor(b.caption?.anchor, b.caption?.anchorPos ?? b.caption?.pos ?? b.pos);
          if (b.caption) this.walkInlines(b.caption.title);
          b.header.forEach((cell) => this.walkInlines(cell));
          b.rows.forEach((r) => r.forEach((cell) => this.walkInlines(cell)));
          break;
        case 'figure':
          this.addAnchor(b.caption?.anchor, b.caption?.anchorPos ?? b.caption?.pos ?? b.pos);
          if (b.caption) this.walkInlines(b.caption.title);
          break;
        case 'only':
          this.walkBlocks(b.blocks, inNote, termsAllowed);
          break;
      }
    }
  }

  /** "NOTE – …" typed as a paragraph is not numbered as a note. */
  private warnNoteOutsideBlock(b: Extract<Block, { type: 'paragraph' }>): void {
    const first = b.children[0];
    if (first?.type === 'text' && /^(NOTE|EXAMPLE)\b(\s+\d+)?\s*[–-]/.test(first.value)) {
      const what = first.value.startsWith('NOTE') ? 'note' : 'example';
      this.diagnostics.warn(b.pos, 'note-outside-block', `this paragraph starts like a ${what} but is not in a :::${what} block, so it will not be numbered; wrap it in :::${what} … :::`);
    }
  }

  private walkTerm(b: Extract<Block, { type: 'term' }>, termsAllowed: boolean): void {
    if (!termsAllowed) {
      // Outside a {.terms} clause "**x**: y" is an ordinary paragraph: turn it back.
      // its {number="…"} was read off as a term's: given back as the text it is here
      const own = b.number !== undefined ? [{ type: 'text', value: ` {number="${b.number}"}` }] : [];
      Object.assign(b, { type: 'paragraph', children: [{ type: 'strong', children: b.term }, { type: 'text', value: ': ' }, ...b.definition, ...own] });
      this.walkInlines((b as unknown as { children: Inline[] }).children);
    } else {
      this.walkInlines(b.term);
      this.walkInlines(b.definition);
    }
  }

  private checkCrossReferences(): void {
    for (const x of this.xrefs) {
      if (!this.anchors.has(x.target)) {
        const close = [...this.anchors.keys()].find((a) => a.toLowerCase() === x.target.toLowerCase());
        this.diagnostics.error(x.pos, 'unknown-anchor', `cross-reference to #${x.target}, but no heading, table or figure has that anchor${close ? `; did you mean #${close}?` : '; add {#' + x.target + '} to the target'}`);
      }
    }
  }

  private checkCitations(): void {
    const references = this.doc.meta.references;
    for (const c of this.cites) {
      if (!references.has(c.id)) {
        const ids = [...references.keys()];
        const close = ids.find((id) => id.toLowerCase() === c.id.toLowerCase());
        this.diagnostics.error(c.pos, 'unknown-ref', `:ref[${c.id}] cites an id that is not in the front matter "references"${close ? `; did you mean "${close}"?` : ids.length ? `; known ids: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}` : '; add it there'}`);
      }
    }
  }

  private checkFootnoteReferences(): void {
    for (const f of this.footnoteRefs) {
      if (!this.doc.footnotes.has(f.id)) this.diagnostics.error(f.pos, 'unknown-footnote', `footnote [^${f.id}] has no definition; add a line "[^${f.id}]: text"`);
    }
    const referenced = new Set(this.footnoteRefs.map((f) => f.id));
    for (const [id, fn] of this.doc.footnotes) {
      if (!referenced.has(id)) this.diagnostics.warn(fn.pos, 'unused-footnote', `the footnote [^${id}] is defined but never referenced, so it is not printed`, `write [^${id}] where the footnote mark belongs, or delete the definition`);
    }
  }
}

export function plain(inlines: Inline[]): string {
  return inlines.map((n) => ('value' in n ? n.value : 'children' in n ? plain(n.children) : '')).join('');
}

/** Whether a file starts as a PNG, JPEG or GIF does (the formats the DOCX writer embeds). */
function isImageFile(file: string): boolean {
  const head = Buffer.alloc(8);
  const fd = openSync(file, 'r');
  try { readSync(fd, head, 0, 8, 0); } finally { closeSync(fd); }
  const png = head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG';
  const jpeg = head[0] === 0xff && head[1] === 0xd8;
  const gif = head.toString('latin1', 0, 3) === 'GIF';
  return png || jpeg || gif;
}

/** The list's marker as written: "+" asks for "•" bullets, "1)" for 1), 2) numbers at any depth (source-format extension for imported lists). */
function listMarkerLabels(node: List, source: string): 'round-bullet' | 'numbers' | undefined {
  const at = node.children[0]?.position?.start.offset;
  if (at === undefined) return undefined;
  const m = /^(\+|\d{1,9}\))[ \t]/.exec(source.slice(at, at + 12));
  return !m ? undefined : m[1] === '+' ? 'round-bullet' : 'numbers';
}

/** A table cell written as "<" alone (merged with the cell on its left) or "^" alone (with the cell above): source-format extensions for imported tables. */
function mergeMarker(cell: Table['children'][number]['children'][number], source: string): '<' | '^' | undefined {
  const start = cell.position?.start.offset;
  const end = cell.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const text = source.slice(start, end).replace(/^\s*\|?|\|?\s*$/g, '').trim();
  return text === '<' || text === '^' ? text : undefined;
}
