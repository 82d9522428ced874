import type { Direction } from '../model/networkPolicy';
import type { NamespaceRule, PlacedReport } from './types';
import { defaultDenyFix, directionsText, isolates, policyNames } from './workspaceHelpers';

export const unprotectedWorkload: NamespaceRule = {
  scope: 'namespace',
  meta: {
    code: 'unprotected-workload',
    defaultSeverity: 'information',
    category: 'C',
    description: 'A workload in a tenant namespace whose pods no NetworkPolicy selects for ingress or egress.',
  },
  check({ policies, workloads }, ctx) {
    const ns = ctx.namespace;
    // a workspace without any NetworkPolicy is not ours to judge
    if (ns === undefined || !ctx.tenant || !ctx.workspaceHasPolicies) return [];
    let taken: Set<string> | undefined; // only when a finding needs them
    const out: PlacedReport[] = [];
    for (const ref of workloads) {
      const w = ref.workload;
      const open: Direction[] = (['Ingress', 'Egress'] as const).filter((d) => !policies.some((p) => isolates(p.policy, w, d)));
      if (open.length === 0) continue;
      const effect =
        open.length === 2 ? 'accept traffic from anywhere and reach anywhere' : open[0] === 'Ingress' ? 'accept traffic from anywhere' : 'reach anywhere';
      out.push({
        ref,
        report: {
          message: `Unprotected workload: no NetworkPolicy selects the pods of ${w.kind} "${w.name}" in namespace "${ns}" for ${directionsText(open)}, so they ${effect}.`,
          span: w.nameSpan,
          fixes: [defaultDenyFix(ref.source, ns, open, (taken ??= policyNames(policies)))],
        },
      });
    }
    return out;
  },
};
