/**
 * Output files are written atomically, and a run's files as a set: every file goes to a temporary
 * name beside its target first; only when all are complete are they renamed into place. A failure
 * (disk full, a folder where a file should go, a read-only folder) replaces nothing, leaves no
 * temporary behind, and is a diagnostic naming the file, never a stack trace.
 */
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticError, problem } from './diagnostics.js';

export interface OutputFile {
  path: string;
  data: Uint8Array | string;
}

/** What went wrong with a file system call, in plain words, with what to do. */
function ioProblem(file: string, e: unknown): DiagnosticError {
  const code = (e as { code?: string }).code;
  const words: Record<string, string> = {
    ENOTDIR: 'a file stands where a folder is needed on this path; choose another --out',
    EEXIST: 'a file stands where the output folder should be; choose another --out',
    EISDIR: 'a folder stands where this file should be written; remove it or choose another --out',
    EACCES: 'permission denied; choose a folder you can write to',
    EPERM: 'the operation is not permitted (an immutable file or folder?); choose another --out',
    EROFS: 'the folder is on a read-only file system; choose another --out',
    ENOSPC: 'the disk is full; free some space and build again (nothing was replaced)',
  };
  return new DiagnosticError([problem(file, `write-${(code ?? 'failed').toLowerCase()}`, words[code ?? ''] ?? `cannot be written (${(e as Error).message})`)]);
}

function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
}

/** Writes all files or none: temporaries first, then one rename each; a failure removes the temporaries and throws a DiagnosticError. */
export function writeFilesAtomic(files: OutputFile[]): void {
  const written: [string, string][] = [];
  // a folder in a file's place would fail its rename after the others were renamed: found before anything is written
  const blocked = files.find((f) => existsSync(f.path) && statSync(f.path).isDirectory());
  if (blocked) throw ioProblem(blocked.path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  try {
    for (const f of files) {
      try { mkdirSync(path.dirname(f.path), { recursive: true }); } catch (e) { throw ioProblem(path.dirname(f.path), e); }
      const tmp = temporaryName(f.path);
      written.push([tmp, f.path]);
      try { writeFileSync(tmp, f.data); } catch (e) { throw ioProblem(f.path, e); }
    }
    for (const [tmp, target] of written) {
      try { renameSync(tmp, target); } catch (e) { throw ioProblem(target, e); }
    }
  } catch (e) {
    for (const [tmp] of written) rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  writeFilesAtomic([{ path: file, data }]);
}

/**
 * A name safe to write inside an output folder: path separators, characters Windows refuses and
 * control characters become "-", leading dots go (an ITU number "G.8261/Y.1361" must not open a
 * subfolder; a profile's name "../../x" must not leave --out).
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[/\\<>:"|?*\u0000-\u001f]/g, '-').replace(/^[.\s]+/, '').trim();
}

/** A path with its links followed; as given (resolved) when it does not exist yet. */
export function realPath(p: string): string {
  try { return realpathSync(p); } catch { return path.resolve(p); }
}

/** Whether `p` is `root` or inside it (paths compared as given: resolve or realPath them first). */
export function isInside(p: string, root: string): boolean {
  return p === root || p.startsWith(root + path.sep);
}

/** The first of `targets` that is (by real path) one of `inputs`: a file a command would write over while reading it. */
export function inputAmong(targets: readonly string[], inputs: readonly string[]): string | undefined {
  const read = new Set(inputs.map(realPath));
  return targets.find((t) => read.has(realPath(t)));
}
