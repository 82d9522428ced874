/** The rule registry: every rule, in report order. Codes are public API: never rename or reuse one. */
import { dnsTcpMissing } from './dns-tcp-missing';
import { emptyPort } from './empty-port';
import { unknownRule, yamlSyntax } from './engine-rules';
import { ignoredRules } from './ignored-rules';
import { implicitProtocol } from './implicit-protocol';
import { invalidProtocol } from './invalid-protocol';
import { missingDnsEgress } from './missing-dns-egress';
import { portOutOfRange } from './port-out-of-range';
import type { NamespaceRule, PolicyRule, Rule, RuleMeta } from './types';
import { unknownField } from './unknown-field';
import { wrongType } from './wrong-type';

export const RULES: readonly Rule[] = [
  yamlSyntax,
  wrongType,
  unknownField,
  invalidProtocol,
  portOutOfRange,
  missingDnsEgress,
  dnsTcpMissing,
  emptyPort,
  ignoredRules,
  implicitProtocol,
  unknownRule,
];

export const POLICY_RULES: readonly PolicyRule[] = RULES.filter((r): r is PolicyRule => r.scope === 'policy');
export const NAMESPACE_RULES: readonly NamespaceRule[] = RULES.filter((r): r is NamespaceRule => r.scope === 'namespace');
export const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((r) => r.meta.code));

export function ruleMeta(code: string): RuleMeta | undefined {
  return RULES.find((r) => r.meta.code === code)?.meta;
}
