/** Documents the connectivity answers cannot read: the workspace knows them, file and line. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Connectivity, defaultConfig, hoverAt, reachReport, Workspace } from '../../server/src/core/index';
import { yaml } from '../helpers';

const BROKEN_DENY = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: deny',
  '  namespace: x',
  'spec:',
  '  podSelector: {}',
  '  policyTypes: [Ingress',
);

const pod = (name: string) =>
  yaml('apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, '  namespace: x', 'spec:', '  containers:', '    - name: main', '      image: nginx');

const summary = (ws: Workspace) => ws.unreadable().map((u) => `${u.file}:${u.document}:${u.line}`);

describe('unreadable documents', () => {
  it('a NetworkPolicy with a YAML syntax error is unreadable, at the line of the error, and its pods are open without it', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('pods.yaml', `${pod('a')}---\n${pod('b')}`);
    ws.update('deny.yaml', `# the default deny\n${BROKEN_DENY}`);
    const [u, ...rest] = ws.unreadable();
    assert.deepEqual(rest, []);
    assert.equal(u.file, 'deny.yaml');
    assert.equal(u.document, 0);
    assert.equal(u.line, 9, 'the document ends inside the unclosed flow sequence (0-based line 9)');
    assert.match(u.message, /^YAML syntax error: /);
    // what the engine sees: no policy (which is why the answer must say so)
    const engine = new Connectivity(ws.cluster());
    assert.equal(engine.cluster.policies.length, 0);
    assert.equal(engine.matrix(80, 'TCP').rows[0][1], 1);
  });

  it('a Deployment with a syntax error is unreadable though lint reports nothing on it', () => {
    const ws = new Workspace(defaultConfig());
    const text = yaml('kind: Deployment', 'metadata:', '  name: web', '  namespace: x', 'spec:', '  template: {metadata: {labels: {app: web}}');
    ws.update('web.yaml', text);
    assert.deepEqual(ws.result('web.yaml')!.findings, []);
    assert.deepEqual(summary(ws), ['web.yaml:0:6']);
  });

  it('counts the document index in multi-document files and reads JSON-style kinds', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('all.yaml', `${pod('a')}---\n{"kind": "Namespace", "metadata": {"name": "x"}\n---\n${pod('b')}`);
    assert.deepEqual(
      ws.unreadable().map((u) => [u.document, u.line]),
      [[1, 11]],
    );
    assert.equal(ws.cluster().pods.length, 2, 'the readable documents around it are read');
  });

  it('a broken document of another kind is not unreadable: it changes no answer', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('cm.yaml', yaml('kind: ConfigMap', 'metadata: {name: [x}', 'data:', '  a: b'));
    ws.update('ok.yaml', `${pod('a')}---\n${BROKEN_DENY.replace('[Ingress', '[Ingress]')}`);
    assert.deepEqual(ws.unreadable(), []);
  });

  it('follows the file: fixing the error or removing the file clears it', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deny.yaml', BROKEN_DENY);
    assert.equal(ws.unreadable().length, 1);
    const at = BROKEN_DENY.indexOf('[Ingress') + '[Ingress'.length;
    ws.update('deny.yaml', `${BROKEN_DENY.slice(0, at)}]${BROKEN_DENY.slice(at)}`, { start: at, end: at, newLength: 1 });
    assert.deepEqual(ws.unreadable(), []);
    ws.update('deny.yaml', BROKEN_DENY);
    ws.remove('deny.yaml');
    assert.deepEqual(ws.unreadable(), []);
  });

  it('a file over the limits is unreadable when it names a kind the answers read, at its first line', () => {
    const config = defaultConfig();
    config.limits.maxFileBytes = 200;
    const ws = new Workspace(config);
    ws.update('big.yaml', `${pod('a')}---\n${pod('b')}`);
    ws.update('big-cm.yaml', `kind: ConfigMap\ndata:\n  a: "${'x'.repeat(300)}"\n`);
    const [u, ...rest] = ws.unreadable();
    assert.deepEqual(rest, []);
    assert.deepEqual([u.file, u.document, u.line], ['big.yaml', 0, 0]);
    assert.match(u.message, /^netpol-lint did not read this file: it holds 0\.0 MB, more than the 0\.0 MB limit/);
  });

  it('does not depend on the yaml-syntax setting', () => {
    const config = defaultConfig();
    config.rules['yaml-syntax'] = 'off';
    const ws = new Workspace(config);
    ws.update('deny.yaml', BROKEN_DENY);
    assert.deepEqual(ws.result('deny.yaml')!.findings, []);
    assert.equal(ws.unreadable().length, 1);
  });

  it("the editor's reach report and the podSelector hover say so; without unreadable documents they are as before", () => {
    const ws = new Workspace(defaultConfig());
    ws.update('file:///w/pods.yaml', `${pod('a')}---\n${pod('b')}`);
    const policy = BROKEN_DENY.replace('[Ingress', '[Ingress]').replace('name: deny', 'name: allow-nothing');
    ws.update('file:///w/policy.yaml', policy);
    const subject = ws.snapshot('file:///w/pods.yaml')!.workloads[0];
    const clean = reachReport(ws, subject, 'to')!;
    assert.deepEqual(clean.unreadable, []);
    assert.doesNotMatch(clean.markdown, /could not read/);
    const hover = () => hoverAt(ws, 'file:///w/policy.yaml', policy.indexOf('podSelector') + 2)!.markdown;
    assert.match(hover(), /selects 2 workloads: Pod x\/a, Pod x\/b\./);

    ws.update('file:///w/deny%20all.yaml', BROKEN_DENY);
    const r = reachReport(ws, subject, 'to')!;
    assert.equal(r.unreadable.length, 1);
    assert.match(
      r.markdown,
      /^# Who can reach x\/a\?\n\n> \*\*Warning:\*\* netpol-lint could not read a document of the workspace that may declare a NetworkPolicy, Namespace, Pod or workload: this answer leaves out what it declares, and may be wrong\.\n>\n> - \[deny all\.yaml:9\]\(file:\/\/\/w\/deny%20all\.yaml#L9\): YAML syntax error: /,
    );
    assert.match(hover(), /selects 2 workloads: Pod x\/a, Pod x\/b \(1 document of the workspace could not be read and is left out\)\./);
  });

  it('the hover on a namespaceSelector label says the namespaces it matches may be incomplete', () => {
    const ws = new Workspace(defaultConfig());
    const policy = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: from-team, namespace: x}',
      'spec:',
      '  podSelector: {}',
      '  ingress:',
      '    - from:',
      '        - namespaceSelector:',
      '            matchLabels:',
      '              team: a',
    );
    ws.update('p.yaml', policy);
    ws.update('ns.yaml', 'kind: Namespace\nmetadata: {name: web, labels: {team: a}}\n');
    const hover = () => hoverAt(ws, 'p.yaml', policy.indexOf('team: a') + 1)!.markdown;
    assert.match(hover(), /`team=a` matches 1 namespace of the workspace: web\.$/m);
    ws.update('ns2.yaml', 'kind: Namespace\nmetadata: {name: db, labels: {team: a}\n');
    assert.match(hover(), /`team=a` matches 1 namespace of the workspace: web \(1 document of the workspace could not be read and is left out\)\.$/m);
  });
});
