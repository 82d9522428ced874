/** `netpol-lint reach` without `--port`: every pair's connection set, as CI would run it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionSet } from '../../server/src/core/index';
import { docs, IDS, modelYaml, np } from '../connectivityModel';
import { runCli, tempTree } from '../cliRun';

const run = (args: string[], cwd: string) => runCli(args, { cwd });
const dir = (files: Record<string, string>) => tempTree('netpol-sets-', files);

const POLICIES = docs(
  np('deny', 'x', ['podSelector: {}', 'policyTypes: [Ingress]']),
  np('web-from-y', 'x', [
    'podSelector: {matchLabels: {pod: a}}',
    'policyTypes: [Ingress]',
    'ingress:',
    '  - from:',
    '      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "y"}}',
    '    ports:',
    '      - {protocol: TCP, port: serve-80-tcp}',
    '      - {protocol: UDP, port: 5000, endPort: 5010}',
  ]),
  np('b-out', 'z', [
    'podSelector: {matchLabels: {pod: b}}',
    'policyTypes: [Egress]',
    'egress:',
    '  - to: [{namespaceSelector: {matchExpressions: [{key: ns, operator: In, values: ["x", "y"]}]}}]',
    '    ports: [{port: 80, endPort: 81}]',
  ]),
);
const model = () => dir({ 'model.yaml': modelYaml(), 'policies.yaml': POLICIES });
/** The external ranges of a workspace without ipBlocks: the two IP spaces whole. */
const OUTSIDE = ['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'];

type Connection = { from: string; to: string; allowed: unknown; why?: unknown };

function sets(cwd: string, ...args: string[]) {
  const r = run(['reach', '.', '--format', 'json', ...args], cwd);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as { endpoints: { id: string; kind: string }[]; connections: Connection[]; unreadable: unknown[] };
}

