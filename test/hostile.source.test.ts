/**
 * Hostile input (issue 10), the source parser's part: sources that nest too deep, include too much, name
 * files that are not regular files or are too large, or have too many blocks. Each must end in a few
 * seconds with a positioned error (the limit named), exit status 2, and nothing written. Each case runs
 * `lint` and `build` as a user would, and hashes every file of the test folder before and after.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo, tmp } from './helpers.js';

const minimal = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8');
const bodyLine = minimal.split('\n').length + 1; // the first line after the minimal source and a blank line

function cli(args: string[], cwd: string) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/commontext.js'), ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, err: r.stderr, ms: Date.now() - started };
}

/** Every regular file below `dir` (links and special files not followed, never opened) → its hash. */
function snapshot(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => lstatSync(path.join(dir, f)).isFile()).sort();
  return Object.fromEntries(files.map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
}

/** A folder with src/spec.md (the minimal source, then `body`) and the other files given. */
function folder(body: string, files: Record<string, string> = {}) {
  const root = tmp('ct-hostile-src-');
  const src = path.join(root, 'src');
  mkdirSync(src);
  writeFileSync(path.join(src, 'spec.md'), `${minimal}\n${body}\n`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(src, name)), { recursive: true });
    writeFileSync(path.join(src, name), text);
  }
  return { root, src };
}

/** lint and build both refuse the source with `message`, exit 2, within a few seconds, writing nothing. */
function refused(root: string, message: RegExp, file = 'src/spec.md') {
  const before = snapshot(root);
  for (const args of [['lint', file], ['build', file, '--out', 'out']]) {
    const r = cli(args, root);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/internal error|RangeError|at .*\.m?js:\d+/);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(8000);
  }
  expect(snapshot(root)).toEqual(before);
}

const blocksDeep = /blocks \(::: blocks, block quotes and lists\) nest more than 32 deep here; the limit is 32 levels: flatten the structure.* \[nesting-depth\]/;
const inlineDeep = /inline spans .*nest more than 32 deep here; the limit is 32 levels.* \[nesting-depth\]/;

describe('hostile source: nesting', () => {
  const at = (line: number, column: number) => new RegExp(`src/spec\\.md:${line}:${column}: error: `);
  it('"> " ×3000 on a line: an error at the 33rd ">"', () => {
    const { root } = folder('> '.repeat(3000) + 'x');
    refused(root, new RegExp(at(bodyLine, 65).source + blocksDeep.source));
  });
  it('"1. " ×10,000, "> - " ×5,000 and "- " ×10,000 on a line', () => {
    for (const [body, column] of [['1. '.repeat(10_000), 97], ['> - '.repeat(5000), 65], ['- '.repeat(10_000), 65]] as const) {
      const { root } = folder(body + 'x');
      refused(root, new RegExp(at(bodyLine, column).source + blocksDeep.source));
    }
  });
  it('a list 1,000 deep by indentation: an error at the 33rd level', () => {
    const { root } = folder(Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'));
    refused(root, new RegExp(at(bodyLine + 32, 65).source + blocksDeep.source));
  });
  it('10,000 nested :::note blocks: an error at the 33rd', () => {
    const { root } = folder(':::note\n'.repeat(10_000) + 'x\n' + ':::\n'.repeat(10_000));
    refused(root, new RegExp(at(bodyLine + 32, 1).source + blocksDeep.source));
  });
  it('10,000 nested emphasis, as one run or as 10,000 openers', () => {
    const { root } = folder('*'.repeat(10_000) + 'x' + '*'.repeat(10_000));
    refused(root, new RegExp(at(bodyLine, 1).source + inlineDeep.source));
    const openers = folder('*a '.repeat(10_000) + 'x' + ' b*'.repeat(10_000));
    refused(openers.root, new RegExp(at(bodyLine, 97).source + inlineDeep.source));
  });
  it('nesting in an included file is reported in that file', () => {
    const { root } = folder('::include{file="deep.md"}', { 'deep.md': '# Deep\n\n' + '> '.repeat(40) + 'x\n' });
    refused(root, /src\/deep\.md:3:65: error: blocks .*nest more than 32 deep.* \[nesting-depth\]/);
  });
});

describe('hostile source: includes', () => {
  it('includes 16 levels deep, each including the next twice (2^16 expansions): stopped at 1,000 files', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 16; i++) files[`l${i}.md`] = `Level ${i}.\n\n::include{file="l${i + 1}.md"}\n\n::include{file="l${i + 1}.md"}\n`;
    files['l16.md'] = 'Leaf.\n';
    const { root } = folder('::include{file="l0.md"}', files);
    refused(root, /src\/l\d+\.md:\d+:1: error: ::include\{file="l\d+\.md"\} makes more than 1000 files included \(each ::include counted every time it is reached\); the limit is 1000.* \[include-limit\]/);
  });
  it('a chain of 40 files, each including the next: stopped at 32 levels', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`c${i}.md`] = `Level ${i}.\n\n::include{file="c${i + 1}.md"}\n`;
    files['c40.md'] = 'End.\n';
    const { root } = folder('::include{file="c0.md"}', files);
    refused(root, /src\/c31\.md:3:1: error: ::include\{file="c32\.md"\} is included 33 files deep; the limit is 32 levels of included files.* \[include-depth\]/);
  });
  it('an included file of 125,000 blocks, or a main file of 125,000 blocks: too many blocks, at the first over the limit', () => {
    const blocks = Array.from({ length: 125_000 }, (_, i) => `p${i}\n`).join('\n');
    const inc = folder('::include{file="big.md"}', { 'big.md': blocks });
    // the main file has 4 blocks up to the ::include (front matter, heading, paragraph, ::include): big.md's 19,997th is the 20,001st
    refused(inc.root, /src\/big\.md:39993:1: error: the source has more than 20000 blocks \(headings, paragraphs, list items, table rows, …\) by here, includes counted; the limit is 20000 blocks in one source: split the text into several sources \[too-many-blocks\]/);
    const main = folder(blocks);
    refused(main.root, new RegExp(`src/spec\\.md:${bodyLine + 2 * (20_001 - 3 - 1)}:1: error: the source has more than 20000 blocks.* \\[too-many-blocks\\]`));
  });
  it('100,000 headings, a list of 125,000 items, a table of 125,000 rows: too many blocks, before the parser builds them', () => {
    const { root } = folder(Array.from({ length: 100_000 }, (_, i) => `## H${i}\n`).join('\n'));
    refused(root, /src\/spec\.md:\d+:1: error: the source has more than 20000 blocks.* \[too-many-blocks\]/);
    const list = folder(Array.from({ length: 125_000 }, (_, i) => `- item ${i}`).join('\n'));
    refused(list.root, new RegExp(`src/spec\\.md:${bodyLine + 20_001 - 3 - 1}:1: error: the source has more than 20000 blocks.* \\[too-many-blocks\\]`));
    const table = folder(`Table: Rows\n\n| a | b |\n|---|---|\n${Array.from({ length: 125_000 }, (_, i) => `| ${i} | x |`).join('\n')}`);
    refused(table.root, /src\/spec\.md:\d+:1: error: the source has more than 20000 blocks.* \[too-many-blocks\]/);
  });
});

