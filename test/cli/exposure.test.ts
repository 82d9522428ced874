/** `netpol-lint reach --exposure`: per workload, what may reach it from other namespaces and from outside the cluster, and what it may reach outside. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConnectionSet } from '../../server/src/core/index';
import { docs, IDS, modelYaml, np } from '../connectivityModel';
import { runCli } from '../cliRun';

const run = (args: string[], cwd: string) => runCli(args, { cwd });

const POLICIES = docs(
  np('edge', 'x', [
    'podSelector: {matchLabels: {pod: a}}',
    'policyTypes: [Ingress, Egress]',
    'ingress:',
    '  - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]',
    '    ports: [{port: 80}]',
    '  - from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]',
    '    ports: [{port: 81}]',
    'egress:',
    '  - to: [{ipBlock: {cidr: 10.0.0.0/8}}]',
    '    ports: [{port: 443}, {port: serve-80-tcp}]',
    '  - ports: [{protocol: UDP, port: 53}]',
  ]),
  np('deny', 'z', ['podSelector: {}', 'policyTypes: [Ingress, Egress]']),
  np('zb', 'z', ['podSelector: {matchLabels: {pod: b}}', 'ingress: [{from: [{namespaceSelector: {}}]}]']),
);

function model(): string {
  const d = mkdtempSync(join(tmpdir(), 'netpol-exposure-'));
  writeFileSync(join(d, 'model.yaml'), modelYaml());
  writeFileSync(join(d, 'policies.yaml'), POLICIES);
  return d;
}

type Part = { allowed: unknown; sources?: { from: string; allowed: unknown }[]; destinations?: { to: string; allowed: unknown }[] };
type Workload = { id: string; workloadKind: string; fromOtherNamespaces: Part; fromOutsideCluster: Part; toOutsideCluster: Part };

describe('netpol-lint reach --exposure', () => {
  it('prints, per workload, the union and the peers grouped by set, then a count', () => {
    const r = run(['reach', '.', '--exposure'], model());
    assert.equal(r.code, 0, r.err);
    assert.ok(
      r.out.includes(
        [
          '',
          'x/a (Pod)',
          '  from other namespaces: TCP 81',
          '    y/* : TCP 81',
          '  from outside the cluster: TCP 80',
          '    0.0.0.0-9.255.255.255, 11.0.0.0-255.255.255.255 : TCP 80',
          '  to outside the cluster: TCP 443; UDP 53',
          '    0.0.0.0-9.255.255.255, 11.0.0.0-255.255.255.255, ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff : UDP 53',
          '    10.0.0.0-10.255.255.255 : TCP 443; UDP 53',
          '',
          'x/b (Pod)',
          '  from other namespaces: all',
          '    y/* : all',
          '  from outside the cluster: all',
          '    every address (0.0.0.0/0, ::/0) : all',
          '  to outside the cluster: all',
          '    every address (0.0.0.0/0, ::/0) : all',
          '',
        ].join('\n'),
      ),
      r.out,
    );
    assert.ok(
      r.out.includes(
        '\nz/b (Pod)\n  from other namespaces: all\n    x/a : TCP 80,443; UDP 53\n    x/b, x/c, y/* : all\n  from outside the cluster: none\n  to outside the cluster: none\n',
      ),
      'z/b admits every namespace but no address; z/deny closes its egress',
    );
    assert.ok(
      r.out.endsWith('\n7 of 9 workloads may be reached from another namespace, 6 from outside the cluster; 6 may reach outside the cluster.\n'),
      r.out,
    );
  });

  it('in JSON, agrees with reach without --port: each union is that of the pairs it covers', () => {
    const cwd = model();
    const ex = JSON.parse(run(['reach', '.', '--exposure', '--format', 'json'], cwd).out) as { workloads: Workload[]; ranges: { id: string; kind: string }[] };
    assert.deepEqual(
      ex.workloads.map((w) => w.id),
      IDS,
    );
    assert.deepEqual(
      ex.ranges.map((r) => r.id),
      ['0.0.0.0-9.255.255.255', '10.0.0.0-10.255.255.255', '11.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    );
    const pairs = JSON.parse(run(['reach', '.', '--format', 'json'], cwd).out) as {
      endpoints: { id: string; kind: string; namespace?: string }[];
      connections: { from: string; to: string; allowed: unknown }[];
    };
    const kind = new Map(pairs.endpoints.map((e) => [e.id, e]));
    for (const w of ex.workloads) {
      const ns = w.id.split('/')[0];
      const union = (list: { allowed: unknown }[]) => list.reduce((s, c) => s.union(ConnectionSet.fromJson(c.allowed)!), ConnectionSet.NONE).toString();
      const other = pairs.connections.filter((c) => c.to === w.id && kind.get(c.from)?.kind === 'pod' && kind.get(c.from)?.namespace !== ns);
      const inbound = pairs.connections.filter((c) => c.to === w.id && kind.get(c.from)?.kind === 'external');
      const outbound = pairs.connections.filter((c) => c.from === w.id && kind.get(c.to)?.kind === 'external');
      assert.equal(ConnectionSet.fromJson(w.fromOtherNamespaces.allowed)!.toString(), union(other), `${w.id} from other namespaces`);
      assert.equal(ConnectionSet.fromJson(w.fromOutsideCluster.allowed)!.toString(), union(inbound), `${w.id} from outside`);
      assert.equal(ConnectionSet.fromJson(w.toOutsideCluster.allowed)!.toString(), union(outbound), `${w.id} to outside`);
      assert.deepEqual(
        w.fromOtherNamespaces.sources!.map((s) => s.from),
        other.map((c) => c.from),
      );
      assert.deepEqual(
        w.toOutsideCluster.destinations!.map((s) => [s.to, s.allowed]),
        outbound.map((c) => [c.to, c.allowed]),
      );
    }
  });

  it('takes no --port, --from, --to or --why, and belongs to reach (exit 2, one line)', () => {
    const cwd = model();
    for (const extra of [['--port', '80'], ['--to', 'x/a'], ['--why']]) {
      const r = run(['reach', '.', '--exposure', ...extra], cwd);
      assert.equal(r.code, 2, extra.join(' '));
      assert.equal(r.err, 'netpol-lint: --exposure covers every workload on every port: it takes no --port, --from, --to or --why\n');
    }
    const lint = run(['lint', '.', '--exposure'], cwd);
    assert.equal(lint.code, 2);
    assert.equal(lint.err, 'netpol-lint: --exposure belongs to reach\n');
  });
});
