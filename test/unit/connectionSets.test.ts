/**
 * Every pair's connection set: scenarios for the points where a set says more than one port —
 * named ports that resolve to different numbers on different pods, overlapping endPort ranges,
 * protocols, the self pair — and the classes of pods the engine cannot tell apart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Connectivity, defaultConfig, reachReport, Workspace } from '../../server/src/core/index';
import { docs, engineFor, IDS, np } from '../connectivityModel';

function pod(name: string, ns: string, labels: Record<string, string>, ports: string[] = []): string {
  const list = ports.length ? `      ports:\n${ports.map((p) => `        - ${p}\n`).join('')}` : '';
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: "${ns}"\n  labels: ${JSON.stringify(labels)}\nspec:\n  containers:\n    - name: c\n      image: i\n${list}`;
}

function engine(...documents: string[]): Connectivity {
  const ws = new Workspace(defaultConfig());
  ws.update('all.yaml', docs(...documents));
  return new Connectivity(ws.cluster());
}

/** The set from one pod to another, by id, read from the matrix (and checked against the one-pair answer). */
function setOf(e: Connectivity, from: string, to: string): string {
  const ids = e.cluster.pods.map((p) => p.id);
  const m = e.connections();
  const set = m.get(ids.indexOf(from), ids.indexOf(to));
  assert.equal(e.connectionsBetween(e.pod(from)!, e.pod(to)!).allowed.toString(), set.toString(), `${from} -> ${to}`);
  return set.toString();
}

