export { check, CheckError } from './check.js';
export { styleRoles, StyleRoles, type StyleRole } from './roles.js';
export { segment, headingOf, type Segmented, type Clause, type Unit, type UnitKind, type SegmentOptions } from './segment.js';
export { formatTerminal, formatJson, formatHtml } from './report.js';
export { loadAlignmentManifest, findAlignmentManifest, loadAllowRules, type AlignmentManifest, type AllowRule } from './declared.js';
export { normalise, NORMALISATIONS } from './normalize.js';
export { runCheckCommand, type BuiltInputs } from './cli.js';
export type * from './types.js';
