import { ruleCovers, ruleLabel, rulePath, ruleSpan } from '../analysis/clusterMatch';
import type { Report } from '../findings';
import type { ClusterRuleModel } from '../model/clusterPolicy';
import type { PolicyRule } from './types';

/**
 * A rule of a cluster policy that an earlier rule of the same policy and direction always decides
 * first: the earlier rule's peers and protocols match every connection this one matches (rules are
 * evaluated in written order, the first match decides).
 */
export const shadowedClusterRule: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'shadowed-cluster-rule',
    defaultSeverity: 'warning',
    category: 'B',
    description:
      'A cluster policy rule that never decides anything: an earlier rule of the same policy and direction matches all of its traffic (peers and protocols).',
  },
  check: () => [],
  checkClusterPolicy(p) {
    const out: Report[] = [];
    for (const rules of [p.ingress, p.egress]) {
      rules.forEach((rule, j) => {
        const earlier: ClusterRuleModel | undefined = rules.slice(0, j).find((r) => r.action && ruleCovers(r, rule));
        if (!earlier || !rule.action) return;
        const same = earlier.action!.value === rule.action.value;
        out.push({
          message: `Shadowed rule: ${ruleLabel(earlier)} matches every connection this rule matches and is evaluated first, so this ${rule.action.value} ${
            same ? `is redundant (the earlier rule is a ${earlier.action!.value} too)` : `never applies (the earlier rule's ${earlier.action!.value} decides)`
          }; remove it, or narrow the earlier rule or move this one above it.`,
          path: rulePath(p, rule),
          span: ruleSpan(rule),
        });
      });
    }
    return out;
  },
};
