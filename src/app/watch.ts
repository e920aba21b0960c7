/**
 * `commontext build --watch`: rebuild on save, re-parsing only the files and clauses that changed.
 *
 *   const b = new IncrementalBuilder('spec.md', { outDir: 'out' });
 *   await b.rebuild();                      // first, full build
 *   await b.rebuild(['clauses/06.md']);     // after a save: re-reads that file, re-parses its changed clauses
 *   const stop = watchBuild('spec.md', { outDir: 'out', onRebuild: (r) => … });
 *
 * Each file is split into chunks at its headings (outside code fences, ::: blocks and raw HTML; see
 * src/source/chunks.ts); the Markdown tree of each chunk is cached by its text, so an edit re-parses one
 * (sub)clause and the other chunks only have their positions shifted. Numbering, cross-references and
 * both preparations are redone from the cached trees (they depend on the whole document); the writer
 * reuses the XML of every (sub)clause whose prepared blocks did not change (RenderCache).
 */
import { readFileSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Root, RootContent } from 'mdast';
import { parseMarkdown } from '../source/markdown.js';
import { parseChunks, shift, type Positioned } from '../source/chunks.js';
import { parseSource, type CachedConversion } from '../source/parse.js';
import { publish, stageTimer, writeOutputs, type BuildOptions } from './build.js';
import { renderDocxSync, RenderCache } from '../render/docx.js';
import { writeFilesAtomic } from '../util/files.js';
import { SIDES, type Side } from '../model/types.js';
import type { Publication } from '../model/publication.js';
import { type Diagnostic, DiagnosticError, Diagnostics, problem } from '../util/diagnostics.js';
import { clearTemplateCache, templatesFor } from '../profile/index.js';


interface ChunkEntry {
  tree: Root;
  /** The line and offset its positions are currently shifted by. */
  line: number;
  offset: number;
}

/** A Markdown parser with a per-chunk cache: unchanged clauses are not parsed again. */
export class ChunkCache {
  private cache = new Map<string, Map<string, ChunkEntry>>();
  /** Chunks parsed (cache misses) since the last reset, for tests and timings. */
  parsed = 0;
  reused = 0;

  private last = new Map<string, { text: string; tree: Root }>();

  parse(text: string, file: string): Root {
    // An unchanged file: the same tree, positions and all.
    const prev = this.last.get(file);
    if (prev && prev.text === text) { this.reused++; return prev.tree; }
    const tree = this.parseInChunks(text, file);
    this.last.set(file, { text, tree });
    return tree;
  }

  private parseInChunks(text: string, file: string): Root {
    const starts = parseChunks(text);
    const chunks = starts.map((s, i) => text.slice(s.offset, starts[i + 1]?.offset ?? text.length));
    const old = this.cache.get(file) ?? new Map<string, ChunkEntry>();
    const next = new Map<string, ChunkEntry>();
    if (starts.length === 1) {
      const e = old.get(text);
      if (e) { this.reused++; next.set(text, e); this.cache.set(file, next); return e.tree; }
      this.parsed++;
      const tree = parseMarkdown(text);
      next.set(text, { tree, line: 0, offset: 0 });
      this.cache.set(file, next);
      return tree;
    }
    const children: RootContent[] = [];
    chunks.forEach((chunk, i) => {
      const { offset, line } = starts[i];
      let e = next.has(chunk) ? undefined : old.get(chunk);
      if (e) {
        this.reused++;
        if (e.line !== line || e.offset !== offset) {
          for (const c of e.tree.children) shift(c as Positioned, line - e.line, offset - e.offset);
          e.line = line; e.offset = offset;
        }
      } else {
        this.parsed++;
        const tree = parseMarkdown(chunk);
        for (const c of tree.children) shift(c as Positioned, line, offset);
        e = { tree, line, offset };
      }
      if (!next.has(chunk)) next.set(chunk, e);
      children.push(...e.tree.children);
    });
    this.cache.set(file, next);
    const lines = starts[starts.length - 1].line + chunks[chunks.length - 1].split('\n').length;
    return { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end: { line: lines, column: 1, offset: text.length } } };
  }
}

