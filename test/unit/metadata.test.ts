/**
 * The metadata of every kind the workspace reads, checked as the API server checks it: label keys
 * and values of NetworkPolicies, Namespaces, Pods and workloads' pod templates; YAML 1.1 scalars
 * where a string belongs (reported with why and a quoting fix, and the object left out of the
 * cluster `reach` sees, never moved to `default`); typed lists read by their items.
 *
 * Ground truth: the tables of TestIsQualifiedName and TestIsValidLabelValue in kubernetes/kubernetes
 * staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go (Apache-2.0, Copyright 2014
 * The Kubernetes Authors; read at commit 008b3652959ca58af8be3fb5b6ecfe9ae7638282), each case written
 * as a label of a manifest. ValidateLabels (apimachinery/pkg/apis/meta/v1/validation) checks
 * metadata.labels with exactly these two functions and names the labels map in its messages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Connectivity, defaultConfig, fixAll, Workspace } from '../../server/src/core/index';
import { applyFix, findings, lint, messagePath, pointed, policy, yaml } from '../helpers';

const repeat = (s: string, n: number) => s.repeat(n);

/** TestIsQualifiedName: successCases and errorCases. */
const QUALIFIED_OK = [
  'simple',
  'now-with-dashes',
  '1-starts-with-num',
  '1234',
  'simple/simple',
  'now-with-dashes/simple',
  'now-with-dashes/now-with-dashes',
  'now.with.dots/simple',
  'now-with.dashes-and.dots/simple',
  '1-num.2-num/3-num',
  '1234/5678',
  '1.2.3.4/5678',
  'Uppercase_Is_OK_123',
  'example.com/Uppercase_Is_OK_123',
  'requests.storage-foo',
  repeat('a', 63),
  `${repeat('a', 253)}/${repeat('b', 63)}`,
];
const QUALIFIED_BAD = [
  'nospecialchars%^=@',
  'cantendwithadash-',
  '-cantstartwithadash-',
  'only/one/slash',
  'Example.com/abc',
  'example_com/abc',
  'example.com/',
  '/simple',
  repeat('a', 64),
  `${repeat('a', 254)}/abc`,
];
/** TestIsValidLabelValue: successCases and errorCases. */
const VALUE_OK = ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', repeat('a', 63), ''];
const VALUE_BAD = [
  'nospecialchars%^=@',
  'Tama-nui-te-rā.is.Māori.sun',
  '\\backslashes\\are\\bad',
  '-starts-with-dash',
  'ends-with-dash-',
  '.starts.with.dot',
  'ends.with.dot.',
  repeat('a', 64),
];

/** A Pod whose metadata.labels is the given map, written as JSON (valid YAML, every key and value quoted). */
const podWithLabels = (labels: Record<string, string>) =>
  yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', '  namespace: tenant-a', `  labels: ${JSON.stringify(labels)}`);

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace(defaultConfig());
  for (const [file, text] of Object.entries(files)) ws.update(file, text);
  return ws;
}

/** The pods `reach` answers for (namespace/name), as its matrix lists them. */
function reachPods(files: Record<string, string>): string[] {
  return new Connectivity(workspace(files).cluster()).matrix(80, 'TCP').pods;
}

