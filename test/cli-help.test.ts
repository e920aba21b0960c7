/**
 * One option table per command (issue 14): the parser and the --help text are both made from it, so
 * they cannot drift. Checked through the real CLI: every option of the table appears in the command's
 * --help and nothing else does, the parser accepts each one, the top-level usage lists every option of
 * every command, and the README's command list is that usage. (The help is compared with the table,
 * not with a stored copy: a new option is one row of the table, and its help follows.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo } from './helpers.js';
import { allCommands } from '../src/cli/main.js';
import { allOptions, type CommandSpec } from '../src/cli/options.js';
import { runMain } from './cli-helpers.js';

const commands = await allCommands();
const specs = Object.entries(commands).map(([name, c]) => {
  if (!c.spec) throw new Error(`the command ${name} has no option table (register it with withSpec)`);
  return c.spec;
});

/** The long options a text names: --out, --no-docx … */
const longOptions = (text: string) => new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]));

/** A value the option can be given without the command doing anything else (--help follows). */
const sample = (o: CommandSpec['options'][number]) => (o.value ? [`--${o.name}`, o.name === 'only' ? 'iso' : 'x'] : [`--${o.name}`]);

describe('--help of every command is its option table', () => {
  it('every command registers an option table under its own name', () => {
    expect(Object.keys(commands).sort()).toEqual(specs.map((s) => s.name).sort());
    expect(specs.map((s) => s.name)).toEqual(expect.arrayContaining(['build', 'lint', 'check', 'init', 'corrigendum', 'amendment', 'apply', 'defect']));
  });

  for (const spec of specs) {
    it(`${spec.name} --help names exactly the options of its table, each accepted by its parser`, async () => {
      const help = await runMain([spec.name, '--help']);
      expect(help.code).toBe(0);
      expect(help.err).toBe('');
      expect(help.out).toMatch(new RegExp(`^Usage: commontext ${spec.name} `));
      const table = allOptions(spec).map((o) => o.name);
      expect([...longOptions(help.out)].sort()).toEqual([...table].sort());
      expect(help.out).toContain('-h, --help');
      expect((await runMain([spec.name, '-h'])).out).toBe(help.out);
      for (const o of spec.options) {
        const accepted = await runMain([spec.name, ...sample(o), '--help']);
        expect([o.name, accepted.code, accepted.err]).toEqual([o.name, 0, '']);
      }
      const unknown = await runMain([spec.name, '--frobnicate']);
      expect([unknown.code, unknown.out]).toEqual([2, '']);
      expect(unknown.err).toBe(`commontext ${spec.name}: error: unknown option "--frobnicate"; see "commontext ${spec.name} --help" [usage]\n`);
    });
  }

  it('the top-level usage lists every option of every command, on that command\'s lines', async () => {
    const top = await runMain(['--help']);
    expect(top.code).toBe(0);
    const lines = top.out.split('\n');
    for (const spec of specs) {
      // a command's usage lines and their indented continuations
      const own: string[] = [];
      lines.forEach((l, i) => { if (l.startsWith(`  commontext ${spec.name} `)) { own.push(l); for (let j = i + 1; lines[j]?.startsWith('      '); j++) own.push(lines[j]); } });
      expect(own.length, spec.name).toBeGreaterThan(0);
      const listed = longOptions(own.join('\n'));
      for (const o of spec.options) expect(listed.has(o.name), `${spec.name} --${o.name}`).toBe(true);
      expect(top.out).toMatch(new RegExp(`\\n  ${spec.name} +${spec.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
    }
    // the options the usage once left out
    for (const o of ['--quiet', '--labels', '--no-color', '--approved', '--no-docx', '--no-check']) expect(top.out).toContain(o);
    expect(top.out).toContain('commontext --version | -v');
    // no command: the same usage, exit status 2
    const none = await runMain([]);
    expect([none.code, none.out]).toEqual([2, top.out]);
    expect((await runMain(['help', 'check'])).out).toBe((await runMain(['check', '--help'])).out);
  });

  it('check --help is in the same style and names both forms; amendment --help names its real output', async () => {
    const check = (await runMain(['check', '--help'])).out;
    expect(check).toMatch(/^Usage: commontext check <first\.docx> <second\.docx> \[options\]\n       commontext check <source\.md> \[options\]\n/);
    expect(check).toContain('\nOptions:\n');
    const amendment = (await runMain(['amendment', '--help'])).out;
    expect(amendment).toContain('<out>/<source>-amd<N>.md');
    expect(amendment).not.toContain('-cor<N>');
    expect((await runMain(['corrigendum', '--help'])).out).toContain('<out>/<source>-cor<N>.md');
  });
});

describe('README: Command line', () => {
  it('lists the usage lines of "commontext --help", as it prints them', async () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Command line\n'));
    const block = /\n```\n(commontext [\s\S]*?)```\n/.exec(section)?.[1];
    const top = (await runMain(['--help'])).out.split('\n');
    const usage = top.slice(top.indexOf('Usage:') + 1, top.indexOf('', top.indexOf('Usage:'))).map((l) => l.slice(2));
    // when a command or option changes: paste the Usage lines of "commontext --help" into the README
    expect(block).toBe(`${usage.join('\n')}\ncommontext <command> --help\n`);
  });
});
