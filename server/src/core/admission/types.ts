import type { Direction } from './cel';

/**
 * One linter rule in its admission form. The rule's finds, per direction, are a CEL variable:
 * a list (one per rule of spec.ingress or spec.egress) of lists of strings (one per offending
 * entry, naming it). The object is admitted when every list is empty, as the linter reports
 * nothing; the message names the first entry.
 */
export interface AdmissionCheck {
  /** The linter rule it enforces (its severity in the config decides Deny, Warn or left out), or the tenant limit. */
  code: string;
  /** The page the message links; default: the rule's docs page. */
  docs?: string;
  /** The short prefix of its variables (`nameLabelIngress`). */
  id: string;
  /** The field the static message names (`spec.ingress[*].from[*].namespaceSelector`). */
  field: string;
  /** The static message, after the field (the code and the docs link are added). */
  summary: string;
  /** Per direction, the CEL list of lists of descriptions; undefined: the rule never looks there. */
  finds(d: Direction): string | undefined;
  /** The message naming the entry: CEL string parts around `entry` (a CEL string) in direction d. */
  describe(d: Direction, entry: string): string;
}
