/**
 * Front-matter choices and command options, read back from the DOCX files: prepublished versions,
 * the IPR wording variants, twin texts, one-publication builds and the user's template folder.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import path from 'node:path';
import { build } from '../src/index.js';
import { readDocx } from '../src/reader/index.js';
import { repo, texts, tmp } from './helpers.js';

const minimal = readFileSync(path.join(repo, 'fixtures/errors/valid-minimal.md'), 'utf8');

async function buildVariant(edit: (s: string) => string, options: Parameters<typeof build>[1] = {}) {
  const dir = tmp();
  const file = path.join(dir, 'spec.md');
  writeFileSync(file, edit(minimal));
  const result = await build(file, { outDir: path.join(dir, 'out'), ...options });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const docs = await Promise.all(result.outputs.map((o) => readDocx(o.path!)));
  return { result, docs, dir };
}

describe('front-matter choices', () => {
  it('prepublished: CAUTION block on the cover and "– Prepublished version" in the footer', async () => {
    const { docs: [itu] } = await buildVariant((s) => s.replace('studyGroup: 17', 'studyGroup: 17\n  prepublished: true'));
    const all = texts(itu);
    expect(all).toContain('CAUTION !');
    expect(all).toContain('PREPUBLISHED RECOMMENDATION');
    expect(all).toContain('This prepublication is an unedited version of a recently approved Recommendation. It will be replaced by the published version after editing. Therefore, there will be differences between this prepublication and the published version.');
    expect(itu.sections[2].footers.default?.trim()).toMatch(/^Rec\. ITU-T X\.9999 \(01\/2024\) – Prepublished version/);
  });

  it('the IPR notice: 2008 wording by default, 2024 wording on request, had/had not received', async () => {
    const { docs: [a] } = await buildVariant((s) => s);
    expect(texts(a).some((t) => t.includes('ITU had not received notice of intellectual property, protected by patents, which'))).toBe(true);
    const { docs: [b] } = await buildVariant((s) => s.replace('studyGroup: 17', 'studyGroup: 17\n  ipr: received').replace('---\n\n#', 'wording: { iprNotice: "2024" }\n---\n\n#'));
    expect(texts(b).some((t) => t.includes('ITU had received notice of intellectual property, protected by patents/software copyrights, which may be required to implement this Recommendation. However, implementers are cautioned that this may not represent the latest information and are therefore strongly urged to consult the appropriate ITU-T databases available via the ITU-T website at http://www.itu.int/ITU-T/ipr/.'))).toBe(true);
  });

  it('the ISO-only 2023 foreword text on request', async () => {
    const { docs: [, iso] } = await buildVariant((s) => s.replace('---\n\n#', 'wording: { isoForeword: "iso-2023" }\n---\n\n#'));
    expect(texts(iso)[texts(iso).indexOf('Foreword') + 1]).toMatch(/^ISO \(the International Organization for Standardization\) is a worldwide federation of national standards bodies/);
  });

  it('a twin text: each publication names itself, and the ISO Foreword says "technically aligned"', async () => {
    const { docs: [itu, iso], result } = await buildVariant((s) => s.replace('---\ntitle', '---\nkind: twin\ntitle'));
    expect(texts(itu)).toContain('This Recommendation specifies nothing in particular.');
    expect(texts(iso)).toContain('This document specifies nothing in particular.');
    expect(texts(iso).some((t) => t.endsWith('in collaboration with ITU-T. The technically aligned text is published as Rec. ITU-T X.9999 (01/2024).'))).toBe(true);
    expect(result.declared.some((d) => d.reason.startsWith('twin text'))).toBe(true);
  });

  it('--only builds one publication', async () => {
    const { result } = await buildVariant((s) => s, { only: 'iso' });
    expect(result.outputs.map((o) => o.side)).toEqual(['iso']);
    expect(result.manifestPath).toBeUndefined();
  });
});

describe('the user\'s template folder', () => {
  it('overrides one template and one body string; everything else falls back to the bundled templates', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'tpl/itu'), { recursive: true });
    mkdirSync(path.join(dir, 'tpl/common'), { recursive: true });
    writeFileSync(path.join(dir, 'tpl/itu/note.hbs'), '# NOTE {.front-title}\n\nA secretariat\'s own note for {{itu.number}}.\n');
    writeFileSync(path.join(dir, 'tpl/common/body.yaml'), 'note: "Note"\n');
    const src = path.join(dir, 'spec.md');
    writeFileSync(src, `${minimal}\n\n:::note\nA note.\n:::\n`);
    const result = await build(src, { outDir: path.join(dir, 'out'), templates: path.join(dir, 'tpl') });
    expect(result.ok).toBe(true);
    const [itu, iso] = await Promise.all(result.outputs.map((o) => readDocx(o.path!)));
    expect(texts(itu)).toContain('A secretariat\'s own note for X.9999.');
    expect(texts(itu)).toContain('FOREWORD'); // not overridden: bundled
    expect(texts(itu)).toContain('Note – A note.');
    expect(texts(iso)).toContain('Note – A note.');
  });

  it('a template error is a message naming the template file, and nothing is built', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'tpl/itu'), { recursive: true });
    writeFileSync(path.join(dir, 'tpl/itu/note.hbs'), '# NOTE\n\n{{no.such.field}}\n');
    const src = path.join(dir, 'spec.md');
    writeFileSync(src, minimal);
    const result = await build(src, { outDir: path.join(dir, 'out'), templates: path.join(dir, 'tpl') });
    expect(result.ok).toBe(false);
    const [d] = result.diagnostics;
    // at the template's own line and column, not the source's line 1
    expect({ file: d.file.endsWith('tpl/itu/note.hbs'), line: d.line, column: d.column }).toEqual({ file: true, line: 3, column: 1 });
    expect(d.message).toMatch(/template error: .*such/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('a user docx.yaml sets the page and style names of the DOCX; the bundled one is used for the other publication', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'tpl/itu'), { recursive: true });
    const bundled = readFileSync(path.join(repo, 'templates/itu/docx.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'tpl/itu/docx.yaml'), bundled.replace(/^page: .*$/m, 'page: { width: 216, height: 279, margin: 25, header: 12, footer: 12 }').replace(/^  note: Note 1$/m, '  note: My note'));
    const src = path.join(dir, 'spec.md');
    writeFileSync(src, minimal.replace(/\n# Scope\n/, '\n# Scope\n\n:::note\nA note.\n:::\n'));
    const result = await build(src, { outDir: path.join(dir, 'out'), templates: path.join(dir, 'tpl') });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [itu, iso] = result.outputs.map((o) => strFromU8(unzipSync(o.bytes)['word/document.xml']));
    // Letter size (216 x 279 mm) in twips, margins of 25 mm
    expect(itu).toContain('<w:pgSz w:w="12246" w:h="15817"/><w:pgMar w:top="1417"');
    expect(iso).toContain('<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134"');
    const ituDoc = await readDocx(result.outputs[0].path!);
    const note = ituDoc.body.find((b) => b.kind === 'paragraph' && b.text.startsWith('NOTE – A note'));
    expect(note && note.kind === 'paragraph' && note.style).toBe('My note');
  });

  it('a mistake in a docx.yaml is reported at its line and column, all of them, and nothing is built', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'tpl/iso'), { recursive: true });
    const bundled = readFileSync(path.join(repo, 'templates/iso/docx.yaml'), 'utf8');
    const broken = bundled.replace(/^fontSize: 11$/m, 'fontSize: eleven').replace('Note: { size: 10 }', 'Note: { size: 10, colour: red }');
    writeFileSync(path.join(dir, 'tpl/iso/docx.yaml'), broken);
    const src = path.join(dir, 'spec.md');
    writeFileSync(src, minimal);
    const result = await build(src, { outDir: path.join(dir, 'out'), templates: path.join(dir, 'tpl') });
    expect(result.ok).toBe(false);
    const lines = broken.split('\n');
    const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
    expect(result.diagnostics.map((d) => [path.basename(d.file), d.line, d.column, d.message])).toEqual([
      ['docx.yaml', lineOf('fontSize: eleven'), 11, 'field "fontSize" must be a number; found "eleven"'],
      ['docx.yaml', lineOf('colour: red'), lines[lineOf('colour: red') - 1].indexOf('colour') + 1, expect.stringMatching(/^unknown look "colour"; the looks are basedOn, font, size/)],
    ]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('a YAML mistake in a profile of the template folder is reported at its file, line and column', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'tpl/itu'), { recursive: true });
    writeFileSync(path.join(dir, 'tpl/itu/profile.yaml'), 'name: itu\nlabel: ITU-T\nsections: [ { template: cover\n');
    const src = path.join(dir, 'spec.md');
    writeFileSync(src, minimal);
    const result = await build(src, { outDir: path.join(dir, 'out'), templates: path.join(dir, 'tpl') });
    expect(result.ok).toBe(false);
    const [d] = result.diagnostics;
    expect([path.basename(d.file), d.line > 0, d.message]).toEqual(['profile.yaml', true, expect.stringMatching(/^not valid YAML: /)]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