describe('metadata.labels of every kind', () => {
  it('NetworkPolicy: a bad key and a bad value, at the key and the value, named as the API server names them', () => {
    const text = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: web',
      '  namespace: tenant-a',
      '  labels:',
      '    team name: web',
      '    app: "-web"',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Ingress]',
    );
    const [key] = findings(text, 'invalid-label-key');
    assert.equal(pointed(text, key), 'team name');
    assert.match(key.message, /^Invalid label key "team name": name part must consist of .* \(metadata\.labels\)$/);
    const [value] = findings(text, 'invalid-label-value');
    assert.equal(pointed(text, value), '"-web"');
    assert.match(value.message, /^Invalid label value "-web": a valid label must be an empty string .* \(metadata\.labels\)$/);
  });

  it('Namespace, Pod, and a workload and its pod template (CronJob too), each at its own path', () => {
    const text = [
      yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenant-a', '  labels: {"team name": a}'),
      podWithLabels({ app: '-web' }),
      yaml(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: api',
        '  namespace: tenant-a',
        '  labels: {"owner/team/x": a}',
        'spec:',
        '  template:',
        '    metadata:',
        '      labels: {app: "api-"}',
      ),
      yaml(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata:',
        '  name: nightly',
        '  namespace: tenant-a',
        'spec:',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        metadata:',
        '          labels: {"-job": x}',
      ),
    ].join('---\n');
    const found = lint(text)
      .filter((f) => f.code.startsWith('invalid-label'))
      .map((f) => [f.document, f.code, messagePath(f.message), pointed(text, f)]);
    assert.deepEqual(found, [
      [0, 'invalid-label-key', 'metadata.labels', '"team name"'],
      [1, 'invalid-label-value', 'metadata.labels', '"-web"'],
      [2, 'invalid-label-key', 'metadata.labels', '"owner/team/x"'],
      [2, 'invalid-label-value', 'spec.template.metadata.labels', '"api-"'],
      [3, 'invalid-label-key', 'spec.jobTemplate.spec.template.metadata.labels', '"-job"'],
    ]);
  });

  it('other kinds (a ConfigMap) are not ours to check', () => {
    assert.deepEqual(lint(yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', '  labels: {"team name": "-x"}')), []);
  });

  describe('upstream TestIsQualifiedName, as metadata.labels keys', () => {
    for (const key of QUALIFIED_OK)
      it(`accepts ${JSON.stringify(key.length > 40 ? `${key.slice(0, 20)}…(${key.length})` : key)}`, () => {
        assert.deepEqual(findings(podWithLabels({ [key]: 'v' }), 'invalid-label-key'), []);
      });
    for (const key of QUALIFIED_BAD)
      it(`rejects ${JSON.stringify(key.length > 40 ? `${key.slice(0, 20)}…(${key.length})` : key)}`, () => {
        const text = podWithLabels({ [key]: 'v' });
        const f = findings(text, 'invalid-label-key');
        assert.equal(f.length, 1);
        assert.equal(pointed(text, f[0]), JSON.stringify(key));
        assert.ok(f[0].message.startsWith(`Invalid label key "${key}": `) && f[0].message.endsWith(' (metadata.labels)'), f[0].message);
      });
  });

  describe('upstream TestIsValidLabelValue, as metadata.labels values', () => {
    for (const value of VALUE_OK)
      it(`accepts ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}…(${value.length})` : value)}`, () => {
        assert.deepEqual(findings(podWithLabels({ app: value }), 'invalid-label-value'), []);
      });
    for (const value of VALUE_BAD)
      it(`rejects ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}…(${value.length})` : value)}`, () => {
        const text = podWithLabels({ app: value });
        const f = findings(text, 'invalid-label-value');
        assert.equal(f.length, 1);
        assert.equal(pointed(text, f[0]), JSON.stringify(value));
      });
  });
});

