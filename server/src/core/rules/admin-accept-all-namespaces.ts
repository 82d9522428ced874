import { peerFields } from '../analysis/clusterMatch';
import { subjectCoversAllNamespaces, subjectKnown, subjectSelectsNamespace } from '../analysis/clusterSubjects';
import type { ClusterPeerModel } from '../model/clusterPolicy';
import { isV1alpha1 } from '../model/clusterPolicy';
import type { ClusterPlacedReport, ClusterRule } from './clusterRule';

/** Does the ingress peer take traffic from every namespace: `namespaces: {}`, or `pods` whose namespaceSelector is absent or `{}`? */
function fromEveryNamespace(peer: ClusterPeerModel): boolean {
  if (peerFields(peer).length !== 1) return false;
  if (peer.namespaces) return peer.namespaces.isEmpty;
  return peer.pods !== undefined && (peer.pods.namespaceSelector === undefined || peer.pods.namespaceSelector.isEmpty);
}

/** At most three names, then how many more. */
function some(names: readonly string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/**
 * An Admin tier `Accept` ingress rule from every namespace (`namespaces: {}`, or `pods` with an
 * empty or absent namespaceSelector) whose policy's subject covers tenant namespaces: every
 * namespace, or a namespace of the workspace that the configuration's `tenantNamespaces` makes a
 * tenant's (never kube-system, kube-public, kube-node-lease). The Admin tier decides before any
 * NetworkPolicy, so the rule overrides every tenant's default deny.
 */
export const adminAcceptAllNamespaces: ClusterRule = {
  scope: 'cluster',
  meta: {
    code: 'admin-accept-all-namespaces',
    defaultSeverity: 'warning',
    category: 'C',
    description:
      "An Admin cluster policy that accepts ingress from every namespace into tenant namespaces: it is decided before any NetworkPolicy, so it overrides every tenant's default deny.",
  },
  check({ tiers, pods, isTenant }) {
    const out: ClusterPlacedReport[] = [];
    for (const p of tiers) {
      const s = p.model.subject;
      if (p.tier !== 'Admin' || !p.ref || !subjectKnown(s)) continue;
      const all = subjectCoversAllNamespaces(s);
      const tenants = [...pods.namespaces].filter(([ns, labels]) => isTenant(ns) && subjectSelectsNamespace(s, labels)).map(([ns]) => ns);
      if (!all && tenants.length === 0) continue;
      const namespaces = all ? 'every namespace' : `the tenant namespace${tenants.length > 1 ? 's' : ''} ${some(tenants.sort())}`;
      const into = s.pods?.podSelector && !s.pods.podSelector.isEmpty ? `the pods it selects in ${namespaces}` : namespaces;
      const accept = isV1alpha1(p.model) ? 'Allow' : 'Accept';
      for (const rule of p.model.ingress) {
        if (rule.action?.value !== 'Accept') continue;
        for (const peer of rule.peers) {
          if (!fromEveryNamespace(peer)) continue;
          const who =
            peer.namespaces || peer.pods?.podSelector?.isEmpty !== false
              ? 'every pod of every namespace'
              : 'pods of every namespace that carry these labels (any tenant can set them)';
          out.push({
            ref: p.ref,
            report: {
              message: `Admin ${accept} from every namespace: this rule accepts ${who} into ${into}${
                rule.protocols ? ' on these ports' : ''
              }, and the Admin tier decides before any NetworkPolicy, so it overrides every tenant's default deny; name the namespaces that need it, or use Pass to let the tenants' NetworkPolicies decide.`,
              path: `${p.model.pathPrefix}spec.ingress[${rule.index}].from[${peer.index}]`,
              span: peer.node.span,
            },
          });
        }
      }
    }
    return out;
  },
};
