/**
 * Profiles and templates. A profile (templates/<itu|iso>/profile.yaml) is data: sections, partials,
 * roles → style names, style looks. Templates are Handlebars files producing source-format Markdown.
 * Lookup follows a fallback chain: the user's folder first (--templates / `templates:`), then the
 * bundled folder, key by key (Bikeshed's boilerplate chain).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import type { Side } from '../model/types.js';
import type { StyleLook } from '../model/publication.js';

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
  font: string;
  fontSize: number;
  sections: ProfileSection[];
  partials: Record<string, string>;
  /** Table of contents: heading levels of the body; whether the Introduction is listed; front-matter roles listed (the ISO Foreword). */
  toc: { levels: number; introduction?: boolean; front?: string[] };
  roles: Record<string, string>;
  styles: Record<string, StyleLook>;
  /** What a corrigendum or amendment of this publication contains instead (sections, file name). */
  supplement?: { fileName: string; sections: ProfileSection[] };
}

export class TemplateError extends Error {}

const hb = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();
const fileCache = new Map<string, string | null>();

function readCached(file: string): string | null {
  let text = fileCache.get(file);
  if (text === undefined) {
    text = existsSync(file) ? readFileSync(file, 'utf8') : null;
    fileCache.set(file, text);
  }
  return text;
}

const yamlCache = new Map<string, unknown>();

/** A YAML file of the chain, parsed once (profiles, string tables and the series table are only read). */
function readYaml(file: string): unknown {
  if (!yamlCache.has(file)) {
    const text = readCached(file);
    yamlCache.set(file, text === null ? null : parseYaml(text));
  }
  return yamlCache.get(file);
}

/** Forget cached template files (the watch mode calls it when a template changes). */
export function clearTemplateCache(): void {
  compiled.clear();
  fileCache.clear();
  yamlCache.clear();
}

export class Templates {
  readonly dirs: string[];

  constructor(userDir?: string) {
    this.dirs = userDir ? [path.resolve(userDir), BUNDLED_TEMPLATES] : [BUNDLED_TEMPLATES];
  }

  /** The file a key resolves to (first folder in the chain that has it). */
  locate(relative: string): string {
    for (const dir of this.dirs) {
      const file = path.join(dir, relative);
      if (readCached(file) !== null) return file;
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
          throw e instanceof TemplateError ? e : new TemplateError(`template ${pf}: ${(e as Error).message}`);
        }
      }) as Handlebars.TemplateDelegate;
    }
    try {
      return fn(data, { partials: partialFns as unknown as Record<string, Handlebars.Template> });
    } catch (e) {
      throw e instanceof TemplateError ? e : new TemplateError(`template ${file}: ${(e as Error).message}`);
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

  yaml<T>(relative: string): T {
    return readYaml(this.locate(relative)) as T;
  }
}

export function loadProfile(side: Side, templates: Templates): Profile {
  const raw = templates.yaml<Record<string, any>>(`${side}/profile.yaml`);
  return {
    side,
    label: raw.label,
    fileName: raw.fileName,
    font: raw.font ?? 'Times New Roman',
    fontSize: raw.fontSize ?? 11,
    sections: raw.sections,
    partials: raw.partials ?? {},
    toc: raw.toc ?? { levels: 2 },
    roles: raw.roles ?? {},
    styles: raw.styles ?? {},
    supplement: raw.supplement,
  };
}