const pod = (name: string, namespace: string, extra: string[] = []) =>
  yaml('apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, ...extra);

describe('YAML 1.1 scalars where the API wants a string', () => {
  describe('`namespace: y` on every kind the workspace reads: why, and the quoting fix that clears it', () => {
    const meta = ['metadata:', '  name: web', '  namespace: y'];
    const template = ['  template:', '    metadata:', '      labels: {app: web}', '    spec: {containers: [{name: c, image: nginx}]}'];
    const kinds: [string, string][] = [
      ['NetworkPolicy', yaml('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', ...meta, 'spec:', '  podSelector: {}', '  policyTypes: [Ingress]')],
      ['Pod', yaml('apiVersion: v1', 'kind: Pod', ...meta, 'spec: {containers: [{name: c, image: nginx}]}')],
      ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map((k): [string, string] => [
        k,
        yaml('apiVersion: apps/v1', `kind: ${k}`, ...meta, 'spec:', ...template),
      ]),
      ['Job', yaml('apiVersion: batch/v1', 'kind: Job', ...meta, 'spec:', ...template)],
      ['CronJob', yaml('apiVersion: batch/v1', 'kind: CronJob', ...meta, 'spec:', '  jobTemplate:', '    spec:', ...template.map((l) => `    ${l}`))],
      ['Namespace', yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: y')],
      ['List item', yaml('apiVersion: v1', 'kind: List', 'items:', '  - apiVersion: v1', '    kind: Pod', '    metadata: {name: web, namespace: y}')],
    ];
    for (const [kind, text] of kinds)
      it(kind, () => {
        const [f, ...more] = findings(text, 'wrong-type');
        assert.equal(more.length, 0, text);
        assert.equal(pointed(text, f), 'y');
        assert.match(f.message, /^Must be a string, not a boolean: Kubernetes reads YAML 1\.1, where an unquoted y is a boolean; the API server rejects this /);
        const fixed = applyFix(text, f, 'Quote it: "y"');
        assert.deepEqual(findings(fixed, 'wrong-type'), []);
      });
  });

  it('`port: on` says why, with no quoting fix (it would be a port name); `1.0` is a number', () => {
    const text = policy(['podSelector: {}', 'policyTypes: [Ingress]', 'ingress:', '  - ports:', '      - port: on']);
    const [f] = findings(text, 'wrong-type');
    assert.match(f.message, /^Must be an integer or a string, not a boolean: Kubernetes reads YAML 1\.1, where an unquoted on is a boolean;/);
    assert.deepEqual(f.fixes ?? [], []);
    const [label] = findings(pod('web', 'tenant-a', ['  labels:', '    version: 1.0']), 'wrong-type');
    assert.match(label.message, /^Must be a string, not a number: Kubernetes reads YAML 1\.1, where an unquoted 1\.0 is a number;/);
  });

  it('a match expression key or operator, or a cidr, of another type is reported once, with why (not also as missing)', () => {
    const text = policy([
      'podSelector: {matchExpressions: [{key: on, operator: Exists}, {key: app, operator: no}]}',
      'policyTypes: [Ingress]',
      'ingress:',
      '  - from:',
      '      - ipBlock: {cidr: off}',
    ]);
    assert.deepEqual(findings(text, 'missing-required'), []);
    assert.deepEqual(
      findings(text, 'wrong-type').map((f) => [pointed(text, f), messagePath(f.message)]),
      [
        ['on', 'spec.podSelector.matchExpressions[0].key'],
        ['no', 'spec.podSelector.matchExpressions[1].operator'],
        ['off', 'spec.ingress[0].from[0].ipBlock.cidr'],
      ],
    );
  });

  it('a Pod with `namespace: y`: reported with why, left out of reach (not moved to default), and a fix that quotes it', () => {
    const text = pod('web', 'y');
    const [f] = findings(text, 'wrong-type');
    assert.equal(pointed(text, f), 'y');
    assert.equal(
      f.message,
      'Must be a string, not a boolean: Kubernetes reads YAML 1.1, where an unquoted y is a boolean; the API server rejects this Pod, so reach, explain and the workspace rules leave it out (metadata.namespace)',
    );
    assert.deepEqual(reachPods({ 'p.yaml': text, 'q.yaml': pod('other', 'default') }), ['default/other']);
    const quoted = applyFix(text, f, 'Quote it');
    assert.match(quoted, /namespace: "y"\n/);
    assert.deepEqual(lint(quoted), []);
    assert.deepEqual(reachPods({ 'p.yaml': quoted }), ['y/web']);
  });

  it('a Pod named `on`, a label value `yes`, a number label value: each reported; the Pod is left out', () => {
    for (const [text, at, path] of [
      [pod('on', 'tenant-a'), 'on', 'metadata.name'],
      [pod('web', 'tenant-a', ['  labels:', '    enabled: yes']), 'yes', 'metadata.labels.enabled'],
      [pod('web', 'tenant-a', ['  labels:', '    version: 1.0']), '1.0', 'metadata.labels.version'],
    ] as const) {
      const f = findings(text, 'wrong-type');
      assert.equal(f.length, 1, text);
      assert.equal(pointed(text, f[0]), at);
      assert.ok(f[0].message.startsWith('Must be a string, not '), f[0].message);
      assert.equal(messagePath(f[0].message), path);
      assert.match(f[0].message, /YAML 1\.1.*leave it out/);
      assert.deepEqual(reachPods({ 'p.yaml': text }), []);
    }
  });

  it('a workload whose pod template has a label `yes` is left out; a Namespace named `off` is reported', () => {
    const deployment = yaml(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api',
      '  namespace: tenant-a',
      'spec:',
      '  template:',
      '    metadata:',
      '      labels: {app: api, canary: yes}',
    );
    const [f] = findings(deployment, 'wrong-type');
    assert.equal(pointed(deployment, f), 'yes');
    assert.match(
      f.message,
      /^Must be a string, not a boolean: Kubernetes reads YAML 1\.1.*this Deployment, so.* \(spec\.template\.metadata\.labels\.canary\)$/,
    );
    assert.deepEqual(reachPods({ 'd.yaml': deployment }), []);
    assert.deepEqual(reachPods({ 'd.yaml': deployment.replace('canary: yes', 'canary: "yes"') }), ['tenant-a/api']);
    const ns = yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: off');
    assert.match(findings(ns, 'wrong-type')[0].message, /^Must be a string, not a boolean: .*this Namespace, so.* \(metadata\.name\)$/);
  });

  it('a NetworkPolicy with `namespace: y`: why, the quoting fix, which fix all applies; no "needs a name" for `name: on`', () => {
    const text = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: on',
      '  namespace: y',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Ingress]',
    );
    const f = findings(text, 'wrong-type');
    assert.deepEqual(
      f.map((x) => x.message),
      [
        'Must be a string, not a boolean: Kubernetes reads YAML 1.1, where an unquoted on is a boolean; the API server rejects this policy, so reach, explain and the workspace rules leave it out (metadata.name)',
        'Must be a string, not a boolean: Kubernetes reads YAML 1.1, where an unquoted y is a boolean; the API server rejects this policy, so reach, explain and the workspace rules leave it out (metadata.namespace)',
      ],
    );
    assert.deepEqual(findings(text, 'missing-required'), []);
    const ws = workspace({ 'np.yaml': text });
    const after = fixAll(ws, 'np.yaml')!.text;
    assert.match(after, /name: "on"\n {2}namespace: "y"\n/);
  });

  it('a NetworkPolicy with `namespace: y` does not isolate the pods of default (the API server never stores it)', () => {
    const deny = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: deny, namespace: y}',
      'spec: {podSelector: {}, policyTypes: [Ingress]}',
    );
    const pods = pod('a', 'default') + '---\n' + pod('b', 'default');
    const [f] = findings(deny, 'wrong-type');
    assert.match(f.message, /rejects this policy, so reach, explain and the workspace rules leave it out \(metadata\.namespace\)$/);
    const ws = workspace({ 'np.yaml': deny, 'pods.yaml': pods });
    assert.deepEqual(
      new Connectivity(ws.cluster()).matrix(80, 'TCP').rows.map((r) => [...r]),
      [
        [1, 1],
        [1, 1],
      ],
    );
    assert.deepEqual(ws.objects().policies, []);
    // quoted, it is a policy of namespace "y", which holds no pods: default stays open all the same
    const quoted = workspace({ 'np.yaml': deny.replace('namespace: y', 'namespace: "y"'), 'pods.yaml': pods });
    assert.deepEqual(
      quoted.objects().policies.map((r) => r.policy.namespace?.value),
      ['y'],
    );
  });

  it('a YAML 1.1 timestamp is the text as written (go-yaml v2 keeps it a string), checked as a label value', () => {
    for (const text of [pod('web', 'tenant-a', ['  labels:', '    date: 2024-01-01']), pod('web', 'tenant-a', ['  labels: {date: 2024-01-01}'])]) {
      assert.deepEqual(lint(text), []);
      assert.deepEqual(reachPods({ 'p.yaml': text }), ['tenant-a/web']);
    }
    const policy = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: p, namespace: tenant-a}',
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      '      date: 2001-12-14t21:59:43.10-05:00',
      '  policyTypes: [Ingress]',
    );
    const [f] = findings(policy, 'invalid-label-value');
    assert.match(f.message, /^Invalid label value "2001-12-14t21:59:43\.10-05:00"/);
  });

  it('a label with no value is the empty string, as the API server stores it: a selector on "" matches it', () => {
    const policy = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: p, namespace: x}',
      'spec:',
      '  podSelector:',
      '    matchLabels: {canary: ""}',
      '  policyTypes: [Ingress]',
    );
    const pods = pod('a', 'x', ['  labels:', '    canary:']) + '---\n' + pod('b', 'x');
    const m = new Connectivity(workspace({ 'np.yaml': policy, 'pods.yaml': pods }).cluster()).matrix(80, 'TCP');
    assert.deepEqual(m.pods, ['x/a', 'x/b']);
    // x/a (canary="") is isolated: x/b cannot reach it; x/b is open
    assert.deepEqual(
      m.rows.map((r) => [...r]),
      [
        [1, 1],
        [0, 1],
      ],
    );
  });

  it('quoted, the same values are strings: nothing to report', () => {
    const text = pod('"on"', '"y"', ['  labels: {enabled: "yes", version: "1.0"}']);
    assert.deepEqual(lint(text), []);
    assert.deepEqual(reachPods({ 'p.yaml': text }), ['y/on']);
  });
});

