/**
 * Profiles and templates. A profile (templates/<itu|iso>/profile.yaml) is data: sections, partials,
 * contents: what a publication contains (how a DOCX lays it out is docx.yaml, src/profile/docx.ts).
 * Templates are Handlebars files producing source-format Markdown.
 * Lookup follows a fallback chain: the user's folder first (--templates / `templates:`), then the
 * bundled folder, key by key (Bikeshed's boilerplate chain).
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isInside } from '../util/files.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import type { Side, SourceDocument } from '../model/types.js';
import type { Metadata } from '../source/metadata.js';

export const BUNDLED_TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

export interface ProfileSection {
  template?: string;
  body?: boolean;
  pageNumbers: 'none' | 'lower-roman' | 'decimal';
  header?: string;
  footer?: string;
}

export interface Profile {
  side: Side;
  label: string;
  fileName: string;
  sections: ProfileSection[];
  partials: Record<string, string>;
  /** Table of contents: heading levels of the body; whether the Introduction is listed; front-matter roles listed (the ISO Foreword). */
  toc: { levels: number; introduction?: boolean; front?: string[] };
  /** What a corrigendum or amendment of this publication contains instead (sections, file name). */
  supplement?: Layout;
  /** What an implementers' guide contains instead; absent: this side publishes no guide. */
  guide?: Layout;
}

/** The sections and file name of one kind of publication. */
export interface Layout {
  fileName: string;
  sections: ProfileSection[];
  /** A string table laid over common/body.yaml key by key (a guide's title block and annex lines). */
  strings?: string;
  /** A supplement's instruction headings: numbered ("1)⇥Clause 6") or not (ISO); `wrapped`: under one "1)⇥Changes to …" heading, as "1.1)⇥Clause 6" (ITU). */
  instructionHeadings?: { numbered: boolean; wrapped?: boolean };
}

/**
 * The layout of the publication a source's front matter describes: an implementers' guide's (undefined
 * when the profile has none: that side publishes no guide), a supplement's, else the text's own.
 */
export function layoutFor(meta: Metadata, profile: Profile): Layout | undefined {
  if (meta.guide) return profile.guide;
  if (meta.supplement && profile.supplement) return profile.supplement;
  return { fileName: profile.fileName, sections: profile.sections };
}

/**
 * A problem in a template or a data file of the template chain. `at` is the place in that file (a
 * Handlebars error's line and column, a YAML field's), so that a user's template is blamed, not the
 * source; without it (a template that is not there) the caller reports it at the source.
 */
export class TemplateError extends Error {
  constructor(message: string, readonly at?: { file: string; line: number; column: number }, readonly more: TemplateError[] = []) {
    super(at ? `${at.file}:${at.line}:${at.column}: ${message}` : message);
    this.detail = message;
  }

  /** The message without its position. */
  readonly detail: string;

  /** This problem and the others found in the same file. */
  all(): TemplateError[] {
    return [this, ...this.more];
  }
}

/** A Handlebars error in a template file, at its own line and column (Handlebars says where in its message or fields). */
function handlebarsError(file: string, e: unknown): TemplateError {
  if (e instanceof TemplateError) return e;
  const err = e as Error & { lineNumber?: number; column?: number };
  const message = err.message ?? String(e);
  const parse = /^Parse error on line (\d+):/.exec(message);
  const at = err.lineNumber !== undefined ? { line: err.lineNumber, column: (err.column ?? 0) + 1 }
    : parse ? { line: Number(parse[1]), column: 1 } : fieldPosition(readCached(file) ?? '', message);
  // Handlebars' own wording ("… not defined in [object Object] - 2:4", a parser dump): the last line, without the position
  const what = message.split('\n').pop()!.replace(/ in (undefined|\[object Object\]) - \d+:\d+$/, '').replace(/^Expecting .*, got /, 'unexpected ');
  return new TemplateError(`template error: ${what}`, { file, ...at });
}

