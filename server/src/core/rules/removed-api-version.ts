import { getEntry } from '../model/located';
import type { PolicyRule } from './types';

export const removedApiVersion: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'removed-api-version',
    fixAll: true,
    defaultSeverity: 'error',
    category: 'A',
    description: 'A NetworkPolicy with `apiVersion: extensions/v1beta1`, removed in Kubernetes 1.16.',
  },
  check(p) {
    if (p.apiVersion !== 'extensions/v1beta1') return [];
    const node = getEntry(p.root, 'apiVersion')!.value;
    return [
      {
        message: 'Removed API version: extensions/v1beta1 NetworkPolicies were removed in Kubernetes 1.16; use networking.k8s.io/v1.',
        path: `${p.pathPrefix}apiVersion`,
        span: node.span,
        fixes: [
          {
            title: 'Change to networking.k8s.io/v1',
            edits: [{ start: node.span.start, end: node.span.end, newText: 'networking.k8s.io/v1' }],
            preferred: true,
          },
        ],
      },
    ];
  },
};
