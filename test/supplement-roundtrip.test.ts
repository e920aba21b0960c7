/**
 * The round trip a defect editor relies on, on fixtures/x500 and fixtures/example: each scripted edit
 * is committed in a git repository, then `commontext corrigendum --base HEAD` writes the supplement,
 * `commontext apply` carries it out on the published source (checked out as it was), and
 *   - the corrected source builds to the same body as the edited source, in both publications;
 *   - the corrected source differs from the edited source only on lines the edit touched
 *     (when the edit is in the main file: an included file it touches is written in).
 */
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { diffArrays } from 'diff';
import { main } from '../src/cli/main.js';
import { parseSourceText } from '../src/source/parse.js';
import { prepare } from '../src/index.js';
import { renderText } from '../src/render/text.js';
import { repo, tmp } from './helpers.js';
import { correctedBody } from './supplement-expected.js';

type Edit = [file: string, from: string | RegExp, to: string];
/** warns: what the corrigendum command says on stderr (a published number the edited source changes after a deletion). */
interface Case { name: string; fixture: 'x500' | 'example'; edits: Edit[]; says?: RegExp[]; saysNot?: RegExp[]; warns?: RegExp[] }

const MAIN = { x500: 'x500.md', example: 'example.md' } as const;

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

function body(file: string, text: string, side: 'itu' | 'iso'): string {
  const p = parseSourceText(text, file);
  if (!p.document) throw new Error(p.diagnostics.sorted().map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('\n'));
  const pub = prepare(p.document, side);
  return renderText({ ...pub, sections: pub.sections.filter((s) => s.name === 'body') });
}

/** Indices of the lines of `b` that are not common with `a`. */
function changedLines(a: string, b: string): Set<number> {
  const out = new Set<number>();
  let j = 0;
  for (const part of diffArrays(a.split('\n'), b.split('\n'))) {
    if (part.removed) continue;
    if (part.added) for (let k = 0; k < part.count; k++) out.add(j + k);
    j += part.count;
  }
  return out;
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd, stdio: 'pipe', encoding: 'utf8' });

/** A fixture in a git repository with the edits applied (uncommitted), the published version in old/. */
function scenario(c: Case) {
  const dir = tmp(`ct-rt-${c.fixture}-`);
  const work = path.join(dir, 'work');
  cpSync(path.join(repo, 'fixtures', c.fixture), work, { recursive: true });
  git(work, 'init', '-q');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'published');
  const old = path.join(dir, 'old');
  mkdirSync(old);
  cpSync(work, old, { recursive: true, filter: (f) => !f.includes(`${path.sep}.git`) });
  for (const [file, from, to] of c.edits) {
    const f = path.join(work, file);
    const text = readFileSync(f, 'utf8');
    if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) throw new Error(`${file}: fixture text not found: ${from}`);
    writeFileSync(f, text.replace(from, to));
  }
  return { dir, work, old };
}

/** The instructions a publication prints: those outside the other's `:::itu` / `:::iso` blocks. */
function printedIn(instructions: string, side: 'itu' | 'iso'): string[] {
  const other = side === 'itu' ? 'iso' : 'itu';
  return instructions.replace(new RegExp(`:::${other}\\{[^]*?\\n:::(\\n|$)`, 'g'), '').split('\n');
}

