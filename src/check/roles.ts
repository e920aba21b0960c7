/**
 * Paragraph style → role, read from the data the DOCX writer uses (templates/<itu|iso>/docx.yaml,
 * `roles:` role → style name), inverted. Segmentation asks this map first, so a style renamed in a
 * user's template folder is recognised by `check` as the writer meant it; the text and style-name
 * heuristics of segment.ts remain only for DOCX files that commontext did not write.
 *
 * Both publications' maps are merged: an input is not known to be the ITU or the ISO file before it
 * is read, and a style that plays a role in either is that role in both (the bundled names agree).
 */
import { loadDocxProfile } from '../profile/docx.js';
import { Templates } from '../profile/index.js';
import type { UnitKind } from './segment.js';

/** What segmentation needs to know about one style, worked out once when the map is built. */
export interface StyleRole {
  /** Every role the style is used for (ITU "Note 1" is both `note` and `example`). */
  roles: ReadonlySet<string>;
  /** Clause heading level (heading1..6, annex-heading2..6). */
  heading?: number;
  /** An annex's first heading ("Annex A" and its title). */
  annex: boolean;
  /** A level-1 heading without number (the Bibliography). */
  unnumbered: boolean;
  /** The unit such a paragraph is, when the role says it (notes and examples: see `examples`). */
  unit?: UnitKind;
  /** The style is also used for examples (the text tells a note from an example then). */
  examples: boolean;
  toc: boolean;
  titleBlock: boolean;
  /** Starts the Introduction, and is used for nothing else in the front matter. */
  introduction: boolean;
  /** A title of some kind (not a cover line): named in the one-line summary of a masked part. */
  title: boolean;
}

/** Units that a role decides. unnumbered-heading: compared as a subheading (it has no number to align a clause by). */
const UNIT_OF_ROLE: Record<string, UnitKind> = {
  note: 'note',
  example: 'example',
  'table-caption': 'table title',
  'figure-caption': 'figure title',
  list1: 'list item',
  list2: 'list item',
  list3: 'list item',
  'ref-entry': 'list item',
  'annex-obligation': 'obligation',
  'unnumbered-heading': 'subheading',
  // a supplement's replacement text, set in (src/supplement/front.ts)
  'replacement-note': 'note',
  'replacement-example': 'example',
  'replacement-list1': 'list item',
  'replacement-list2': 'list item',
  'replacement-list3': 'list item',
};

const HEADING_ROLE = /^(?:annex-)?heading([1-6])$/;
/** Headings whose role names no level: a supplement's instruction headings ("1)⇥Clause 6", src/supplement/front.ts) are level 1 in both publications. */
const LEVEL_OF_ROLE: Record<string, number> = { 'instruction-heading': 1, 'instruction-wrapper': 1 };
// the same test the writer uses for the paragraphs that start a unit of its render cache
const TITLE_ROLE = /heading|title/;

export class StyleRoles {
  /** Keyed by the lower-cased style name: Word matches style names without regard to case. */
  private readonly byName: Map<string, StyleRole>;

  constructor(roleMaps: Record<string, string>[]) {
    const roles = new Map<string, Set<string>>();
    for (const map of roleMaps) {
      for (const [role, style] of Object.entries(map)) {
        const key = style.toLowerCase();
        if (!roles.has(key)) roles.set(key, new Set());
        roles.get(key)!.add(role);
      }
    }
    this.byName = new Map([...roles].map(([name, set]) => [name, describe(set)]));
  }

  /** The role of a paragraph style; undefined for a style the templates do not name. One Map lookup. */
  of(style: string): StyleRole | undefined {
    return style ? this.byName.get(style.toLowerCase()) : undefined;
  }
}

function describe(roles: Set<string>): StyleRole {
  let heading: number | undefined;
  let unit: UnitKind | undefined;
  for (const r of roles) {
    const h = HEADING_ROLE.exec(r);
    if (h) heading ??= Number(h[1]);
    else if (LEVEL_OF_ROLE[r]) heading ??= LEVEL_OF_ROLE[r];
    unit ??= UNIT_OF_ROLE[r];
  }
  const has = (r: string) => roles.has(r);
  return {
    roles,
    heading,
    annex: has('annex-heading'),
    unnumbered: has('bibliography-title'),
    unit: has('note') || has('replacement-note') ? 'note' : unit,
    examples: has('example') || has('replacement-example'),
    toc: [...roles].some((r) => /^toc\d$/.test(r)),
    // ITU's front-matter title block has the body's styles (title-block-front…): there the text tells which is which
    titleBlock: [...roles].some((r) => r.startsWith('title-block')) && ![...roles].some((r) => r.startsWith('title-block-front')),
    // ITU titles the Introduction like the Summary and Keywords (front-heading): there only the text tells
    introduction: has('introduction-title') && !has('front-heading'),
    title: [...roles].some((r) => TITLE_ROLE.test(r) && !r.startsWith('cover-')),
  };
}

/**
 * The style map of a template folder (the user's folder first, then the bundled one, as the writer
 * reads them); without a folder, the bundled templates alone. Read once per check.
 */
export function styleRoles(templatesDir?: string): StyleRoles {
  const templates = new Templates(templatesDir);
  return new StyleRoles([loadDocxProfile('itu', templates).roles, loadDocxProfile('iso', templates).roles]);
}
