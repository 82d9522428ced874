/**
 * Every generated expression compiles against the declared types, as the API server compiles it
 * (test/admissionTypes.ts): a misspelled or misplaced field, or a validation that is not a bool, is
 * a type error here rather than a policy the API server flags (or that fails at its first request).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, type LintConfig } from '../../server/src/core/index';
import { admissionPolicies, everyAdmissionRule } from '../admissionPolicies';
import { typeCheck } from '../admissionTypes';

type Spec = Parameters<typeof typeCheck>[0];
type Obj = { kind: string; metadata: { name: string }; spec: Spec };

const CONFIGS: [string, LintConfig][] = [
  ['the defaults', defaultConfig()],
  ['every rule at warning, named tenants', everyAdmissionRule('warning', { tenantNamespaces: ['tenant-*', 'shop', 'team-?'] })],
  [
    'every rule at error, every tenant limit, the baseline',
    everyAdmissionRule('error', {
      admission: {
        namespaceSelector: { matchLabels: { tenant: 'true' } },
        allowedCidrs: ['10.0.0.0/8', 'fd00::/8'],
        namespaceSelectorsByName: true,
        noSystemNamespaces: true,
        platform: { label: 'netpol-lint.io/platform', groups: ['platform-admins'] },
      },
    }),
  ],
];

const policies = (config: LintConfig) => admissionPolicies<Obj>(config);

describe('admission: every expression type-checks against the declared NetworkPolicy type', () => {
  for (const [what, config] of CONFIGS) {
    it(what, () => {
      let expressions = 0;
      for (const p of policies(config)) {
        assert.deepEqual(typeCheck(p.spec), [], p.metadata.name);
        expressions +=
          (p.spec.matchConditions?.length ?? 0) +
          (p.spec.variables?.length ?? 0) +
          (p.spec.validations ?? []).reduce((n, v) => n + (v.messageExpression ? 2 : 1), 0);
      }
      assert.ok(expressions >= 5, `only ${expressions} expressions checked`);
    });
  }
});

describe('admission: the type check fails where the API server would', () => {
  const [deny] = policies(everyAdmissionRule('error'));
  const edited = (edit: (s: Spec) => void): Spec => {
    const s = structuredClone(deny.spec);
    edit(s);
    return s;
  };
  const fields = (s: Spec) => typeCheck(s).map((e) => e.field);

  it('a misspelled field (ipBlock.cdir)', () => {
    const i = deny.spec.variables!.findIndex((v) => v.expression.includes('p.ipBlock.cidr'));
    assert.ok(i >= 0);
    const s = edited((x) => {
      x.variables![i].expression = x.variables![i].expression.replaceAll('p.ipBlock.cidr', 'p.ipBlock.cdir');
    });
    assert.ok(fields(s).includes(`spec.variables[${i}].expression`), JSON.stringify(typeCheck(s)));
  });
  it('a misplaced field (from on an egress rule)', () => {
    const i = deny.spec.variables!.findIndex((v) => v.expression.startsWith('variables.egress.map(r, has(r.to)'));
    assert.ok(i >= 0);
    const s = edited((x) => {
      x.variables![i].expression = x.variables![i].expression.replaceAll('r.to', 'r.from');
    });
    assert.ok(fields(s).includes(`spec.variables[${i}].expression`), JSON.stringify(typeCheck(s)));
  });
  it('a validation that is not a bool, a messageExpression that is not a string', () => {
    const s = edited((x) => {
      x.validations![0].expression = 'size(variables.ingress)';
      x.validations![1].messageExpression = 'size(variables.egress)';
    });
    assert.deepEqual(fields(s), ['spec.validations[0].expression', 'spec.validations[1].messageExpression']);
  });
  it('a variable used before it is declared, or one that does not exist', () => {
    const s = edited((x) => {
      x.matchConditions![0].expression = `${x.matchConditions![0].expression} && size(variables.ingress) >= 0`;
      x.validations![0].expression = '!variables.nosuch';
    });
    assert.deepEqual(fields(s), ['spec.matchConditions[0].expression', 'spec.validations[0].expression']);
  });
});