/** The lines of a clause in the body text, from its heading line to the next numbered heading. */
function clauseLines(text: string, number: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${number}\t`));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /^(\d+|[A-Z])(\.\d+)*\t/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/**
 * What a reader is told to find, found once in the publication as printed (case-sensitive): the quoted
 * words of "In 5.1, replace "…"" in that clause and in the whole body, the opening words of "the paragraph of 5.1 beginning "…"".
 */
function quotesFoundOnce(instructions: string, published: string, side: 'itu' | 'iso') {
  for (const line of printedIn(instructions, side)) {
    const words = /^In (\d+(?:\.\d+)*|[A-Z](?:\.\d+)+), replace "(.+?)" with "/.exec(line);
    if (words) {
      const text = clauseLines(published, words[1]).join('\n');
      expect(text.split(words[2]).length - 1, `${side}: "${words[2]}" in ${words[1]}\n${text}`).toBe(1);
      // and once in that organization's whole published body, so that a search of the publication finds it once
      expect(published.split(words[2]).length - 1, `${side}: "${words[2]}" in the whole body`).toBe(1);
    }
    const opening = /the (paragraph|item) of (\d+(?:\.\d+)*|[A-Z](?:\.\d+)+) beginning "(.+?)"/.exec(line);
    if (opening) {
      const starts = clauseLines(published, opening[2]).filter((l) => l.replace(/^(–|[a-z]+\))\t/, '').startsWith(opening[3]));
      expect(starts.length, `${side}: a ${opening[1]} of ${opening[2]} beginning "${opening[3]}"`).toBe(1);
    }
  }
}

export async function roundTrip(c: Case) {
  const { dir, work, old } = scenario(c);
  const name = MAIN[c.fixture];
  const out = path.join(dir, 'out');
  const cor = await run(['corrigendum', '--base', 'HEAD', path.join(work, name), '--number', '1', '--approved', '2025-06-20', '--out', out, '--no-docx']);
  expect(cor.code, cor.err).toBe(0);
  for (const re of c.warns ?? []) expect(cor.err).toMatch(re);
  // without a warning expected, none: the editor's source keeps every published number
  if (!c.warns) expect(cor.err).not.toMatch(/\[renumbered\]/);
  const supplement = readFileSync(path.join(out, name.replace(/\.md$/, '-cor1.md')), 'utf8');
  const instructions = supplement.slice(supplement.indexOf('\n---\n', 4));
  for (const re of c.says ?? []) expect(instructions, instructions).toMatch(re);
  for (const re of c.saysNot ?? []) expect(instructions, instructions).not.toMatch(re);
  const corrected = path.join(old, 'corrected.md');
  const ap = await run(['apply', path.join(out, name.replace(/\.md$/, '-cor1.md')), '--to', path.join(old, name), '--out', corrected]);
  expect(ap.code, `${ap.err}\n${instructions}`).toBe(0);
  const fixed = readFileSync(corrected, 'utf8');
  const edited = readFileSync(path.join(work, name), 'utf8');
  for (const side of ['itu', 'iso'] as const) expect(body(corrected, fixed, side), `${side}\n${instructions}`).toBe(correctedBody(path.join(work, name), path.join(work, name), side, 'HEAD'));
  for (const side of ['itu', 'iso'] as const) quotesFoundOnce(instructions, body(path.join(old, name), readFileSync(path.join(old, name), 'utf8'), side), side);
  if (c.edits.every(([f]) => f === name)) {
    const published = readFileSync(path.join(old, name), 'utf8');
    const touched = changedLines(published, edited);
    // a line the corrigendum warned about: the corrected text writes the published number there (deleted elements)
    const warnings = [...cor.err.matchAll(/([^\s/]+):(\d+):\d+: warning: [^\n]*\[renumbered\]/g)];
    const warned = new Set(warnings.filter((m) => m[1] === name).map((m) => Number(m[2]) - 1));
    // one in an included file: apply writes that file's text in place of its include (as for any edit in it)
    edited.split('\n').forEach((l, i) => { if (warnings.some((m) => m[1] !== name && l.startsWith('::include') && l.includes(`/${m[1]}"`))) warned.add(i); });
    const unnumbered = (l: string) => l.replace(/\s*\{number="[^"]*"\}|\s+number="[^"]*"/, '');
    for (const i of warned) if (!edited.split('\n')[i].startsWith('::include')) expect(fixed.split('\n').some((l) => /number="/.test(l) && unnumbered(l) === edited.split('\n')[i]), `${i + 1}: ${edited.split('\n')[i]}`).toBe(true);
    const differ = [...changedLines(fixed, edited)].filter((i) => !touched.has(i) && !warned.has(i));
    expect(differ.map((i) => `${i + 1}: ${edited.split('\n')[i]}`), instructions).toEqual([]);
  }
  return { instructions, fixed, edited, out };
}

const x = (name: string, from: string | RegExp, to: string, says?: RegExp[], more: Partial<Case> = {}): Case => ({ name, fixture: 'x500', edits: [['x500.md', from, to]], says, ...more });
const e = (name: string, from: string | RegExp, to: string, says?: RegExp[], more: Partial<Case> = {}): Case => ({ name, fixture: 'example', edits: [['example.md', from, to]], says, ...more });

const CASES: Case[] = [
  // words in a paragraph, a note, a table cell, a term, the Summary
  e('a word in a paragraph', 'An attester produces attestation evidence', 'An attester generates attestation evidence', [/In 5\.1, replace "An attester produces attestation" with "An attester generates attestation"\./]),
  e('two separate changes in one paragraph: two instructions', 'An attester produces attestation evidence and conveys it to a verifier. The verifier appraises the evidence', 'An attester generates attestation evidence and conveys it to a verifier. The verifier assesses the evidence', [/In 5\.1, replace "An attester produces attestation" with "An attester generates attestation"\.\n\nIn 5\.1, replace "The verifier appraises the evidence," with "The verifier assesses the evidence,"\./]),
  e('words in a note', 'The protocol of clause 6 is the same', 'The protocol of clause 7 is the same', [/replace "clause 6 is" with "clause 7 is"/]),
  e('a word in a table cell', '| Relying party | Access decision |', '| Relying party | Access verdict |', [/In Table 1, in the row "Relying party", replace "decision" with "verdict"\./]),
  x('a word in the Summary (ITU only)', 'overviews the services and capabilities', 'gives an overview of the services and capabilities', [/:::itu[^]*In the Summary, replace/]),
  e('a word in :itu[…] text (ITU only)', 'from the ITU-T ASN.1 module database at', 'from the ITU-T ASN.1 module repository at', [/:::itu[^]*replace "module database" with "module repository"/]),
  e('a word in :iso[…] text (ISO only)', 'from the ISO standards maintenance portal', 'from the ISO standards maintenance site', [/:::iso[^]*replace "portal" with "site"/]),
  x('a word in an x500 paragraph', 'The definition of the abstract service of the Directory can be found in', 'The definition of the abstract service of the Directory is given in'),
  x('a word in a list item', '- of different ages.', '- of very different ages.'),
  x('a dash item deleted', '- under different managements;\n', '', [/Delete the item of the Introduction beginning "under different managements;"\./]),
  x('a dash item rewritten', '- of different levels of complexity; and', '- of any level of complexity; and', [/Replace the item of the Introduction beginning "of different levels" with the following:/]),
  // footnotes
  e('a paragraph citing a footnote, rewritten', /The attestation key shall be generated[^\n]*?An information security/, 'Keys are different now. An information security', [/\[\^2\]: The certification/]),
  e('a word next to a footnote mark', "key-management processes[^2].", "key management processes[^2]."),
  e('a footnote\'s text', 'The certification of such a management system is not required', 'The certification of such a system is not required', [/Replace footnote 2 in 7\.1 with the following:\n\nThe certification of such a system/]),
  e('a list item citing a footnote', 'an identifier of the attester or of its root of trust[^1];', 'an identifier of the attesting device or its trust root[^1];', [/Replace item c\)/]),
  e('a new footnote in a new paragraph', 'Claims that the attester cannot measure itself', 'Claims are listed in the evidence[^9].\n\n[^9]: In the order of measurement.\n\nClaims that the attester cannot measure itself'),
  // paragraphs, notes, examples
  e('a paragraph rewritten', 'The model separates the appraisal of evidence from the use of the result.', 'A wholly new paragraph. It says something else.\n\nAnd a second one.', [/Replace the paragraph of 5\.1 beginning "The model separates" with the following:/]),
  e('a paragraph deleted', /\nThe model separates the appraisal of evidence[^\n]*\n\n/, '\n', [/Delete the paragraph of 5\.1 beginning "The model separates"\./]),
  x('a paragraph added', 'The definition of the abstract service of the Directory can be found in :ref[X.511].', 'The definition of the abstract service of the Directory can be found in :ref[X.511].\n\nA new paragraph on the abstract service.'),
  e('a note deleted', /:::note\nThe endorser is usually[^]*?\n:::\n\n/, '', [], { warns: [/example\.md:\d+:1: warning: .*NOTE 2 as "NOTE".*:::note\{number="2"\}/] }),
  x('a note between NOTE 1 and NOTE 2 is NOTE 1a', /(:::note\nThe DIB[^]*?\n:::\n)/, '$1\n:::note\nA second note.\n:::\n', [/Add the following new NOTE 1a after NOTE 1 in clause 7:\n\n:::note\{number="1a"\}\nA second note\./]),
  e('an example rewritten', 'A verifier sends the nonce 0x5F3A… at 10:30:00 and receives evidence', 'A verifier sends the nonce 0x77AA… at 10:30:00 and receives evidence'),
  // lists
  e('a list item changed', '2. identifier;', '2. identifier of an entity;', [/Replace item b\) of the first list of 3\.1 with the following:/]),
  x('a list item deleted', '3. alias;\n', ''),
  x('a list item added', '2. multi-chaining;\n', '2. multi-chaining;\n3. single-chaining;\n'),
  e('a dash list item changed', '- **badSignature**, when the signature', '- **badSignature**, when the digital signature', [/In 6\.4, replace "the signature" with "the digital signature"\.|the item of 6\.4 beginning "badSignature, when the"/], { edits: [['clauses/06-4-errors.md', '- **badSignature**, when the signature', '- **badSignature**, when the digital signature']] }),
  // tables, figures, code
  e('a table cell rewritten', '| Attester | Attestation evidence |', '| Attester | Signed attestation evidence |', [/In Table 1, in the row "Attester", replace "Attestation" with "Signed attestation"\./]),
  e('a table row added', '| Endorser | Endorsements | – | Verifier |', '| Endorser | Endorsements | – | Verifier |\n| Auditor | Audit reports | Attestation results | – |', [/In Table 1, add the following after the row "Endorser":\n\n\| Role +\| Produces/]),
  e('a table row deleted', '| Endorser | Endorsements | – | Verifier |\n', '', [/In Table 1, delete the row "Endorser"\./]),
  e('a word that occurs twice in a row: by column', '| Reference value provider | Reference values |', '| Reference value provider | Golden values |', [/In Table 1, in the row "Reference value provider" and the column "Produces", replace "Reference" with "Golden"\./]),
  e('a cell with markup: a cell instruction quoting it', '| Value of **format** |', '| Value of the **format** component |', [/In Table A\.1, in the row "[^"]+", replace "\*\*format\*\*" with "the \*\*format\*\* component"\./], { saysNot: [/Replace Table A\.1/] }),
  e('a cell with a cross-reference: a cell instruction', '| AttestationError | A, V | ErrorCode | 6.4 |', '| AttestationError | A, V | ErrorCode | [](#errors) |', [/In Table 2, in the row "AttestationError", replace "6\.4" with "\[clause 6\.4\]\(xref\\?:errors\)"\./], { saysNot: [/Replace Table 2/], edits: [['clauses/06-protocol.md', '| AttestationError | A, V | ErrorCode | 6.4 |', '| AttestationError | A, V | ErrorCode | [](#errors) |']] }),
  e('words beside emphasis in a cell: the words quoted', '| Value of **format** |', '| Value given by **format** |', [/In Table A\.1, in the row "[^"]+", replace "Value of" with "Value given by"\./], { saysNot: [/Replace Table A\.1/] }),
  e('a figure caption', 'Figure: Roles in the attestation model {#fig-roles}', 'Figure: Roles of the attestation model {#fig-roles}'),
  e('a figure replaced', '](figures/attestation-roles.png)', '](figures/deployment-example.png)'),
  e('a token in the ASN.1 module', 'nonce      OCTET STRING (SIZE (16..64)),', 'nonce      OCTET STRING (SIZE (16..128)),', [/In the first code block of A\.2, replace the line "nonce {6}OCTET STRING \(SIZE \(16\.\.64\)\)," with "nonce {6}OCTET STRING \(SIZE \(16\.\.128\)\),"\./], { saysNot: [/Replace the first code block/] }),
  e('two lines of the ASN.1 module', /  identity       OCTET STRING,\n/, '  identity       UTF8String,\n', [/replace the line "identity {7}OCTET STRING," with "identity {7}UTF8String,"/], { edits: [['example.md', '  identity       OCTET STRING,', '  identity       UTF8String,'], ['example.md', '  evidenceRef OCTET STRING,', '  evidenceRef OCTET STRING (SIZE (32)),']] }),
  // sections
  e('a new subclause in the middle', '## Roles {#roles}', '## Scalability {#scal}\n\nVerifiers may be replicated.\n\n## Roles {#roles}', [/Add the following new subclause after 5\.1:/]),
  e('a deleted subclause', /## Privacy\n[^]*?(?=## Compromise)/, '', [/Delete subclause 7\.3\./], { warns: [/example\.md:\d+:1: warning: .*subclause 7\.4 as "7\.3".*write \{number="7\.4"\} at the end of that line/] }),
  // deletions leave their numbers unused: the next published ones keep theirs (README "Inserted and deleted sections")
  e('a deleted subclause, its number kept by the editor', '', '', [/Delete subclause 7\.3\./], { saysNot: [/Replace the title/], edits: [['example.md', /## Privacy\n[^]*?(?=## Compromise)/, ''], ['example.md', '## Compromise of an endorser', '## Compromise of an endorser {number="7.4"}']] }),
  e('a deleted last subclause: nothing renumbered', /\n## Compromise of an endorser\n[^]*?(?=\n# Conformance)/, '', [/Delete subclause 7\.4\./]),
  e('a deleted term: the next keeps its number', /\*\*attestation key\*\*:[^\n]*\n\n/, '', [/Delete definition 3\.2\.\d+\./], { warns: [/warning: .*definition 3\.2\.\d+ as "3\.2\.\d+"/] }),
  e('a deleted table before Table 2: Table 2 keeps its number', '', '', [/Delete Table 1\./], { warns: [/06-protocol\.md:\d+:1: warning: .*Table 2 as "Table 1".*number="2"/], edits: [['example.md', 'The roles of the model are listed in [](#tbl-roles). ', ''], ['example.md', /Table: Roles of the attestation model \{#tbl-roles\}\n\n[^]*?\| Reference value provider[^\n]*\n\n/, '']] }),
  x('a deleted figure: the later figures keep their numbers', /\[\]\(#fig-dit-structure\) illustrates[^]*?\{#fig-dit-structure\}\n\n/, '', [/Delete Figure 2\./], { warns: [/warning: .*Figure 3 as "Figure 2"/, /warning: .*Figure 4 as "Figure 3"/] }),
  e('a deleted term and a new one after the last: the new one takes the number after the last published one', '', '', [/Delete definition 3\.2\.3\./, /Add the following new definition 3\.2\.8 after definition 3\.2\.7:/], { warns: [/definition 3\.2\.4 as "3\.2\.3"/], edits: [['example.md', /\*\*attestation key\*\*:[^\n]*\n\n/, ''], ['example.md', 'and produces an attestation result.\n', 'and produces an attestation result.\n\n**witness**: An entity that countersigns evidence.\n']] }),
  e('a deleted clause: clause 5 keeps its number', /# Abbreviations, acronyms and conventions\n[^]*?(?=# Attestation model)/, '', [/Delete clause 4\./], { warns: [/example\.md:\d+:1: warning: .*clause 5 as "4".*write \{number="5"\}/] }),
  x('a deleted NOTE 1: NOTE 2 keeps its number', /(# The Directory Information Base \(DIB\) \{#dib\}\n\n):::note\n[^]*?\n:::\n\n/, '$1', [/Delete NOTE 1 in clause 7\./], { warns: [/x500\.md:\d+:1: warning: .*NOTE 2 as "NOTE".*:::note\{number="2"\}/] }),
  e('a heading with an id retitled', '## Roles {#roles}', '## Roles and parties {#roles}', [/Replace the title of subclause 5\.2 with the following:/]),
  x('a heading without an id retitled', '### Service controls', '### Service control parameters', [/Replace the title of/], { saysNot: [/Delete subclause/] }),
  e('a new annex', '\n# Bibliography', '\n# Deployment notes {#annex-new annex=non-integral}\n\nSome informative text.\n\n# Bibliography', [/Add the following new annex after Annex [A-Z]:/]),
  e('a word in an annex', 'In case of differences, the module printed in this annex prevails.', 'In case of differences, the printed module prevails.'),
  // references and terms
  e('a new reference', 'references:\n', 'references:\n  X.1277:\n    itu: { number: "X.1277", year: 2018 }\n    title: "Universal authentication framework"\n'),
  x('a new reference with an ISO year', 'references:\n', 'references:\n  X.530:\n    itu: { number: "X.530", year: 2016 }\n    iso: { designation: "ISO/IEC 9594-10", year: 2017 }\n    title: "Information technology – Open Systems Interconnection – The Directory: Use of systems management for administration of the Directory"\n', [/ISO\/IEC 9594-10:2017/]),
  x('a reference of a kind the published clause 2 has no subclause for', 'references:\n', 'references:\n  X.530:\n    itu: { number: "X.530", year: 2016 }\n    title: "Use of systems management for administration of the Directory"\n', [/Add the following new subclause 2\.2 to clause 2:\n\n## 2\.2 Additional references/], { saysNot: [/reference to 2\.2/] }),
  x('a term\'s definition', /(\*\*[^*\n]+\*\*: [^\n]*?)\b(the)\b/, '$1that'),
  // inserted terms, notes, tables and figures: a placeholder before a published one, the next number after the last
  e('a new term between two definitions is 3.2.3a', '**attestation result**:', '**attestation nonce**: A random value chosen by the verifier for one exchange.\n\n**attestation result**:', [/Add the following new definition 3\.2\.3a after definition 3\.2\.3:\n\n\*\*attestation nonce\*\*: A random value chosen by the verifier for one exchange\. \{number="3\.2\.3a"\}/]),
  e('a new table before Table 2 is Table 1a', '### Claims {#claims}\n\n', '### Claims {#claims}\n\nTable: Kinds of claim\n\n| Kind | Example |\n|---|---|\n| Measurement | Firmware hash |\n\n', [/Add the following new Table 1a at the beginning of 5\.3\.1:\n\nTable: Kinds of claim \{number="1a"\}/]),
  e('a new table in an included file before Table 2 is Table 1a', '', '', [/Add the following new Table 1a after the paragraph of 6\.\d beginning "The messages of":\n\nTable: Message classes \{number="1a"\}/], { edits: [['clauses/06-protocol.md', 'Table: Messages of the attestation protocol {#tbl-message-types}', 'Table: Message classes\n\n| Class | Messages |\n|---|---|\n| Request | AttestationRequest |\n\nTable: Messages of the attestation protocol {#tbl-message-types}']] }),
  x('a new figure between Figure 2 and Figure 3 is Figure 2a', 'Figure: Structure of the DIT and of entries {#fig-dit-structure}\n', 'Figure: Structure of the DIT and of entries {#fig-dit-structure}\n\n![Entries](figures/fig2-dit-structure.png)\n\nFigure: Entries and their attributes\n', [/Add the following new Figure 2a after Figure 2:\n\n!\[Entries\]\(figures\/fig2-dit-structure\.png\)\n\nFigure: Entries and their attributes \{number="2a"\}/]),
  e('a new figure after the last one of the body is Figure 2', 'Figure: Roles in the attestation model {#fig-roles}\n', 'Figure: Roles in the attestation model {#fig-roles}\n\n![Deployment](figures/deployment-example.png)\n\nFigure: A deployment\n', [/Add the following new Figure 2 after Figure 1:\n\n!\[Deployment\]\(figures\/deployment-example\.png\)\n\nFigure: A deployment \{number="2"\}/]),
  e('a new note after the last one of its subclause is NOTE 3', /(:::note\nA verifier may be operated by[^]*?\n:::\n)/, '$1\n:::note\nA third note.\n:::\n', [/Add the following new NOTE 3 after NOTE 2 in 5\.2:\n\n:::note\{number="3"\}\nA third note\./]),
  // an annex subclause inserted between two published ones: the placeholder starts with the annex letter (B.1a), and the corrected source builds
  e('a new subclause in an annex between B.1 and B.2', '## Confidential workload', '## Edge gateways\n\nA gateway attests on behalf of constrained devices.\n\n## Confidential workload', [/Add the following new subclause after B\.1:\n\n## B\.1a Edge gateways \{\.unnumbered\}/]),
  e('a deleted annex subclause: B.2 keeps its number', /## Device fleet \{#fleet\}\n[^]*?(?=## Confidential workload)/, '', [/Delete subclause B\.1\./], { warns: [/example\.md:\d+:1: warning: .*subclause B\.2 as "B\.1".*write \{number="B\.2"\}/] }),
  e('a new subclause with a table before Table 1: the table is Table 0a', '## Roles {#roles}', '## Inventory\n\nTable: Inventory of parts\n\n| Part | Count |\n|---|---|\n| Root of trust | 1 |\n\n## Roles {#roles}', [/Add the following new subclause after 5\.1:\n\n## 5\.1a Inventory \{\.unnumbered\}\n\nTable: Inventory of parts \{number="0a"\}/]),
  // included files and combinations
  e('a word in an included file', 'When a verifier or an attester cannot complete an exchange', 'When a verifier or an attester fails to complete an exchange', [], { edits: [['clauses/06-4-errors.md', 'When a verifier or an attester cannot complete an exchange', 'When a verifier or an attester fails to complete an exchange']] }),
  { name: 'two edits in two clauses', fixture: 'example', edits: [['example.md', 'An attester produces attestation evidence', 'An attester generates attestation evidence'], ['example.md', 'The protocol of clause 6 is the same', 'The protocol of clause 7 is the same']] },
  { name: 'a new subclause and a word after it', fixture: 'example', edits: [['example.md', '## Overview', '## Preliminaries {#prelim}\n\nNew text.\n\n## Overview'], ['example.md', 'One entity may take on more than one role', 'One entity may take more than one role']] },
  { name: 'a paragraph and a list item in x500', fixture: 'x500', edits: [['x500.md', '- under different managements;', '- under different administrations;'], ['x500.md', 'The definition of the abstract service of the Directory can be found in', 'The abstract service of the Directory is defined in']] },
];

describe('round trip: corrigendum → apply → the edited text', () => {
  for (const c of CASES) it(c.name, { timeout: 60_000 }, async () => { await roundTrip(c); });
});
