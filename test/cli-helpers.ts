/** Running the command line in tests: in-process through main(argv, io), or the real bin in a child process. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { repo } from './helpers.js';

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** main(argv) with its output captured, run in `cwd` (relative paths in the messages are relative to it). */
export async function runMain(args: string[], cwd?: string): Promise<Ran> {
  let out = '';
  let err = '';
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}

/** The real command (bin/commontext.js, after npm run build) in a child process. */
export function runBin(args: string[], cwd = repo, bin = path.join(repo, 'bin/commontext.js')): Ran {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