describe('connection sets per pair', () => {
  it('a named port allows, on each destination, the numbers that destination declares under that name', () => {
    const e = engine(
      pod('web1', 'n', { app: 'web' }, ['{containerPort: 8080, name: http}']),
      pod('web2', 'n', { app: 'web' }, ['{containerPort: 9090, name: http}', '{containerPort: 9091, name: http}']),
      pod('web3', 'n', { app: 'web' }, ['{containerPort: 7070, name: http, protocol: UDP}']),
      pod('client', 'n', { app: 'client' }),
      np('http-only', 'n', ['podSelector: {matchLabels: {app: web}}', 'ingress:', '  - ports: [{port: http}]']),
    );
    assert.equal(setOf(e, 'n/client', 'n/web1'), 'TCP 8080');
    assert.equal(setOf(e, 'n/client', 'n/web2'), 'TCP 9090-9091');
    assert.equal(setOf(e, 'n/client', 'n/web3'), 'none', 'the name is declared for UDP only; the entry is TCP');
    assert.equal(setOf(e, 'n/web1', 'n/web2'), 'TCP 9090-9091');
    assert.equal(setOf(e, 'n/web1', 'n/client'), 'all', 'the client is not isolated');
    // the same labels, the same policies: only the named port tells web1 and web2 apart
    const m = e.connections();
    assert.notEqual(m.classOf[0], m.classOf[1]);
  });

  it('overlapping endPort ranges and single ports merge; protocols stay apart', () => {
    const e = engine(
      pod('db', 'n', { app: 'db' }),
      pod('app', 'n', { app: 'app' }),
      np('db', 'n', [
        'podSelector: {matchLabels: {app: db}}',
        'ingress:',
        '  - ports: [{port: 80, endPort: 90}, {port: 85, endPort: 100}, {port: 101}, {protocol: UDP, port: 53}]',
        '  - ports: [{protocol: SCTP, port: 5000, endPort: 4000}, {protocol: SCTP, port: 7000, endPort: 70000}]',
      ]),
    );
    assert.equal(setOf(e, 'n/app', 'n/db'), 'TCP 80-101; UDP 53; SCTP 5000,7000-65535');
  });

  it('egress ∩ ingress: each side allows some ports, the pair gets the common ones', () => {
    const e = engine(
      pod('a', 'n', { app: 'a' }),
      pod('b', 'n', { app: 'b' }),
      np('a-out', 'n', ['podSelector: {matchLabels: {app: a}}', 'policyTypes: [Egress]', 'egress:', '  - ports: [{port: 1, endPort: 100}, {protocol: UDP}]']),
      np('b-in', 'n', ['podSelector: {matchLabels: {app: b}}', 'ingress:', '  - ports: [{port: 50, endPort: 200}]', '  - ports: [{protocol: UDP, port: 53}]']),
    );
    assert.equal(setOf(e, 'n/a', 'n/b'), 'TCP 50-100; UDP 53');
    assert.equal(setOf(e, 'n/b', 'n/a'), 'all');
    const why = e.connectionsBetween(e.pod('n/a')!, e.pod('n/b')!);
    assert.deepEqual(
      why.ingress.allowedBy.map((r) => `${r.policy} ${r.direction}[${r.rule}] ${r.allows}`),
      ['n/b-in Ingress[0] TCP 50-200', 'n/b-in Ingress[1] UDP 53'],
    );
    assert.equal(why.egress.allowed.toString(), 'TCP 1-100; UDP 1-65535');
  });

  it('a pod reaches itself with all, whatever the policies; two pods of one class do not', () => {
    const e = engineFor(np('deny', 'x', ['podSelector: {}', 'policyTypes: [Ingress, Egress]']));
    const m = e.connections();
    assert.equal(m.get(0, 0).toString(), 'all');
    assert.equal(m.get(0, 1).toString(), 'none', 'x/a and x/b are one class, and still denied to each other');
    assert.equal(m.classOf[0], m.classOf[1]);
    assert.equal(m.classCount, 2, 'x pods and the others');
    assert.equal(m.get(IDS.indexOf('y/a'), IDS.indexOf('z/b')).toString(), 'all');
  });

  it('pods that nothing tells apart are one class, whatever their number', () => {
    assert.equal(engineFor('').connections().classCount, 1);
    const e = engineFor(np('web', 'x', ['podSelector: {matchLabels: {pod: a}}', 'ingress:', '  - from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]']));
    // x/a (selected), the y pods (admitted), the rest
    assert.equal(e.connections().classCount, 3);
    assert.equal(setOf(e, 'y/c', 'x/a'), 'all');
    assert.equal(setOf(e, 'z/c', 'x/a'), 'none');
  });

  it("the editor's reach report shows each peer's whole connection set, pods and external ranges, in both directions", () => {
    const ws = new Workspace(defaultConfig());
    ws.update(
      'file:///w/pods.yaml',
      docs(pod('db', 'n', { app: 'db' }, ['{containerPort: 5432, name: pg}']), pod('api', 'n', { app: 'api' }), pod('other', 'm', { app: 'api' })),
    );
    ws.update(
      'file:///w/policy.yaml',
      np('db', 'n', [
        'podSelector: {matchLabels: {app: db}}',
        'ingress:',
        '  - from: [{podSelector: {matchLabels: {app: api}}}]',
        '    ports: [{port: pg}, {protocol: UDP, port: 9000, endPort: 9010}]',
        '  - from: [{ipBlock: {cidr: 192.168.0.0/16}}]',
        '    ports: [{port: 443}, {port: pg}]',
      ]),
    );
    const db = ws.snapshot('file:///w/pods.yaml')!.workloads[0];
    const to = reachReport(ws, db, 'to')!;
    const V6 = '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
    assert.deepEqual(to.connections, [
      {
        peer: 'n/api',
        kind: 'pod',
        allowed: [
          { protocol: 'TCP', ports: [[5432, 5432]] },
          { protocol: 'UDP', ports: [[9000, 9010]] },
        ],
        text: 'TCP 5432; UDP 9000-9010',
      },
      { peer: 'm/other', kind: 'pod', allowed: [], text: 'none' },
      { peer: '0.0.0.0-192.167.255.255', kind: 'external', allowed: [], text: 'none' },
      {
        peer: '192.168.0.0-192.168.255.255',
        kind: 'external',
        allowed: [
          {
            protocol: 'TCP',
            ports: [
              [443, 443],
              [5432, 5432],
            ],
          },
        ],
        text: 'TCP 443,5432',
      },
      { peer: '192.169.0.0-255.255.255.255', kind: 'external', allowed: [], text: 'none' },
      { peer: V6, kind: 'external', allowed: [], text: 'none' },
    ]);
    assert.ok(
      to.markdown.includes(
        [
          '| from | connections |',
          '|---|---|',
          '| n/api | **TCP 5432; UDP 9000-9010** |',
          '| m/other | none |',
          `| outside the cluster: 0.0.0.0-192.167.255.255, 192.169.0.0-255.255.255.255, ${V6} | none |`,
          '| outside the cluster: 192.168.0.0-192.168.255.255 | **TCP 443,5432** |',
          '',
          'Why:',
          // (the reasons hold policy names from the YAML: escaped as Markdown, `\\[` renders as `[`)
          '',
          '- **n/api**: TCP 5432; UDP 9000-9010 — egress open (no policy isolates it); ingress: n/db ingress\\[0\\] (TCP 5432; UDP 9000-9010)',
          '- **m/other**: none — egress open (no policy isolates it); ingress denied: isolated by n/db and no rule allows it',
          `- **outside the cluster: 0.0.0.0-192.167.255.255, 192.169.0.0-255.255.255.255, ${V6}**: none — ingress denied: isolated by n/db and no rule allows it (no NetworkPolicy applies outside the cluster)`,
          '- **outside the cluster: 192.168.0.0-192.168.255.255**: TCP 443,5432 — ingress: n/db ingress\\[1\\] (TCP 443,5432) (no NetworkPolicy applies outside the cluster)',
          '',
        ].join('\n'),
      ),
      to.markdown,
    );
    assert.doesNotMatch(to.markdown, /\| TCP 5432 \|/, 'no column per port');
    const from = reachReport(ws, db, 'from')!;
    assert.deepEqual(
      from.connections.map((c) => c.text),
      ['all', 'all', 'all', 'all', 'all', 'all'],
    );
    assert.match(from.markdown, /^\| every address outside the cluster \(0\.0\.0\.0\/0, ::\/0\) \| \*\*all\*\* \|$/m);
  });
});
