/** Public types of the check (JSON report schemaVersion 2; see README.md). */
import type { UnitKind } from './segment.js';
import type { Diagnostic } from '../util/diagnostics.js';

export interface DeclaredDifference {
  side: 'itu' | 'iso';
  reason: string;
  /** Clause or annex number where the text sits, e.g. '7.3' or 'Annex C'. */
  clause?: string;
  /** The paragraph texts (normalised) that only that side has. */
  texts: string[];
}

export interface CheckOptions {
  /** Compare typography exactly: switch off every normalisation (see NORMALISATIONS). */
  strictTypography?: boolean;
  /** Declared one-side differences; when absent, an alignment manifest beside an input file is used. */
  declared?: DeclaredDifference[];
  /** Where `declared` comes from, as the report names it: 'source' for check <source.md> (default 'options'). */
  declaredFrom?: 'options' | 'source';
  /** Path of an allow-rules YAML file (format in README.md). */
  allowRulesFile?: string;
  /** The alignment manifest to use instead of looking beside the inputs (--manifest FILE); a missing or unreadable one is a CheckError. */
  manifest?: string;
  /** The source both publications were built from in memory (check <source.md>), named in the reports. */
  source?: string;
  /** Names of the two publications, e.g. ['ITU', 'ISO'] (default: 'A'/'B' or the manifest's sides). */
  labels?: [string, string];
  /**
   * A template folder whose itu/docx.yaml and iso/docx.yaml name the styles (searched before the
   * bundled templates, as by the build). Default: the manifest's "templates", else the bundled ones.
   */
  templates?: string;
}

export type FindingKind =
  | 'changed'
  | 'missing'
  | 'extra'
  | 'moved'
  | 'clause-missing'
  | 'clause-extra'
  | 'clause-moved'
  | 'clause-renumbered'
  | 'heading-changed';

export interface DiffPart {
  op: 'equal' | 'removed' | 'added';
  text: string;
}

export interface Finding {
  id: number;
  kind: FindingKind;
  /** Where, in words: '7.4.1, paragraph 2', 'Table 3, row 4, column 2', 'NOTE 2 in 7.3', 'Annex B'. */
  location: string;
  /** Clause (or annex) label the finding sits in. */
  clause: string;
  unit?: { kind: UnitKind | 'heading' | 'clause' | 'table cell' | 'table row'; label: string };
  /** One sentence saying what differs. */
  message: string;
  /** Text on side A / side B (normalised, as compared), absent when that side has none. */
  a?: string;
  b?: string;
  /** Word-level differences from A to B, for 'changed' and 'heading-changed'. */
  diff?: DiffPart[];
}

export interface DeclaredEntry {
  location: string;
  clause: string;
  side: 'a' | 'b';
  reason: string;
  source: 'manifest' | 'options' | 'source' | 'allow-rules';
  /** The first text (kept from schemaVersion 1). */
  text: string;
  /** True when both publications have the place, each in its own words (:itu[…] / :iso[…] inline, or an allow rule on a changed unit). */
  both?: boolean;
  /** The declared text on side A / side B (paragraphs separated by "\n"); absent on the side that has none. */
  a?: string;
  b?: string;
}

/** Where the declared differences come from, or why the alignment manifest was not used: one plain line in every report. */
export interface ManifestStatus {
  status: 'used' | 'partly-used' | 'not-found' | 'not-used' | 'source' | 'options';
  /** The manifest read (or not used), when there was one. */
  file: string | null;
  /** One plain sentence: where the declared differences come from, or why there are none, and the fix. */
  note: string;
  /** The manifest's entries that could not be used, or lack a reason, each at its line and column. */
  problems: Diagnostic[];
}

/** Which document was checked, as found in the inputs (or the source): absent what is not found. */
export interface DocumentIdentity {
  /** 'ITU-T X.1999' and its date as printed ('03/2024'). */
  itu?: string;
  ituDate?: string;
  /** 'ISO/IEC 29999-1' and its year ('2024'). */
  iso?: string;
  isoYear?: string;
  title?: string;
  /** As printed, e.g. 'Second edition'. */
  edition?: string;
}

export interface MaskedEntry {
  area: 'front matter' | 'table of contents' | 'headers' | 'footers' | 'back matter' | 'comments and tracked changes' | 'instruction numbering';
  a: string;
  b: string;
}

export interface CheckResult {
  schemaVersion: 2;
  tool: 'commontext check';
  /** commontext's version (package.json). */
  toolVersion: string;
  /** When the check ran (UTC, ISO 8601). */
  checkedAt: string;
  document: DocumentIdentity;
  /** The source both publications were built from in memory (check <source.md>), else null. */
  source: string | null;
  /** Each publication's name: its file name (the one the build would write, for check <source.md>). */
  names: [string, string];
  manifest: ManifestStatus;
  identical: boolean;
  verdict: string;
  labels: [string, string];
  files: [string | undefined, string | undefined];
  normalisations: string[];
  strictTypography: boolean;
  masked: MaskedEntry[];
  declared: DeclaredEntry[];
  findings: Finding[];
  stats: { clauses: [number, number]; units: [number, number]; bodyStart: [string, string]; ms: number };
  warnings: string[];
}