describe('typed lists (kubectl get -o yaml / -o json of one kind)', () => {
  const items = (kind: string, apiVersion: string, ...docs: string[][]) =>
    yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'items:', ...docs.flatMap((d) => d.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))));

  it('PodList, DeploymentList, CronJobList: the items, of the list kind, are the pods reach sees', () => {
    const pods = items('PodList', 'v1', ['metadata:', '  name: a', '  namespace: x'], ['metadata:', '  name: b', '  namespace: x']);
    const deployments = items('DeploymentList', 'apps/v1', [
      'metadata:',
      '  name: api',
      '  namespace: "y"',
      'spec:',
      '  template:',
      '    metadata:',
      '      labels: {app: api}',
    ]);
    const cronjobs = items('CronJobList', 'batch/v1', [
      'metadata: {name: nightly, namespace: z}',
      'spec:',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        metadata: {labels: {app: nightly}}',
    ]);
    assert.deepEqual(reachPods({ 'pods.yaml': pods, 'deployments.yaml': deployments, 'cronjobs.yaml': cronjobs }).sort(), ['x/a', 'x/b', 'y/api', 'z/nightly']);
  });

  it('NamespaceList: its namespaces and their labels are what namespaceSelectors match', () => {
    const namespaces = items('NamespaceList', 'v1', ['metadata:', '  name: x'], ['metadata:', '  name: "y"', '  labels: {team: red}']);
    const policy = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: p',
      '  namespace: x',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Ingress]',
      '  ingress:',
      '    - from:',
      '        - namespaceSelector:',
      '            matchLabels: {team: red}',
    );
    const pods = pod('a', 'x') + '---\n' + pod('b', '"y"');
    const m = new Connectivity(workspace({ 'ns.yaml': namespaces, 'np.yaml': policy, 'pods.yaml': pods }).cluster()).matrix(80, 'TCP');
    assert.deepEqual(m.pods, ['x/a', 'y/b']);
    // x/a admits the namespaces labelled team=red: y, as the NamespaceList labels it
    assert.deepEqual(
      m.rows.map((r) => [...r]),
      [
        [1, 1],
        [1, 1],
      ],
    );
  });

  it('kind: List with items of several kinds; metadata findings carry the item path', () => {
    const list = yaml(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: x}}',
      '  - {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x}}',
      '  - {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: y}}',
    );
    const [f] = findings(list, 'wrong-type');
    assert.match(f.message, /^Must be a string, not a boolean: .* \(items\[2\]\.metadata\.namespace\)$/);
    assert.deepEqual(reachPods({ 'list.yaml': list }), ['x/a']);
  });

  it('a PodList as kubectl get -o json writes it', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'a', namespace: 'x', labels: { app: 'web' } } }] }, null, 2);
    assert.deepEqual(reachPods({ 'pods.json': json }), ['x/a']);
  });

  it('NetworkPolicyList (read by the policy model): its items, without kind, isolate the PodList items', () => {
    const policies = items('NetworkPolicyList', 'networking.k8s.io/v1', [
      'metadata: {name: deny, namespace: x}',
      'spec: {podSelector: {}, policyTypes: [Ingress]}',
    ]);
    const pods = items('PodList', 'v1', ['metadata: {name: a, namespace: x}'], ['metadata: {name: b, namespace: x}']);
    const m = new Connectivity(workspace({ 'np.yaml': policies, 'pods.yaml': pods }).cluster()).matrix(80, 'TCP');
    assert.deepEqual(m.pods, ['x/a', 'x/b']);
    assert.deepEqual(
      m.rows.map((r) => [...r]),
      [
        [1, 0],
        [0, 1],
      ],
    );
  });

  it('a list of another kind (ConfigMapList) holds nothing reach reads', () => {
    assert.deepEqual(reachPods({ 'c.yaml': items('ConfigMapList', 'v1', ['metadata: {name: a, namespace: x}']) }), []);
  });
});

