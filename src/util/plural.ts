/** "1 table", "2 tables": a count with its noun in the right number (`many`: an irregular plural). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
