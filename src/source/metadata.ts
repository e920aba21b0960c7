/** The front matter of a source, validated and typed (spec §1). */
export interface HistoryRow {
  edition: string;
  recommendation: string;
  approved: string;
  studyGroup: string;
  uniqueId: string;
}

export interface ItuMeta {
  /** Series letter + number: "X.500", "H.264.1", "X.227bis". */
  number: string;
  /** ISO date of approval, "2016-10-14"; identifiers show it as (10/2016). */
  approved: string;
  studyGroup: string;
  studyPeriod?: string;
  subseries?: string;
  ipr: 'received' | 'not-received';
  prepublished: boolean;
  keywords: string[];
  history: HistoryRow[];
  /** Year in "© ITU YYYY"; defaults to the approval year. */
  copyrightYear?: number;
  /** The line a prepublished version prints after its copyright page, "Revised ITU-T T.88 | ISO/IEC 14492 (2nd edition)", above the title. */
  revision?: string;
  /** The electronic attachments listed under that title ("Reference source code implementation", …), numbered 1., 2. … */
  attachments?: string[];
  /** Front matter `titleBlock: false`: the ITU publication prints no title block ("INTERNATIONAL STANDARD …" lines), neither above the Summary nor before clause 1, as some published Recommendations (T.832) do. */
  withoutTitleBlock?: boolean;
}

export interface IsoMeta {
  designation: string;
  year: number;
  edition: number;
  /** Publication date on the ISO cover, "2017-05"; defaults to the ISO year alone. */
  published?: string;
  committee: { sc: string; title: string };
  patents: 'received' | 'not-received';
  replaces?: { designation: string; revision: string };
  changes: string[];
  partsList: boolean;
  titleFr?: string;
  /** Cover title with em dashes and "Part n:"; derived from the common title when absent. */
  coverTitle?: string;
  /** ICS number(s) for the back page ("35.100.70; 35.200"). */
  ics?: string;
}

export interface ReferenceEntry {
  id: string;
  relation: 'identical' | 'paired';
  itu?: { number: string; year?: number; title?: string };
  iso?: { designation: string; year?: number; title?: string };
  label?: string;
  title?: string;
  normative: boolean;
}

/** Choices among the versioned fixed texts (the [U] items of the domain reference). */
export interface WordingChoices {
  /** ITU IPR notice: "2008" (protected by patents, TSB patent database) or "2024" (patents/software copyrights). */
  iprNotice: string;
  /** ISO Foreword fixed text: "jtc1-2021" (ISO and IEC) or "iso-2023" (ISO only). */
  isoForeword: string;
  /** ITU Keywords line: "comma" ("a, b, c.") or "semicolon" ("a; b; c", no full stop). */
  keywords: string;
  /** ITU cover's first line: "title-case" ("International Telecommunication Union") or "capitals" (prepublished versions of 2018). */
  union: string;
  /** ITU contents heading: "capitals" ("CONTENTS") or "title-case" ("Table of Contents", H.222.0 (08/2018)). */
  contents: string;
  /** ITU front title block: "title-case" ("Recommendation ITU-T X.500", the title) or "capitals" (T.88 (08/2018)). */
  titleBlock: string;
}

export interface Metadata {
  kind: 'common' | 'twin';
  title: string;
  templates?: string;
  /** Warning codes not reported for this source (front matter `lint: { quiet: [...] }`). */
  quietWarnings?: string[];
  wording: WordingChoices;
  /** Where the front matter writes `wording:` (its errors are reported there), when it does. */
  wordingAt?: { file: string; line: number; column: number };
  itu: ItuMeta;
  iso: IsoMeta;
  references: Map<string, ReferenceEntry>;
  /** Set in the source of a corrigendum or amendment (src/supplement). */
  supplement?: SupplementMeta;
  /** Set in the source of an implementers' guide (src/guide). */
  guide?: GuideMeta;
}

export interface GuideMeta {
  /** ITU approval date of the guide (YYYY-MM-DD). */
  approved: string;
}

export interface SupplementMeta {
  type: 'corrigendum' | 'amendment';
  number: number;
  /** ITU approval date of the supplement; defaults to the base text's. */
  approved?: string;
  /** ISO publication year of the supplement; defaults to the ITU approval year. */
  isoYear?: number;
  /** The supplement's own title, printed after its label ("Amendment 1: New Annex B: …"). */
  title?: string;
  /** Its edition in the ITU History table ("2.1"); defaults to the one after the table's last row. */
  edition?: string;
  /** Its unique ID in the History table, once TSB has assigned it; empty until then. */
  uniqueId?: string;
}
