/**
 * `commontext lsp`: a Language Server Protocol server over stdio (vscode-languageserver). Each open
 * document is linted as the editor holds it, a short pause after the last keystroke; completion,
 * go-to-definition and hover read the same text. The library is loaded only when this command runs,
 * so that no other command pays for it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Lsp from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PrepareOptions } from '../app/build.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { diagnosticsByFile, prepareText, type Prepared } from './analysis.js';
import { tokenLength } from './text.js';
import { completionsAt, definitionAt, hoverAt } from './features.js';

export interface ServerOptions extends PrepareOptions {
  /** The pause after the last change before the text is linted again. */
  debounceMs: number;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** An LSP range covering the offending token (a diagnostic gives only where it starts). */
function lspDiagnostic(d: Diagnostic, lines: string[]): Lsp.Diagnostic {
  const line = Math.max(0, d.line - 1);
  const character = Math.max(0, d.column - 1);
  const length = d.line ? tokenLength(lines[line] ?? '', character) : 0;
  return {
    range: { start: { line, character }, end: { line, character: character + length } },
    severity: d.severity === 'error' ? 1 : 2,
    code: d.code,
    source: 'commontext',
    message: d.fix ? `${d.message}; ${d.fix}` : d.message,
  };
}

/** The text of a file a diagnostic is in: the editor's, when it is open, else the file on disk (an include). */
function linesOf(file: string, open: (uri: string) => TextDocument | undefined): string[] {
  const doc = open(pathToFileURL(file).href);
  if (doc) return doc.getText().split(/\r?\n/);
  try { return readFileSync(file, 'utf8').split(/\r?\n/); } catch { return []; }
}

export async function runLanguageServer(options: ServerOptions): Promise<void> {
  const lsp = await import('vscode-languageserver/node');
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const connection = lsp.createConnection(new lsp.StreamMessageReader(options.input), new lsp.StreamMessageWriter(options.output));
  const documents = new lsp.TextDocuments(TextDocument);
  const prepare = new Map<string, { version: number; prepared: Prepared | undefined }>();
  const published = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();

  /** Lints the editor's text and publishes its diagnostics (and an include's, at the include); clears those gone. */
  const publish = (doc: TextDocument) => {
    if (!documents.get(doc.uri)) return;
    const file = fileURLToPath(doc.uri);
    const byFile = diagnosticsByFile(file, doc.getText(), options);
    const uris = new Set<string>();
    for (const [at, list] of byFile) {
      const uri = pathToFileURL(at).href;
      uris.add(uri);
      const lines = linesOf(at, (u) => documents.get(u));
      void connection.sendDiagnostics({ uri, diagnostics: list.map((d) => lspDiagnostic(d, lines)) });
    }
    for (const uri of published.get(doc.uri) ?? []) if (!uris.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    published.set(doc.uri, uris);
  };
  const schedule = (doc: TextDocument) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(doc.uri, setTimeout(() => { timers.delete(doc.uri); publish(doc); }, options.debounceMs));
  };
  const preparedOf = (doc: TextDocument) => {
    const cached = prepare.get(doc.uri);
    if (cached?.version === doc.version) return cached.prepared;
    const prepared = prepareText(fileURLToPath(doc.uri), doc.getText(), options);
    prepare.set(doc.uri, { version: doc.version, prepared });
    return prepared;
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: lsp.TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['[', '#', ':'] },
      definitionProvider: true,
      hoverProvider: true,
    },
  }));
  documents.onDidChangeContent((change) => schedule(change.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    prepare.delete(e.document.uri);
    for (const uri of published.get(e.document.uri) ?? []) void connection.sendDiagnostics({ uri, diagnostics: [] });
    published.delete(e.document.uri);
  });
  connection.onCompletion((p) => { const doc = documents.get(p.textDocument.uri); return doc ? completionsAt(doc, p.position) : []; });
  connection.onDefinition((p) => { const doc = documents.get(p.textDocument.uri); return doc ? definitionAt(doc, p.position) : null; });
  connection.onHover((p) => { const doc = documents.get(p.textDocument.uri); return doc ? hoverAt(doc, p.position, () => preparedOf(doc)) : null; });
  documents.listen(connection);
  await new Promise<void>((resolve) => {
    connection.onExit(() => resolve());
    connection.listen();
  });
}
