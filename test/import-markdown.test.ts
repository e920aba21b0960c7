/** The Markdown an import writes: backslashes only where CommonMark needs them, and the text reads back the same. */
import { describe, it, expect } from 'vitest';
import { writeMarkdown } from '../src/import/markdown.js';
import { parseMarkdown } from '../src/source/markdown.js';
import { toString } from 'mdast-util-to-string';

const para = (value: string) => writeMarkdown({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value }] }] });

describe('import Markdown writer', () => {
  const cases: [string, string][] = [
    ['iArr[0] is set', 'iArr[0] is set'],
    ['see [1] and [b-ITU]', 'see [1] and [b-ITU]'],
    ['x * y', 'x * y'],
    ['urn:oid:2.1 and ISO/IEC 9594:1990', 'urn:oid:2.1 and ISO/IEC 9594:1990'],
    // these need their backslash
    ['*emph*', '\\*emph\\*'],
    ['note [^1] here', 'note \\[^1] here'],
    ['* at the start', '\\* at the start'],
  ];
  for (const [text, md] of cases) {
    it(JSON.stringify(text), () => {
      const out = para(text);
      expect(out.trim()).toBe(md);
      // (":2" reads as a directive to remark; the source parser turns unknown directives back into text, tested in the import tests)
      if (!text.includes(':')) expect(toString(parseMarkdown(out))).toBe(text);
    });
  }
});
