/**
 * Corrections made in the source (a record's `changes:` of the form `- commit: REV`): the changes of
 * each commit against its parent, worded as the corrigendum of that commit would word them
 * (src/supplement: changeSet, supplementSource, templates/common/instructions.yaml), and placed under
 * the record: the instruction groups two heading levels down, numbered on across the record's commits.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Heading, RootContent } from 'mdast';
import type { DefectCommit } from '../supplement/defect-changes.js';
import { changeSet, loadVersion, SupplementError, supplementSource, type Version } from '../supplement/index.js';
import { md, mdNodes } from '../supplement/tree.js';
import type { Diagnostic } from '../util/diagnostics.js';
import type { Templates } from '../profile/index.js';

/** The levels the guide's corrections sit below: a record is a subclause ("## Defect 2") of its clause. */
const GROUP_DEPTH = 3;

/** The full hash of a revision of the source's repository, or undefined when there is no such commit. */
function commitOf(file: string, rev: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: path.dirname(path.resolve(file)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const problemAt = (c: DefectCommit, code: string, message: string): Diagnostic => ({ ...c.pos.commit, severity: 'error', code, message });

/** The text before and at a commit; a problem at the record's field when either cannot be read. */
function versionsOf(file: string, c: DefectCommit): { base: Version; head: Version } | Diagnostic[] {
  const name = path.basename(file);
  const sha = commitOf(file, c.commit);
  if (!sha) return [problemAt(c, 'guide-commit', `"${c.commit}" is not a commit of the git repository of ${name}; give the commit (or tag) that made the correction, as "git log ${name}" lists them`)];
  const parent = commitOf(file, `${sha}^`);
  if (!parent) return [problemAt(c, 'guide-commit', `commit "${c.commit}" has no parent to compare it with; give the commit that made the correction`)];
  try {
    return { base: loadVersion(file, parent), head: loadVersion(file, sha) };
  } catch (e) {
    if (!(e instanceof SupplementError)) throw e;
    return e.diagnostics.map((d) => problemAt(c, 'guide-commit', `the text at commit "${c.commit}" or before it cannot be read: ${d.file}:${d.line}:${d.column}: ${d.message}`));
  }
}

/** Headings two levels down (at most 6); the groups ("1) Clause 2") numbered on from `counter`. */
function placeUnderRecord(nodes: RootContent[], counter: { n: number }): void {
  const walk = (list: RootContent[]) => {
    for (const n of list) {
      if (n.type === 'heading') {
        const h = n as Heading;
        const first = h.children[0];
        if (h.depth === 1 && first?.type === 'text') first.value = first.value.replace(/^\d+\)/, `${++counter.n})`);
        h.depth = Math.min(6, h.depth + GROUP_DEPTH - 1) as Heading['depth'];
      }
      if ('children' in n && n.type !== 'heading') walk(n.children as RootContent[]);
    }
  };
  walk(nodes);
}

/**
 * The corrections of a record's commits as Markdown, in the order given; every commit that is not one,
 * or changes nothing in the text, a problem at its field.
 */
export function commitCorrections(file: string, commits: DefectCommit[], templates: Templates): { md: string; problems: Diagnostic[] } {
  const parts: string[] = [];
  const problems: Diagnostic[] = [];
  const counter = { n: 0 };
  for (const c of commits) {
    const versions = versionsOf(file, c);
    if (Array.isArray(versions)) { problems.push(...versions); continue; }
    // the record is the defect report: the instructions need not name it again
    const changes = changeSet(versions.base, versions.head).map((ch) => ({ ...ch, defects: [] }));
    if (!changes.length) { problems.push(problemAt(c, 'guide-commit', `commit "${c.commit}" does not change the text of ${path.basename(file)}; give the commit that made the correction`)); continue; }
    const source = supplementSource(changes, versions.head, { type: 'corrigendum', number: 1 }, templates);
    const nodes = mdNodes(source.replace(/^---\n[\s\S]*?\n---\n/, ''));
    placeUnderRecord(nodes, counter);
    parts.push(md(nodes));
  }
  return { md: parts.join('\n\n'), problems };
}
