import { crdReports } from './crdIssues';
import type { PolicyRule } from './types';

/** A cluster policy's tier or action outside its CRD's enum. */
export const unsupportedValue: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'unsupported-value',
    defaultSeverity: 'error',
    category: 'A',
    fixAll: true,
    description: "A cluster policy's tier or action is not one its CRD allows (Admin or Baseline; Accept, Deny or Pass; v1alpha1: Allow, Deny, Pass).",
  },
  check: () => [],
  checkClusterPolicy(p, ctx) {
    const issues = ctx.crd.filter((i) => i.code === 'unsupported-value');
    return crdReports('unsupported-value', p, ctx).map((r, i) => {
      const to = issues[i].replacement;
      return to ? { ...r, fixes: [{ title: `Change it to ${to}`, edits: [{ start: r.span.start, end: r.span.end, newText: to }], preferred: true }] } : r;
    });
  },
};
