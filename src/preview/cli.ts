/** placeholder */
import type { Io } from '../cli/main.js';
export function register(commands: Record<string, (args: string[], io: Io) => Promise<number>>): void {
  commands.preview = async () => 2;
}
