/**
 * ClusterNetworkPolicy peers, protocols and reasons on the tenants model of test/tiersModel.ts
 * (matrix rows = from, columns = to: tenant-a/web tenant-a/db tenant-b/web monitoring/prom
 * kube-system/dns). Named ports differ by pod: `http` is TCP 8080 on tenant-a/web, TCP 9090 on
 * tenant-b/web; monitoring/prom serves TCP 9090 under the name `ui`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionSet } from '../../server/src/core/connectivity/connectionSet';
import { reachReport } from '../../server/src/core/services/reachReport';
import { cnp, docs, engineFor, np, truthTable, workspaceFor } from '../tiersModel';

const OPEN = Array(5).fill('XXXXX');
const tenantA = 'subject: {namespaces: {matchLabels: {tenant: a}}}';
const tenantB = 'subject: {namespaces: {matchLabels: {tenant: b}}}';

describe('tiers: protocols', () => {
  it('a named port resolves against the destination pod: the same rule closes 8080 on a/web and 9090 on b/web', () => {
    const e = engineFor(
      cnp('no-http-from-a', 'Admin', 10, [
        'subject: {namespaces: {}}',
        'ingress:',
        '  - action: Deny',
        '    from: [{namespaces: {matchLabels: {tenant: a}}}]',
        '    protocols: [{destinationNamedPort: http}]',
      ]),
    );
    assert.deepEqual(truthTable(e, 8080), ['XXXXX', '.XXXX', 'XXXXX', 'XXXXX', 'XXXXX']);
    // prom's 9090 is named ui, not http: still open
    assert.deepEqual(truthTable(e, 9090), ['XX.XX', 'XX.XX', 'XXXXX', 'XXXXX', 'XXXXX']);
  });

  it('a port range is inclusive and of its protocol only; protocols absent means everything', () => {
    const e = engineFor(
      docs(
        cnp('b-no-9k', 'Admin', 10, [
          tenantB,
          'egress:',
          '  - action: Deny',
          '    to: [{namespaces: {}}]',
          '    protocols: [{tcp: {destinationPort: {range: {start: 9000, end: 9090}}}}]',
        ]),
        cnp('a-no-dns', 'Admin', 11, [
          tenantA,
          'egress:',
          '  - action: Deny',
          '    to: [{namespaces: {matchLabels: {role: system}}}]',
          '    protocols: [{udp: {destinationPort: {number: 53}}}]',
        ]),
      ),
    );
    const b = e.pod('tenant-b/web')!;
    const prom = e.pod('monitoring/prom')!;
    assert.equal(e.connectionsBetween(b, prom).allowed.toString(), 'TCP 1-8999,9091-65535; UDP 1-65535; SCTP 1-65535');
    assert.deepEqual(truthTable(e, 9090), ['XXXXX', 'XXXXX', '..X..', 'XXXXX', 'XXXXX']);
    assert.deepEqual(truthTable(e, 9091), OPEN);
    assert.deepEqual(truthTable(e, 9090, 'UDP'), OPEN);
    assert.deepEqual(truthTable(e, 53, 'UDP'), ['XXXX.', 'XXXX.', 'XXXXX', 'XXXXX', 'XXXXX']);
    assert.deepEqual(truthTable(e, 53, 'TCP'), OPEN);
  });
});

describe('tiers: peers', () => {
  it('egress networks match pod IPs; a Baseline 0.0.0.0/0 Deny closes every IPv4 pod and the outside, but not where a NetworkPolicy isolates egress', () => {
    const e = engineFor(
      docs(
        cnp('no-b-subnet', 'Admin', 10, [tenantA, 'egress:', '  - action: Deny', '    to: [{networks: [10.0.2.0/24]}]']),
        cnp('egress-deny', 'Baseline', 0, [tenantA, 'egress:', '  - action: Deny', '    to: [{networks: [0.0.0.0/0]}]']),
        np('web-egress', 'tenant-a', ['podSelector: {matchLabels: {app: web}}', 'policyTypes: [Egress]', 'egress: [{}]']),
      ),
    );
    assert.deepEqual(truthTable(e, 8080), ['XX.XX', '.X...', 'XXXXX', 'XXXXX', 'XXXXX']);
    // outside the cluster: a/db reaches no IPv4 address (every IPv6 one), a/web all but 10.0.2.0/24
    const ranges = e.externalEndpoints().ranges;
    const web = e.pod('tenant-a/web')!;
    const db = e.pod('tenant-a/db')!;
    const closed = (pod: typeof web) => ranges.filter((r) => e.externalBetween(pod, r.id, 'Egress').allowed.isEmpty()).map((r) => r.name);
    assert.deepEqual(
      closed(db),
      ranges.filter((r) => r.family === 'ipv4').map((r) => r.name),
    );
    assert.deepEqual(closed(web), ['10.0.2.0-10.0.2.255']);
    // the outside may still open connections to a/db: ingress is untouched
    for (const r of ranges) assert.ok(e.externalBetween(db, r.id, 'Ingress').allowed.isAll());
  });

  it('a peer with no known field matches nothing for Accept and everything for Deny (fail closed)', () => {
    const accept = engineFor(
      docs(
        np('deny', 'tenant-b', ['podSelector: {}', 'policyTypes: [Ingress]']),
        cnp('odd-accept', 'Admin', 10, [tenantB, 'ingress:', '  - action: Accept', '    from: [{}]']),
      ),
    );
    assert.deepEqual(truthTable(accept, 8080), ['XX.XX', 'XX.XX', 'XXXXX', 'XX.XX', 'XX.XX']);
    const deny = engineFor(cnp('odd-deny', 'Admin', 10, [tenantB, 'ingress:', '  - action: Deny', '    from: [{}]']));
    assert.deepEqual(truthTable(deny, 8080), ['XX.XX', 'XX.XX', 'XXXXX', 'XX.XX', 'XX.XX']);
    // it matches the outside too
    const ranges = deny.externalEndpoints().ranges;
    for (const r of ranges) assert.ok(deny.externalBetween(deny.pod('tenant-b/web')!, r.id, 'Ingress').allowed.isEmpty());
  });

  it('a pods peer without namespaceSelector means every namespace', () => {
    const e = engineFor(
      cnp('no-web', 'Admin', 10, [
        'subject: {pods: {podSelector: {matchLabels: {app: db}}}}',
        'ingress:',
        '  - action: Deny',
        '    from: [{pods: {podSelector: {matchLabels: {app: web}}}}]',
      ]),
    );
    assert.deepEqual(truthTable(e, 8080), ['X.XXX', 'XXXXX', 'X.XXX', 'XXXXX', 'XXXXX']);
  });
});

describe('tiers: the v1alpha1 kinds', () => {
  it("AdminNetworkPolicy's Allow is Accept; BaselineAdminNetworkPolicy's Deny applies where no NetworkPolicy isolates", () => {
    const anp = [
      'apiVersion: policy.networking.k8s.io/v1alpha1',
      'kind: AdminNetworkPolicy',
      'metadata: {name: monitoring}',
      'spec:',
      '  priority: 10',
      '  subject: {namespaces: {matchLabels: {tenant: a}}}',
      '  ingress:',
      '    - {name: allow-monitoring, action: Allow, from: [{namespaces: {matchLabels: {role: monitoring}}}]}',
      '',
    ].join('\n');
    const banp = [
      'apiVersion: policy.networking.k8s.io/v1alpha1',
      'kind: BaselineAdminNetworkPolicy',
      'metadata: {name: default}',
      'spec:',
      '  subject: {namespaces: {}}',
      '  ingress:',
      '    - {name: default-deny, action: Deny, from: [{namespaces: {}}]}',
      '',
    ].join('\n');
    // tenant-a: the Admin Allow lets monitoring in, the Baseline closes the rest; tenant-b's allow-all NetworkPolicy keeps it open
    const e = engineFor(docs(anp, banp, np('allow-all', 'tenant-b', ['podSelector: {}', 'ingress: [{}]'])));
    assert.deepEqual(truthTable(e, 8080), ['X.X..', '.XX..', '..X..', 'XXXX.', '..X.X']);
  });
});

describe('tiers: reasons name the tier', () => {
  const ws = () =>
    workspaceFor(
      docs(
        cnp('cluster-guardrails', 'Admin', 10, [
          tenantA,
          'ingress:',
          '  - name: deny-cross-tenant',
          '    action: Deny',
          '    from: [{namespaces: {matchLabels: {tenant: b}}}]',
        ]),
        np('allow-web', 'tenant-a', [
          'podSelector: {matchLabels: {app: web}}',
          'ingress:',
          '  - from: [{namespaceSelector: {matchLabels: {role: monitoring}}}]',
        ]),
        cnp('default-deny', 'Baseline', 0, [
          'subject: {namespaces: {matchLabels: {role: monitoring}}}',
          'ingress:',
          '  - action: Deny',
          '    from: [{namespaces: {}}]',
        ]),
      ),
    );

  it('the per-port verdict says which tier decided, and how', () => {
    const e = ws().connectivity();
    const p = (id: string) => e.pod(id)!;
    const v = (from: string, to: string) => e.verdict(p(from), p(to), 8080, 'TCP');
    assert.equal(v('tenant-b/web', 'tenant-a/web').ingress.reason, '[Admin] cluster-guardrails rule deny-cross-tenant: Deny');
    assert.equal(v('monitoring/prom', 'tenant-a/web').ingress.reason, '[NetworkPolicy] tenant-a/allow-web ingress[0]');
    assert.equal(v('tenant-a/db', 'tenant-a/web').ingress.reason, '[NetworkPolicy] isolated by tenant-a/allow-web, no rule allows it');
    assert.equal(v('tenant-a/web', 'monitoring/prom').ingress.reason, '[Baseline] default-deny rule ingress[0]: Deny');
    assert.equal(v('tenant-a/web', 'tenant-b/web').ingress.reason, 'default allow');
    assert.equal(v('tenant-a/web', 'tenant-b/web').ingress.tier, 'default');
  });

  it('the connection sets list each tier part with what it decided', () => {
    const e = ws().connectivity();
    const pair = e.connectionsBetween(e.pod('tenant-b/web')!, e.pod('tenant-a/web')!);
    assert.ok(pair.allowed.isEmpty());
    const d = pair.ingress.tiers!.decisions;
    assert.deepEqual(
      d.map((x) => [x.tier, x.policy, x.ruleName, x.action, x.decides.toString()]),
      [['Admin', 'cluster-guardrails', 'deny-cross-tenant', 'Deny', 'all']],
    );
    assert.ok(pair.ingress.tiers!.networkPolicy!.equals(ConnectionSet.NONE));
  });

  it("the editor's reach report names the tiers", () => {
    const w = ws();
    const web = w.objects().workloads.find((r) => r.workload.namespace === 'tenant-a' && r.workload.name === 'web')!;
    const text = reachReport(w, web, 'to')!.markdown;
    assert.match(text, /Cluster policies selecting it \(decision order\): \[Admin\] cluster-guardrails \(priority 10\)\./);
    assert.match(text, /tenant-b\/web\*\*: none — .*\\\[Admin\\\] cluster-guardrails rule deny-cross-tenant: Deny \(all\)/);
    assert.match(text, /monitoring\/prom\*\*: all — .*\\\[NetworkPolicy\\\] tenant-a\/allow-web ingress\\\[0\\\] \(all\)/);
  });
});
