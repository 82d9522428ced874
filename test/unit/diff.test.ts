/**
 * The connectivity diff (core/connectivity/diff.ts): scenarios on small tenants and the upstream
 * x/y/z model, and properties on generated pairs of clusters, checked against an oracle that
 * asks each side pair by pair (pods: `connectionsBetween`, straight from the policies; addresses:
 * `externalBetween` at every address where either side's partition cuts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ConnectionSet,
  Connectivity,
  type ConnectivityDiff,
  defaultConfig,
  diffConnectivity,
  endpointName,
  isEmptyDiff,
  type PairChange,
  Workspace,
} from '../../server/src/core/index';
import { docs, engineFor, np } from '../connectivityModel';
import { clusterArb, clusterYaml, ns, oracle, pod, probes } from '../diffClusters';

function engine(...texts: string[]): Connectivity {
  const ws = new Workspace(defaultConfig());
  texts.forEach((t, i) => ws.update(`f${i}.yaml`, t));
  return new Connectivity(ws.cluster());
}

const key = (c: PairChange) => `${endpointName(c.from)} => ${endpointName(c.to)}`;
const lines = (d: ConnectivityDiff) => d.changes.map((c) => `${c.kind} ${key(c)} : ${c.before} -> ${c.after}`);

const TENANTS = docs(
  ns('tenant-a'),
  ns('tenant-b'),
  ns('shared'),
  pod('tenant-a', 'web', 'web-server'),
  pod('tenant-b', 'web', 'web-server'),
  pod('shared', 'db', 'postgres-db'),
);
const dbAccess = (peer: string) =>
  np('allow-shared-db-access', 'shared', [
    'podSelector: {matchLabels: {app: postgres-db}}',
    'policyTypes: [Ingress]',
    'ingress:',
    `  - from: [${peer}]`,
    '    ports: [{protocol: TCP, port: 5432}]',
  ]);
const denyShared = np('deny', 'shared', ['podSelector: {}', 'policyTypes: [Ingress]']);

describe('diff scenarios', () => {
  it('a policy widened from kubernetes.io/metadata.name to namespaceSelector: {} shows the added cross-tenant pair, and only it', () => {
    const narrow = engine(
      TENANTS,
      denyShared,
      dbAccess('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: tenant-a}}, podSelector: {matchLabels: {app: web-server}}}'),
    );
    const wide = engine(TENANTS, denyShared, dbAccess('{namespaceSelector: {}, podSelector: {matchLabels: {app: web-server}}}'));
    const d = diffConnectivity(narrow, wide);
    assert.deepEqual(lines(d), ['added tenant-b/web => shared/db : none -> TCP 5432']);
    assert.ok(d.changes[0].added.equals(ConnectionSet.range('TCP', 5432)));
    assert.ok(d.changes[0].removed.isEmpty());
    // and back: the same pair, removed
    assert.deepEqual(lines(diffConnectivity(wide, narrow)), ['removed tenant-b/web => shared/db : TCP 5432 -> none']);
  });

  it('a changed pair says what was added and removed within its set', () => {
    const before = engine(TENANTS, denyShared, np('p', 'shared', ['podSelector: {}', 'ingress:', '  - ports: [{port: 5432}, {protocol: UDP, port: 53}]']));
    const after = engine(TENANTS, denyShared, np('p', 'shared', ['podSelector: {}', 'ingress:', '  - ports: [{port: 5432}, {port: 6432}]']));
    const d = diffConnectivity(before, after);
    // a rule without from: both tenants' web pods, and both IP spaces, to shared/db
    assert.deepEqual(d.changes.map(key), [
      'tenant-a/web => shared/db',
      'tenant-b/web => shared/db',
      '0.0.0.0-255.255.255.255 => shared/db',
      '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => shared/db',
    ]);
    for (const c of d.changes) {
      assert.equal(c.kind, 'changed');
      assert.equal(`${c.before} | ${c.after} | ${c.added} | ${c.removed}`, 'TCP 5432; UDP 53 | TCP 5432,6432 | TCP 6432 | UDP 53');
    }
  });

  it('a pod of one side only is reported as added or removed, with its connections', () => {
    const before = engine(TENANTS, denyShared);
    const after = engine(TENANTS, denyShared, pod('tenant-b', 'api', 'api'));
    const d = diffConnectivity(before, after);
    assert.deepEqual(
      d.podsAdded.map((p) => p.id),
      ['tenant-b/api'],
    );
    assert.deepEqual(d.podsRemoved, []);
    // no policy isolates it (shared isolates ingress): to and from the tenants' pods, from shared/db, to and from outside
    assert.deepEqual(
      d.changes.map(key).sort(),
      [
        '0.0.0.0-255.255.255.255 => tenant-b/api',
        '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => tenant-b/api',
        'shared/db => tenant-b/api',
        'tenant-a/web => tenant-b/api',
        'tenant-b/api => 0.0.0.0-255.255.255.255',
        'tenant-b/api => ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
        'tenant-b/api => tenant-a/web',
        'tenant-b/web => tenant-b/api',
        'tenant-b/api => tenant-b/web',
      ].sort(),
    );
    assert.ok(d.changes.every((c) => c.kind === 'added' && c.after.isAll()));
    const back = diffConnectivity(after, before);
    assert.deepEqual(
      back.podsRemoved.map((p) => p.id),
      ['tenant-b/api'],
    );
    assert.ok(back.changes.every((c) => c.kind === 'removed'));
  });

  it('external addresses compare by address: the same addresses cut differently are no change; a narrowed ipBlock is the addresses it lost', () => {
    const egress = (blocks: string[]) =>
      np('out', 'tenant-a', ['podSelector: {}', 'policyTypes: [Egress]', 'egress:', `  - to: [${blocks.map((b) => `{ipBlock: {cidr: ${b}}}`).join(', ')}]`]);
    const whole = engine(TENANTS, egress(['10.0.0.0/8']));
    const halves = engine(TENANTS, egress(['10.0.0.0/9', '10.128.0.0/9']));
    // the ranges differ by name (halves cuts at 10.128.0.0), the addresses allowed do not
    assert.notDeepEqual(
      whole.externalEndpoints().ranges.map((r) => r.name),
      halves.externalEndpoints().ranges.map((r) => r.name),
    );
    assert.ok(isEmptyDiff(diffConnectivity(whole, halves)));
    assert.ok(isEmptyDiff(diffConnectivity(halves, whole)));
    // a narrowing in the middle: the lost addresses as one range, whichever side's cuts they span
    const holed = engine(TENANTS, egress(['10.0.0.0/9', '10.192.0.0/10']));
    assert.deepEqual(lines(diffConnectivity(halves, holed)), ['removed tenant-a/web => 10.128.0.0-10.191.255.255 : all -> none']);
    assert.deepEqual(lines(diffConnectivity(holed, whole)), ['added tenant-a/web => 10.128.0.0-10.191.255.255 : none -> all']);
  });

  it('on the upstream model: allowing y into x/a on TCP 80 adds exactly y/* => x/a', () => {
    const deny = np('deny', 'x', ['podSelector: {matchLabels: {pod: a}}', 'policyTypes: [Ingress]']);
    const allow = np('allow-y', 'x', [
      'podSelector: {matchLabels: {pod: a}}',
      'ingress:',
      '  - from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]',
      '    ports: [{port: serve-80-tcp}]',
    ]);
    const d = diffConnectivity(engineFor(deny), engineFor(docs(deny, allow)));
    assert.deepEqual(lines(d), ['added y/a => x/a : none -> TCP 80', 'added y/b => x/a : none -> TCP 80', 'added y/c => x/a : none -> TCP 80']);
  });
});

// ---- properties on generated pairs of clusters (test/diffClusters.ts) ----

/** The diff read back at the oracle's keys: a pair's (before, after), or undefined where it reports no change. */
function readBack(d: ConnectivityDiff, k: string): [ConnectionSet, ConnectionSet] | undefined {
  const [from, to] = k.split(' => ');
  const isAddr = (s: string) => /^ipv[46]:\d+$/.test(s);
  for (const c of d.changes) {
    const match = (e: PairChange['from'], s: string) => {
      if (!isAddr(s)) return e.kind === 'pod' && e.pod.id === s;
      if (e.kind !== 'external') return false;
      const [family, v] = s.split(':');
      const value = BigInt(v);
      return e.range.family === family && e.range.first <= value && value <= e.range.last;
    };
    if (match(c.from, from) && match(c.to, to)) return [c.before, c.after];
  }
  return undefined;
}

