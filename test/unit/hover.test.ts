/** Hover: documentation for every NetworkPolicy field, and what a namespaceSelector label matches in the workspace. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, hoverAt, outline, Workspace } from '../../server/src/core/index';
import { yaml } from '../helpers';

const FULL = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: web',
  '  namespace: tenant-a',
  '  labels: {team: a}',
  'spec:',
  '  podSelector:',
  '    matchLabels: {app: web}',
  '    matchExpressions:',
  '      - key: tier',
  '        operator: In',
  '        values: [front]',
  '  policyTypes: [Ingress, Egress]',
  '  ingress:',
  '    - from:',
  '        - namespaceSelector:',
  '            matchLabels:',
  '              team: blue',
  '          podSelector: {}',
  '        - ipBlock:',
  '            cidr: 10.0.0.0/8',
  '            except: [10.1.0.0/16]',
  '      ports:',
  '        - protocol: TCP',
  '          port: 8000',
  '          endPort: 8080',
  '  egress:',
  '    - to:',
  '        - podSelector: {}',
);

const NAMESPACES = yaml(
  'apiVersion: v1',
  'kind: Namespace',
  'metadata:',
  '  name: billing',
  '  labels: {team: blue}',
  '---',
  'apiVersion: v1',
  'kind: Namespace',
  'metadata:',
  '  name: web',
  '  labels: {team: red}',
);

function hover(text: string, needle: string, nth = 0) {
  const ws = new Workspace(defaultConfig());
  ws.update('np.yaml', text);
  ws.update('ns.yaml', NAMESPACES);
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  return hoverAt(ws, 'np.yaml', at + 1);
}

describe('hover documentation', () => {
  const keys: [string, RegExp, number?][] = [
    ['apiVersion:', /\*\*apiVersion\*\* — .*networking\.k8s\.io\/v1/],
    ['kind:', /\*\*kind\*\* — /],
    ['metadata:', /\*\*metadata\*\* — .*own namespace/],
    ['name:', /\*\*metadata\.name\*\* — .*replaces/],
    ['namespace:', /\*\*metadata\.namespace\*\* — .*Default:/],
    ['labels:', /\*\*metadata\.labels\*\* — /],
    ['spec:', /\*\*spec\*\* — .*additive/],
    ['podSelector:', /\*\*spec\.podSelector\*\* — .*every pod/],
    ['matchLabels:', /\*\*matchLabels\*\* — /],
    ['matchExpressions:', /\*\*matchExpressions\*\* — .*without/],
    ['key:', /\*\*key\*\* — /],
    ['operator:', /\*\*operator\*\* — .*In.*NotIn/],
    ['values:', /\*\*values\*\* — /],
    ['policyTypes:', /\*\*spec\.policyTypes\*\* — .*Default when omitted/],
    ['ingress:', /\*\*spec\.ingress\*\* — .*allows no ingress/],
    ['from:', /\*\*from\*\* — .*Missing or empty: every source/],
    ['namespaceSelector:', /\*\*namespaceSelector \(peer\)\*\* — /],
    ['podSelector: {}', /\*\*podSelector \(peer\)\*\* — .*own namespace/],
    ['ipBlock:', /\*\*ipBlock\*\* — /],
    ['cidr:', /\*\*cidr\*\* — /],
    ['except:', /\*\*except\*\* — .*169\.254\.169\.254/],
    ['ports:', /\*\*ports\*\* — .*all ports/],
    ['protocol:', /\*\*protocol\*\* — .*Default: TCP/],
    ['port: 8000', /\*\*port\*\* — .*every port/],
    ['endPort:', /\*\*endPort\*\* — /],
    ['egress:', /\*\*spec\.egress\*\* — .*DNS/],
    ['to:', /\*\*to\*\* — .*every destination/],
  ];
  for (const [needle, want] of keys) {
    it(`documents ${needle.replace(/:.*$/, '')}, with a link to the API reference`, () => {
      const h = hover(FULL, needle);
      assert.ok(h, `no hover on ${needle}`);
      assert.match(h.markdown, want);
      assert.match(h.markdown, /\[API reference\]\(https:\/\/kubernetes\.io\/docs\/reference\/kubernetes-api\/policy-resources\/network-policy-v1\/#\w+\)/);
      assert.equal(FULL.slice(h.span.start, h.span.end), needle.replace(/:.*$/, ''), 'the range is the key');
    });
  }

  it('a label under a namespaceSelector says which workspace namespaces it matches', () => {
    const h = hover(FULL, 'team: blue')!;
    assert.match(h.markdown, /`team=blue` matches 1 namespace of the workspace: billing\./);
    const none = hover(FULL.replace('team: blue', 'team: green'), 'team: green')!;
    assert.match(none.markdown, /`team=green` matches none of the \d+ namespaces the workspace declares/);
  });

  it('an empty label value (`team:` or `team: ""`) is the empty value, never "undefined", in the hover and the outline', () => {
    const withEmpty = NAMESPACES.replace('labels: {team: red}', 'labels: {team: ""}');
    for (const written of ['team:', 'team: ""']) {
      const text = FULL.replace('team: blue', written).replace('{app: web}', '{app: ""}');
      const ws = new Workspace(defaultConfig());
      ws.update('np.yaml', text);
      ws.update('ns.yaml', withEmpty);
      const label = hoverAt(ws, 'np.yaml', text.lastIndexOf(written) + 1)!.markdown;
      assert.match(label, /^`team=""` \(the label set to the empty value\) matches 1 namespace of the workspace: web\./, written);
      const policy = hoverAt(ws, 'np.yaml', text.indexOf('{app') + 1)!.markdown;
      assert.match(policy, /Selects pods with app="" \(the label set to the empty value\)/);
      const nodes = outline(ws, 'np.yaml');
      assert.match(nodes[0].children[0].detail, /from every pod in namespaces with team="" \(the label set to the empty value\)/);
      for (const shown of [label, policy, JSON.stringify(nodes)]) assert.doesNotMatch(shown, /undefined/);
    }
  });

  it('a key inside a rule also explains the rule', () => {
    assert.match(hover(FULL, 'protocol:')!.markdown, /\*\*Ingress rule 1\*\* of tenant-a\/web allows TCP 8000-8080 from /);
  });

  it('inside a peer, the peer comes first in plain English', () => {
    const h = hover(FULL, 'cidr:')!;
    assert.match(h.markdown, /\*\*From:\*\* IP addresses in 10\.0\.0\.0\/8 except 10\.1\.0\.0\/16\./);
  });

  it('no hover outside NetworkPolicies', () => {
    assert.equal(hover(NAMESPACES + '---\n' + FULL, 'name: billing'), undefined);
  });
});

describe('hover on a rule: what it allows in this workspace', () => {
  const pods = [
    'kind: Pod\nmetadata: {name: web, namespace: "x", labels: {app: web}}\nspec:\n  containers: [{name: c, image: i, ports: [{containerPort: 8080, name: http}]}]\n',
    'kind: Pod\nmetadata: {name: web2, namespace: "x", labels: {app: web}}\nspec:\n  containers: [{name: c, image: i, ports: [{containerPort: 9090, name: http}]}]\n',
    'kind: Pod\nmetadata: {name: client, namespace: "y", labels: {app: client}}\n',
  ].join('---\n');
  const policy = yaml(
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata: {name: web, namespace: "x"}',
    'spec:',
    '  podSelector: {matchLabels: {app: web}}',
    '  policyTypes: [Ingress, Egress]',
    '  ingress:',
    '    - from: [{namespaceSelector: {}}, {ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]',
    '      ports: [{port: http}]',
    '  egress:',
    '    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "y"}}}, {ipBlock: {cidr: 10.0.0.0/8}}]',
    '      ports: [{port: http}, {protocol: UDP, port: 53}]',
  );
  const ws = new Workspace(defaultConfig());
  ws.update('file:///w/pods.yaml', pods);
  ws.update('file:///w/policy.yaml', policy);
  const at = (needle: string) => hoverAt(ws, 'file:///w/policy.yaml', policy.indexOf(needle) + 2)!.markdown;

  it('ingress: from the peers to each selected pod, named ports resolved per pod, external ranges too', () => {
    const md = at('ports: [{port: http}]');
    assert.ok(
      md.includes(
        [
          "In this workspace it allows (this side only; the other side's policies must allow it too):",
          '',
          '- from `x/web`, `x/web2`, `y/client` to `x/web`: TCP 8080',
          '- from outside the cluster `0.0.0.0-9.255.255.255`, `11.0.0.0-255.255.255.255` to `x/web`: TCP 8080',
          '- from `x/web`, `x/web2`, `y/client` to `x/web2`: TCP 9090',
          '- from outside the cluster `0.0.0.0-9.255.255.255`, `11.0.0.0-255.255.255.255` to `x/web2`: TCP 9090',
        ].join('\n'),
      ),
      md,
    );
  });

  it('egress: a named port resolves on each destination, and allows nothing outside the cluster', () => {
    const md = at('ports: [{port: http}, {protocol: UDP');
    assert.ok(
      md.includes('- from `x/web`, `x/web2` to `y/client`: UDP 53\n- from `x/web`, `x/web2` to outside the cluster `10.0.0.0-10.255.255.255`: UDP 53'),
      md,
    );
    assert.doesNotMatch(md, /outside the cluster[^\n]*TCP/, 'no container port outside the cluster: http is nothing there');
  });
});
