/**
 * commontext lsp driven as an editor drives it: the installed command as a child process, a real
 * JSON-RPC client (vscode-jsonrpc) on its stdin/stdout. Expected values come from the fixture's own
 * text and front matter, and from the DOCX publications built from it, never from the server's code.
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { parse as parseYaml } from 'yaml';
import { buildAndRead, paragraphs, repo, tmp } from './helpers.js';

const file = path.join(repo, 'fixtures/x500/x500.md');
const uri = pathToFileURL(file).href;
// without the mirror's lint: { quiet: … }, so that the real text's one warning is published
const onDisk = readFileSync(file, 'utf8');
const original = onDisk.replace(/\nlint:\n(  .*\n)+/, '\n');
const lines = original.split('\n');
const frontMatter = parseYaml(/^---\n([\s\S]*?)\n---/.exec(original)![1]) as { references: Record<string, { title: string; itu: { number: string; year: number }; iso: { designation: string; year: number } }> };

interface Range { start: { line: number; character: number }; end: { line: number; character: number } }
interface LspDiagnostic { range: Range; severity: number; code: string; message: string }

/** The installed command runs dist/bundle: build it when it is missing or older than the sources. */
function bundled(): string {
  const bundle = path.join(repo, 'dist/bundle/commontext.mjs');
  const newest = (dir: string) => Math.max(...readdirSync(dir, { recursive: true }).map((f) => statSync(path.join(dir, String(f))).mtimeMs));
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newest(path.join(repo, 'src'))) execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo });
  return path.join(repo, 'bin/commontext.js');
}

function textAt(text: string, r: Range): string {
  const ls = text.split('\n');
  expect(r.start.line).toBe(r.end.line);
  return ls[r.start.line].slice(r.start.character, r.end.character);
}

/** The line index and character of the first line holding `what`. */
function find(text: string, what: string): { line: number; character: number } {
  const ls = text.split('\n');
  const line = ls.findIndex((l) => l.includes(what));
  expect(line).toBeGreaterThanOrEqual(0);
  return { line, character: ls[line].indexOf(what) };
}

let child: ChildProcess;
let conn: MessageConnection;
const waiting: { test: (d: LspDiagnostic[]) => boolean; resolve: (d: LspDiagnostic[]) => void }[] = [];
let stderr = '';

/** The next diagnostics published for the fixture that pass `test`. */
function diagnostics(test: (d: LspDiagnostic[]) => boolean = () => true): Promise<LspDiagnostic[]> {
  return new Promise((resolve) => waiting.push({ test, resolve }));
}

beforeAll(async () => {
  child = spawn(process.execPath, [bundled(), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: repo });
  child.stderr!.on('data', (b) => { stderr += String(b); });
  conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: LspDiagnostic[] }) => {
    if (p.uri !== uri) return;
    const i = waiting.findIndex((w) => w.test(p.diagnostics));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(p.diagnostics);
  });
  conn.listen();
}, 60_000);

afterAll(async () => {
  if (conn) {
    await conn.sendRequest('shutdown').catch(() => undefined);
    await conn.sendNotification('exit').catch(() => undefined);
    conn.dispose();
  }
  child?.kill();
});

