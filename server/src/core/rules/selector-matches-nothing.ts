import { selectorMatches } from '../analysis/selectors';
import type { SelectorModel } from '../model/networkPolicy';
import { allPeers } from './paths';
import type { NamespaceRule, PlacedReport } from './types';
import { isEvaluable, listNames } from './workspaceHelpers';

export const selectorMatchesNothing: NamespaceRule = {
  scope: 'namespace',
  meta: {
    code: 'selector-matches-nothing',
    defaultSeverity: 'information',
    category: 'C',
    description: 'A pod selector that matches none of the workloads the workspace declares in its namespace.',
  },
  check({ policies, workloads }, ctx) {
    if (workloads.length === 0) return [];
    const labels = workloads.map((w) => w.workload.labels);
    const matchesNone = (sel: SelectorModel | undefined) =>
      sel !== undefined && !sel.isEmpty && isEvaluable(sel) && !labels.some((l) => selectorMatches(sel, l));
    const names = listNames(workloads.map((w) => w.workload.name));
    const where = ctx.namespace ? `namespace "${ctx.namespace}"` : 'this namespace';
    const out: PlacedReport[] = [];
    for (const ref of policies) {
      const p = ref.policy;
      const sel = p.spec?.podSelector;
      if (matchesNone(sel)) {
        out.push({
          ref,
          report: {
            message: `Selects no pod: matches none of the ${workloads.length} workloads declared in ${where} (${names}), so this policy applies to no pod.`,
            path: `${p.pathPrefix}spec.podSelector`,
            span: sel!.entry.keySpan,
          },
        });
      }
      for (const { peer, path } of allPeers(p)) {
        if (peer.namespaceSelector || peer.ipBlock || !matchesNone(peer.podSelector)) continue;
        out.push({
          ref,
          report: {
            message: `Peer admits no pod: matches none of the ${workloads.length} workloads declared in ${where} (${names}).`,
            path: `${path}.podSelector`,
            span: peer.podSelector!.entry.keySpan,
          },
        });
      }
    }
    return out;
  },
};
