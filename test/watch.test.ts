import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
// @ts-expect-error plain ESM JavaScript without types
import { writeCorpus } from '../bench/generate.mjs';
import os from 'node:os';
import path from 'node:path';
import { ChunkCache, IncrementalBuilder, watchBuild, type RebuildResult } from '../src/app/watch.js';
import { readDocx } from '../src/reader/index.js';
import { chunkStarts, parseChunks } from '../src/source/chunks.js';
import { parseMarkdown } from '../src/source/markdown.js';
import { build, parse, prepare } from '../src/index.js';
import { strFromU8, unzipSync } from 'fflate';
import { paraText } from '../src/model/publication.js';
import type { Publication } from '../src/model/publication.js';

const text = (pub: Publication) => pub.sections.flatMap((s) => s.blocks).map((b) => (b.kind === 'p' ? paraText(b) : b.kind)).join('\n');

describe('chunkStarts', () => {
  it('splits at headings of every level, not inside front matter, code fences, ::: blocks or raw HTML', () => {
    const src = '---\na: 1\n# not\n---\n\n# One\n\ntext\n\n```\n# code\n```\n\n:::iso{reason="x"}\n# Inside\n:::\n\n## Two\n\n<!-- a comment\n# commented\n-->\n\n<div>\n# in the HTML block\n\n###### Six\n#hashtag\n# Three\n';
    const starts = chunkStarts(src);
    expect(starts.map((s) => src.slice(s.offset).split('\n')[0])).toEqual(['---', '# One', '## Two', '###### Six', '# Three']);
    expect(starts.map((s) => s.line)).toEqual([0, 5, 17, 26, 28]);
    // a comment closed on its own line does not hold back the heading after it
    const oneLine = '# A\n\n<!-- one line -->\n# B\n';
    expect(chunkStarts(oneLine).map((s) => oneLine.slice(s.offset).split('\n')[0])).toEqual(['# A', '# B']);
  });
});

describe('parseChunks', () => {
  const heads = (src: string) => parseChunks(src).map((s) => src.slice(s.offset).split('\n')[0]);
  it('keeps a footnote reference and its definition in one chunk, and the chunks between them', () => {
    const src = '# A\n\nx[^n]\n\n## B\n\ny\n\n## C\n\n[^n]: the note\n\n# D\n\nz\n';
    expect(heads(src)).toEqual(['# A', '# D']);
    // a definition above its reference joins the same way
    expect(heads('# A\n\n[^n]: note\n\n# B\n\nx[^n]\n\n# C\n')).toEqual(['# A', '# C']);
  });
  it('parses a file with a link reference definition as one chunk (definitions are document-wide)', () => {
    expect(heads('# A\n\nsee [x]\n\n# B\n\n[x]: https://example.org\n')).toEqual(['# A']);
  });
});

describe('ChunkCache', () => {
  const src = readFileSync('fixtures/example/example.md', 'utf8');
  const strip = (t: unknown) => JSON.parse(JSON.stringify(t));

  it('gives the same tree (positions included) as parsing the whole file', () => {
    const cache = new ChunkCache();
    const whole = parseMarkdown(src);
    const chunked = cache.parse(src, 'a.md');
    expect(strip(chunked.children)).toEqual(strip(whole.children));
  });

  it('gives the same tree as a whole-file parse for every file of the X.500 mirror and a generated 50-page source', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-chunks-'));
    writeCorpus(dir, 50);
    const files = [path.join('fixtures/x500/x500.md'), path.join(dir, 'source.md'), ...readdirSync(path.join(dir, 'clauses')).map((f) => path.join(dir, 'clauses', f))];
    let split = 0;
    for (const f of files) {
      const t = readFileSync(f, 'utf8');
      const cache = new ChunkCache();
      expect(strip(cache.parse(t, f).children), f).toEqual(strip(parseMarkdown(t).children));
      if (parseChunks(t).length > 1) split++;
    }
    // the test means something only if files were actually split
    expect(split).toBeGreaterThan(files.length / 2);
  });

  it('re-parses only the changed clause after an edit, and shifts the positions after it', () => {
    const cache = new ChunkCache();
    cache.parse(src, 'a.md');
    const before = cache.parsed;
    const edited = src.replace('# Scope {#scope}\n', '# Scope {#scope}\n\nA new paragraph\nof two lines.\n');
    const tree = cache.parse(edited, 'a.md');
    expect(cache.parsed - before).toBe(1);
    expect(strip(tree.children)).toEqual(strip(parseMarkdown(edited).children));
    // and back again
    expect(strip(cache.parse(src, 'a.md').children)).toEqual(strip(parseMarkdown(src).children));
  });
});

