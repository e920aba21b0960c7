/** Completion, go-to-definition and hover: each reads the editor's text at the cursor (text.ts) and answers in LSP's terms. */
import { fileURLToPath } from 'node:url';
import type * as Lsp from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONTAINER_DIRECTIVES, TEXT_DIRECTIVES } from '../source/markdown.js';
import { citationBySide, crossReferenceBySide, type Prepared } from './analysis.js';
import { completing, frontReferences, targetAt, writtenAnchors, type Place } from './text.js';

/** `::include` and `::pagebreak`, the line directives the parser reads. */
const LINE_DIRECTIVES = ['include', 'pagebreak'];
const KIND_REFERENCE = 18;
const KIND_KEYWORD = 14;

function lineOf(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

export function completionsAt(doc: TextDocument, at: Place): Lsp.CompletionItem[] {
  const what = completing(lineOf(doc, at.line).slice(0, at.character));
  if (!what) return [];
  const text = doc.getText();
  if (what.kind === 'ref') return frontReferences(text).map((r) => ({ label: r.id, kind: KIND_REFERENCE, detail: r.title }));
  if (what.kind === 'anchor') {
    const seen = new Set<string>();
    return writtenAnchors(text).filter((a) => !seen.has(a.id) && seen.add(a.id)).map((a) => ({ label: a.id, kind: KIND_REFERENCE, detail: a.line }));
  }
  const names = what.colons === 1 ? [...TEXT_DIRECTIVES] : what.colons === 2 ? LINE_DIRECTIVES : [...CONTAINER_DIRECTIVES];
  return names.map((name) => ({ label: name, kind: KIND_KEYWORD, detail: `${':'.repeat(what.colons)}${name}` }));
}

export function definitionAt(doc: TextDocument, at: Place): Lsp.Location | null {
  const target = targetAt(lineOf(doc, at.line), at.character);
  if (!target) return null;
  const text = doc.getText();
  const span = target.kind === 'ref' ? frontReferences(text).find((r) => r.id === target.id)?.span : writtenAnchors(text).find((a) => a.id === target.id)?.span;
  return span ? { uri: doc.uri, range: span } : null;
}

/** What the citation or cross-reference under the cursor prints in each publication, one line each. */
export function hoverAt(doc: TextDocument, at: Place, prepared: () => Prepared | undefined): Lsp.Hover | null {
  const target = targetAt(lineOf(doc, at.line), at.character);
  const p = target && prepared();
  if (!target || !p) return null;
  const label = (side: string) => p.publications.find((pub) => pub.side === side)?.label ?? side;
  const lines = target.kind === 'ref'
    ? citationBySide(p, target.id, target.dated)?.map((c) => `**${label(c.side)}**: ${c.text}`)
    : crossReferenceBySide(p, target.id, fileURLToPath(doc.uri), at.line + 1)?.map((c) => `**${label(c.side)}**: ${c.text}${c.target ? ` (${c.target})` : ''}`);
  return lines ? { contents: { kind: 'markdown', value: lines.join('\n\n') } } : null;
}