describe('diff properties on generated clusters', () => {
  it('the diff reports exactly the pairs whose sets differ (so it is empty iff the two answers are equal), with both sets; diff a a is empty', () => {
    fc.assert(
      fc.property(clusterArb, clusterArb, (ca, cb) => {
        const a = engine(clusterYaml(ca));
        const b = engine(clusterYaml(cb));
        assert.ok(isEmptyDiff(diffConnectivity(a, a)), 'diff a a');
        assert.ok(isEmptyDiff(diffConnectivity(a, engine(clusterYaml(ca)))), 'diff a a (two readings)');
        const d = diffConnectivity(a, b);
        const pods = [...new Set([...a.cluster.pods, ...b.cluster.pods].map((p) => p.id))];
        const at = probes(a, b);
        const before = oracle(a, pods, at);
        const after = oracle(b, pods, at);
        let differ = false;
        for (const [k, s] of before) {
          const t = after.get(k)!;
          const got = readBack(d, k);
          if (s.equals(t)) assert.equal(got, undefined, `${k}: ${s} both sides, yet reported`);
          else {
            differ = true;
            assert.ok(got, `${k}: ${s} -> ${t} not reported`);
            assert.ok(got[0].equals(s) && got[1].equals(t), `${k}: reported ${got[0]} -> ${got[1]}, is ${s} -> ${t}`);
          }
        }
        const samePods = a.cluster.pods.length === b.cluster.pods.length && a.cluster.pods.every((p) => b.cluster.pods.some((q) => q.id === p.id));
        assert.equal(isEmptyDiff(d), !differ && samePods);
        for (const c of d.changes) {
          assert.ok(c.added.equals(c.after.difference(c.before)) && c.removed.equals(c.before.difference(c.after)));
          assert.equal(c.kind, c.before.isEmpty() ? 'added' : c.after.isEmpty() ? 'removed' : 'changed');
        }
      }),
      { numRuns: 120, seed: 20261204 },
    );
  });

  it('diff b a is the mirror image of diff a b', () => {
    fc.assert(
      fc.property(clusterArb, clusterArb, (ca, cb) => {
        const a = engine(clusterYaml(ca));
        const b = engine(clusterYaml(cb));
        const ab = diffConnectivity(a, b);
        const ba = diffConnectivity(b, a);
        const ids = (list: { id: string }[]) => list.map((p) => p.id).sort();
        assert.deepEqual(ids(ab.podsAdded), ids(ba.podsRemoved));
        assert.deepEqual(ids(ab.podsRemoved), ids(ba.podsAdded));
        const flip = { added: 'removed', removed: 'added', changed: 'changed' } as const;
        const view = (d: ConnectivityDiff, mirror: boolean) =>
          d.changes
            .map((c) =>
              mirror
                ? `${key(c)} ${flip[c.kind]} ${c.after} -> ${c.before} +${c.removed} -${c.added}`
                : `${key(c)} ${c.kind} ${c.before} -> ${c.after} +${c.added} -${c.removed}`,
            )
            .sort();
        assert.deepEqual(view(ba, true), view(ab, false));
      }),
      { numRuns: 120, seed: 20261205 },
    );
  });
});
