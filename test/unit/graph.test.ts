/**
 * `netpol-lint graph`: golden DOT / Mermaid / JSON files on the upstream x/y/z model and the tenant
 * scenario (examples/tenant-a-baseline.yaml with test/data/graph/tenant-workloads.yaml), and
 * structural checks: every allowed pair is one edge's, with its set, and no denied pair is any's.
 * The golden files were written by the code and read edge by edge against the policies;
 * `GOLDEN=update` rewrites them (then read the diff).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { graphCommand, workspaceGraph } from '../../server/src/cli/graph';
import { ConnectionSet, defaultConfig, type PortProtocol, Workspace } from '../../server/src/core/index';
import { LABEL_MAX, namesLabel, setLabel, type Graph } from '../../server/src/core/services/graph';
import { dotString, drawnEdges, graphDot, graphMermaid, mermaidText } from '../../server/src/core/services/graphRender';
import { docs, modelYaml, np } from '../connectivityModel';

const DATA = join(__dirname, '../data/graph');
const ROOT = join(__dirname, '../..');

/** Policies on x/y/z: a default deny in x, a named port and a port range from y, z/b's egress to x and y, an ipBlock. */
const XYZ = docs(
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
    '  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.9.0.0/16]}}]',
    '    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]',
  ]),
);

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace(defaultConfig());
  for (const [name, text] of Object.entries(files)) ws.update(name, text);
  return ws;
}

const xyz = () => workspace({ 'model.yaml': modelYaml(), 'policies.yaml': XYZ });
const tenants = () =>
  workspace({
    'tenant-workloads.yaml': readFileSync(join(DATA, 'tenant-workloads.yaml'), 'utf8'),
    'tenant-a-baseline.yaml': readFileSync(join(ROOT, 'examples/tenant-a-baseline.yaml'), 'utf8'),
  });

