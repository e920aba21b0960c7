/**
 * Running text → Markdown phrasing: "this Recommendation | International Standard" becomes :this,
 * a citation written as the build writes :ref[id] becomes :ref[id], and a cross-reference written
 * as the build writes [](#id) ("clause 6.2", "Table 3", "Figure 2", "Annex A", "A.3") becomes that
 * link. Only exact renderings are replaced, so the rebuilt text is the same words; anything else
 * stays literal text.
 */
import type { Html, Link, PhrasingContent, Text } from 'mdast';

/** A rendered label ("clause 6.2", "Annex A", "Table 3") → the anchor a link to it uses. */
export interface Targets {
  byLabel: Map<string, string>;
  /** Anchors some text links to: only these get {#id} in the source. */
  used: Set<string>;
}

/** A citation as rendered ("Rec. ITU-T X.501 | ISO/IEC 9594-2", dated or not) → its :ref directive. */
export type Citations = Map<string, string>;

// the dashes and spaces Word files use interchangeably with the plain ones
const flexible = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, '[-\u2011]').replace(/ /g, '[ \u00A0]+');

const THIS = 'this[ \u00A0]+Recommendation[ \u00A0]+\\|[ \u00A0]+International[ \u00A0]+Standard';
const XREF = '\\b(?:clause[ \u00A0]+\\d+(?:\\.\\d+)*|(?:Table|Figure)[ \u00A0]+(?:[A-Z]\\.)?\\d+(?:[-–]\\d+)?[a-z]?|Annex[ \u00A0]+[A-Z]\\b|[A-Z]\\.\\d+(?:\\.\\d+)*)(?![\\w.\\-\u2011–]*\\d)';

export class InlineConverter {
  private readonly pattern: RegExp;
  /** Every link made, with the words it replaced: a link whose target got no anchor goes back to them. */
  private readonly links: { node: Link; words: string }[] = [];

  constructor(private readonly targets: Targets, private readonly citations: Citations) {
    // longest citations first: the dated form before the undated one it starts with
    const cites = [...citations.keys()].sort((a, b) => b.length - a.length).map(flexible);
    this.pattern = new RegExp(`(${THIS})|(${cites.length ? cites.join('|') : '(?!)'})|(${XREF})`, 'gi');
  }

  convert(text: string): PhrasingContent[] {
    const out: PhrasingContent[] = [];
    let last = 0;
    for (const m of text.matchAll(this.pattern)) {
      let node = this.replacement(m);
      if (!node) continue;
      // ":this:" would read as one directive with a ":" in it: an empty label ends the name
      if (node.type === 'html' && /^[:\w\[{]/.test(text.charAt(m.index + m[0].length)) && !node.value.endsWith('}')) node = raw(`${node.value}${node.value.includes('[') ? '' : '[]'}`);
      if (m.index > last) out.push(textNode(text.slice(last, m.index)));
      out.push(node);
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push(textNode(text.slice(last)));
    return out;
  }

  /** Links to an anchor that was not written (its target is kept as plain text) become their words again. */
  unlink(placed: ReadonlySet<string>): void {
    for (const { node, words } of this.links) {
      if (placed.has(node.url.slice(1))) continue;
      Object.assign(node, { type: 'text', value: words, url: undefined, children: undefined });
    }
  }

  private replacement(m: RegExpMatchArray): PhrasingContent | undefined {
    const [all, self, cite, xref] = m;
    if (self) return /^this/.test(all) ? raw(':this') : /^This/.test(all) ? raw(':This') : undefined;
    if (cite) {
      const key = all.replace(/\u2011/g, '-').replace(/[ \u00A0]+/g, ' ');
      const directive = this.citations.get(key);
      return directive ? raw(directive) : undefined;
    }
    if (xref) {
      const label = all.replace(/\u00A0/g, ' ');
      const id = this.targets.byLabel.get(label);
      if (!id) return undefined;
      this.targets.used.add(id);
      const node: Link = { type: 'link', url: `#${id}`, children: [] };
      this.links.push({ node, words: all });
      return node;
    }
    return undefined;
  }
}

function textNode(value: string): Text {
  return { type: 'text', value };
}

/** Source text written as is (a directive the parser reads back): never escaped by the Markdown writer. */
export function raw(value: string): Html {
  return { type: 'html', value };
}
