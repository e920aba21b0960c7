/** `commontext check`: wired to src/check once it lands. */
import type { Io } from './main.js';

export async function checkCommand(_args: string[], io: Io): Promise<number> {
  io.err('commontext check: not available yet.\n');
  return 2;
}
