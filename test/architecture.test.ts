/**
 * Architecture rules for src/ (issue 9, "code a newcomer can read"), read with the TypeScript
 * compiler API rather than regexes:
 *  (a) no function longer than MAX_FUNCTION_LINES lines;
 *  (b) no cycle of relative runtime imports between modules of src/;
 *  (c) nothing below the command layer imports the library entry point src/index.ts.
 * Each rule has an allow-list of what existed when the rule came in, so that the suite passes while
 * the code is being split and fails as soon as something NEW breaks a rule, an allowed function grows,
 * or an allow-list entry is no longer needed (then delete the entry: the list only ever shrinks).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repo } from './helpers.js';

const MAX_FUNCTION_LINES = 80;

/** Functions over MAX_FUNCTION_LINES that were still to be split when this test was written. */
const ALLOWED_LONG_FUNCTIONS: { file: string; name: string; lines: number }[] = [];

/** Import cycles that existed when this test was written: the modules of each, sorted. */
const ALLOWED_CYCLES: string[][] = [
  // none: src/ had no import cycle, type-only imports included, when this test was written
];

/** Modules below the command layer that import src/index.ts today. */
const ALLOWED_INDEX_IMPORTERS: string[] = [];

// ---------------------------------------------------------------------------------------------
// Reading src/

interface Module {
  /** Path from the repository root, with '/', e.g. 'src/reader/walk.ts'. */
  file: string;
  source: ts.SourceFile;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function readModules(): Module[] {
  return listTs(path.join(repo, 'src'))
    .map((full) => path.relative(repo, full).split(path.sep).join('/'))
    .sort()
    .map((file) => ({
      file,
      source: ts.createSourceFile(file, readFileSync(path.join(repo, file), 'utf8'), ts.ScriptTarget.Latest, true),
    }));
}

const modules = readModules();

// ---------------------------------------------------------------------------------------------
// (a) Function length

interface FunctionSpan {
  file: string;
  /** 'walkPart', 'XmlScanner.next', 'parse.attach' (a function declared inside another). */
  name: string;
  lines: number;
}

function propertyName(name: ts.PropertyName | ts.BindingName): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  return name.getText();
}

/**
 * The name of a function-like node, or undefined when it is not one the rule counts: function
 * declarations, methods, constructors, accessors, and function or arrow expressions given a name
 * (assigned to a const, a class field or an object property). Anonymous callbacks are counted as
 * part of the function that contains them.
 */
function functionName(node: ts.Node): string | undefined {
  if (ts.isFunctionDeclaration(node)) return node.name?.text ?? 'default';
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    const prefix = ts.isGetAccessorDeclaration(node) ? 'get ' : ts.isSetAccessorDeclaration(node) ? 'set ' : '';
    return prefix + propertyName(node.name);
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) {
      return propertyName(parent.name);
    }
  }
  return undefined;
}

function lineOf(source: ts.SourceFile, pos: number): number {
  return source.getLineAndCharacterOfPosition(pos).line;
}

function functionSpans(mod: Module): FunctionSpan[] {
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node, scope: string[]): void => {
    let inner = scope;
    if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name) inner = [...scope, node.name.text];
    const name = functionName(node);
    if (name !== undefined) {
      inner = [...scope, name];
      // From the first token (after any doc comment) to the closing brace, both lines included.
      const lines = lineOf(mod.source, node.getEnd()) - lineOf(mod.source, node.getStart(mod.source)) + 1;
      spans.push({ file: mod.file, name: inner.join('.'), lines });
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(mod.source, []);
  return spans;
}

// ---------------------------------------------------------------------------------------------
// (b), (c) Imports

interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // import './x.js': a side effect
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  // `import { type A, type B } from` is erased like `import type`; `import {} from` is not.
  return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

const known = new Set(modules.map((m) => m.file));

/** 'src/watch/index.ts' + '../index.js' -> 'src/index.ts'; undefined for packages and non-TS files. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const candidates = [target.replace(/\.js$/, '.ts'), `${target}.ts`, `${target}/index.ts`];
  return candidates.find((c) => known.has(c));
}

/** Static imports and re-exports (dynamic import() is lazy, so it cannot make a load-time cycle). */
function importEdges(mod: Module): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const statement of mod.source.statements) {
    let typeOnly: boolean;
    if (ts.isImportDeclaration(statement)) typeOnly = isTypeOnlyImport(statement);
    else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) typeOnly = isTypeOnlyExport(statement);
    else continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const to = resolveImport(mod.file, specifier.text);
    if (to) edges.push({ from: mod.file, to, typeOnly });
  }
  return edges;
}

