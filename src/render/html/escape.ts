/** HTML text and attribute escaping; characters HTML may not carry (controls, lone surrogates) are dropped. */

// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex
const NEEDS = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  if (!NEEDS.test(s)) return s;
  return s.replace(INVALID, '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** An attribute ` name="value"`, or nothing when the value is undefined. */
export function attr(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : ` ${name}="${escapeHtml(String(value))}"`;
}

/** Only these schemes become links: a source's `javascript:` or `data:` URL stays text. */
export function safeUrl(url: string): string | undefined {
  return /^(https?:|mailto:|ftp:|urn:)/i.test(url.trim()) ? url.trim() : undefined;
}
