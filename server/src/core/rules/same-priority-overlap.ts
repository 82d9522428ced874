import { subjectsCanOverlap } from '../analysis/clusterSubjects';
import { clusterNamespaceLabels, cnpSelects } from '../connectivity/tiers';
import type { TierPolicy } from '../connectivity/tierTypes';
import type { ClusterPlacedReport, ClusterRule } from './clusterRule';
import type { ClusterPolicyRef } from './types';

/** Do both policies have rules of one direction (only then can their order decide anything)? */
function shareDirection(a: TierPolicy, b: TierPolicy): boolean {
  return (a.model.ingress.length > 0 && b.model.ingress.length > 0) || (a.model.egress.length > 0 && b.model.egress.length > 0);
}

/**
 * Two cluster policies of one tier with one `spec.priority` whose subjects can select the same pod
 * (decided from the selectors; a workspace pod both select is named) and which both have rules of
 * one direction: upstream, "the implementation can apply any of the matching policies". Reported on
 * each policy's priority, naming the other. A BaselineAdminNetworkPolicy has no priority: never.
 */
export const samePriorityOverlap: ClusterRule = {
  scope: 'cluster',
  meta: {
    code: 'same-priority-overlap',
    defaultSeverity: 'warning',
    category: 'C',
    description:
      'Two cluster policies of the same tier and priority whose subjects can select the same pod: the order between them is undefined, so which one decides a connection both match depends on the network plugin.',
  },
  check({ tiers, pods }) {
    const out: ClusterPlacedReport[] = [];
    const nsLabels = clusterNamespaceLabels(pods.namespaces);
    const placed = tiers.filter((p): p is TierPolicy & { ref: ClusterPolicyRef } => p.ref !== undefined && p.model.priority !== undefined);
    placed.forEach((a, i) => {
      for (const b of placed.slice(i + 1)) {
        if (a.tier !== b.tier || a.priority !== b.priority) continue;
        // one object written twice (a later apply replaces the earlier): no order between two policies
        if (a.model.kind === b.model.kind && a.name === b.name) continue;
        if (!shareDirection(a, b) || !a.model.subject || !b.model.subject || !subjectsCanOverlap(a.model.subject, b.model.subject)) continue;
        const both = pods.pods.find((pod) => cnpSelects(a, pod, nsLabels) && cnpSelects(b, pod, nsLabels));
        const report = (self: typeof a, other: typeof a): ClusterPlacedReport => ({
          ref: self.ref,
          report: {
            message: `Same priority in one tier: ${other.model.kind} "${other.name}" is ${other.tier} priority ${other.priority} too and its subject can select the same pods${
              both ? ` (${both.id} is selected by both)` : ''
            }; the order between the two is undefined, so which one decides a connection both match depends on the network plugin: give one of them another priority.`,
            path: `${self.model.pathPrefix}spec.priority`,
            span: self.model.priority!.node.span,
          },
        });
        out.push(report(a, b), report(b, a));
      }
    });
    return out;
  },
};