describe('commontext lsp over JSON-RPC', () => {
  let edited = original;

  it('initializes with completion, definition and hover', async () => {
    const result = await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(repo).href, capabilities: {} }) as { capabilities: Record<string, unknown> };
    await conn.sendNotification('initialized', {});
    expect(result.capabilities.hoverProvider).toBe(true);
    expect(result.capabilities.definitionProvider).toBe(true);
    expect(result.capabilities.completionProvider).toBeTruthy();
  });

  it('publishes the warning of the opened X.500 mirror at its word', async () => {
    const published = diagnostics();
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: original } });
    const list = await published;
    expect(list, stderr).toHaveLength(1);
    expect(list[0].severity).toBe(2);
    expect(list[0].code).toBe('requirement-in-note');
    expect(textAt(original, list[0].range)).toBe('shall');
  }, 30_000);

  it('lints the edited text, not the file: an unknown :ref[X.999] at its exact range', async () => {
    expect(frontMatter.references['X.999']).toBeUndefined();
    const at = find(original, 'are defined in :ref[X.501].');
    const start = { line: at.line, character: at.character + 'are defined in '.length };
    const change = { range: { start, end: { line: start.line, character: start.character + ':ref[X.501]'.length } }, text: ':ref[X.999]' };
    const ls = original.split('\n');
    ls[start.line] = ls[start.line].slice(0, start.character) + ':ref[X.999]' + ls[start.line].slice(change.range.end.character);
    edited = ls.join('\n');
    const published = diagnostics((d) => d.some((x) => x.code === 'unknown-ref'));
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [change] });
    const bad = (await published).filter((d) => d.code === 'unknown-ref');
    expect(bad).toHaveLength(1);
    expect(bad[0].severity).toBe(1);
    expect(bad[0].range.start).toEqual(start);
    expect(textAt(edited, bad[0].range)).toBe(':ref[X.999]');
    expect(readFileSync(file, 'utf8')).toBe(onDisk);
  }, 30_000);

  it('completes the front matter\'s reference ids after :ref[, with their titles', async () => {
    const at = find(edited, ':ref[X.999]');
    const items = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: at.line, character: at.character + ':ref['.length } }) as { label: string; detail?: string }[];
    expect(items.map((i) => i.label).sort()).toEqual(Object.keys(frontMatter.references).sort());
    expect(items.find((i) => i.label === 'X.501')?.detail).toBe(frontMatter.references['X.501'].title);
  });

  it('completes anchors after ](# and directive names after ::', async () => {
    const at = find(edited, '[](#fig-access)');
    const anchors = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: at.line, character: at.character + '[](#'.length } }) as { label: string }[];
    const written = [...original.matchAll(/\{#([^\s}]+)/g)].map((m) => m[1]);
    expect(new Set(anchors.map((a) => a.label))).toEqual(new Set(written));
    expect(written).toContain('fig-access');
  });

  it('completes directive names after :, :: and ::: with the names the parser accepts', async () => {
    // a new line at the end of the text, typed one character at a time as an editor sends it
    const end = edited.split('\n').length - 1;
    const typed: Record<string, string[]> = {};
    let version = 10;
    for (const colons of [':', '::', ':::']) {
      const line = edited.split('\n')[end];
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ range: { start: { line: end, character: 0 }, end: { line: end, character: line.length } }, text: colons }] });
      edited = [...edited.split('\n').slice(0, end), colons].join('\n');
      const items = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: end, character: colons.length } }) as { label: string }[];
      typed[colons] = items.map((i) => i.label).sort();
    }
    // the directives the spec names (source-format.md): text :this :This :ref :itu :iso; line ::include ::pagebreak; blocks :::note :::example :::itu :::iso
    expect(typed[':']).toEqual(['This', 'iso', 'itu', 'ref', 'this']);
    expect(typed['::']).toEqual(['include', 'pagebreak']);
    expect(typed[':::']).toEqual(['example', 'iso', 'itu', 'note']);
    const line = edited.split('\n')[end];
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ range: { start: { line: end, character: 0 }, end: { line: end, character: line.length } }, text: '' }] });
    edited = [...edited.split('\n').slice(0, end), ''].join('\n');
  });

  it('goes to the definition of an anchor and of a reference id', async () => {
    const xref = find(edited, '[](#fig-access)');
    const anchor = await conn.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: xref.line, character: xref.character + 5 } }) as { uri: string; range: Range };
    expect(anchor.uri).toBe(uri);
    expect(lines[anchor.range.start.line]).toMatch(/^Figure: Access to the Directory \{#fig-access\}/);
    expect(textAt(original, anchor.range)).toBe('fig-access');
    const cite = find(edited, ':ref[X.519]');
    const entry = await conn.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: cite.line, character: cite.character + 7 } }) as { uri: string; range: Range };
    expect(textAt(original, entry.range)).toBe('X.519');
    expect(lines[entry.range.start.line + 1]).toContain(`number: "${frontMatter.references['X.519'].itu.number}"`);
  });

  it('shows on hover what :ref[X.501]{dated} prints in each publication', async () => {
    const at = find(edited, ':ref[X.999]');
    const change = { range: { start: at, end: { line: at.line, character: at.character + ':ref[X.999]'.length } }, text: ':ref[X.501]{dated}' };
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 30 }, contentChanges: [change] });
    const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: at.character + 3 } }) as { contents: { value: string } };
    const [itu, iso] = hover.contents.value.split('\n\n');
    const r = frontMatter.references['X.501'];
    expect(itu).toMatch(/ITU/);
    expect(itu).toContain(r.itu.number);
    expect(itu).toContain(String(r.itu.year));
    expect(iso).toMatch(/ISO/);
    expect(iso).toContain(r.iso.designation);
    expect(iso).toContain(String(r.iso.year));
    const undated = find(original, ':ref[X.519]');
    const plain = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: undated.line, character: undated.character + 3 } }) as { contents: { value: string } };
    expect(plain.contents.value).toContain(frontMatter.references['X.519'].itu.number);
    expect(plain.contents.value).not.toContain(String(frontMatter.references['X.519'].itu.year));
  });

  it('shows on hover what [](#fig-access) prints in each publication, as the DOCX prints it', async () => {
    const built = await buildAndRead('fixtures/x500/x500.md');
    const printed = [built.itu, built.iso].map((doc) => /illustrated in ([^.]+)\./.exec(paragraphs(doc).find((p) => p.text.includes('These concepts are illustrated in'))!.text)![1]);
    const at = find(edited, '[](#fig-access)');
    const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: at.character + 2 } }) as { contents: { value: string } };
    const [itu, iso] = hover.contents.value.split('\n\n');
    expect(printed[0]).toMatch(/\d/);
    expect(itu).toContain(`: ${printed[0]}`);
    expect(iso).toContain(`: ${printed[1]}`);
    expect(itu).toContain('Access to the Directory');
    // an annex's target is two lines in the publication (label, then title): the hover keeps one line per publication
    const annex = find(edited, '[](#annex-applying)');
    const annexHover = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: annex.line, character: annex.character + 2 } }) as { contents: { value: string } };
    const annexPrinted = [built.itu, built.iso].map((doc) => /^(\S+ \S+), which is an integral part/.exec(paragraphs(doc).find((p) => p.text.includes('which is an integral part of'))!.text)![1]);
    const parts = annexHover.contents.value.split('\n\n');
    expect(parts).toHaveLength(2);
    parts.forEach((part, i) => { expect(part).toContain(`: ${annexPrinted[i]}`); expect(part).toContain('Applying the Directory'); });
  }, 60_000);
});