export interface RebuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Wall time of the rebuild, ms. */
  ms: number;
  timings: Record<string, number>;
  parsedChunks: number;
  reusedChunks: number;
  outputs: { side: Side; fileName: string; path?: string; bytes: Uint8Array; publication: Publication }[];
  /** Files the source read (main + includes): what to watch. */
  files: string[];
}

/** Keeps file texts and parsed chunks between builds. */
export class IncrementalBuilder {
  private texts = new Map<string, string>();
  readonly chunks = new ChunkCache();
  /** Converted blocks of unchanged Markdown nodes (src/source/parse.ts). */
  private readonly conversions = new WeakMap<object, CachedConversion>();
  /** Each publication's body XML by (sub)clause, from the last rebuild. */
  readonly renderCaches: Record<Side, RenderCache> = { itu: new RenderCache(), iso: new RenderCache() };
  files: string[] = [];
  /** The user's template folder of the last successful parse, if any. */
  templatesDir?: string;

  constructor(readonly file: string, readonly options: BuildOptions = {}) {}

  /** Forget the text of changed files (all when none given), then rebuild. */
  async rebuild(changed?: string[]): Promise<RebuildResult> {
    if (!changed) this.texts.clear();
    else for (const f of changed) this.texts.delete(path.resolve(f));
    return this.run();
  }

  /** Replace a file's text in memory (editors, tests, the bench) and rebuild. */
  async update(file: string, text: string): Promise<RebuildResult> {
    this.texts.set(path.resolve(file), text);
    return this.run();
  }

  private read = (f: string): string => {
    let t = this.texts.get(f);
    if (t === undefined) { t = readFileSync(f, 'utf8'); this.texts.set(f, t); }
    return t;
  };

  private async run(): Promise<RebuildResult> {
    const t0 = performance.now();
    const timings: Record<string, number> = {};
    const stage = stageTimer(timings, this.options.onStage);
    const p0 = this.chunks.parsed; const r0 = this.chunks.reused;
    const parsed = stage('parse', () => parseSource(this.file, { readFile: this.read, parseMarkdown: (text, file) => this.chunks.parse(text, file), conversionCache: this.conversions }));
    const base = { parsedChunks: this.chunks.parsed - p0, reusedChunks: this.chunks.reused - r0, timings };
    if (parsed.document) {
      this.files = [...parsed.document.files];
      // the folder of the front matter's `templates:` (or --templates) is watched too
      const userDir = templatesFor(parsed.document, this.options.templates).userDir;
      this.templatesDir = userDir;
    }
    const done = (ok: boolean, diagnostics: Diagnostic[], outputs: RebuildResult['outputs'] = []): RebuildResult =>
      ({ ok, diagnostics, outputs, files: this.files, ms: performance.now() - t0, ...base });
    if (!parsed.document) return done(false, parsed.diagnostics.sorted());
    const diagnostics = new Diagnostics();
    diagnostics.list.push(...parsed.diagnostics.list);
    // a rebuild on save favours time over size: the parts are stored, not deflated (a normal build uses
    // level 6; deflate was two thirds of the writer's time). The files are larger, and as valid. The
    // (sub)clauses whose prepared blocks did not change reuse their XML from the last rebuild.
    const outputs = publish(parsed.document, this.options.only ? [this.options.only] : SIDES, this.options, stage, diagnostics, (side) => ({ level: 0, cache: this.renderCaches[side] }));
    if (!outputs) return done(false, diagnostics.sorted());
    try {
      if (this.options.write !== false) stage('write', () => writeOutputs(outputs, path.resolve(this.options.outDir ?? 'out'), this.file, this.files));
    } catch (e) {
      // a full disk or a folder in the way: reported, and the watcher goes on waiting for the next save
      if (!(e instanceof DiagnosticError)) throw e;
      return done(false, [...diagnostics.sorted(), ...e.diagnostics]);
    }
    return done(true, diagnostics.sorted(), outputs);
  }
}

export interface WatchOptions extends BuildOptions {
  /** Called after every build, the first one included. */
  onRebuild?: (result: RebuildResult, changed: string[]) => void;
  /** Milliseconds to wait for more saves before rebuilding (editors write in several steps). */
  debounce?: number;
  /**
   * Milliseconds without a save after which the stored (uncompressed) files of the last rebuild are
   * written again deflated, as a normal build writes them (default 2000; a save first cancels it).
   */
  compressAfter?: number;
  /** Called when the files of the last rebuild have been written compressed. */
  onCompressed?: (result: RebuildResult) => void;
}