/** Where a field a failed lookup names ("reading 'such'") first stands inside {{ }}: a lookup through a missing field has no position of its own. */
function fieldPosition(text: string, message: string): { line: number; column: number } {
  const name = /reading '([^']+)'/.exec(message)?.[1] ?? /"([^"]+)" not defined/.exec(message)?.[1];
  const re = /\{\{[^}]*\}\}/g;
  for (let m = re.exec(text); name && m; m = re.exec(text)) {
    const i = m[0].search(new RegExp(`\\b${name.replace(/[^\w]/g, '')}\\b`));
    if (i < 0) continue;
    const before = text.slice(0, m.index).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  }
  return { line: 1, column: 1 };
}

const hb = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();
const fileCache = new Map<string, string | null>();

/** A template file's text (null when there is none: a folder, a FIFO or a device is not a template); read once. */
function readCached(file: string): string | null {
  let text = fileCache.get(file);
  if (text === undefined) {
    text = existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : null;
    fileCache.set(file, text);
  }
  return text;
}

/** Whether a file's real path (links followed) is inside a folder's real path. */
function insideReal(file: string, dir: string): boolean {
  return isInside(realpathSync(file), realpathSync(dir));
}

const yamlCache = new Map<string, unknown>();
/** Template files whose real path was found inside their folder. */
const checkedInside = new Set<string>();

/** A YAML file of the chain, parsed once (profiles, string tables and the series table are only read). */
function readYaml(file: string): unknown {
  if (!yamlCache.has(file)) {
    const text = readCached(file);
    yamlCache.set(file, text === null ? null : parseYamlAt(file, text));
  }
  return yamlCache.get(file);
}