describe('netpol-lint reach without --port', () => {
  it('prints the JSON contract: endpoints, and each pair of different pods with a non-empty set', () => {
    const out = sets(model());
    assert.deepEqual(Object.keys(out), ['endpoints', 'connections', 'unreadable']);
    // no ipBlock in the workspace: each IP space is one external range
    assert.deepEqual(
      out.endpoints.map((e) => e.id),
      [...IDS, ...OUTSIDE],
    );
    assert.deepEqual(out.endpoints[0], { id: 'x/a', kind: 'pod', namespace: 'x', name: 'a', workloadKind: 'Pod' });
    assert.deepEqual(out.endpoints[9], { id: '0.0.0.0-255.255.255.255', kind: 'external', family: 'ipv4', cidrs: ['0.0.0.0/0'] });
    assert.deepEqual(out.endpoints[10], { id: OUTSIDE[1], kind: 'external', family: 'ipv6', cidrs: ['::/0'] });
    const by = new Map(out.connections.map((c) => [`${c.from} ${c.to}`, c.allowed]));
    assert.deepEqual(by.get('y/b x/a'), [
      { protocol: 'TCP', ports: [[80, 80]] },
      { protocol: 'UDP', ports: [[5000, 5010]] },
    ]);
    assert.equal(by.get('x/a z/c'), 'all', 'x is not isolated for egress, z/c not for ingress');
    assert.deepEqual(by.get('z/b z/a'), undefined, 'z/b may only reach x and y: no entry for an empty set');
    assert.deepEqual(by.get('z/b y/a'), [{ protocol: 'TCP', ports: [[80, 81]] }]);
    assert.deepEqual(by.get('z/b x/b'), undefined, "z/b's egress allows x, x/b's ingress nothing");
    assert.ok(!by.has('x/a x/a'), 'a pod to itself is not listed');
    assert.ok(!by.has('z/a x/a'));
    for (const c of out.connections) assert.notDeepEqual(c.allowed, [], `${c.from} => ${c.to}`);
    assert.equal(by.get(`x/a ${OUTSIDE[0]}`), 'all', "x/a's egress is open: every address outside");
    assert.equal(by.get(`${OUTSIDE[0]} y/a`), 'all', "y/a's ingress is open");
    assert.equal(by.get(`${OUTSIDE[1]} x/a`), undefined, 'x/deny isolates x: nothing from outside');
    assert.equal(by.get(`z/b ${OUTSIDE[0]}`), undefined, 'z/b may only reach namespaces x and y');
    assert.ok(!by.has(`${OUTSIDE[0]} ${OUTSIDE[1]}`), 'no pair of two ranges');
  });

  it('agrees with `reach --port P --protocol Q` on every pair, for each port and protocol', () => {
    const cwd = model();
    const by = new Map(sets(cwd).connections.map((c) => [`${c.from} ${c.to}`, ConnectionSet.fromJson(c.allowed)!]));
    for (const [port, protocol] of [
      [80, 'TCP'],
      [81, 'TCP'],
      [82, 'TCP'],
      [80, 'UDP'],
      [5005, 'UDP'],
      [5011, 'UDP'],
      [80, 'SCTP'],
    ] as const) {
      const r = run(['reach', '.', '--format', 'json', '--port', String(port), '--protocol', protocol], cwd);
      const m = JSON.parse(r.out) as { allowed: Record<string, Record<string, boolean>> };
      for (const from of IDS)
        for (const to of IDS) {
          if (from === to) continue;
          const set = by.get(`${from} ${to}`) ?? ConnectionSet.NONE;
          assert.equal(set.contains(port, protocol), m.allowed[from][to], `${from} => ${to} ${protocol} ${port}: ${set}`);
        }
    }
  });

  it('prints one line a pair, `from => to : set`, grouped by the source namespace, with a count', () => {
    const r = run(['reach', '.', '--to', 'x/a', '--to', 'x/b'], model());
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      [
        'Every connection between different pods, and between pods and addresses outside the cluster',
        '(from => to : what is allowed; all = every port of every protocol). A pod can always reach itself.',
        'An address range first-last is one that no ipBlock or cluster-policy network of the workspace cuts: every address in it is alike to every policy.',
        '',
        'From namespace y:',
        '  y/a => x/a : TCP 80; UDP 5000-5010',
        '  y/b => x/a : TCP 80; UDP 5000-5010',
        '  y/c => x/a : TCP 80; UDP 5000-5010',
        '',
        '3 of 16 pairs of different pods have a connection (of 9 sources and 2 destinations of 9 pods).',
        '0 of 4 pairs of a pod and an address range outside the cluster have a connection.',
        '',
      ].join('\n'),
    );
    const all = run(['reach', '.'], model()).out;
    assert.match(all, /\nFrom namespace z:\n(?:.*\n)*? {2}z\/b => y\/c : TCP 80-81\n/);
    assert.match(all, /\n {2}x\/a => y\/b : all\n/);
    assert.ok(all.indexOf('From namespace x:') < all.indexOf('From namespace y:'));
  });

  it('--from / --to choose the pairs, in JSON too; a filter that names no pod is exit 2', () => {
    const cwd = model();
    const out = sets(cwd, '--from', 'z/b');
    assert.deepEqual(
      out.connections.map((c) => `${c.from} => ${c.to}`),
      ['z/b => y/a', 'z/b => y/b', 'z/b => y/c'],
    );
    assert.deepEqual(
      out.endpoints.map((e) => e.id),
      [...IDS, ...OUTSIDE],
      'the endpoints are the sources and destinations chosen (--to absent: every pod and range)',
    );
    assert.deepEqual(
      sets(cwd, '--from', 'y/a', '--to', 'x/*').endpoints.map((e) => e.id),
      ['x/a', 'x/b', 'x/c', 'y/a'],
    );
    const bad = run(['reach', '.', '--to', 'w/*'], cwd);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^netpol-lint: --to 'w\/\*' matches none of the 9 pods read/);
  });

  it('--why adds what each side allows and which rules allow it, in text and JSON', () => {
    const cwd = model();
    const r = run(['reach', '.', '--from', 'z/b', '--to', 'y/c', '--why'], cwd);
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.includes('  z/b => y/c : TCP 80-81\n      egress: z/b-out egress[0] (TCP 80-81)\n      ingress open (no policy isolates it)\n'), r.out);
    const ya = run(['reach', '.', '--from', 'y/a', '--to', 'x/a', '--why'], cwd).out;
    assert.ok(ya.includes('      ingress: x/web-from-y ingress[0] (TCP 80; UDP 5000-5010)\n'), ya);
    const [c] = sets(cwd, '--from', 'y/a', '--to', 'x/a', '--why').connections;
    assert.deepEqual(c.why, {
      egress: { isolatedBy: [], allowedBy: [], allowed: 'all' },
      ingress: {
        isolatedBy: ['x/deny', 'x/web-from-y'],
        allowedBy: [
          {
            policy: 'x/web-from-y',
            direction: 'Ingress',
            rule: 0,
            allows: [
              { protocol: 'TCP', ports: [[80, 80]] },
              { protocol: 'UDP', ports: [[5000, 5010]] },
            ],
          },
        ],
        allowed: [
          { protocol: 'TCP', ports: [[80, 80]] },
          { protocol: 'UDP', ports: [[5000, 5010]] },
        ],
      },
    });
    assert.equal(sets(cwd, '--from', 'y/a').connections[0].why, undefined, 'no why unless asked');
  });

  it('--protocol without --port is exit 2 with one line', () => {
    const r = run(['reach', '.', '--protocol', 'UDP'], model());
    assert.equal(r.code, 2);
    assert.equal(r.err, 'netpol-lint: --protocol goes with --port; without --port, reach lists every protocol and port of each pair\n');
  });

  it('keeps the compact JSON of a large answer valid and equal to the indented one', () => {
    const pods = Array.from(
      { length: 60 },
      (_, i) =>
        `kind: Pod\nmetadata:\n  name: p${i}\n  namespace: "${i % 2 ? 'x' : 'y'}"\n  labels: {app: "${i % 3 ? 'web' : 'db'}"}\nspec:\n  containers: [{name: c, image: i, ports: [{containerPort: ${8000 + (i % 4)}, name: http}]}]\n`,
    ).join('---\n');
    const policy = np('db', 'x', [
      'podSelector: {matchLabels: {app: db}}',
      'ingress:',
      '  - from: [{podSelector: {matchLabels: {app: web}}}]',
      '    ports: [{port: http}]',
    ]);
    const cwd = dir({ 'pods.yaml': pods, 'db.yaml': policy });
    const full = sets(cwd);
    assert.equal(full.endpoints.length, 62, '60 pods and the two IP spaces');
    const small = sets(cwd, '--from', 'x/p1', '--to', 'x/*');
    assert.ok(small.endpoints.length <= 50);
    const want = full.connections.filter((c) => c.from === 'x/p1' && c.to.startsWith('x/'));
    assert.deepEqual(small.connections, want);
    // x/p3 is db (3 % 3 = 0) with http on 8003; x/p1 is web
    assert.deepEqual(full.connections.find((c) => c.from === 'x/p1' && c.to === 'x/p3')?.allowed, [{ protocol: 'TCP', ports: [[8003, 8003]] }]);
    assert.equal(
      full.connections.find((c) => c.from === 'x/p9' && c.to === 'x/p3'),
      undefined,
      'x/p9 is db too',
    );
    assert.equal(
      full.connections.find((c) => c.from === 'y/p2' && c.to === 'x/p3'),
      undefined,
      'a podSelector peer alone is x only',
    );
    // the 10 db pods of x are the only isolated ones: each admits the 20 web pods of x and no other of the 59;
    // every pod may open all to both ranges, and both may reach the 50 others
    assert.equal(full.connections.length, 60 * 59 - 10 * 39 + 60 * 2 + 50 * 2);
  });

  it('prints names from the repository with control characters escaped: a pod name cannot forge a line', () => {
    const pods =
      'kind: Pod\nmetadata:\n  name: "a\\r\\nx/evil => x/b : none\\u001b[2K"\n  namespace: "x"\n---\nkind: Pod\nmetadata:\n  name: b\n  namespace: "x"\n';
    const r = run(['reach', '.'], dir({ 'p.yaml': pods }));
    assert.equal(r.code, 0, r.err);
    assert.ok(!r.out.includes('\u001b') && !r.out.includes('\r'), 'no raw escape or carriage return');
    assert.ok(r.out.includes('  x/a\\u000d\\u000ax/evil => x/b : none\\u001b[2K => x/b : all\n'), r.out);
  });

  it('over a document it cannot read: names it on stderr and in the JSON, and exits 1 unless --allow-unreadable', () => {
    const broken = np('deny', 'x', ['podSelector: {}', 'policyTypes: [Ingress']);
    const cwd = dir({ 'model.yaml': modelYaml(), 'deny.yaml': broken });
    const r = run(['reach', '.', '--format', 'json'], cwd);
    assert.equal(r.code, 1);
    assert.match(r.err, /^netpol-lint: warning: deny\.yaml:\d+: .*\(reach cannot see what this document declares\)\n$/);
    const out = JSON.parse(r.out);
    assert.equal(out.unreadable.length, 1);
    assert.equal(out.unreadable[0].file, 'deny.yaml');
    assert.equal(run(['reach', '.', '--allow-unreadable'], cwd).code, 0);
  });
});

