/** Public types of the check (JSON report schemaVersion 1; see README.md). */
import type { UnitKind } from './segment.js';

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
  text: string;
}

export interface MaskedEntry {
  area: 'front matter' | 'table of contents' | 'headers' | 'footers' | 'back matter' | 'comments and tracked changes';
  a: string;
  b: string;
}

export interface CheckResult {
  schemaVersion: 1;
  tool: 'commontext check';
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
