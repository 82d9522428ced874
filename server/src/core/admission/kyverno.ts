/**
 * The same policies as Kyverno `ValidatingPolicy` objects (policies.kyverno.io/v1, Kyverno 1.16
 * and later): a superset of ValidatingAdmissionPolicy with the action on the policy itself and
 * no binding. Each ValidatingAdmissionPolicy of admissionObjects becomes one ValidatingPolicy with
 * the same matchConstraints, matchConditions, variables and validations (the same CEL, text for
 * text) and its binding's validationActions. Pure: plain objects out.
 */
import type { LintConfig } from '../config';
import { admissionObjects } from './policy';

export const KYVERNO_API_VERSION = 'policies.kyverno.io/v1';

type Obj = { kind?: unknown; metadata?: { name?: unknown }; spec?: Record<string, unknown> } & Record<string, unknown>;

export function kyvernoObjects(config: LintConfig): Record<string, unknown>[] {
  const objects = admissionObjects(config) as Obj[];
  const actions = new Map<unknown, unknown>();
  for (const o of objects) if (o.kind === 'ValidatingAdmissionPolicyBinding') actions.set(o.spec?.policyName, o.spec?.validationActions);
  return objects
    .filter((o) => o.kind === 'ValidatingAdmissionPolicy')
    .map((o) => ({
      apiVersion: KYVERNO_API_VERSION,
      kind: 'ValidatingPolicy',
      metadata: o.metadata,
      spec: { validationActions: actions.get(o.metadata?.name), ...o.spec },
    }));
}