describe('netpol-lint reach without --port: addresses outside the cluster', () => {
  const EDGE = docs(
    np('edge', 'x', [
      'podSelector: {matchLabels: {pod: a}}',
      'policyTypes: [Ingress, Egress]',
      'ingress:',
      '  - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]',
      '    ports: [{port: 80}]',
      'egress:',
      '  - to: [{ipBlock: {cidr: 10.0.0.0/8}}]',
      '    ports: [{port: 443}, {port: serve-80-tcp}]',
      '  - ports: [{protocol: UDP, port: 53}]',
    ]),
  );
  const edge = () => dir({ 'model.yaml': modelYaml(), 'edge.yaml': EDGE });
  const LOW = '0.0.0.0-9.255.255.255';
  const TEN = '10.0.0.0-10.255.255.255';
  const HIGH = '11.0.0.0-255.255.255.255';
  const V6 = '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';

  it('lists each range -> pod and pod -> range pair with its set, in text', () => {
    const r = run(['reach', '.', '--from', 'x/a', '--to', 'x/a', '--from', '0.0.0.0/0', '--to', '0.0.0.0/0'], edge());
    assert.equal(r.code, 0, r.err);
    const body = r.out.split('\n').slice(4).join('\n');
    assert.equal(
      body,
      [
        'From namespace x:',
        `  x/a => ${LOW} : UDP 53`,
        `  x/a => ${TEN} : TCP 443; UDP 53`,
        `  x/a => ${HIGH} : UDP 53`,
        '',
        'From outside the cluster:',
        `  ${LOW} => x/a : TCP 80`,
        `  ${HIGH} => x/a : TCP 80`,
        '',
        '0 of 0 pairs of different pods have a connection (of 1 source and 1 destination of 9 pods).',
        '5 of 6 pairs of a pod and an address range outside the cluster have a connection.',
        '',
      ].join('\n'),
      'serve-80-tcp names no port outside the cluster; 10.0.0.0/8 is excepted from ingress',
    );
  });

  it('names ranges in JSON with their CIDRs; --to an address or CIDR chooses the ranges that overlap it', () => {
    const cwd = edge();
    const out = sets(cwd, '--from', 'x/a', '--to', '8.8.8.8', '--to', '10.1.0.0/16');
    assert.deepEqual(out.endpoints, [
      { id: 'x/a', kind: 'pod', namespace: 'x', name: 'a', workloadKind: 'Pod' },
      { id: LOW, kind: 'external', family: 'ipv4', cidrs: ['0.0.0.0/5', '8.0.0.0/7'] },
      { id: TEN, kind: 'external', family: 'ipv4', cidrs: ['10.0.0.0/8'] },
    ]);
    assert.deepEqual(out.connections, [
      { from: 'x/a', to: LOW, allowed: [{ protocol: 'UDP', ports: [[53, 53]] }] },
      {
        from: 'x/a',
        to: TEN,
        allowed: [
          { protocol: 'TCP', ports: [[443, 443]] },
          { protocol: 'UDP', ports: [[53, 53]] },
        ],
      },
    ]);
    const v6 = sets(cwd, '--from', 'fd00::1', '--to', 'x/*');
    assert.deepEqual(
      v6.connections.map((c) => `${c.from} => ${c.to} : ${JSON.stringify(c.allowed)}`),
      [`${V6} => x/b : "all"`, `${V6} => x/c : "all"`],
      'no IPv6 ipBlock: x/a admits nothing over IPv6; x/b and x/c are open',
    );
    const range = sets(cwd, '--from', '11.0.0.0-11.0.0.255', '--to', 'x/a');
    assert.deepEqual(range.connections, [{ from: HIGH, to: 'x/a', allowed: [{ protocol: 'TCP', ports: [[80, 80]] }] }]);
  });

  it('--why names the pod side rules and says no policy applies outside', () => {
    const r = run(['reach', '.', '--from', '1.2.3.4', '--to', 'x/a', '--why'], edge());
    assert.ok(
      r.out.includes(
        `  ${LOW} => x/a : TCP 80\n      egress from outside the cluster (no NetworkPolicy applies there)\n      ingress: x/edge ingress[0] (TCP 80)\n`,
      ),
      r.out,
    );
    const [c] = sets(edge(), '--from', 'x/a', '--to', '192.168.0.1', '--why').connections;
    assert.deepEqual(c.why, {
      egress: {
        isolatedBy: ['x/edge'],
        allowedBy: [{ policy: 'x/edge', direction: 'Egress', rule: 1, allows: [{ protocol: 'UDP', ports: [[53, 53]] }] }],
        allowed: [{ protocol: 'UDP', ports: [[53, 53]] }],
      },
      ingress: { isolatedBy: [], allowedBy: [], allowed: 'all' },
    });
  });

  it('a malformed address pattern is exit 2 with one line', () => {
    for (const [pattern, message] of [
      ['10.0.0.0/33', /^netpol-lint: --from '10\.0\.0\.0\/33' is not a CIDR such as 10\.0\.0\.0\/8 or fd00::\/8\n$/],
      ['10.0.0.9-10.0.0.1', /^netpol-lint: --from '10\.0\.0\.9-10\.0\.0\.1' is not an address range first-last of one family/],
      ['10.0.0.0-fd00::', /is not an address range first-last of one family/],
      ['300.1.1.1', /^netpol-lint: --from '300\.1\.1\.1' is not an IP address, a CIDR or an address range\n$/],
    ] as const) {
      const r = run(['reach', '.', '--from', pattern], edge());
      assert.equal(r.code, 2, pattern);
      assert.match(r.err, message);
    }
    const matrix = run(['reach', '.', '--port', '80', '--to', '10.0.0.0/8'], edge());
    assert.equal(matrix.code, 2);
    assert.match(
      matrix.err,
      /^netpol-lint: --to '10\.0\.0\.0\/8' is an address: the matrix of --port is of pods; reach without --port pairs pods with addresses/,
    );
  });
});