/** Builds, then rebuilds whenever the source, an included file or a user template changes. Returns stop(). */
/**
 * The folders of the watched files are watched, not the files: a file deleted and written again
 * (git checkout, an editor that saves by rename) is still seen. The template folder is watched whole.
 */
class FolderWatch {
  private readonly watchers = new Map<string, FSWatcher>();

  constructor(private readonly builder: IncrementalBuilder, private readonly userTemplates: string | undefined, private readonly trigger: (f: string) => void) {}

  private wanted(): Set<string> {
    return new Set([this.builder.file, ...this.builder.files].map((f) => path.resolve(f)));
  }

  templatesDir(): string | undefined {
    return this.builder.templatesDir ?? this.userTemplates;
  }

  /** Watches the folders the last build read from (and the template folder); stops watching the others. */
  sync(): void {
    const want = new Map<string, boolean>([...this.wanted()].map((f) => [path.dirname(f), false]));
    const templates = this.templatesDir();
    if (templates) want.set(templates, true);
    for (const [d, w] of this.watchers) if (!want.has(d)) { w.close(); this.watchers.delete(d); }
    for (const [d, isTemplates] of want) if (!this.watchers.has(d)) this.watch(d, isTemplates);
  }

  private watch(dir: string, isTemplates: boolean) {
    try {
      const w = fsWatch(dir, { recursive: isTemplates }, (_event, name) => {
        if (isTemplates) return this.trigger(dir);
        const f = name ? path.join(dir, name.toString()) : '';
        if (this.wanted().has(f)) this.trigger(f);
      });
      w.on('error', () => { this.watchers.delete(dir); });
      this.watchers.set(dir, w);
    } catch { /* the folder is gone: the next build reports the missing file */ }
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}

/** A rebuild that threw (whatever a save contains): reported, and the watcher goes on. */
async function rebuildReporting(builder: IncrementalBuilder, changed?: string[]): Promise<RebuildResult> {
  try {
    return await builder.rebuild(changed);
  } catch (e) {
    return { ok: false, diagnostics: [problem(builder.file, 'internal', `the rebuild failed: ${(e as Error).message}`)], ms: 0, timings: {}, parsedChunks: 0, reusedChunks: 0, outputs: [], files: builder.files };
  }
}

/** Writes a rebuild's stored files again deflated; a write problem leaves them as they are (the next save tries again). */
function compress(r: RebuildResult, options: WatchOptions) {
  try {
    writeFilesAtomic(r.outputs.filter((o) => o.path && o.publication).map((o) => ({ path: o.path!, data: renderDocxSync(o.publication) })));
    options.onCompressed?.(r);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
  }
}

/** Builds, then rebuilds whenever the source, an included file or a user template changes. Returns stop(). */
export function watchBuild(file: string, options: WatchOptions = {}): { stop: () => void; ready: Promise<RebuildResult> } {
  const builder = new IncrementalBuilder(file, options);
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let idle: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const trigger = (f: string) => {
    clearTimeout(idle);
    pending.add(f);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [...pending];
      pending = new Set();
      running = running.then(() => go(changed));
    }, options.debounce ?? 50);
  };
  const folders = new FolderWatch(builder, options.templates ? path.resolve(options.templates) : undefined, trigger);
  // once the editor pauses, the last rebuild's files are written again deflated (a rebuild stores them)
  const compressLater = (r: RebuildResult) => {
    clearTimeout(idle);
    if (!r.ok || options.write === false) return;
    idle = setTimeout(() => { running = running.then(() => { if (!stopped) compress(r, options); }); }, options.compressAfter ?? 2000);
  };
  const go = async (changed: string[]): Promise<RebuildResult> => {
    const templates = folders.templatesDir();
    if (templates && changed.includes(templates)) clearTemplateCache();
    const r = await rebuildReporting(builder, changed.length ? changed.filter((f) => f !== templates) : undefined);
    if (stopped) return r;
    folders.sync();
    options.onRebuild?.(r, changed);
    compressLater(r);
    return r;
  };
  const ready = go([]);
  running = ready;
  return { ready, stop: () => { stopped = true; clearTimeout(timer); clearTimeout(idle); folders.close(); } };
}