describe('hostile source: files that are not regular files', () => {
  const mkfifo = (p: string) => spawnSync('mkfifo', [p]).status === 0;

  it('an ::include of a FIFO is refused at the ::include without opening it', () => {
    const { root, src } = folder('::include{file="pipe.md"}');
    if (!mkfifo(path.join(src, 'pipe.md'))) return;
    refused(root, new RegExp(`src/spec\\.md:${bodyLine}:1: error: ::include\\{file="pipe\\.md"\\} is not a regular file \\(a named pipe\\): only regular files are read, name a Markdown file .*\\[file-not-regular\\]`));
  });
  it('a FIFO as the main source file is refused without opening it', () => {
    const { root } = folder('');
    if (!mkfifo(path.join(root, 'main.md'))) return;
    refused(root, /main\.md: error: the source file is not a regular file \(a named pipe\): only regular files are read, name a Markdown file \[file-not-regular\]/, 'main.md');
  });
  it('a character device inside the folder is refused at the ::include', () => {
    const { root, src } = folder('::include{file="zero.md"}');
    if (spawnSync('mknod', [path.join(src, 'zero.md'), 'c', '1', '5']).status !== 0) return; // needs root
    refused(root, /src\/spec\.md:\d+:1: error: ::include\{file="zero\.md"\} is not a regular file \(a device\).* \[file-not-regular\]/);
  });
  it('an ::include of a folder says it is a folder', () => {
    const { root, src } = folder('::include{file="clauses"}');
    mkdirSync(path.join(src, 'clauses'));
    refused(root, /src\/spec\.md:\d+:1: error: ::include\{file="clauses"\} is a folder, not a file: name a Markdown file in it .*\[file-not-regular\]/);
  });
  it('an included file over 20 MB is refused at the ::include', () => {
    const { root } = folder('::include{file="huge.md"}', { 'huge.md': 'word '.repeat(4_300_000) });
    refused(root, /src\/spec\.md:\d+:1: error: ::include\{file="huge\.md"\} is 20\.5 MB; the limit for one file is 20 MB: split it into files joined with ::include .*\[file-too-large\]/);
  });
});
