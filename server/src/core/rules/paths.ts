/** Field paths for messages (`spec.egress[0].ports[1].port`) and iteration helpers. */
import type { NetworkPolicyModel, PortModel, RuleModel } from '../model/networkPolicy';

export function rulePath(p: NetworkPolicyModel, r: RuleModel): string {
  return `${p.pathPrefix}spec.${r.direction === 'Ingress' ? 'ingress' : 'egress'}[${r.index}]`;
}

export function portPath(p: NetworkPolicyModel, r: RuleModel, port: PortModel): string {
  return `${rulePath(p, r)}.ports[${port.index}]`;
}

export function* allRules(p: NetworkPolicyModel): Generator<RuleModel> {
  yield* p.spec?.ingress?.rules ?? [];
  yield* p.spec?.egress?.rules ?? [];
}

export function* allPorts(p: NetworkPolicyModel): Generator<{ rule: RuleModel; port: PortModel }> {
  for (const rule of allRules(p)) for (const port of rule.ports ?? []) yield { rule, port };
}
