/**
 * `netpol-lint admission` writes objects that Kubernetes' own OpenAPI accepts: the validators of the
 * devDependency kubernetes-models are generated from the upstream OpenAPI definitions
 * (`io.k8s.api.admissionregistration.v1.*`: types, enumerations, required fields). The hand-written
 * schema of test/data/admission (used by admission.test.ts) adds what the OpenAPI leaves to the API
 * server (unknown fields, name formats); this file checks the objects against the upstream side.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admissionObjects, defaultConfig, type LintConfig } from '../../server/src/core/index';

type Validator = ((data: unknown) => boolean) & { errors?: unknown };

/** The upstream OpenAPI validator of a kind (the package is ESM only, hence the dynamic import). */
async function upstreamValidator(kind: string): Promise<Validator> {
  const names: Record<string, string> = {
    ValidatingAdmissionPolicy: 'IoK8sApiAdmissionregistrationV1ValidatingAdmissionPolicy',
    ValidatingAdmissionPolicyBinding: 'IoK8sApiAdmissionregistrationV1ValidatingAdmissionPolicyBinding',
  };
  assert.ok(names[kind], `no upstream schema for kind ${kind}`);
  const module = (await import(`kubernetes-models/_schemas/${names[kind]}`)) as { validate: Validator };
  return module.validate;
}

async function upstreamErrors(object: Record<string, unknown>): Promise<unknown> {
  const validate = await upstreamValidator(String(object.kind));
  return validate(object) ? null : validate.errors;
}

const configs: [string, LintConfig][] = [
  ['the defaults', defaultConfig()],
  ['named tenants', { ...defaultConfig(), tenantNamespaces: ['tenant-*', 'shop'] }],
  [
    'every admission: option',
    {
      ...defaultConfig(),
      admission: {
        namespaceSelector: { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] },
        allowedCidrs: ['10.0.0.0/8'],
        namespaceSelectorsByName: true,
        noSystemNamespaces: true,
        platform: { label: 'netpol-lint.io/platform', groups: ['platform-admins'] },
      },
    },
  ],
];

describe('admission: the objects pass the upstream admissionregistration.k8s.io/v1 OpenAPI', () => {
  for (const [what, config] of configs) {
    it(what, async () => {
      const objects = admissionObjects(config) as Record<string, unknown>[];
      assert.deepEqual([...new Set(objects.map((o) => o.kind))].sort(), ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
      for (const o of objects) assert.equal(await upstreamErrors(o), null, `${String(o.kind)} ${JSON.stringify(o.metadata)}`);
    });
  }

  it('the upstream check refuses a wrong enumeration value and a missing required field (so the check above can fail)', async () => {
    const [policy, binding] = admissionObjects(defaultConfig()) as Record<string, Record<string, unknown>>[];
    assert.notEqual(await upstreamErrors({ ...policy, spec: { ...policy.spec, failurePolicy: 'Open' } }), null);
    const validations = policy.spec.validations as Record<string, unknown>[];
    const misspelled = validations.map(({ expression, ...rest }) => ({ ...rest, expresion: expression }));
    assert.notEqual(await upstreamErrors({ ...policy, spec: { ...policy.spec, validations: misspelled } }), null);
    assert.notEqual(await upstreamErrors({ ...binding, spec: { ...binding.spec, validationActions: 'Deny' } }), null);
  });
});
