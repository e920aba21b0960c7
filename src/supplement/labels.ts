/**
 * Replacement content printed with the labels of the publication it corrects. The supplement is a
 * source of its own, whose count would print a replaced second table as "Table 1 – …" and the NOTE an
 * instruction adds as "NOTE 2" as "NOTE – …"; so the content carries the printed number as the source
 * format's `number` attribute (`Table: Title {number="2"}`, `:::note{number="2"}`, the caption of a
 * figure likewise). Where the two publications number the element differently, each prints its own
 * copy of the content (`:::itu` / `:::iso` blocks with the reason `sideNumbering`). `apply` reads
 * the attribute back off, so the corrected source numbers the element as before.
 */
import type { Paragraph, RootContent, Text } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import type { Change } from './changes.js';
import type { Wording } from './wording.js';

type Kind = 'table' | 'figure' | 'note' | 'example' | 'term';
const KINDS: Exclude<Kind, 'term'>[] = ['table', 'figure', 'note', 'example'];

/** The element kind and the number the publication prints for the content of a replace or a designated NOTE 2; undefined when the supplement's own count gives it anyway. */
export function printedNumber(w: Wording, c: Change): { kind: Kind; number: string } | undefined {
  if (c.op === 'designateNote') return { kind: 'note', number: '2' };
  if (c.op !== 'replace' || c.at.type !== 'block' || !c.at.label) return undefined;
  const kind = KINDS.find((k) => k === (c.at as { kind: string }).kind);
  if (!kind) return undefined;
  const number = c.at.label.slice(w.labels[kind].length).trim();
  return number ? { kind, number } : undefined;
}

const ATTRS = /\{([^{}\n]*)\}\s*$/;

/** The caption paragraph of a table (before it) or a figure (after its image) among the nodes. */
function caption(nodes: RootContent[], kind: 'table' | 'figure', w: Wording): Text | undefined {
  const prefix = `${w.labels[kind]}:`;
  for (const n of nodes) {
    if (n.type !== 'paragraph') continue;
    const first = n.children[0];
    if (first?.type !== 'text' || !first.value.startsWith(prefix)) continue;
    const last = (n as Paragraph).children.at(-1);
    return last?.type === 'text' ? last : undefined;
  }
  return undefined;
}

function note(nodes: RootContent[], kind: 'note' | 'example'): ContainerDirective | undefined {
  return nodes.find((n): n is ContainerDirective => n.type === 'containerDirective' && n.name === kind);
}

/** A term entry's last text, where its `{number="3.2.5a"}` goes (parse.ts termNumber). */
function termEnd(nodes: RootContent[]): Text | undefined {
  const p = nodes[0];
  if (p?.type !== 'paragraph') return undefined;
  const last = p.children.at(-1);
  if (last?.type === 'text') return last;
  const t: Text = { type: 'text', value: '' };
  p.children.push(t);
  return t;
}

/** The content with the printed number on its table or figure caption, note, example or term entry. */
export function withPrintedNumber(w: Wording, nodes: RootContent[], p: { kind: Kind; number: string }): RootContent[] {
  const out = structuredClone(nodes);
  if (p.kind === 'term') {
    const t = termEnd(out);
    if (t && !/\bnumber=/.test(ATTRS.exec(t.value)?.[1] ?? '')) t.value = `${t.value.trimEnd()} {number="${p.number}"}`;
    return out;
  }
  if (p.kind === 'note' || p.kind === 'example') {
    const n = note(out, p.kind);
    if (n && !n.attributes?.number) n.attributes = { ...(n.attributes ?? {}), number: p.number };
    return out;
  }
  const t = caption(out, p.kind, w);
  if (!t || /\bnumber=/.test(ATTRS.exec(t.value)?.[1] ?? '')) return out;
  const m = ATTRS.exec(t.value);
  t.value = m ? `${t.value.slice(0, m.index)}{${m[1].trim()} number="${p.number}"}` : `${t.value.trimEnd()} {number="${p.number}"}`;
  return out;
}

/** The content as the source had it: the printed number this module wrote taken off again (only when it is the one the instruction names). */
export function withoutPrintedNumber(w: Wording, nodes: RootContent[], p: { kind: Kind; number: string }): RootContent[] {
  const out = structuredClone(nodes);
  if (p.kind === 'note' || p.kind === 'example') {
    const n = note(out, p.kind);
    if (n?.attributes?.number === p.number) {
      const { number: _n, ...rest } = n.attributes;
      n.attributes = rest;
    }
    return out;
  }
  const t = p.kind === 'term' ? termEnd(out) : caption(out, p.kind, w);
  const m = t && ATTRS.exec(t.value);
  if (!t || !m) return out;
  const rest = m[1].replace(new RegExp(`\\s*\\bnumber="${p.number.replace(/\./g, '\\.')}"`), '').trim();
  if (rest === m[1].trim()) return out;
  t.value = rest ? `${t.value.slice(0, m.index)}{${rest}}` : t.value.slice(0, m.index).trimEnd();
  return out;
}

/** Content given once for each publication (two one-side blocks of the reason `sideNumbering`): the copy of publication `first`. */
export function sharedContent(nodes: RootContent[], reason: string, first: string): RootContent[] {
  const blocks = nodes.filter((n): n is ContainerDirective => n.type === 'containerDirective' && (n.name === 'itu' || n.name === 'iso') && n.attributes?.reason === reason);
  if (blocks.length !== 2 || blocks.length !== nodes.length) return nodes;
  return (blocks.find((b) => b.name === first) ?? blocks[0]).children as RootContent[];
}
