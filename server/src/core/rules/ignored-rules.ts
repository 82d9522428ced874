import { appendSeqItems } from '../edit/yamlEdits';
import type { Report } from '../findings';
import type { Direction } from '../model/networkPolicy';
import type { PolicyRule } from './types';

export const ignoredRules: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'ignored-rules',
    defaultSeverity: 'warning',
    category: 'B',
    description: 'Ingress or egress rules whose direction is missing from `policyTypes`: stored, never enforced.',
  },
  check(policy, ctx) {
    const spec = policy.spec;
    const types = spec?.policyTypes;
    if (!spec || !types?.seq) return [];
    const listed = new Set(types.items.map((i) => i.value));
    const out: Report[] = [];
    for (const [direction, list] of [
      ['Ingress', spec.ingress],
      ['Egress', spec.egress],
    ] as [Direction, typeof spec.ingress][]) {
      if (!list || list.rules.length === 0 || listed.has(direction)) continue;
      const n = list.rules.length;
      out.push({
        message: `Ignored ${list.entry.key} rules: ${n} rule${n === 1 ? '' : 's'} here, but policyTypes does not list ${direction}, so the API server keeps them and no CNI enforces them.`,
        path: `${policy.pathPrefix}spec.${list.entry.key}`,
        span: list.entry.keySpan,
        fixes: [{ title: `Add "${direction}" to spec.policyTypes`, edits: [appendSeqItems(ctx.source, types.seq, [direction])], preferred: true }],
      });
    }
    return out;
  },
};
