import { addMapEntry } from '../edit/yamlEdits';
import { fixIf } from '../edit/fixes';
import { getEntry } from '../model/located';
import type { PolicyRule } from './types';

export const missingNamespace: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'missing-namespace',
    defaultSeverity: 'information',
    category: 'B',
    description: '`metadata.namespace` missing: the policy lands in whatever namespace the current context uses.',
  },
  check(p, ctx) {
    const meta = getEntry(p.root, 'metadata');
    // a namespace of the wrong type is wrong-type's business
    if (p.namespace || !meta || getEntry(p.metadata, 'namespace')) return [];
    return [
      {
        message: "No namespace: the policy lands in whatever namespace kubectl's current context uses, and protects the pods there.",
        path: `${p.pathPrefix}metadata.namespace`,
        span: meta.keySpan,
        fixes: p.metadata
          ? fixIf('Add "namespace: default" (change it to the namespace the policy protects)', [addMapEntry(ctx.source, p.metadata, 'namespace', 'default')])
          : undefined,
      },
    ];
  },
};
