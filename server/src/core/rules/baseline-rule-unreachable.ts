import { ruleLabel, rulePath, ruleSpan } from '../analysis/clusterMatch';
import { clusterNamespaceLabels, cnpSelects } from '../connectivity/tiers';
import type { Pod } from '../connectivity/cluster';
import type { Direction } from '../model/networkPolicy';
import type { ClusterPlacedReport, ClusterRule } from './clusterRule';

const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

/**
 * A Baseline tier rule of direction D whose policy's subject selects workspace pods, every one of
 * them isolated in D by a NetworkPolicy (the connectivity engine's fact): NetworkPolicy decides
 * before the Baseline tier, finally, so the rule never applies to them. No subject pod in the
 * workspace: nothing is known, nothing reported. Reported on each rule of that direction.
 */
export const baselineRuleUnreachable: ClusterRule = {
  scope: 'cluster',
  readsNetworkPolicies: true,
  meta: {
    code: 'baseline-rule-unreachable',
    defaultSeverity: 'warning',
    category: 'C',
    description:
      'A Baseline cluster policy rule that never applies: NetworkPolicies isolate every pod its subject selects in its direction, and NetworkPolicy decides before the Baseline tier.',
  },
  check({ tiers, pods, isolatedBy }) {
    const out: ClusterPlacedReport[] = [];
    const nsLabels = clusterNamespaceLabels(pods.namespaces);
    // one answer per pod and direction, however many Baseline policies select the pod
    const memo = new Map<Direction, Map<Pod, readonly string[]>>(DIRECTIONS.map((d) => [d, new Map()]));
    const isolating = (pod: Pod, d: Direction) => {
      const known = memo.get(d)!;
      let ids = known.get(pod);
      if (!ids) known.set(pod, (ids = isolatedBy(pod, d)));
      return ids;
    };
    for (const p of tiers) {
      if (p.tier !== 'Baseline' || !p.ref) continue;
      const subjects = pods.pods.filter((pod) => cnpSelects(p, pod, nsLabels));
      if (subjects.length === 0) continue;
      for (const d of DIRECTIONS) {
        const rules = d === 'Ingress' ? p.model.ingress : p.model.egress;
        if (rules.length === 0) continue;
        if (!subjects.every((pod) => isolating(pod, d).length > 0)) continue;
        const policies = [...new Set(subjects.flatMap((pod) => isolating(pod, d)))];
        const who = subjects.length === 1 ? `the one pod it selects, ${subjects[0].id},` : `all ${subjects.length} pods it selects (${subjects[0].id}, …)`;
        const np =
          policies.length === 1 ? `NetworkPolicy ${policies[0]}` : `NetworkPolicies (${policies.slice(0, 3).join(', ')}${policies.length > 3 ? ', …' : ''})`;
        for (const rule of rules) {
          out.push({
            ref: p.ref,
            report: {
              message: `Unreachable Baseline rule: ${who} ${subjects.length === 1 ? 'is' : 'are'} isolated for ${d.toLowerCase()} by ${np}, and NetworkPolicy decides before the Baseline tier, so ${ruleLabel(rule)} never applies; move it to the Admin tier if it is a guardrail, or remove it.`,
              path: rulePath(p.model, rule),
              span: ruleSpan(rule),
            },
          });
        }
      }
    }
    return out;
  },
};
