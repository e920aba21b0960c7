/**
 * Hostile input (issue 10, the defects of its items 1–4 handled so far): nothing is written outside
 * --out, nothing is read from outside the source's folder or the template folders, no user file is
 * lost, and a run's output files are replaced all together or not at all. Each case runs the command
 * line as a user would, and hashes every file of the test folder before and after.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo, tmp } from './helpers.js';

const minimal = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/commontext.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every file below `dir` (links not followed) → its hash. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function folder(source = minimal) {
  const root = tmp('ct-hostile-');
  const src = path.join(root, 'src');
  mkdirSync(src);
  writeFileSync(path.join(src, 'spec.md'), source);
  return { root, src, file: path.join(src, 'spec.md') };
}

const withFigure = (url: string) => minimal.replace(/\n# Scope\n/, `\n# Scope\n\n![A picture](${url})\n\nFigure: A picture\n`);

describe('hostile input: paths', () => {
  it('a profile fileName that climbs out of --out is kept inside it, and the victim file is untouched', () => {
    const { root, src } = folder(minimal.replace('---\n', '---\ntemplates: tpl\n'));
    mkdirSync(path.join(src, 'tpl/itu'), { recursive: true });
    const profile = readFileSync(path.join(repo, 'templates/itu/profile.yaml'), 'utf8').replace(/^fileName: .*$/m, 'fileName: "../../victim.txt"');
    writeFileSync(path.join(src, 'tpl/itu/profile.yaml'), profile);
    writeFileSync(path.join(root, 'victim.txt'), 'precious');
    const r = cli(['build', 'src/spec.md', '--out', 'out'], root);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(root, 'victim.txt'), 'utf8')).toBe('precious');
    expect(readdirSync(path.join(root, 'out')).sort()).toEqual(['ISO_IEC_99999_2024(E).docx', 'spec.alignment.json', '-..-victim.txt'].sort());
  });

  it('an ITU number with a slash (G.8261/Y.1361) names a file in --out, not a subfolder', () => {
    const { root } = folder(minimal.replace(/number: "X\.\d+"/, 'number: "G.8261/Y.1361"'));
    const r = cli(['build', 'src/spec.md', '--out', 'out'], root);
    expect(r.code).toBe(0);
    const written = readdirSync(path.join(root, 'out'));
    expect(written.filter((f) => f.startsWith('T-REC-'))).toEqual([expect.stringMatching(/^T-REC-G\.8261-Y\.1361-\d{6}-I-E\.docx$/)]);
    expect(written.every((f) => statSync(path.join(root, 'out', f)).isFile())).toBe(true);
  });

  it('an image that is a link to a file outside the folder is refused at its line; nothing is embedded or written', () => {
    const { root, src } = folder(withFigure('figures/passwd.png'));
    mkdirSync(path.join(src, 'figures'));
    writeFileSync(path.join(root, 'secret.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    symlinkSync(path.join(root, 'secret.png'), path.join(src, 'figures/passwd.png'));
    const before = snapshot(root);
    const r = cli(['build', 'src/spec.md', '--out', 'out'], root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/spec\.md:\d+:1: error: the image "figures\/passwd\.png" is a link to a file outside the source's folder; keep images inside it \[image-outside\]/);
    expect(snapshot(root)).toEqual(before);
  });

  it('an "image" that is not an image, or is a folder, is refused', () => {
    const { root, src } = folder(withFigure('notes.png'));
    writeFileSync(path.join(src, 'notes.png'), 'root:x:0:0:root:/root:/bin/bash\n');
    const r = cli(['build', 'src/spec.md', '--out', 'out'], root);
    expect([r.code, r.err]).toEqual([2, expect.stringMatching(/the image "notes\.png" is not a PNG, JPEG or GIF file; convert it to PNG \[image-format\]/)]);
    const dir = folder(withFigure('pictures'));
    mkdirSync(path.join(dir.src, 'pictures'));
    const d = cli(['build', 'src/spec.md', '--out', 'out'], dir.root);
    expect([d.code, d.err]).toEqual([2, expect.stringMatching(/the image "pictures" is not a file .*\[image-not-file\]/)]);
    const bad = folder(withFigure('a%ZZ.png'));
    const b = cli(['build', 'src/spec.md', '--out', 'out'], bad.root);
    expect([b.code, b.err]).toEqual([2, expect.stringMatching(/broken %-escape.*\[image-url\]/)]);
    expect(b.err).not.toMatch(/at \S+\.js:\d+/);
  });

  it('a wording choice no template offers is an error at the front matter\'s wording:, naming the choices there are', () => {
    const { root } = folder(minimal.replace('---\n', '---\nwording:\n  keywords: bogus\n  iprNotice: "2031"\n'));
    const r = cli(['build', 'src/spec.md', '--out', 'out'], root);
    expect(r.code).toBe(2);
    expect(r.err).toContain('spec.md:2:1: error: wording.iprNotice is "2031", which no template offers (itu/ipr.2031.hbs); write one of: 2008, 2024 [template]');
    expect(r.err).toContain('spec.md:2:1: error: wording.keywords is "bogus", which no template offers (itu/keywords.bogus.hbs); write one of: comma, semicolon [template]');
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });

  it('a wording choice or a profile template that climbs out of the template folders reads nothing', () => {
    const { root, src } = folder(minimal.replace('---\n', '---\nwording:\n  iprNotice: "x/../../../../evil"\n'));
    writeFileSync(path.join(root, 'evil.hbs'), 'STOLEN');
    const r = cli(['build', 'src/spec.md', '--out', 'out'], root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/spec\.md:\d+:\d+: error: front matter field "wording\.iprNotice" is "x\/\.\.\/\.\.\/\.\.\/\.\.\/evil"; it must be a variant name/);
    const t = folder(minimal.replace('---\n', '---\ntemplates: tpl\n'));
    mkdirSync(path.join(t.src, 'tpl/iso'), { recursive: true });
    const profile = readFileSync(path.join(repo, 'templates/iso/profile.yaml'), 'utf8').replace('{ template: cover, pageNumbers: none }', '{ template: "../../../evil", pageNumbers: none }');
    writeFileSync(path.join(t.src, 'tpl/iso/profile.yaml'), profile);
    writeFileSync(path.join(t.root, 'evil.hbs'), 'STOLEN');
    const p = cli(['build', 'src/spec.md', '--out', 'out'], t.root);
    expect(p.code).toBe(2);
    expect(p.err).toMatch(/template name "iso\/\.\.\/\.\.\/\.\.\/evil\.hbs" leads outside the template folders/);
    expect(existsSync(path.join(t.root, 'out'))).toBe(false);
    void src;
  });
});

describe('hostile input: no user file lost', () => {
  it('corrigendum writes nothing into the source folder (a user file named like its old temporary survives), even when the folder is read-only', () => {
    const { root, src, file } = folder();
    const git = (...a: string[]) => spawnSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', ...a], { cwd: src });
    git('init', '-q'); git('add', '-A'); git('commit', '-qm', 'v1');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n# Scope\n\n/, '\n# Scope\n\nA new first paragraph.\n\n'));
    writeFileSync(path.join(src, '.spec-cor1.md'), 'my own notes');
    const before = snapshot(src);
    chmodSync(src, 0o555);
    try {
      const r = cli(['corrigendum', '--base', 'HEAD', 'src/spec.md', '--number', '1', '--out', 'out'], root);
      expect(r.code).toBe(0);
    } finally { chmodSync(src, 0o755); }
    expect(snapshot(src)).toEqual(before);
    expect(readdirSync(path.join(root, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(path.join(root, 'out'))).toContain('spec-cor1.md');
  });

  it('check --html naming an input file is refused, the input kept', () => {
    const { root } = folder();
    expect(cli(['build', 'src/spec.md', '--out', 'out'], root).code).toBe(0);
    const [itu, iso] = ['out/T-REC-X.9999-202401-I-E.docx', 'out/ISO_IEC_99999_2024(E).docx'];
    const before = snapshot(root);
    const r = cli(['check', itu, iso, '--html', itu], root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^commontext check: error: the report out\/T-REC-X\.9999-202401-I-E\.docx would replace an input file/);
    expect(snapshot(root)).toEqual(before);
  });

  it('check <source.md> --json report.md: the report is the --json value, not a second source', () => {
    const { root } = folder();
    const r = cli(['check', 'src/spec.md', '--json', 'report.md'], root);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(root, 'report.md'), 'utf8')).identical).toBe(true);
  });

  it('a source named like its output, built into its own folder, is not overwritten', () => {
    const { root, src } = folder(minimal.replace('---\n', '---\ntemplates: tpl\n'));
    mkdirSync(path.join(src, 'tpl/itu'), { recursive: true });
    writeFileSync(path.join(src, 'tpl/itu/profile.yaml'), readFileSync(path.join(repo, 'templates/itu/profile.yaml'), 'utf8').replace(/^fileName: .*$/m, 'fileName: "spec.md"'));
    const before = snapshot(root);
    const r = cli(['build', 'spec.md', '--out', '.'], src);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/spec\.md: error: the build would write over a file it reads; choose another --out \[output-is-input\]/);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('hostile input: a reader that stops early', () => {
  it('check … | head: the closed pipe ends the command quietly, no stack trace', () => {
    const root = tmp('ct-epipe-');
    for (const [name, src] of [['a', 'fixtures/example/example.md'], ['b', 'fixtures/x500/x500.md']]) {
      expect(cli(['build', path.join(repo, src), '--out', name, '--only', 'itu'], root).code).toBe(0);
    }
    const files = ['a', 'b'].map((d) => path.join(root, d, readdirSync(path.join(root, d)).find((f) => f.endsWith('.docx'))!));
    // as a user types it: the shell's pipe into head, which exits after 10 bytes
    const quoted = files.map((f) => `'${f}'`).join(' ');
    const r = spawnSync('bash', ['-c', `'${process.execPath}' '${path.join(repo, 'bin/commontext.js')}' check ${quoted} --json 2>err.txt | head -c 10 > /dev/null; echo \${PIPESTATUS[0]}`], { cwd: root, encoding: 'utf8' });
    const err = readFileSync(path.join(root, 'err.txt'), 'utf8');
    expect(err).toBe('');
    const code = Number(r.stdout.trim());
    expect(code === 0 || code === 1).toBe(true);
  });
});

describe('hostile input: output sets', () => {
  it('when the second file cannot be written, the first is not replaced, no temporary is left, and the message names the file', () => {
    const { root } = folder();
    expect(cli(['build', 'src/spec.md', '--out', 'out'], root).code).toBe(0);
    const out = path.join(root, 'out');
    // the ISO file's place taken by a folder
    const iso = path.join(out, 'ISO_IEC_99999_2024(E).docx');
    spawnSync('rm', ['-f', iso]);
    mkdirSync(iso);
    writeFileSync(path.join(root, 'src/spec.md'), readFileSync(path.join(root, 'src/spec.md'), 'utf8').replace(/\n# Scope\n\n/, '\n# Scope\n\nChanged.\n\n'));
    const before = snapshot(out);
    const r = cli(['build', 'src/spec.md', '--out', 'out'], root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ISO_IEC_99999_2024\(E\)\.docx: error: a folder stands where this file should be written; remove it or choose another --out \[write-eisdir\]/);
    expect(r.err).not.toMatch(/at \S+\.js:\d+/);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--out that is a file, or under a file: a message and exit 2, not a stack trace', () => {
    const { root } = folder();
    writeFileSync(path.join(root, 'afile'), 'x');
    for (const out of ['afile', 'afile/sub']) {
      const r = cli(['build', 'src/spec.md', '--out', out], root);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/error: a file stands where (a folder is needed on this path|the output folder should be); choose another --out \[write-e(notdir|exist)\]/);
      expect(r.err).not.toMatch(/at \S+\.js:\d+/);
    }
    expect(readFileSync(path.join(root, 'afile'), 'utf8')).toBe('x');
  });
});


