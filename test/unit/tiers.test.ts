/**
 * The tier pipeline (ClusterNetworkPolicy Admin -> NetworkPolicy -> Baseline -> allow, per
 * direction) on the tenants model of test/tiersModel.ts: one scenario per semantic point of the
 * network-policy-api text, each with its full expected matrix written by hand (rows = from,
 * columns = to, in the order tenant-a/web tenant-a/db tenant-b/web monitoring/prom kube-system/dns;
 * X = allowed). `truthTable` also checks that the per-port verdict and the one-pair connection
 * set agree with the matrix.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cnp, docs, engineFor, np, truthTable } from '../tiersModel';

const OPEN = Array(5).fill('XXXXX');
const tenantA = 'subject: {namespaces: {matchLabels: {tenant: a}}}';
const tenantB = 'subject: {namespaces: {matchLabels: {tenant: b}}}';
const denyIngress = (ns: string) => np('deny', ns, ['podSelector: {}', 'policyTypes: [Ingress]']);

describe('tiers: Admin, NetworkPolicy, Baseline', () => {
  it('an Admin Deny overrides a NetworkPolicy that allows everything', () => {
    const e = engineFor(
      docs(
        np('allow-all', 'tenant-a', ['podSelector: {}', 'ingress: [{}]']),
        cnp('guardrails', 'Admin', 10, [tenantA, 'ingress:', '  - name: deny-b', '    action: Deny', '    from: [{namespaces: {matchLabels: {tenant: b}}}]']),
      ),
    );
    assert.deepEqual(truthTable(e, 8080), ['XXXXX', 'XXXXX', '..XXX', 'XXXXX', 'XXXXX']);
  });

  it("an Admin Accept lets traffic through a tenant's default deny (final: the NetworkPolicy is not asked)", () => {
    const e = engineFor(
      docs(
        denyIngress('tenant-a'),
        cnp('monitoring', 'Admin', 10, [tenantA, 'ingress:', '  - action: Accept', '    from: [{namespaces: {matchLabels: {role: monitoring}}}]']),
      ),
    );
    assert.deepEqual(truthTable(e, 8080), ['X.XXX', '.XXXX', '..XXX', 'XXXXX', '..XXX']);
  });

  it("an egress Accept at the source does not skip the destination's ingress", () => {
    const e = engineFor(
      docs(
        denyIngress('tenant-b'),
        cnp('a-to-b', 'Admin', 10, [tenantA, 'egress:', '  - action: Accept', '    to: [{namespaces: {matchLabels: {tenant: b}}}]']),
      ),
    );
    assert.deepEqual(truthTable(e, 8080), ['XX.XX', 'XX.XX', 'XXXXX', 'XX.XX', 'XX.XX']);
  });

  const passThenDeny = [
    cnp('delegate', 'Admin', 10, [tenantA, 'ingress:', '  - action: Pass', '    from: [{namespaces: {matchLabels: {role: monitoring}}}]']),
    cnp('block-monitoring', 'Admin', 20, [tenantA, 'ingress:', '  - action: Deny', '    from: [{namespaces: {matchLabels: {role: monitoring}}}]']),
    np('web-from-monitoring', 'tenant-a', [
      'podSelector: {matchLabels: {app: web}}',
      'ingress:',
      '  - from: [{namespaceSelector: {matchLabels: {role: monitoring}}}]',
    ]),
    cnp('default-deny', 'Baseline', 0, [tenantA, 'ingress:', '  - action: Deny', '    from: [{namespaces: {}}]']),
  ];

  it('Pass skips the rest of the Admin tier: the NetworkPolicy decides where one isolates, else the Baseline', () => {
    // prom -> a/web: passed, a/web is isolated and allowed; prom -> a/db: passed, no NetworkPolicy, Baseline Deny
    assert.deepEqual(truthTable(engineFor(docs(...passThenDeny)), 8080), ['X.XXX', '.XXXX', '..XXX', 'X.XXX', '..XXX']);
  });

  it('without the Pass, the later Admin Deny decides', () => {
    assert.deepEqual(truthTable(engineFor(docs(...passThenDeny.slice(1))), 8080), ['X.XXX', '.XXXX', '..XXX', '..XXX', '..XXX']);
  });

  it('Admin policies decide by ascending priority, not workspace order', () => {
    const e = engineFor(
      docs(
        denyIngress('tenant-b'),
        cnp('accept-a', 'Admin', 20, [tenantB, 'ingress:', '  - action: Accept', '    from: [{namespaces: {matchLabels: {tenant: a}}}]']),
        cnp('deny-a-db', 'Admin', 10, [
          tenantB,
          'ingress:',
          '  - action: Deny',
          '    from: [{pods: {namespaceSelector: {matchLabels: {tenant: a}}, podSelector: {matchLabels: {app: db}}}}]',
        ]),
      ),
    );
    assert.deepEqual(truthTable(e, 8080), ['XXXXX', 'XX.XX', 'XXXXX', 'XX.XX', 'XX.XX']);
  });

  it('within one policy the first rule in written order that matches decides', () => {
    const e = engineFor(
      cnp('ordered', 'Admin', 10, [
        tenantB,
        'ingress:',
        '  - action: Accept',
        '    from: [{pods: {namespaceSelector: {matchLabels: {tenant: a}}, podSelector: {matchLabels: {app: db}}}}]',
        '  - action: Deny',
        '    from: [{namespaces: {matchLabels: {tenant: a}}}]',
      ]),
    );
    assert.deepEqual(truthTable(e, 8080), ['XX.XX', 'XXXXX', 'XXXXX', 'XXXXX', 'XXXXX']);
  });

  it('a Baseline rule applies only in a direction no NetworkPolicy isolates', () => {
    const e = engineFor(
      docs(
        cnp('default-deny', 'Baseline', 0, [tenantA, 'ingress:', '  - action: Deny', '    from: [{namespaces: {}}]']),
        // isolates a/web for egress only: its ingress is still the Baseline's
        np('web-egress', 'tenant-a', ['podSelector: {matchLabels: {app: web}}', 'policyTypes: [Egress]', 'egress: [{}]']),
        np('db-from-monitoring', 'tenant-a', [
          'podSelector: {matchLabels: {app: db}}',
          'ingress:',
          '  - from: [{namespaceSelector: {matchLabels: {role: monitoring}}}]',
        ]),
      ),
    );
    assert.deepEqual(truthTable(e, 8080), ['X.XXX', '.XXXX', '..XXX', '.XXXX', '..XXX']);
  });

  it('no implicit isolation: a policy with egress rules only leaves ingress alone', () => {
    const e = engineFor(cnp('no-dns', 'Admin', 10, [tenantA, 'egress:', '  - action: Deny', '    to: [{namespaces: {matchLabels: {role: system}}}]']));
    assert.deepEqual(truthTable(e, 53, 'UDP'), ['XXXX.', 'XXXX.', 'XXXXX', 'XXXXX', 'XXXXX']);
  });

  it('a ClusterNetworkPolicy with no rules changes nothing, in either tier', () => {
    const e = engineFor(
      docs(cnp('empty-admin', 'Admin', 1, ['subject: {namespaces: {}}']), cnp('empty-baseline', 'Baseline', 1, ['subject: {namespaces: {}}'])),
    );
    assert.deepEqual(truthTable(e, 8080), OPEN);
  });

  it('a pod reaching itself is not subject to cluster policies', () => {
    const e = engineFor(cnp('deny-all', 'Admin', 0, ['subject: {namespaces: {}}', 'ingress:', '  - action: Deny', '    from: [{namespaces: {}}]']));
    assert.deepEqual(truthTable(e, 8080), ['X....', '.X...', '..X..', '...X.', '....X']);
  });

  it('both directions must allow: an Admin egress Deny at the source closes a pair the destination accepts', () => {
    const e = engineFor(
      docs(
        cnp('b-accepts-all', 'Admin', 5, [tenantB, 'ingress:', '  - action: Accept', '    from: [{namespaces: {}}]']),
        cnp('a-no-b', 'Admin', 10, [tenantA, 'egress:', '  - action: Deny', '    to: [{namespaces: {matchLabels: {tenant: b}}}]']),
      ),
    );
    assert.deepEqual(truthTable(e, 8080), ['XX.XX', 'XX.XX', 'XXXXX', 'XXXXX', 'XXXXX']);
  });
});