const edges = modules.flatMap(importEdges);

/** Strongly connected components (Tarjan) of the runtime import graph that contain a cycle. */
function importCycles(): string[][] {
  const graph = new Map<string, string[]>(modules.map((m) => [m.file, []]));
  for (const e of edges) if (!e.typeOnly) graph.get(e.from)!.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) components.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return components;
}

/** One shortest cycle through the first module of a component, for the failure message. */
function cyclePath(component: string[]): string[] {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i];
    for (const e of edges) {
      if (e.typeOnly || e.from !== v || !members.has(e.to)) continue;
      if (e.to === start) {
        const path = [start];
        for (let x: string | undefined = v; x !== undefined && x !== start; x = previous.get(x)) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!previous.has(e.to)) {
        previous.set(e.to, v);
        queue.push(e.to);
      }
    }
  }
  return component;
}

/** The command layer may use the library API: src/cli/** and any module named cli.ts. */
function isCommandLayer(file: string): boolean {
  return file.startsWith('src/cli/') || file.endsWith('/cli.ts');
}

// ---------------------------------------------------------------------------------------------

describe('architecture of src/', () => {
  it(`has no function over ${MAX_FUNCTION_LINES} lines (except the allowed ones, which may not grow)`, () => {
    const problems: string[] = [];
    for (const f of modules.flatMap(functionSpans)) {
      if (f.lines <= MAX_FUNCTION_LINES) continue;
      const allowed = ALLOWED_LONG_FUNCTIONS.find((a) => a.file === f.file && a.name === f.name);
      if (!allowed) {
        problems.push(`split ${f.name} (${f.lines} lines) in ${f.file} into smaller functions of at most ${MAX_FUNCTION_LINES} lines`);
      } else if (f.lines > allowed.lines) {
        problems.push(`${f.name} in ${f.file} grew from ${allowed.lines} to ${f.lines} lines: split it into smaller functions rather than adding to it`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('has no import cycle between its modules (type-only imports excluded)', () => {
    const problems: string[] = [];
    for (const component of importCycles()) {
      if (ALLOWED_CYCLES.some((a) => component.every((m) => a.includes(m)))) continue;
      problems.push(
        `break the import cycle ${cyclePath(component).join(' → ')}: move what the modules share into a module ` +
          `that imports neither, or make the import type-only`,
      );
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('has nothing below the command layer importing src/index.ts', () => {
    const problems = edges
      .filter((e) => e.to === 'src/index.ts' && !isCommandLayer(e.from) && !ALLOWED_INDEX_IMPORTERS.includes(e.from))
      .map(
        (e) =>
          `${e.from} imports src/index.ts (the library API, which sits above it): import from the module that ` +
          `defines what it needs instead (only src/cli/** and */cli.ts may import src/index.ts)`,
      );
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('has no stale allow-list entry (remove an entry once its function, cycle or import is gone)', () => {
    const spans = modules.flatMap(functionSpans);
    const cycles = importCycles();
    const stale = [
      ...ALLOWED_LONG_FUNCTIONS.filter(
        (a) => !spans.some((f) => f.file === a.file && f.name === a.name && f.lines > MAX_FUNCTION_LINES),
      ).map((a) => `${a.name} in ${a.file} is no longer over ${MAX_FUNCTION_LINES} lines: delete its ALLOWED_LONG_FUNCTIONS entry`),
      ...ALLOWED_CYCLES.filter((a) => !cycles.some((c) => c.length === a.length && c.every((m) => a.includes(m)))).map(
        (a) => `the cycle ${a.join(', ')} is gone or smaller: delete or update its ALLOWED_CYCLES entry`,
      ),
      ...ALLOWED_INDEX_IMPORTERS.filter((f) => !edges.some((e) => e.from === f && e.to === 'src/index.ts')).map(
        (f) => `${f} no longer imports src/index.ts: delete its ALLOWED_INDEX_IMPORTERS entry`,
      ),
    ];
    expect(stale, stale.join('\n')).toEqual([]);
  });
});
