/**
 * Flow collections indented as only Go's YAML parser (kubectl's) allows are read as kubectl reads
 * them, with a `flow-indentation` hint, instead of making the document unreadable (issue 20).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import { joinFlowLines } from '../../server/src/core/parse/flowLeniency';
import { lint, yaml } from '../helpers';

const DEPLOYMENT = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx',
  '          args: [',
  '\t"--port=8080",',
  '\t"--verbose"',
  '          ]',
  '          ports: [{containerPort: 8080}]',
);

describe('flow collections indented as kubectl allows', () => {
  it('joins only the multi-line flow collections, keeping every offset', () => {
    const joined = joinFlowLines(DEPLOYMENT)!;
    assert.equal(joined.text.length, DEPLOYMENT.length);
    assert.deepEqual(joined.flows, [{ start: DEPLOYMENT.indexOf('['), end: DEPLOYMENT.indexOf(']') + 1 }]);
    const changed = [...DEPLOYMENT].flatMap((c, i) => (c === joined.text[i] ? [] : [c]));
    assert.deepEqual([...new Set(changed)].sort(), ['\t', '\n'].sort(), 'only line breaks and tabs, and only inside the collection');
    assert.ok(joined.text.includes('ports: [{containerPort: 8080}]\n'), 'a one-line collection is left alone');
  });

  it('does not guess around block scalars, comments in the collection, or quotes spanning lines', () => {
    assert.equal(joinFlowLines('a: |\n  [x\nb: [\n1]\n'), undefined);
    assert.equal(joinFlowLines('b: [ # why\n1]\n'), undefined);
    assert.equal(joinFlowLines('b: ["one\n two"]\n'), undefined);
    assert.equal(joinFlowLines('image: nginx[1]\n'), undefined, 'a bracket inside a plain scalar opens nothing');
  });

  it('reads the workload (reach sees it), with a hint on the collection and no syntax error', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('web.yaml', DEPLOYMENT);
    const findings = ws.result('web.yaml')!.findings;
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, DEPLOYMENT.slice(f.span.start, f.span.start + 1)]),
      [['flow-indentation', 'hint', '[']],
    );
    assert.deepEqual(
      ws.cluster().pods.map((p) => [p.id, p.ports.map((c) => c.port)]),
      [['shop/web', [8080]]],
    );
    assert.deepEqual(ws.unreadable(), [], 'not an unreadable document');
  });

  it("analyses a policy read this way, its findings at the text's own positions", () => {
    const text = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: p, namespace: shop}',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [',
      '  Ingress, ingres]',
    );
    const found = lint(text);
    assert.deepEqual(
      found.filter((f) => f.code !== 'no-default-deny').map((f) => [f.code, text.slice(f.span.start, f.span.end)]),
      [
        ['flow-indentation', '[\n  Ingress, ingres]'],
        ['invalid-policy-type', 'ingres'],
      ],
    );
  });

  it('still reports what kubectl rejects too', () => {
    const text = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: p, namespace: shop}',
      'spec:',
      '  policyTypes: [',
      '  Ingress',
    );
    assert.ok(lint(text).some((f) => f.code === 'yaml-syntax'));
  });
});
