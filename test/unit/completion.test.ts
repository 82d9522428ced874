/** Completion at the cursor (`|` in the texts): keys, enums, and what the workspace knows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeAt, defaultConfig, Workspace } from '../../server/src/core/index';

const WORKLOADS = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  template:',
  '    metadata: {labels: {app: web, tier: front}}',
  '    spec: {containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}, {containerPort: 9090, name: metrics}]}]}',
  '---',
  'apiVersion: v1',
  'kind: Namespace',
  'metadata: {name: billing, labels: {team: blue}}',
  '---',
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: db, namespace: shop, labels: {app: db}}',
  'spec: {containers: [{name: pg, image: postgres, ports: [{containerPort: 5432, name: pg}]}]}',
].join('\n');

function complete(withCursor: string) {
  const at = withCursor.indexOf('|');
  const text = withCursor.replace('|', '');
  const ws = new Workspace(defaultConfig());
  ws.update('workloads.yaml', WORKLOADS);
  ws.update('np.yaml', text);
  const items = completeAt(ws, 'np.yaml', at);
  return {
    items,
    labels: items.map((i) => i.label),
    text,
    at,
    apply: (label: string) => {
      const item = items.find((i) => i.label === label);
      assert.ok(item, `no item ${label} in ${items.map((i) => i.label)}`);
      return text.slice(0, item.span.start) + item.insertText + text.slice(item.span.end);
    },
  };
}

const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\n';

describe('completion: keys', () => {
  it('at the end of the document: the top-level keys not yet there (never status)', () => {
    assert.deepEqual(complete(HEAD + '|').labels, ['spec']);
    assert.deepEqual(complete('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n|').labels, ['metadata', 'spec']);
  });

  it('under spec: the spec fields minus those present, filtered by what is typed', () => {
    assert.deepEqual(complete(HEAD + 'spec:\n  podSelector: {}\n  |').labels, ['policyTypes', 'ingress', 'egress']);
    assert.deepEqual(complete(HEAD + 'spec:\n  podSelector: {}\n  e|\n  ingress: []\n').labels, ['egress']);
    assert.deepEqual(complete(HEAD + 'spec:\n  |\n  podSelector: {}\n  policyTypes: [Ingress]\n').labels, ['ingress', 'egress']);
  });

  it('after "- " in a peer list: the peer fields; inserted with the indentation of the item', () => {
    const c = complete(HEAD + 'spec:\n  podSelector: {}\n  ingress:\n    - from:\n        - |\n');
    assert.deepEqual(c.labels, ['podSelector', 'namespaceSelector', 'ipBlock']);
    assert.match(c.apply('namespaceSelector'), /\n {8}- namespaceSelector:\n {12}\n$/);
  });

  it('the second key of a list item: only what the item lacks', () => {
    assert.deepEqual(complete(HEAD + 'spec:\n  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n      |\n').labels, ['ports']);
    assert.deepEqual(complete(HEAD + 'spec:\n  podSelector: {}\n  ingress:\n    - from: []\n    - |\n').labels, ['from', 'ports'], 'a new item starts afresh');
  });

  it("a list field opens its first item, in the file's own style", () => {
    assert.match(complete(HEAD + 'spec:\n  podSelector: {}\n  eg|').apply('egress'), /\n {2}egress:\n {4}- $/);
    const kubectl = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  policyTypes:\n  - Ingress\n  |';
    assert.match(complete(kubectl).apply('ingress'), /\n {2}ingress:\n {2}- $/);
  });
});

describe('completion: values', () => {
  it('protocol, operator, apiVersion and kind enums', () => {
    assert.deepEqual(complete(HEAD + 'spec:\n  ingress:\n    - ports:\n        - protocol: |\n').labels, ['TCP', 'UDP', 'SCTP']);
    assert.deepEqual(complete(HEAD + 'spec:\n  podSelector:\n    matchExpressions:\n      - key: app\n        operator: N|\n').labels, [
      'In',
      'NotIn',
      'Exists',
      'DoesNotExist',
    ]);
    assert.deepEqual(complete('apiVersion: |\nkind: NetworkPolicy\n').labels, ['networking.k8s.io/v1']);
  });

  it('policyTypes entries not yet listed, block or flow', () => {
    assert.deepEqual(complete(HEAD + 'spec:\n  policyTypes:\n    - Ingress\n    - |\n').labels, ['Egress']);
    assert.deepEqual(complete(HEAD + 'spec:\n  policyTypes: [Egress, |]\n').labels, ['Ingress']);
  });

  it('pod label keys and, for the key under the cursor, its values from the workspace', () => {
    assert.deepEqual(complete(HEAD + 'spec:\n  podSelector:\n    matchLabels:\n      |\n').labels, ['app', 'tier']);
    assert.deepEqual(complete(HEAD + 'spec:\n  podSelector:\n    matchLabels:\n      app: |\n').labels, ['db', 'web']);
    assert.deepEqual(complete(HEAD + 'spec:\n  podSelector:\n    matchLabels:\n      app: web\n      |\n').labels, ['tier']);
  });

  it('namespace labels under a namespaceSelector, and namespace names for kubernetes.io/metadata.name', () => {
    const keys = complete(HEAD + 'spec:\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              |\n').labels;
    assert.deepEqual(keys, ['kubernetes.io/metadata.name', 'team']);
    assert.deepEqual(
      complete(HEAD + 'spec:\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: |\n')
        .labels,
      ['billing', 'shop'],
    );
    // (a policy without a namespace is in "default" until one is typed)
    assert.deepEqual(complete('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: |\n').labels, [
      'billing',
      'default',
      'shop',
    ]);
  });

  it('ports of the workloads the policy selects (numbers and names)', () => {
    const c = complete(HEAD + 'spec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - ports:\n        - port: |\n');
    assert.deepEqual(c.labels, ['8080', 'http', '9090', 'metrics']);
    assert.match(c.items[0].detail!, /TCP "http" on shop\/web/);
  });

  it("egress ports: the workloads the rule's `to` admits, for the entry's protocol", () => {
    const to = HEAD + 'spec:\n  podSelector: {}\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: db}}\n      ports:\n';
    assert.deepEqual(complete(to + '        - port: |\n').labels, ['5432', 'pg'], 'shop/db only: not the ports of shop/web');
    assert.deepEqual(complete(to + '        - protocol: UDP\n          port: |\n').labels, [], 'no UDP port on shop/db');
  });

  it('closes on a value already complete: a port number, an enum value, a known name', () => {
    const ports = HEAD + 'spec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - ports:\n        - port: ';
    assert.deepEqual(complete(ports + '80|\n').labels, [], '80 is a port: Enter must not make it 8080');
    assert.deepEqual(complete(ports + 'ht|\n').labels, ['8080', 'http', '9090', 'metrics'], 'a name being typed');
    assert.deepEqual(complete(ports + 'http|\n').labels, []);
    assert.deepEqual(complete(HEAD + 'spec:\n  ingress:\n    - ports:\n        - protocol: TCP|\n').labels, []);
    assert.deepEqual(complete('apiVersion: networking.k8s.io/v1|\nkind: NetworkPolicy\n').labels, []);
  });

  it('nothing outside NetworkPolicy documents', () => {
    assert.deepEqual(complete('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  |\n').labels, []);
  });
});

describe('completion: whole-document snippets', () => {
  const prefixes = (t: string) =>
    complete(t)
      .items.filter((i) => i.kind === 'snippet')
      .map((i) => i.label);
  it('where a document can start: an empty file, after comments, after ---', () => {
    assert.equal(prefixes('netpol-|').length, 9);
    assert.deepEqual(prefixes('# tenant a\nnetpol-default-deny-a|'), ['netpol-default-deny-all']);
    assert.deepEqual(prefixes(HEAD + 'spec:\n  podSelector: {}\n---\nnetpol-tenant|'), ['netpol-tenant-baseline']);
  });
  it('nowhere else: not in a value, not inside a document, not indented', () => {
    assert.deepEqual(prefixes(HEAD + 'spec:\n  podSelector: {}\nnetpol-|'), [], 'inside a document');
    assert.deepEqual(prefixes(HEAD.replace('name: p', 'name: netpol-|')), [], 'a value');
    assert.deepEqual(prefixes('  netpol-|'), [], 'indented');
    assert.deepEqual(prefixes('netpol-|\nkind: NetworkPolicy\n'), [], 'above a document');
  });
});