/** A data file of the chain parsed; a YAML mistake is a TemplateError at its own line and column. */
function parseYamlAt(file: string, text: string): unknown {
  try {
    return parseYaml(text);
  } catch (e) {
    const err = e as Error & { linePos?: { line: number; col: number }[] };
    const at = err.linePos?.[0] ?? { line: 1, col: 1 };
    throw new TemplateError(`not valid YAML: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, { file, line: at.line, column: at.col });
  }
}

/** Forget cached template files (the watch mode calls it when a template changes). */
export function clearTemplateCache(): void {
  compiled.clear();
  fileCache.clear();
  yamlCache.clear();
  checkedInside.clear();
}

export class Templates {
  readonly dirs: string[];
  /** The user's own folder, searched first (absolute), if any. */
  readonly userDir?: string;

  constructor(userDir?: string) {
    this.userDir = userDir ? path.resolve(userDir) : undefined;
    this.dirs = this.userDir ? [this.userDir, BUNDLED_TEMPLATES] : [BUNDLED_TEMPLATES];
  }

  /** The file a key resolves to (first folder in the chain that has it), never outside its folder. */
  locate(relative: string): string {
    const key = path.normalize(relative);
    // a name from a profile or a wording choice ("x/../../../evil") may not leave the template folders
    if (path.isAbsolute(key) || key.split(path.sep).includes('..')) throw new TemplateError(`template name "${relative}" leads outside the template folders; name a file inside them`);
    for (const dir of this.dirs) {
      const file = path.join(dir, key);
      if (readCached(file) === null) continue;
      if (!checkedInside.has(file) && !insideReal(file, dir)) throw new TemplateError(`template "${relative}" in ${dir} is a link to a file outside that folder; copy the file in instead`);
      checkedInside.add(file);
      return file;
    }
    throw new TemplateError(`template "${relative}" not found in ${this.dirs.join(' or ')}`);
  }

  private compile(file: string, text: string): Handlebars.TemplateDelegate {
    let fn = compiled.get(file);
    if (!fn) {
      // noEscape: the output is Markdown, not HTML ("AT&T" stays "AT&T"); strict: a missing field is an error.
      fn = hb.compile(text, { noEscape: true, strict: true, knownHelpersOnly: false });
      compiled.set(file, fn);
    }
    return fn;
  }

  /** Whether a template file of this name is in the template folders. */
  exists(relative: string): boolean {
    try {
      this.locate(relative);
      return true;
    } catch {
      return false;
    }
  }

  /** The names between `prefix` and `suffix` of the template files in the folders ("itu/keywords." … ".hbs" → comma, semicolon). */
  variants(prefix: string, suffix: string): string[] {
    const dir = path.dirname(prefix);
    const start = path.basename(prefix);
    const names = this.dirs.flatMap((d) => (existsSync(path.join(d, dir)) ? readdirSync(path.join(d, dir)) : []));
    return [...new Set(names.filter((n) => n.startsWith(start) && n.endsWith(suffix)).map((n) => n.slice(start.length, -suffix.length)))].sort();
  }

  render(relative: string, data: object, partials: Record<string, string> = {}): string {
    const file = this.locate(relative);
    const fn = this.compile(file, readCached(file)!);
    const partialFns: Record<string, Handlebars.TemplateDelegate> = {};
    for (const [name, rel] of Object.entries(partials)) {
      const pf = this.locate(rel);
      const partial = this.compile(pf, readCached(pf)!);
      // name the partial's own file in its errors, not the template that includes it
      partialFns[name] = ((context: unknown, options: Handlebars.RuntimeOptions) => {
        try {
          return partial(context, options);
        } catch (e) {
          throw handlebarsError(pf, e);
        }
      }) as Handlebars.TemplateDelegate;
    }
    try {
      return fn(data, { partials: partialFns as unknown as Record<string, Handlebars.Template> });
    } catch (e) {
      throw handlebarsError(file, e);
    }
  }

  /** Renders a one-line template string (file names, partial names). */
  renderString(template: string, data: object): string {
    const key = `inline:${template}`;
    let fn = compiled.get(key);
    if (!fn) {
      fn = hb.compile(template, { noEscape: true, strict: true });
      compiled.set(key, fn);
    }
    return fn(data);
  }

  /** Merged YAML string tables (e.g. common/body.yaml), user keys over bundled keys. */
  strings(relative: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const dir of [...this.dirs].reverse()) Object.assign(out, readYaml(path.join(dir, relative)) ?? {});
    return out;
  }

  /** A file of the chain as text (cached like the templates), with the path it was found at. */
  text(relative: string): { file: string; text: string } {
    const file = this.locate(relative);
    return { file, text: readCached(file)! };
  }

  yaml<T>(relative: string): T {
    return readYaml(this.locate(relative)) as T;
  }
}

/** Why a folder of the user's templates cannot be used ("does not exist", "is not a folder"); undefined when it can. */
export function templatesFolderProblem(dir: string): string | undefined {
  if (!existsSync(dir)) return 'does not exist';
  if (!statSync(dir).isDirectory()) return 'is not a folder';
  return undefined;
}

/**
 * The template chain of a source: the folder given, else the front matter's `templates:` (relative to the
 * source), then the bundled one. A folder that is not there is an error: falling back to the bundled
 * templates without a word would print texts the user believes replaced.
 */
export function templatesFor(doc: SourceDocument, userDir?: string): Templates {
  const dir = userDir ?? (doc.meta.templates ? path.resolve(doc.root, doc.meta.templates) : undefined);
  const problem = dir === undefined ? undefined : templatesFolderProblem(path.resolve(dir));
  if (problem) throw new TemplateError(`the templates folder "${dir}" ${problem}; name an existing folder of your own templates`);
  return new Templates(dir);
}

export function loadProfile(side: Side, templates: Templates): Profile {
  const raw = templates.yaml<Record<string, any>>(`${side}/profile.yaml`);
  return {
    side,
    label: raw.label,
    fileName: raw.fileName,
    sections: raw.sections,
    partials: raw.partials ?? {},
    toc: raw.toc ?? { levels: 2 },
    supplement: raw.supplement,
    guide: raw.guide,
  };
}