function golden(name: string, actual: string): void {
  const file = join(DATA, name);
  if (process.env.GOLDEN === 'update') writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs (GOLDEN=update rewrites it; then read the diff)`);
}

type Only = { port: number; protocol: PortProtocol };

/** Every endpoint pair an edge stands for, with its set, as `from to` -> set text; each pair once. */
function edgePairs(g: Graph): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of g.edges) {
    assert.ok(!e.allowed.isEmpty(), 'no edge for an empty set');
    let n = 0;
    for (const a of g.nodes[e.from].members)
      for (const b of g.nodes[e.to].members) {
        if (a === b) continue;
        const key = `${a} ${b}`;
        assert.ok(!out.has(key), `${key} is on two edges`);
        out.set(key, e.allowed.toString());
        n++;
      }
    assert.equal(e.pairs, n, 'pairs counts the pairs the edge stands for');
  }
  return out;
}

/** What the engine allows between the graph's chosen endpoints, pair by pair (not through classes). */
function enginePairs(ws: Workspace, sources: Set<string>, destinations: Set<string>, only?: Only): Map<string, string> {
  const { engine } = workspaceGraph(ws);
  const pods = engine.cluster.pods;
  const ext = engine.externalEndpoints();
  const cut = only ? ConnectionSet.range(only.protocol, only.port) : ConnectionSet.ALL;
  const out = new Map<string, string>();
  const put = (a: string, b: string, s: ConnectionSet) => {
    const set = s.intersect(cut);
    if (sources.has(a) && destinations.has(b) && !set.isEmpty()) out.set(`${a} ${b}`, set.toString());
  };
  for (const p of pods) {
    for (const q of pods) if (p !== q) put(p.id, q.id, engine.connectionsBetween(p, q).allowed);
    for (const r of ext.ranges) {
      put(p.id, r.name, engine.externalBetween(p, r.id, 'Egress').allowed);
      put(r.name, p.id, engine.externalBetween(p, r.id, 'Ingress').allowed);
    }
  }
  return out;
}

function checkStructure(ws: Workspace, filters: { from?: string[]; to?: string[] } = {}, only?: Only): Graph {
  const { graph } = workspaceGraph(ws, filters, only);
  const sources = new Set(graph.nodes.filter((n) => n.source).flatMap((n) => n.members));
  const destinations = new Set(graph.nodes.filter((n) => n.destination).flatMap((n) => n.members));
  assert.deepEqual(
    [...edgePairs(graph)].sort(),
    [...enginePairs(ws, sources, destinations, only)].sort(),
    'the edges stand for exactly the allowed pairs, each with its set',
  );
  return graph;
}

describe('netpol-lint graph', () => {
  it('writes the golden DOT, Mermaid and JSON of the x/y/z model', () => {
    for (const [format, ext] of [
      ['dot', 'dot'],
      ['mermaid', 'mmd'],
      ['json', 'json'],
    ] as const)
      golden(`xyz.${ext}`, graphCommand(xyz(), format, [], {}).out);
  });

  it('writes the golden DOT, Mermaid and JSON of the tenant scenario', () => {
    for (const [format, ext] of [
      ['dot', 'dot'],
      ['mermaid', 'mmd'],
      ['json', 'json'],
    ] as const)
      golden(`tenants.${ext}`, graphCommand(tenants(), format, [], {}).out);
    golden('tenants-port-8080.dot', graphCommand(tenants(), 'dot', [], {}, { port: 8080, protocol: 'TCP' }).out);
  });

  it('has an edge for every allowed pair and none for a denied pair, with and without filters and a port', () => {
    checkStructure(xyz());
    checkStructure(tenants());
    checkStructure(xyz(), { from: ['z/*'] });
    checkStructure(xyz(), { to: ['x/a', '10.9.0.0/16'] });
    checkStructure(xyz(), { from: ['y/*', '0.0.0.0/0'], to: ['x/*', 'y/b'] });
    checkStructure(xyz(), {}, { port: 80, protocol: 'TCP' });
    checkStructure(xyz(), {}, { port: 5005, protocol: 'UDP' });
    checkStructure(tenants(), { to: ['tenant-a/*'] }, { port: 53, protocol: 'UDP' });
  });

  it('draws every allowed pair and no denied pair: the DOT and Mermaid edges read back', () => {
    for (const ws of [xyz(), tenants()]) {
      const { graph } = workspaceGraph(ws);
      const expected = [...edgePairs(graph)].sort();
      const members = new Map(graph.nodes.map((n) => [n.id, n.members]));
      const expand = (from: string[], to: string[], set: string, both: boolean) => {
        const out: [string, string][] = [];
        for (const [xs, ys] of both
          ? [
              [from, to],
              [to, from],
            ]
          : [[from, to]])
          for (const a of xs) for (const b of ys) if (a !== b) out.push([`${a} ${b}`, set]);
        return out;
      };
      // DOT: ids are the nodes' ids, the tooltip the full set
      const fromDot = graphDot(graph)
        .split('\n')
        .flatMap((l) => {
          const m = /^ {2}"([^"]+)" -> "([^"]+)" \[label="[^"]*", tooltip="([^"]*)"(, dir=both)?/.exec(l);
          return m ? expand(members.get(m[1])!, members.get(m[2])!, m[3], m[4] !== undefined) : [];
        });
      assert.deepEqual(fromDot.sort(), expected);
      // Mermaid: nK is the K-th node; a label is the set's (none is shortened here)
      const fromMermaid = graphMermaid(graph)
        .split('\n')
        .flatMap((l) => {
          const m = /^ {2}n(\d+) (<)?(?:-->|==>|-\.->)\|"([^"]*)"\| n(\d+)$/.exec(l);
          return m ? expand(graph.nodes[+m[1]].members, graph.nodes[+m[4]].members, m[3].replace(/#59;/g, ';'), m[2] !== undefined) : [];
        });
      assert.deepEqual(fromMermaid.sort(), expected);
    }
  });

  it('draws a namespace of identical pods as one node and one loop, not N² edges', () => {
    const n = 120;
    const pods = Array.from(
      { length: n },
      (_x, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: "web-${i}", namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c, image: nginx}]}\n`,
    );
    const deny = np('web-only', 'shop', [
      'podSelector: {}',
      'policyTypes: [Ingress, Egress]',
      'ingress: [{from: [{podSelector: {}}], ports: [{port: 443}]}]',
      'egress: [{to: [{podSelector: {}}]}]',
    ]);
    const ws = workspace({ 'pods.yaml': docs(...pods), 'policy.yaml': deny });
    const g = checkStructure(ws);
    const shop = g.nodes.filter((x) => x.kind === 'workloads');
    assert.equal(shop.length, 1);
    assert.equal(shop[0].members.length, n);
    assert.equal(shop[0].label, 'web-0, web-1, web-2 +117 more');
    assert.deepEqual(
      g.edges.map((e) => [g.nodes[e.from].id, g.nodes[e.to].id, e.label, e.pairs]),
      [['shop/web-0', 'shop/web-0', 'TCP 443', n * (n - 1)]],
    );
    assert.match(graphDot(g), /"shop\/web-0" -> "shop\/web-0" \[label="TCP 443"/);
  });

  it('marks cross-namespace and external edges, in DOT and in Mermaid', () => {
    const { graph } = workspaceGraph(tenants());
    const dot = graphDot(graph);
    assert.match(dot, /"ingress-nginx\/ingress-nginx-controller" -> "tenant-a\/web" \[label="TCP 8080", tooltip="TCP 8080", style=bold, color="#c0392b"/);
    // web and api, db allow each other all: one edge, an arrow at each end
    assert.match(dot, /"tenant-a\/web" -> "tenant-a\/api" \[label="all", tooltip="all", dir=both\];/);
    assert.doesNotMatch(dot, /"tenant-a\/api" -> "tenant-a\/web"/);
    assert.match(dot, /"tenant-b\/shop" -> "0\.0\.0\.0-255\.255\.255\.255" \[label="all", tooltip="all", dir=both, style=dashed\];/);
    const mermaid = graphMermaid(graph);
    const links = mermaid.split('\n').filter((l) => / n\d+ <?(-->|==>|-\.->)\|/.test(l));
    const drawn = drawnEdges(graph);
    assert.ok(drawn.length < graph.edges.length, 'edges both ways with one set are drawn once');
    assert.equal(links.length, drawn.length);
    const cross = drawn.flatMap(({ edge }, k) => (edge.scope === 'cross-namespace' ? [k] : []));
    assert.ok(cross.length > 0);
    for (const k of cross) assert.match(links[k], /==>/);
    assert.match(mermaid, new RegExp(`\\n  linkStyle ${cross.join(',')} stroke:#c0392b`));
  });

  it('shortens a long label and keeps the full set in a DOT tooltip and comment, and a Mermaid comment', () => {
    const many = Array.from({ length: 14 }, (_x, i) => `{port: ${1000 + 10 * i}}`).join(', ');
    const policy = np('many', 'x', [
      'podSelector: {matchLabels: {pod: a}}',
      'policyTypes: [Ingress]',
      `ingress: [{ports: [${many}, {protocol: UDP, port: 53}]}]`,
    ]);
    const { graph } = workspaceGraph(workspace({ 'model.yaml': modelYaml(), 'p.yaml': policy }));
    const e = graph.edges.find((x) => graph.nodes[x.to].id === 'x/a')!;
    const full = e.allowed.toString();
    assert.ok(full.length > LABEL_MAX);
    assert.ok(e.label.length <= LABEL_MAX, e.label);
    assert.equal(e.label, 'TCP 1000,1010,1020 +11; UDP 53');
    const line = graphDot(graph)
      .split('\n')
      .find((l) => l.includes(`-> "x/a"`))!;
    assert.ok(line.includes(`tooltip="${full}"`), line);
    assert.ok(line.endsWith(`// ${full}`), line);
    assert.ok(graphMermaid(graph).includes(`: ${full}\n`));
    assert.equal(setLabel(ConnectionSet.parse('TCP 80')!), 'TCP 80');
    assert.equal(namesLabel(['a', 'b']), 'a, b');
  });

  it('escapes names for DOT and Mermaid: quotes, backslashes, newlines, Mermaid syntax', () => {
    assert.equal(dotString('we"b\\x'), '"we\\"b\\\\x"');
    assert.equal(dotString('a\nb'), '"a\\\\u000ab"');
    assert.equal(mermaidText('a"b;c|d#e<f>'), 'a#34;b#59;c#124;d#35;e#60;f#62;');
    assert.equal(mermaidText('x\ny'), 'x#92;u000ay');
    assert.equal(mermaidText('tenant-a/web-1.v2'), 'tenant-a/web-1.v2');
    // a namespace and a pod whose names no API server would take still make a well-formed graph
    const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: "we\\"b]", namespace: "ns\\nend"}\nspec: {containers: [{name: c, image: i}]}\n`;
    const { graph } = workspaceGraph(workspace({ 'p.yaml': pod }));
    const dot = graphDot(graph);
    assert.ok(dot.includes('label="ns\\\\u000aend"'), dot);
    assert.ok(dot.includes('"ns\\\\u000aend/we\\"b]" [label="we\\"b]"'), dot);
    const mermaid = graphMermaid(graph);
    assert.ok(mermaid.includes('subgraph ns0["ns#92;u000aend"]'), mermaid);
    assert.ok(mermaid.includes('n0["we#34;b#93;"]'), mermaid);
    // no quote of a name ends a Mermaid string early: each line holds none or one pair
    for (const line of mermaid.split('\n').filter((l) => !l.trimStart().startsWith('%%'))) assert.ok([0, 2].includes(line.split('"').length - 1), line);
  });

  it('names two workloads of one name in one namespace by their kinds', () => {
    const workload = (kind: string, app: string) =>
      `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: web, namespace: x}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template: {metadata: {labels: {app: ${app}}}, spec: {containers: [{name: c, image: i}]}}\n`;
    const deny = np('db', 'x', ['podSelector: {matchLabels: {app: db}}', 'policyTypes: [Ingress]']);
    const { graph } = workspaceGraph(workspace({ 'w.yaml': docs(workload('Deployment', 'web'), workload('StatefulSet', 'db'), deny) }));
    assert.deepEqual(
      graph.nodes.filter((n) => n.kind === 'workloads').map((n) => [n.id, n.label]),
      [
        ['x/web', 'web (Deployment)'],
        ['x/web#2', 'web (StatefulSet)'],
      ],
    );
  });

  it('says on stderr when the Mermaid text is past what GitHub renders', () => {
    // 40 open namespaces of one pod: 780 edges both ways and 40 to the outside
    const pods = Array.from(
      { length: 40 },
      (_x, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: "n${i}"}\nspec: {containers: [{name: c, image: i}]}\n`,
    );
    const big = graphCommand(workspace({ 'p.yaml': docs(...pods) }), 'mermaid', [], {});
    assert.deepEqual(big.warnings, [
      `the Mermaid text has 820 edges and ${big.out.length} characters: GitHub renders at most 500 edges and 50000 characters (narrow it with --from / --to, or use --format dot)`,
    ]);
    assert.deepEqual(graphCommand(workspace({ 'p.yaml': docs(...pods.slice(0, 30)) }), 'mermaid', [], {}).warnings, [], '435 + 30 edges: no warning');
    assert.deepEqual(graphCommand(workspace({ 'p.yaml': docs(...pods) }), 'dot', [], {}).warnings, []);
  });

  it('writes a well-formed graph of no pods, and says so', () => {
    const { out, warnings } = graphCommand(workspace({ 'p.yaml': XYZ }), 'dot', [], {});
    assert.match(out, /^digraph "netpol-lint" \{$/m);
    assert.doesNotMatch(out, /->/);
    assert.deepEqual(warnings, ['no pods: give the paths of the Pods and workloads (Deployments, …) as well as the policies']);
  });
});
