/** What the analysis produces (data types only): findings with their code, severity, message, range and fixes. */
import type { DnsProfile } from './config';
import type { EditStyle } from './edit/style';
import type { Severity } from './severity';
import type { Span } from './text/span';

export type { Severity } from './severity';

/** Replace [start, end) with newText. Offsets are those of the text the finding belongs to. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A quick fix, fully computed: the edge only converts offsets to positions. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor may apply on its own ("preferred" quick fix). */
  preferred?: boolean;
  /** What the edits are written from, when they are long (see edit/recipes.ts). */
  recipe?: FixRecipe;
}

/**
 * What a rule reports: offsets relative to its document's text. Its code and severity are not
 * part of it: the registry (rules/index.ts) stamps them from the rule's meta.
 */
export interface Report {
  /**
   * The problem first, starting with a short capitalised statement of it ("No DNS egress: …"),
   * never with a field path: the path goes in `path`.
   */
  message: string;
  /** The field path the report is about (`spec.egress[0].ports[1].port`): stamped after the message, in parentheses. */
  path?: string;
  span: Span;
  fixes?: Fix[];
  /** This report has the meta's `escalatedSeverity` instead of its default (implicit-protocol on port 53 only). */
  escalated?: true;
}

/** A report stamped with its rule's code and severity: offsets relative to its document's text. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes?: Fix[];
}

/** A finding placed in its file: offsets in the whole text, and the document's 0-based index. */
export interface FileFinding extends Finding {
  document: number;
}

/** The DNS egress rule, as block lines in `column` replacing [start, end): a list item, or a new `egress:` key. */
export interface DnsRuleRecipe {
  kind: 'dns-egress-rule';
  start: number;
  end: number;
  column: number;
  /** Write `egress:` with the rule as its only item (the policy had no `egress` key). */
  withKey: boolean;
  style: EditStyle;
  dns: DnsProfile;
}

/** A whole DNS egress policy, as a new document at `start`. */
export interface DnsPolicyRecipe {
  kind: 'dns-egress-policy';
  start: number;
  lead: string;
  name: string;
  namespace?: string;
  podSelector: unknown;
  style: EditStyle;
  dns: DnsProfile;
}

export type FixRecipe = DnsRuleRecipe | DnsPolicyRecipe;
