/**
 * CLI-agnostic entry for `commontext check A.docx B.docx [options]`; returns the exit status:
 * 0 identical, 1 findings, 2 error (bad input, bad options). Never prints a stack trace.
 */
import { writeFileSync } from 'node:fs';
import { check } from './check.js';
import { formatHtml, formatJson, formatTerminal } from './report.js';
import type { CheckOptions } from './types.js';

export const CHECK_USAGE = `usage: commontext check <first.docx> <second.docx> [options]
  --json [file]          write the JSON report (to stdout when no file is given)
  --html <file>          write the side-by-side HTML report
  --allow <rules.yaml>   allow-rules file (declared differences)
  --labels <A>,<B>       names of the two publications (default: ITU,ISO from the manifest, else A,B)
  --strict-typography    compare typography exactly (no normalisation)
  --no-color             plain terminal output
exit status: 0 identical, 1 differences found, 2 error`;

export interface CheckCommandIO {
  out?: (s: string) => void;
  err?: (s: string) => void;
  color?: boolean;
}

export async function runCheckCommand(args: string[], io: CheckCommandIO = {}): Promise<number> {
  const out = io.out ?? ((s: string) => process.stdout.write(s));
  const err = io.err ?? ((s: string) => process.stderr.write(s));
  const files: string[] = [];
  const options: CheckOptions = {};
  let json: string | true | undefined;
  let html: string | undefined;
  let color = io.color ?? (process.stdout.isTTY && !process.env.NO_COLOR);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--json') json = args[i + 1] && !args[i + 1].startsWith('--') && !args[i + 1].endsWith('.docx') ? value() : true;
      else if (a === '--html') html = value();
      else if (a === '--allow') options.allowRulesFile = value();
      else if (a === '--labels') {
        const l = value().split(',').map((s) => s.trim());
        if (l.length !== 2 || !l[0] || !l[1]) throw new UsageError('--labels needs two names separated by a comma, e.g. ITU,ISO');
        options.labels = [l[0], l[1]];
      } else if (a === '--strict-typography') options.strictTypography = true;
      else if (a === '--no-color') color = false;
      else if (a === '--help' || a === '-h') {
        out(CHECK_USAGE + '\n');
        return 0;
      } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
      else files.push(a);
    } catch (e) {
      err(`commontext check: ${(e as Error).message}\n${CHECK_USAGE}\n`);
      return 2;
    }
  }
  if (files.length !== 2) {
    err(`commontext check: give exactly two .docx files (got ${files.length})\n${CHECK_USAGE}\n`);
    return 2;
  }
  try {
    const result = await check(files[0], files[1], options);
    if (json === true) out(formatJson(result));
    else {
      out(formatTerminal(result, { color: !!color }));
      if (json) writeFileSync(json, formatJson(result));
    }
    if (html) writeFileSync(html, formatHtml(result));
    return result.identical ? 0 : 1;
  } catch (e) {
    // DocxReadError / CheckError carry plain-words messages; anything else is reported briefly.
    const name = (e as Error).name;
    const msg = name === 'DocxReadError' || name === 'CheckError' ? (e as Error).message : `unexpected error: ${(e as Error).message}`;
    err(`commontext check: ${msg}\n`);
    return 2;
  }
}

class UsageError extends Error {}
