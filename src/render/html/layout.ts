/**
 * The HTML layout data (templates/html/layout.yaml: role → element, the few words the HTML adds) and
 * the page template and style sheet, from the publication's template chain. A mistake in the user's
 * copy is a TemplateError at its own line.
 */
import { Templates, TemplateError } from '../../profile/index.js';

const ELEMENTS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const STRINGS = ['lang', 'contents', 'footnotes', 'footnoteBack', 'footnoteBackMark', 'oneSideItu', 'oneSideIso', 'reasonSeparator'] as const;

export type HtmlStrings = Record<(typeof STRINGS)[number], string>;

export interface HtmlLayout {
  elements: Record<string, string>;
  strings: HtmlStrings;
}

interface RawLayout { elements?: Record<string, unknown>; strings?: Record<string, unknown> }

const LAYOUT = 'html/layout.yaml';

/** Where `key:` first stands in a YAML file, for a message about its value. */
function keyPosition(text: string, key: string): { line: number; column: number } {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => new RegExp(`^\\s*["']?${key.replace(/[^\w-]/g, '')}["']?\\s*:`).test(l));
  return i < 0 ? { line: 1, column: 1 } : { line: i + 1, column: lines[i].search(/\S/) + 1 };
}

export function loadHtmlLayout(templates: Templates): HtmlLayout {
  const bundled = new Templates().yaml<RawLayout>(LAYOUT) ?? {};
  const own = templates.yaml<RawLayout>(LAYOUT) ?? {};
  const { file, text } = templates.text(LAYOUT);
  const problems: TemplateError[] = [];
  const elements: Record<string, string> = {};
  for (const [role, el] of Object.entries({ ...bundled.elements, ...own.elements })) {
    if (typeof el === 'string' && ELEMENTS.has(el)) elements[role] = el;
    else problems.push(new TemplateError(`the element of role "${role}" must be one of ${[...ELEMENTS].join(', ')}, not ${JSON.stringify(el)}`, { file, ...keyPosition(text, role) }));
  }
  const merged = { ...bundled.strings, ...own.strings };
  const strings = {} as HtmlStrings;
  for (const key of STRINGS) {
    const v = merged[key];
    if (typeof v === 'string') strings[key] = v;
    else problems.push(new TemplateError(`strings.${key} must be a text, not ${JSON.stringify(v)}`, { file, ...keyPosition(text, key) }));
  }
  if (problems.length) throw new TemplateError(problems[0].detail, problems[0].at, problems.slice(1));
  return { elements, strings };
}