/**
 * TestValidateAnnotations in kubernetes/kubernetes
 * staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta_test.go (Apache-2.0, Copyright 2017
 * The Kubernetes Authors; read at commit 08928a0d03c2c155973f7aa90c4679a24c1903cd): its successCases
 * (the size cases left out: the total size is not checked) and nameErrorCases with the part of the
 * message each expects ("" where the upstream wording differs between versions). ValidateAnnotations
 * lower-cases a key before IsQualifiedName, so TestIsQualifiedName's "Example.com/abc", an error as a
 * label key, is a valid annotation key.
 */
const ANNOTATION_OK = [
  'simple',
  'now-with-dashes',
  '1-starts-with-num',
  '1234',
  'simple/simple',
  'now-with-dashes/simple',
  'now-with-dashes/now-with-dashes',
  'now.with.dots/simple',
  'now-with.dashes-and.dots/simple',
  '1-num.2-num/3-num',
  '1234/5678',
  '1.2.3.4/5678',
  'UpperCase123',
  'Example.com/abc',
];
const ANNOTATION_BAD: [string, string][] = [
  ['nospecialchars^=@', 'name part must consist of'],
  ['cantendwithadash-', 'name part must consist of'],
  ['only/one/slash', ''],
  [repeat('a', 254), 'must be no more than'],
];

