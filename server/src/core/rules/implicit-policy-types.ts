import { addMapEntry } from '../edit/yamlEdits';
import { fixIf } from '../edit/fixes';
import { effectivePolicyTypes } from '../model/networkPolicy';
import type { PolicyRule } from './types';

export const implicitPolicyTypes: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'implicit-policy-types',
    fixAll: true,
    defaultSeverity: 'information',
    category: 'B',
    description: '`policyTypes` omitted: the server infers [Ingress] plus Egress only if egress rules exist.',
  },
  check(p, ctx) {
    const spec = p.spec;
    if (!spec || spec.policyTypes) return [];
    const inferred = [...effectivePolicyTypes(p)];
    return [
      {
        message: `No policyTypes: the API server infers [${inferred.join(', ')}]${inferred.includes('Egress') ? '' : ', so egress stays open'}. Say it explicitly.`,
        path: `${p.pathPrefix}spec.policyTypes`,
        span: spec.entry.keySpan,
        fixes: spec.map ? fixIf(`Add policyTypes: [${inferred.join(', ')}]`, [addMapEntry(ctx.source, spec.map, 'policyTypes', inferred)], true) : undefined,
      },
    ];
  },
};