describe('IncrementalBuilder', () => {
  it('rebuilds after an edit of an included file with the same result as a fresh build', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-watch-'));
    cpSync('fixtures/example', dir, { recursive: true });
    const main = path.join(dir, 'example.md');
    const inc = path.join(dir, 'clauses', '06-protocol.md');
    const b = new IncrementalBuilder(main, { write: false });
    const first = await b.rebuild();
    expect(first.ok).toBe(true);
    expect(first.outputs).toHaveLength(2);
    expect(b.files).toContain(inc);

    const edited = readFileSync(inc, 'utf8').replace(/\n\n([A-Z][^\n]*)/, '\n\n$1 An edited sentence.');
    writeFileSync(inc, edited);
    const second = await b.rebuild([inc]);
    expect(second.ok).toBe(true);
    expect(second.parsedChunks).toBeLessThanOrEqual(2);
    const fresh = parse(main).document!;
    for (const [i, side] of (['itu', 'iso'] as const).entries()) {
      const t = text(second.outputs[i].publication);
      expect(t).toContain('An edited sentence.');
      expect(t).toBe(text(prepare(fresh, side)));
    }
  });

  it('reports errors without throwing and recovers on the next save', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-watch-'));
    cpSync('fixtures/example', dir, { recursive: true });
    const main = path.join(dir, 'example.md');
    const b = new IncrementalBuilder(main, { write: false });
    expect((await b.rebuild()).ok).toBe(true);
    const good = readFileSync(main, 'utf8');
    const bad = await b.update(main, good.replace('# Scope {#scope}', '# Scope {#scope}\n\nSee [](#no-such-anchor).'));
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.some((d) => d.code === 'unknown-anchor')).toBe(true);
    expect((await b.update(main, good)).ok).toBe(true);
  });
  it('reports warnings at their new places after an edit above them, as a fresh parse does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-watch-'));
    const main = path.join(dir, 'spec.md');
    const source = readFileSync('fixtures/errors/warnings.md', 'utf8');
    writeFileSync(main, source);
    const b = new IncrementalBuilder(main, { write: false });
    const first = await b.rebuild();
    expect(first.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['20:1 note-outside-block', '23:17 requirement-in-note']);
    // two lines inserted in the Scope clause, above both warnings; and an edit that keeps every offset but moves lines
    const moved = source.replace('# Scope\n', '# Scope\n\nA new paragraph.\n');
    const second = await b.update(main, moved);
    const fresh = parse(main, { readFile: () => moved }).diagnostics;
    expect(second.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(fresh.map((d) => `${d.line}:${d.column} ${d.code}`));
    expect(second.diagnostics.map((d) => d.line)).toEqual([22, 25]);
  });

  it('after many random edits (sentences, new paragraphs with links) gives the document a fresh build gives', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-watch-gen-'));
    writeCorpus(dir, 50);
    const main = path.join(dir, 'source.md');
    const files = readdirSync(path.join(dir, 'clauses')).map((f) => path.join(dir, 'clauses', f));
    const b = new IncrementalBuilder(main, { write: false });
    expect((await b.rebuild()).ok).toBe(true);
    let seed = 1;
    const rnd = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    let edits = 0;
    for (let i = 0; i < 15; i++) {
      const f = files[rnd(files.length)];
      const lines = readFileSync(f, 'utf8').split('\n');
      const from = rnd(lines.length);
      // a plain paragraph (not a caption, not a line carrying an anchor)
      const k = lines.findIndex((l, j) => j >= from && /^[A-Z][a-z]/.test(l) && !/^(Table|Figure):/.test(l) && !l.includes('{#'));
      if (k < 0) continue;
      if (i % 3 === 0) lines.splice(k, 0, `New paragraph ${i} with a [link](https://example.org/${i}).`, '');
      else lines[k] += ` Edit ${i}.`;
      writeFileSync(f, lines.join('\n'));
      const r = await b.rebuild([f]);
      expect(r.ok, JSON.stringify(r.diagnostics.slice(0, 2))).toBe(true);
      edits++;
    }
    expect(edits).toBeGreaterThan(10);
    const last = await b.rebuild([]);
    const fresh = await build(main, { write: false });
    for (let s = 0; s < 2; s++) {
      const part = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']);
      expect(part(last.outputs[s].bytes) === part(fresh.outputs[s].bytes), last.outputs[s].side).toBe(true);
    }
  });
});