describe('invalid-annotation: metadata.annotations keys', () => {
  const withAnnotations = (annotations: Record<string, string>) =>
    yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: web',
      '  namespace: tenant-a',
      `  annotations: ${JSON.stringify(annotations)}`,
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Ingress]',
    );

  it('owner/team/web on a policy: an error at the key, named as the API server names it', () => {
    const text = withAnnotations({ 'owner/team/web': 'payments' });
    const [f] = findings(text, 'invalid-annotation');
    assert.equal(f.severity, 'error');
    assert.equal(pointed(text, f), '"owner/team/web"');
    assert.match(f.message, /^Invalid annotation key "owner\/team\/web": .* \(metadata\.annotations\)$/);
  });

  it('on a Pod, a Namespace and a pod template too; values are not keys', () => {
    const text = [
      yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenant-a', '  annotations: {"-x": ok}'),
      yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', '  namespace: tenant-a', '  annotations: {ok: "owner/team/web"}'),
      yaml(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: db, namespace: tenant-a}',
        'spec:',
        '  template:',
        '    metadata:',
        '      annotations: {"a b": c}',
      ),
    ].join('---\n');
    const found = findings(text, 'invalid-annotation').map((f) => [f.document, messagePath(f.message), pointed(text, f)]);
    assert.deepEqual(found, [
      [0, 'metadata.annotations', '"-x"'],
      [2, 'spec.template.metadata.annotations', '"a b"'],
    ]);
  });

  describe('upstream TestValidateAnnotations', () => {
    for (const key of ANNOTATION_OK)
      it(`accepts ${JSON.stringify(key)}`, () => {
        assert.deepEqual(findings(withAnnotations({ [key]: 'bar' }), 'invalid-annotation'), []);
      });
    for (const [key, expect] of ANNOTATION_BAD)
      it(`rejects ${JSON.stringify(key.length > 40 ? `${key.slice(0, 20)}…(${key.length})` : key)}`, () => {
        const f = findings(withAnnotations({ [key]: 'bar' }), 'invalid-annotation');
        assert.equal(f.length, 1);
        assert.ok(f[0].message.includes(expect), f[0].message);
      });
  });
});
