/** Two objects of one name: the later replaces the earlier in the cluster, as `kubectl apply` does, and duplicate-policy-name agrees. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Connectivity, defaultConfig, hoverAt, reachReport, Workspace } from '../../server/src/core/index';
import type { PolicyRef } from '../../server/src/core/rules/types';
import { docs, modelYaml, np } from '../connectivityModel';

const webPort = (name: string, port: number) =>
  np(name, 'x', ['podSelector: {matchLabels: {pod: a}}', 'ingress:', '  - ports:', `      - {protocol: TCP, port: ${port}}`]);

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace(defaultConfig());
  for (const [file, text] of Object.entries(files)) ws.update(file, text);
  return ws;
}

const allowed = (ws: Workspace, from: string, to: string, port: number) => {
  const engine = new Connectivity(ws.cluster());
  return engine.verdict(engine.pod(from)!, engine.pod(to)!, port, 'TCP').allowed;
};

describe('the later of two same-named objects replaces the earlier', () => {
  it('NetworkPolicies by namespace/name, across files (files by key): only the later port is open', () => {
    const ws = workspace({ 'model.yaml': modelYaml(), 'a.yaml': webPort('web', 80), 'b.yaml': webPort('web', 81) });
    assert.equal(allowed(ws, 'y/a', 'x/a', 81), true);
    assert.equal(allowed(ws, 'y/a', 'x/a', 80), false, 'the earlier x/web (TCP 80) is gone after kubectl apply');
    const cluster = ws.cluster();
    assert.deepEqual(
      cluster.policies.map((p) => `${p.id}@${p.ref!.file}`),
      ['x/web@b.yaml'],
    );
    assert.deepEqual(
      cluster.replaced.map((r) => `${r.what}@${r.ref.file} by ${r.by.file}`),
      ['NetworkPolicy x/web@a.yaml by b.yaml'],
    );
  });

  it('within one file, document order: the later document wins', () => {
    const ws = workspace({ 'model.yaml': modelYaml(), 'p.yaml': docs(webPort('web', 81), webPort('web', 80)) });
    assert.equal(allowed(ws, 'y/a', 'x/a', 80), true);
    assert.equal(allowed(ws, 'y/a', 'x/a', 81), false);
  });

  it('Namespaces by name: the later labels replace the earlier, never merged', () => {
    const selectTeam = np('from-team-a', 'x', ['podSelector: {}', 'ingress:', '  - from:', '      - namespaceSelector: {matchLabels: {team: a}}']);
    const ns = (labels: string) => `kind: Namespace\nmetadata:\n  name: "y"\n  labels: ${labels}\n`;
    const ws = workspace({ 'model.yaml': modelYaml(), 'p.yaml': selectTeam, 'z1.yaml': ns('{team: a}'), 'z2.yaml': ns('{owner: b}') });
    assert.deepEqual(ws.cluster().namespaces.get('y'), { owner: 'b', 'kubernetes.io/metadata.name': 'y' });
    assert.equal(allowed(ws, 'y/a', 'x/a', 80), false, 'y no longer carries team=a');
    // model.yaml declared y first (with ns: y): two replacements of y
    assert.deepEqual(
      ws
        .cluster()
        .replaced.filter((r) => r.what === 'Namespace y')
        .map((r) => r.ref.file),
      ['model.yaml', 'z1.yaml'],
    );
  });

  it('workloads by namespace/kind/name: one pod, with the later labels; a Pod of the same name stays', () => {
    const deploy = (app: string) =>
      `kind: Deployment\nmetadata:\n  name: web\n  namespace: "x"\nspec:\n  template:\n    metadata:\n      labels: {app: ${app}}\n`;
    const pod = 'kind: Pod\nmetadata:\n  name: web\n  namespace: "x"\n  labels: {app: pod}\n';
    const ws = workspace({ 'a.yaml': docs(deploy('old'), pod), 'b.yaml': deploy('new') });
    const pods = ws.cluster().pods.map((p) => `${p.id} ${p.kind} ${p.labels.app}`);
    assert.deepEqual(pods, ['x/web Pod pod', 'x/web#2 Deployment new']);
    // the editor's report on the replaced manifest answers for the one that replaced it, and says so
    const replaced = ws.snapshot('a.yaml')!.workloads[0];
    const r = reachReport(ws, replaced, 'to')!;
    assert.match(r.markdown, /This manifest is replaced by the later Deployment of the same name \(b\.yaml:3\), as `kubectl apply` of both would/);
    assert.match(r.title, /^Who can reach x\/web#2\?$/);
  });

  it('the hover on a replaced policy says which one replaced it', () => {
    const text = webPort('web', 80);
    const ws = workspace({ 'model.yaml': modelYaml(), 'a.yaml': text, 'b.yaml': webPort('web', 81) });
    const md = hoverAt(ws, 'a.yaml', text.indexOf('podSelector') + 2)!.markdown;
    assert.match(md, /\*\*NetworkPolicy x\/web\*\* replaced by the later x\/web \(b\.yaml:1\), as `kubectl apply` of both would\./);
    const kept = hoverAt(ws, 'b.yaml', text.indexOf('podSelector') + 2)!.markdown;
    assert.match(kept, /\*\*NetworkPolicy x\/web\*\* selects 1 workload: Pod x\/a\./);
  });

  it('agrees with duplicate-policy-name: a policy is replaced exactly when the rule flags it and it is not the last of its name', () => {
    const nameless = (name: string, port: number) =>
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        `  name: ${name}`,
        'spec:',
        '  podSelector: {}',
        '  ingress:',
        `    - ports: [{port: ${port}}]`,
      ].join('\n') + '\n';
    const ws = workspace({
      'model.yaml': modelYaml(),
      'a.yaml': docs(webPort('web', 80), webPort('db', 5432), nameless('local', 1)),
      'b.yaml': docs(webPort('web', 81), webPort('web', 82), nameless('local', 2), nameless('local', 3)),
      'c.yaml': docs(webPort('db', 5433), nameless('local', 4), webPort('api', 1)),
    });
    const order = ws.objects().policies;
    const flagged = new Set<string>();
    for (const file of ws.fileKeys())
      for (const f of ws.result(file)!.findings.filter((x) => x.code === 'duplicate-policy-name')) flagged.add(`${file}#${f.document}`);
    const key = (r: { file: string; document: number }) => `${r.file}#${r.document}`;
    const cluster = ws.cluster();
    const replaced = new Set(cluster.replaced.map((r) => key(r.ref)));
    const winners = new Set(cluster.replaced.map((r) => key(r.by)));
    // every replaced policy and every one that replaced another is flagged, and every flagged one is one of the two
    assert.deepEqual([...flagged].sort(), [...new Set([...replaced, ...winners])].sort());
    for (const r of cluster.replaced) {
      assert.ok(!replaced.has(key(r.by)), `${key(r.by)} is the last of its name`);
      assert.ok(order.indexOf(r.by as PolicyRef) > order.indexOf(r.ref as PolicyRef), 'the one kept comes later in workspace order, the order the rule reads');
    }
    assert.deepEqual([...replaced].sort(), ['a.yaml#0', 'a.yaml#1', 'b.yaml#0', 'b.yaml#2']);
    // namespace-less policies of two files may land in two namespaces: the rule does not flag them, and both stay
    assert.equal(cluster.policies.filter((p) => p.id === 'default/local').length, 3, 'one per file');
  });
});

describe('duplicate-policy-name names the other file as it is called', () => {
  const message = (ws: Workspace, file: string) => ws.result(file)!.findings.find((f) => f.code === 'duplicate-policy-name')!.message;

  it('CLI paths: a `\\` or a `%` is part of the file name (on Linux and macOS)', { skip: process.platform === 'win32' }, () => {
    const ws = workspace({ 'dir/a\\b.yaml': webPort('web', 80), 'dir/100%25 c%.yaml': webPort('web', 81) });
    assert.match(message(ws, 'dir/a\\b.yaml'), /is also defined in 100%25 c%\.yaml,/);
    assert.match(message(ws, 'dir/100%25 c%.yaml'), /is also defined in a\\b\.yaml,/);
  });

  it('editor URIs: the last segment, percent-decoded', () => {
    const ws = workspace({ 'file:///w/a%5Cb.yaml': webPort('web', 80), 'file:///w/100%2525%20c%25.yaml': webPort('web', 81) });
    assert.match(message(ws, 'file:///w/a%5Cb.yaml'), /is also defined in 100%25 c%\.yaml,/);
    assert.match(message(ws, 'file:///w/100%2525%20c%25.yaml'), /is also defined in a\\b\.yaml,/);
  });
});