describe('commontext lsp on the command line', () => {
  it('refuses a file argument and a bad --debounce with a usage error (exit status 2)', () => {
    for (const args of [['lsp', 'fixtures/x500/x500.md'], ['lsp', '--debounce', 'soon']]) {
      const r = spawnSync(process.execPath, [bundled(), ...args], { cwd: repo, encoding: 'utf8', input: '' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^commontext lsp: error: .*\[usage\]\n$/);
      expect(r.stdout).toBe('');
    }
  });
});

describe('commontext lsp and an included file', () => {
  it('publishes an include\'s diagnostic at the include (read from disk), and clears it when the text no longer includes it', async () => {
    const dir = tmp('ct-lsp-');
    cpSync(path.join(repo, 'fixtures/example'), dir, { recursive: true });
    const main = path.join(dir, 'example.md');
    const part = path.join(dir, 'clauses/06-protocol.md');
    const partText = readFileSync(part, 'utf8').replace('## General\n\n', '## General\n\nSee :ref[X.999].\n\n');
    writeFileSync(part, partText);
    const server = spawn(process.execPath, [bundled(), 'lsp', '--debounce', '50'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: dir });
    const c = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    const got: { uri: string; diagnostics: LspDiagnostic[] }[] = [];
    c.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: LspDiagnostic[] }) => { got.push(p); });
    c.listen();
    try {
      await c.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
      await c.sendNotification('initialized', {});
      const mainUri = pathToFileURL(main).href;
      const partUri = pathToFileURL(part).href;
      const text = readFileSync(main, 'utf8');
      await c.sendNotification('textDocument/didOpen', { textDocument: { uri: mainUri, languageId: 'markdown', version: 1, text } });
      await expect.poll(() => got.find((g) => g.uri === partUri), { timeout: 10_000 }).toBeTruthy();
      const inPart = got.find((g) => g.uri === partUri)!.diagnostics;
      expect(inPart.map((d) => d.code)).toEqual(['unknown-ref']);
      expect(textAt(partText, inPart[0].range)).toBe(':ref[X.999]');
      expect(got.find((g) => g.uri === mainUri)!.diagnostics).toEqual([]);
      // the editor's text drops the include: its diagnostics are cleared
      const at = find(text, '::include{file="clauses/06-protocol.md"}');
      got.length = 0;
      await c.sendNotification('textDocument/didChange', { textDocument: { uri: mainUri, version: 2 }, contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + '::include{file="clauses/06-protocol.md"}'.length } }, text: '' }] });
      await expect.poll(() => got.find((g) => g.uri === partUri)?.diagnostics, { timeout: 10_000 }).toEqual([]);
    } finally {
      c.dispose();
      server.kill();
    }
  }, 30_000);
});
