/**
 * The fixed texts of the check reports, from templates/check/report.yaml: a secretariat changes a
 * report's wording there, not in TypeScript. `{{name}}` placeholders are filled from `vars`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { BUNDLED_TEMPLATES } from '../profile/index.js';

let texts: Record<string, string> | undefined;

/** The text `key`, its placeholders filled; a key or placeholder that is not there is a bug, not a user's mistake. */
export function say(key: string, vars: Record<string, string | number> = {}): string {
  texts ??= parse(readFileSync(path.join(BUNDLED_TEMPLATES, 'check', 'report.yaml'), 'utf8')) as Record<string, string>;
  const t = texts[key];
  if (typeof t !== 'string') throw new Error(`templates/check/report.yaml has no text "${key}"`);
  return t.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`templates/check/report.yaml "${key}" needs {{${name}}}`);
    return String(vars[name]);
  });
}

let version: string | undefined;

/** The version of this commontext, as package.json gives it (src/check and dist/check are both two folders down). */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { version: string }).version;
  return version;
}

const files = new Map<string, string>();

/** A file of templates/check/ as it is (the HTML report's style sheet). */
export function templateText(name: string): string {
  let t = files.get(name);
  if (t === undefined) files.set(name, (t = readFileSync(path.join(BUNDLED_TEMPLATES, 'check', name), 'utf8')));
  return t;
}
