import { appendDocument, defaultDenyName, defaultDenyPolicy, freeName } from '../edit/appendDocument';
import type { Direction } from '../model/networkPolicy';
import type { NamespaceRule, PlacedFinding } from './types';
import { directionsText, isolates } from './workspaceHelpers';

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
    const taken = new Set(policies.flatMap((r) => (r.policy.name ? [r.policy.name.value] : [])));
    const out: PlacedFinding[] = [];
    for (const ref of workloads) {
      const w = ref.workload;
      const open: Direction[] = (['Ingress', 'Egress'] as const).filter((d) => !policies.some((p) => isolates(p.policy, w, d)));
      if (open.length === 0) continue;
      const name = freeName(defaultDenyName(open), taken);
      const effect = open.length === 2 ? 'accept traffic from anywhere and reach anywhere' : open[0] === 'Ingress' ? 'accept traffic from anywhere' : 'reach anywhere';
      out.push({
        ref,
        finding: {
          code: 'unprotected-workload',
          severity: 'information',
          message: `${w.kind} "${w.name}" in namespace "${ns}": no NetworkPolicy selects its pods for ${directionsText(open)}, so they ${effect}.`,
          span: w.nameSpan,
          fixes: [{ title: `Add a "${name}" policy for namespace ${ns}`, edits: [appendDocument(ref.edit, defaultDenyPolicy(name, ns, open))] }],
        },
      });
    }
    return out;
  },
};
