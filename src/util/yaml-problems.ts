/** Problems of a YAML data file, each at the line and column of the node it is about. */
import type { LineCounter, Node as YamlNode } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

export class YamlProblems {
  readonly list: Diagnostic[] = [];
  constructor(private readonly file: string, private readonly lines: LineCounter, private readonly code: string) {}

  /** `node`: a YAML node, or `{ range }` of a parse error; without a range, the file's first line. */
  at(node: unknown, message: string): void {
    const range = (node as YamlNode | undefined)?.range;
    const p = range ? this.lines.linePos(range[0]) : { line: 1, col: 1 };
    this.list.push({ file: this.file, line: p.line, column: p.col, severity: 'error', code: this.code, message });
  }
}
