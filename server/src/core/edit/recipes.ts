/**
 * Fix recipes: a fix described by the few values its text is written from, for fixes that write
 * whole YAML blocks. Editors get the recipe in a diagnostic's `data` instead of the text, which keeps
 * a publish of thousands of findings small (the text of the two DNS fixes on every missing-dns-egress
 * finding would be most of it), and the code action handler writes the edits from it with
 * `recipeEdits`: a pure function of the recipe, no analysis involved. Everywhere else a recipe fix
 * is an ordinary fix whose edits are written when first read.
 */
import type { DnsProfile } from '../config';
import type { FixRecipe, TextEdit } from '../findings';
import { documentText } from './appendDocument';
import { dnsEgressPolicy, dnsEgressRule } from './dnsYaml';
import { emitBlock, indentedLines } from './emit';
import type { EditStyle } from './style';

export type { DnsPolicyRecipe, DnsRuleRecipe, FixRecipe } from '../findings';

/** The title of the DNS rule fix (also when it is written as edits, not as a recipe). */
export const DNS_RULE_TITLE = 'Add a DNS egress rule (UDP and TCP) to this policy';

/** A recipe fix's title, written from the recipe (so that `data` need not carry it). */
export function recipeTitle(r: FixRecipe): string {
  switch (r.kind) {
    case 'dns-egress-rule':
      return DNS_RULE_TITLE;
    case 'dns-egress-policy':
      return `Add a separate "${r.name}" policy${r.namespace ? ` for namespace ${r.namespace}` : ''} (UDP and TCP DNS)`;
    default:
      throw new Error(`no fix recipe "${(r as { kind: unknown }).kind}"`);
  }
}

export function recipeEdits(r: FixRecipe): TextEdit[] {
  switch (r.kind) {
    case 'dns-egress-rule': {
      const rule = [dnsEgressRule(r.dns)];
      return [{ start: r.start, end: r.end, newText: indentedLines(emitBlock(r.withKey ? { egress: rule } : rule, r.style), r.column, r.style.eol) }];
    }
    case 'dns-egress-policy':
      return [{ start: r.start, end: r.start, newText: documentText(r.lead, dnsEgressPolicy(r.name, r.namespace, r.podSelector, r.dns), r.style) }];
    default:
      throw new Error(`no fix recipe "${(r as { kind: unknown }).kind}"`);
  }
}

/** The recipe with its offsets moved by `by` (from its document's to its file's coordinates). */
export function shiftRecipe(r: FixRecipe, by: number): FixRecipe {
  return r.kind === 'dns-egress-rule' ? { ...r, start: r.start + by, end: r.end + by } : { ...r, start: r.start + by };
}

/** Is this a recipe `recipeEdits` can write? */
export function isFixRecipe(r: unknown): r is FixRecipe {
  if (typeof r !== 'object' || r === null) return false;
  const x = r as { [k: string]: unknown; style?: Partial<EditStyle> | null; dns?: Partial<DnsProfile> | null };
  const style = typeof x.style === 'object' && x.style !== null && typeof x.style.indent === 'number' && typeof x.style.eol === 'string';
  const d = x.dns;
  const dns =
    typeof d === 'object' &&
    d !== null &&
    typeof d.namespace === 'string' &&
    Array.isArray(d.ports) &&
    Array.isArray(d.nodeLocalIPs) &&
    typeof d.podLabels === 'object';
  if (!style || !dns || typeof x.start !== 'number') return false;
  if (x.kind === 'dns-egress-rule') return typeof x.end === 'number' && typeof x.column === 'number' && typeof x.withKey === 'boolean';
  return x.kind === 'dns-egress-policy' && typeof x.lead === 'string' && typeof x.name === 'string';
}