describe('watchBuild', () => {
  /** The compression method of word/document.xml in a ZIP: 0 stored, 8 deflated. */
  const method = (zip: Uint8Array) => {
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let at = 0; view.getUint32(at, true) === 0x04034b50;) {
      const nameLength = view.getUint16(at + 26, true);
      if (strFromU8(zip.subarray(at + 30, at + 30 + nameLength)) === 'word/document.xml') return view.getUint16(at + 8, true);
      at += 30 + nameLength + view.getUint16(at + 28, true) + view.getUint32(at + 18, true);
    }
    throw new Error('no word/document.xml');
  };

  it('rebuilds on save, then writes the files again compressed, as a normal build, once the editor pauses', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-watchbuild-'));
    cpSync('fixtures/example', dir, { recursive: true });
    const main = path.join(dir, 'example.md');
    const out = path.join(dir, 'out');
    const events: string[] = [];
    let compressed!: () => void;
    let rebuilt!: () => void;
    const w = watchBuild(main, {
      outDir: out, debounce: 20, compressAfter: 150,
      onRebuild: (r, changed) => { events.push(`rebuild ${changed.length ? 'save' : 'first'} ${r.ok}`); rebuilt?.(); },
      onCompressed: () => { events.push('compressed'); compressed?.(); },
    });
    try {
      const first = await w.ready;
      const itu = first.outputs[0].path!;
      expect(method(readFileSync(itu))).toBe(0);
      await new Promise<void>((r) => { compressed = r; });
      expect(method(readFileSync(itu))).toBe(8);
      // byte for byte what "commontext build" writes
      const normal = await build(main, { write: false });
      expect(Buffer.from(readFileSync(itu)).equals(Buffer.from(normal.outputs[0].bytes))).toBe(true);
      // a save: rebuilt stored at once, compressed again after the pause
      const again = new Promise<void>((r) => { rebuilt = r; });
      const recompressed = new Promise<void>((r) => { compressed = r; });
      writeFileSync(main, readFileSync(main, 'utf8').replace('# Scope {#scope}\n\n', '# Scope {#scope}\n\nA watched sentence. '));
      await again;
      expect(method(readFileSync(itu))).toBe(0);
      await recompressed;
      expect(method(readFileSync(itu))).toBe(8);
      expect(events).toEqual(['rebuild first true', 'compressed', 'rebuild save true', 'compressed']);
    } finally {
      w.stop();
    }
  });

  /** The next rebuild's result, with the files it saw changed. */
  const nextRebuild = (events: { r: RebuildResult; changed: string[] }[], count: number) => new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => { if (events.length >= count) { clearInterval(poll); clearTimeout(limit); resolve(); } }, 10);
    const limit = setTimeout(() => { clearInterval(poll); reject(new Error(`no rebuild ${count} within 5 s: the watcher did not see the change`)); }, 5000);
  });

  it('goes on after the source is deleted and written again (as git checkout does), and watches the front matter\'s template folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-watchdeaf-'));
    cpSync('fixtures/example', dir, { recursive: true });
    const main = path.join(dir, 'example.md');
    const text = readFileSync(main, 'utf8').replace('---\n', '---\ntemplates: tpl\n');
    writeFileSync(main, text);
    mkdirSync(path.join(dir, 'tpl/itu'), { recursive: true });
    const events: { r: RebuildResult; changed: string[] }[] = [];
    const w = watchBuild(main, { outDir: path.join(dir, 'out'), debounce: 20, compressAfter: 60_000, onRebuild: (r, changed) => { events.push({ r, changed }); } });
    try {
      await w.ready;
      rmSync(main);
      await nextRebuild(events, 2);
      expect(events[1].r.ok).toBe(false);
      writeFileSync(main, text.replace('# Scope {#scope}\n\n', '# Scope {#scope}\n\nBack again. '));
      await nextRebuild(events, 3);
      expect(events[events.length - 1].r.ok).toBe(true);
      const count = events.length;
      // a template written into the folder the front matter names
      writeFileSync(path.join(dir, 'tpl/itu/note.hbs'), '# NOTE\n\nA note of our own.\n');
      await nextRebuild(events, count + 1);
      const last = events[events.length - 1];
      expect(last.r.ok).toBe(true);
      const itu = await readDocx(last.r.outputs[0].bytes);
      expect(itu.body.some((b) => b.kind === 'paragraph' && b.text === 'A note of our own.')).toBe(true);
    } finally {
      w.stop();
    }
  }, 30_000);
});
