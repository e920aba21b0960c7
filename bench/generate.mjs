/**
 * Deterministic generator of realistic common-text sources for the benchmark (issue 5).
 *
 *   generate({ pages: 450 }) -> { files: { 'source.md': …, 'clauses/07.md': … }, plain, stats }
 *
 * One page is about 340 words. The annotated source uses every construct of the source format
 * (clause tree, terms, references of all kinds, notes, examples, lists, tables, figures, footnotes,
 * cross-references, :this, ASN.1 code, declared differences :::itu/:::iso and :itu[]/:iso[]), split
 * into a main file and one include per top-level clause. `plain` is the same content as plain
 * Markdown (directives resolved to their text, numbers written out), the input of the pandoc reference.
 * Same seed and size, same bytes: a seeded PRNG (mulberry32), no Date, no Math.random.
 */
import { mkdirSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORDS_PER_PAGE = 340;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = (
  'the a an of to in for on by with from that which is are be should may can each any every this ' +
  'directory entry attribute value object class name distinguished relative schema system agent user service ' +
  'protocol operation request response result error parameter component element field type identifier ' +
  'certificate authority key public private signature algorithm encoding rule syntax module definition ' +
  'information model access control policy administrative area subtree context replication shadow ' +
  'consumer supplier binding association security level credential authentication verification ' +
  'search filter matching rule modification read compare list add remove modify rename abandon ' +
  'hierarchical tree root node leaf parent child subordinate superior reference knowledge chaining ' +
  'referral distributed operational collective derived mandatory optional single multiple valued ' +
  'specified defined described used provided given applied required permitted returned received sent ' +
  'ASN.1 BER DER PER XER OID DSA DUA DSP DAP DISP DOP LDAP X.509 ' +
  'procedure mechanism framework requirement conformance implementation extension version edition'
).split(' ');

const TERM_WORDS = 'access administrative alias attribute binding certificate chaining collective context credential directory distinguished entry filter hierarchy knowledge matching operational policy referral replication schema shadow subtree superior'.split(' ');

export function generate({ pages, seed = 0x5eed } = {}) {
  const rnd = mulberry32(seed ^ Math.imul(pages, 2654435761));
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const chance = (p) => rnd() < p;
  const targetWords = pages * WORDS_PER_PAGE;
  let words = 0;
  let footnote = 0;
  const anchors = []; // { id, label }
  const files = {};

  // ---- references registry -------------------------------------------------------------------
  const refs = [];
  const nRefs = Math.max(8, Math.round(pages / 8));
  for (let i = 0; i < nRefs; i++) {
    const kind = i % 6;
    const n = 500 + i;
    const year = 2000 + (i % 24);
    const title = `Information technology – ${cap(pick(VOCAB))} ${pick(VOCAB)} ${pick(VOCAB)}: Part ${1 + (i % 9)}`;
    if (kind === 0 || kind === 1) refs.push({ id: `X.${n}`, yaml: `    itu: { number: "X.${n}", year: ${year} }\n    iso: { designation: "ISO/IEC ${9000 + i}-${1 + (i % 9)}", year: ${year + 1} }\n    title: "${title}"`, cite: `Rec. ITU-T X.${n} \\| ISO/IEC ${9000 + i}-${1 + (i % 9)}` });
    else if (kind === 2) refs.push({ id: `H.${n}`, yaml: `    relation: paired\n    itu: { number: "H.${n}", year: ${year}, title: "${title} (ITU)" }\n    iso: { designation: "ISO/IEC ${14000 + i}-10", year: ${year}, title: "${title} (ISO)" }`, cite: `Rec. ITU-T H.${n} \\| ISO/IEC ${14000 + i}-10` });
    else if (kind === 3) refs.push({ id: `Q.${n}`, yaml: `    itu: { number: "Q.${n}", year: ${year} }\n    title: "${title}"`, cite: `Rec. ITU-T Q.${n}` });
    else if (kind === 4) refs.push({ id: `ISO${20000 + i}`, yaml: `    iso: { designation: "ISO/IEC ${20000 + i}", year: ${year} }\n    title: "${title}"`, cite: `ISO/IEC ${20000 + i}` });
    else refs.push({ id: `RFC${3000 + i}`, yaml: `    label: "IETF RFC ${3000 + i} (${year})"\n    title: "${title}"`, cite: `IETF RFC ${3000 + i} (${year})` });
  }
  const biblio = [];
  for (let i = 0; i < Math.max(3, Math.round(nRefs / 4)); i++) {
    biblio.push({ id: `b-ISO-${30000 + i}`, yaml: `    iso: { designation: "ISO ${30000 + i}", year: ${1990 + (i % 30)} }\n    title: "Bibliographic ${pick(VOCAB)} ${pick(VOCAB)} ${i}"\n    normative: false` });
  }

  // ---- inline text -----------------------------------------------------------------------------
  const THIS = 'this Recommendation \\| International Standard'; // escaped: a bare "|" in prose sends pandoc's reader into pipe-table attempts
  /** One sentence in both forms: [annotated, plain]. */
  const sentence = () => {
    const n = int(8, 24);
    const a = [];
    const p = [];
    for (let i = 0; i < n; i++) {
      const r = rnd();
      let wa; let wp;
      if (r < 0.012) { const ref = pick(refs); wa = `:ref[${ref.id}]`; wp = ref.cite; }
      else if (r < 0.02) { wa = ':this'; wp = THIS; }
      else if (r < 0.026 && anchors.length) { const t = anchors[Math.floor(rnd() * anchors.length)]; wa = `[](#${t.id})`; wp = t.label; }
      else if (r < 0.036) { const w = pick(VOCAB); wa = `*${w}*`; wp = `*${w}*`; }
      else if (r < 0.042) { const w = pick(VOCAB); wa = `**${w}**`; wp = `**${w}**`; }
      else if (r < 0.046) { const w = pick(VOCAB); wa = `\`${w}\``; wp = `\`${w}\``; }
      else if (r < 0.048) { wa = 'ISO/IEC 8824-1:2021'; wp = wa; }
      else { wa = pick(VOCAB); wp = wa; }
      a.push(wa); p.push(wp);
    }
    words += n;
    a[0] = cap(a[0]); p[0] = cap(p[0]);
    return [`${a.join(' ')}.`, `${p.join(' ')}.`];
  };
  const paragraph = (min = 3, max = 7) => {
    const a = []; const p = [];
    const n = int(min, max);
    for (let i = 0; i < n; i++) { const [sa, sp] = sentence(); a.push(sa); p.push(sp); }
    return [a.join(' '), p.join(' ')];
  };

  // ---- blocks ------------------------------------------------------------------------------------
  let tableNo = 0; let figureNo = 0; let annexLetter = '';
  const out = { a: [], p: [] };
  const emit = (a, p = a) => { out.a.push(a); out.p.push(p); };

  const bodyBlocks = (clauseLabel, nParas) => {
    let notes = 0;
    for (let i = 0; i < nParas; i++) {
      const [pa, pp] = paragraph();
      if (chance(0.05)) {
        const id = `f${++footnote}`;
        const [fa, fp] = sentence();
        emit(`${pa}[^${id}]\n\n[^${id}]: ${fa}`, `${pp}[^${id}]\n\n[^${id}]: ${fp}`);
      } else if (chance(0.03)) {
        const w = pick(VOCAB);
        emit(`${pa} :iso[The ${w} is registered with ISO.]{reason="ISO registration wording"}:itu[The ${w} is registered with TSB.]{reason="ITU registration wording"}`,
          `${pp} The ${w} is registered with TSB.`);
        words += 6;
      } else emit(pa, pp);
      const r = rnd();
      if (r < 0.12) {
        notes++;
        const [na, np] = paragraph(1, 3);
        emit(`:::note\n${na}\n:::`, `NOTE – ${np}`);
      } else if (r < 0.17) {
        const [ea, ep] = paragraph(1, 2);
        emit(`:::example\n${ea}\n:::`, `EXAMPLE – ${ep}`);
      } else if (r < 0.27) {
        const ordered = chance(0.5);
        const items = int(3, 6);
        const la = []; const lp = [];
        for (let k = 0; k < items; k++) {
          const [sa, sp] = sentence();
          la.push(`${ordered ? `${k + 1}.` : '-'} ${sa.replace(/\.$/, ';')}`);
          lp.push(`${ordered ? `${String.fromCharCode(97 + k)})` : '–'} ${sp.replace(/\.$/, ';')}`);
        }
        emit(la.join('\n'), lp.join('\n\n'));
      } else if (r < 0.305) {
        tableNo++;
        const id = `tbl-${tableNo}${annexLetter}`;
        const label = `Table ${annexLetter ? `${annexLetter}.` : ''}${tableNo}`;
        const cols = int(3, 5);
        const rows = int(4, 10);
        const title = `${cap(pick(VOCAB))} ${pick(VOCAB)} ${pick(VOCAB)}`;
        const head = Array.from({ length: cols }, () => cap(pick(VOCAB)));
        const lines = [`| ${head.join(' | ')} |`, `|${'---|'.repeat(cols)}`];
        for (let k = 0; k < rows; k++) lines.push(`| ${Array.from({ length: cols }, () => `${pick(VOCAB)} ${pick(VOCAB)}`).join(' | ')} |`);
        words += cols * (rows * 2 + 1) + 3;
        emit(`Table: ${title} {#${id}}\n\n${lines.join('\n')}`, `${label} – ${title}\n\n${lines.join('\n')}`);
        anchors.push({ id, label });
        const [ra, rp] = sentence();
        emit(`The values are listed in [](#${id}). ${ra}`, `The values are listed in ${label}. ${rp}`);
      } else if (r < 0.32) {
        figureNo++;
        const id = `fig-${figureNo}${annexLetter}`;
        const label = `Figure ${annexLetter ? `${annexLetter}.` : ''}${figureNo}`;
        const title = `${cap(pick(VOCAB))} ${pick(VOCAB)} model`;
        emit(`![${title}](../figures/figure.png)\n\nFigure: ${title} {#${id}}`, `![${title}](figures/figure.png)\n\n${label} – ${title}`);
        anchors.push({ id, label });
        words += 5;
      } else if (r < 0.335) {
        const name = `${cap(pick(TERM_WORDS))}Module${tableNo}`;
        const lines = [`${name} DEFINITIONS AUTOMATIC TAGS ::= BEGIN`];
        for (let k = 0; k < int(4, 10); k++) lines.push(`  ${pick(TERM_WORDS)}${k} ::= SEQUENCE { ${pick(TERM_WORDS)} INTEGER, ${pick(TERM_WORDS)} OCTET STRING OPTIONAL }`);
        lines.push('END');
        words += lines.length * 7;
        emit(`\`\`\`asn1\n${lines.join('\n')}\n\`\`\``);
      } else if (r < 0.34) {
        const [da, dp] = paragraph(1, 2);
        emit(`:::iso{reason="ISO/IEC Directives require this statement"}\n${da}\n:::`, '');
        void dp;
      }
    }
    void clauseLabel; void notes;
  };

  // ---- the clause tree ---------------------------------------------------------------------------
  const fm = [
    '---',
    'kind: common',
    'title: "Information technology – Benchmark systems – Generated common text of ' + pages + ' pages"',
    'itu:',
    '  number: "X.9' + String(pages).padStart(3, '0').slice(-3) + '"',
    '  approved: "2024-03-21"',
    '  studyGroup: 17',
    '  studyPeriod: "2022-2024"',
    '  ipr: received',
    '  prepublished: false',
    '  keywords: [benchmark, directory, generated]',
    '  history:',
    '    - { edition: "1.0", recommendation: "ITU-T X.9000", approved: "2017-09-06", studyGroup: "17", uniqueId: "11.1002/1000/99901" }',
    'iso:',
    '  designation: "ISO/IEC 29998-1"',
    '  year: 2024',
    '  edition: 2',
    '  committee: { sc: "6", title: "Telecommunications and information exchange between systems" }',
    '  patents: not-received',
    '  replaces: { designation: "ISO/IEC 29998-1:2018", revision: "technically revised" }',
    '  partsList: true',
    'references:',
    ...[...refs, ...biblio].map((r) => `  ${r.id.includes('.') ? `"${r.id}"` : r.id}:\n${r.yaml}`),
    '---',
  ].join('\n');

  const main = [fm, ''];
  const plainParts = [`% Information technology – Benchmark systems – ${pages} pages`, ''];
  const flushTo = (file) => {
    files[file] = `${out.a.join('\n\n')}\n`;
    plainParts.push(out.p.filter(Boolean).join('\n\n'), '');
    out.a.length = 0; out.p.length = 0;
  };

  // Summary and Introduction in the main file
  emit('# Summary {.summary}', '# Summary');
  bodyBlocks('Summary', 2);
  emit('# Introduction {.introduction}', '# Introduction');
  bodyBlocks('Introduction', 3);
  emit('# Scope {#scope}', '# 1 Scope');
  bodyBlocks('1', 3);
  anchors.push({ id: 'scope', label: 'clause 1' });
  emit('# Normative references {.normative-references}', `# 2 Normative references\n\n${refs.map((r) => `- ${r.cite}`).join('\n')}`);
  // Terms
  emit('# Definitions {#defs .terms}', '# 3 Definitions');
  anchors.push({ id: 'defs', label: 'clause 3' });
  emit('## Terms defined elsewhere', '## 3.1 Terms defined elsewhere');
  emit(`The following terms are defined in :ref[${refs[0].id}]:`, `The following terms are defined in ${refs[0].cite}:`);
  emit(['1. entity;', '2. identifier;', '3. trust.'].join('\n'), 'a) entity;\n\nb) identifier;\n\nc) trust.');
  emit('## Terms defined in :this {#terms-here}', `## 3.2 Terms defined in ${THIS}`);
  const nTerms = Math.max(10, Math.round(pages / 3));
  for (let i = 0; i < nTerms; i++) {
    const term = `${pick(TERM_WORDS)} ${pick(TERM_WORDS)} ${i + 1}`;
    const [da, dp] = sentence();
    emit(`**${term}**: ${da}`, `3.2.${i + 1} **${term}**: ${dp}`);
    if (i % 17 === 16) { const [na, np] = sentence(); emit(`:::note\n${na}\n:::`, `NOTE – ${np}`); }
  }
  emit('# Abbreviations', '# 4 Abbreviations');
  for (let i = 0; i < 20; i++) { const ab = `AB${String.fromCharCode(65 + i)}`; emit(`${ab}\t${cap(pick(VOCAB))} ${pick(VOCAB)}`); words += 3; }
  main.push(out.a.join('\n\n'), '');
  plainParts.push(out.p.filter(Boolean).join('\n\n'), '');
  out.a.length = 0; out.p.length = 0;

  // Body clauses until the word budget is spent (about 85 % body, 15 % annexes)
  let clause = 4;
  const clauseDepth = () => (chance(0.5) ? 2 : chance(0.7) ? 3 : 4);
  const clauseBody = (number, title, level, budgetEnd, idPrefix) => {
    const id = `${idPrefix}${number.replace(/\./g, '-')}`;
    const hashes = '#'.repeat(level);
    const anchored = level <= 3;
    emit(`${hashes} ${title}${anchored ? ` {#${id}}` : ''}`, `${hashes} ${number} ${title}`);
    if (anchored) anchors.push({ id, label: /^[A-Z]/.test(number) && level === 1 ? `Annex ${number}` : /^[A-Z]/.test(number) ? number : `clause ${number}` });
    bodyBlocks(number, int(1, 3));
    if (level < 4) {
      const kids = level === 1 ? int(3, 6) : chance(0.6) ? int(2, 4) : 0;
      for (let k = 1; k <= kids && words < budgetEnd; k++) clauseBody(`${number}.${k}`, `${cap(pick(TERM_WORDS))} ${pick(VOCAB)}`, Math.min(level + 1, clauseDepth() + level - 1 > level ? level + 1 : level + 1), budgetEnd, idPrefix);
    }
  };
  const bodyEnd = targetWords * 0.85;
  while (words < bodyEnd) {
    clause++;
    tableNo = tableNo; // tables are numbered through the document
    clauseBody(String(clause), `${cap(pick(TERM_WORDS))} ${pick(TERM_WORDS)}`, 1, bodyEnd, 'c');
    const file = `clauses/${String(clause).padStart(3, '0')}.md`;
    flushTo(file);
    main.push(`::include{file="${file}"}`, '');
  }
  // Annexes
  let annex = 0;
  while (words < targetWords || annex < 2) {
    const letter = String.fromCharCode(65 + annex++);
    annexLetter = letter;
    tableNo = 0; figureNo = 0;
    const kind = annex === 1 ? 'integral' : 'non-integral';
    const end = Math.min(targetWords, words + targetWords * 0.05);
    const title = `${cap(pick(TERM_WORDS))} ${pick(TERM_WORDS)} annex`;
    emit(`# ${title} {#annex-${letter.toLowerCase()} annex=${kind}}`, `# Annex ${letter} – ${title}\n\n(This annex ${kind === 'integral' ? 'forms' : 'does not form'} an integral part of ${THIS}.)`);
    anchors.push({ id: `annex-${letter.toLowerCase()}`, label: `Annex ${letter}` });
    bodyBlocks(letter, 2);
    let k = 0;
    while (words < end) { k++; clauseBody(`${letter}.${k}`, `${cap(pick(TERM_WORDS))} ${pick(VOCAB)}`, 2, end, 'a'); }
    const file = `clauses/annex-${letter.toLowerCase()}.md`;
    flushTo(file);
    main.push(`::include{file="${file}"}`, '');
    if (annex > 25) break;
  }
  main.push('# Bibliography {.bibliography}', '');
  plainParts.push('# Bibliography', '', biblio.map((b, i) => `[b-${i}] ${b.id}`).join('\n\n'), '');
  files['source.md'] = main.join('\n');
  return { files, plain: plainParts.join('\n'), stats: { pages, words, footnotes: footnote, anchors: anchors.length, files: Object.keys(files).length } };
}

function cap(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FIGURE = path.resolve(HERE, '../fixtures/example/figures/attestation-roles.png');

/** Writes the corpus of one size to dir (source.md + clauses/ + figures/ + plain.md); returns its stats. */
export function writeCorpus(dir, pages, seed) {
  const { files, plain, stats } = generate({ pages, seed });
  mkdirSync(path.join(dir, 'clauses'), { recursive: true });
  mkdirSync(path.join(dir, 'figures'), { recursive: true });
  for (const [rel, text] of Object.entries(files)) writeFileSync(path.join(dir, rel), text);
  writeFileSync(path.join(dir, 'plain.md'), plain);
  if (existsSync(FIGURE)) copyFileSync(FIGURE, path.join(dir, 'figures', 'figure.png'));
  return stats;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pages = Number(process.argv[2] ?? 50);
  const dir = process.argv[3] ?? path.join(HERE, 'out', String(pages));
  console.log(JSON.stringify(writeCorpus(dir, pages)));
}
