/**
 * The cluster policies' semantic warnings that read one policy: a rule an earlier one shadows, a
 * catch-all `networks` CIDR that decides pod traffic too, `domainNames` outside Accept. Each fires
 * on the mistake, at the part it is about, and stays silent on the near miss that is fine.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, type LintConfig } from '../../server/src/core/index';
import { findings, yaml } from '../helpers';

const EXPERIMENTAL: LintConfig = { ...defaultConfig(), clusterNetworkPolicy: { channel: 'experimental' } };

/** An Admin ClusterNetworkPolicy for all namespaces with these lines under `spec:` after the subject. */
function admin(...lines: string[]): string {
  return yaml(
    'apiVersion: policy.networking.k8s.io/v1alpha2',
    'kind: ClusterNetworkPolicy',
    'metadata:',
    '  name: guard',
    'spec:',
    '  tier: Admin',
    '  priority: 10',
    '  subject:',
    '    namespaces: {}',
    ...lines.map((l) => `  ${l}`),
  );
}

/** An egress rule: name, action, `to` items, more lines of the rule. */
function rule(name: string, action: string, to: string[], more: string[] = []): string[] {
  return [`  - name: ${name}`, `    action: ${action}`, '    to:', ...to.map((l) => `      ${l}`), ...more.map((l) => `    ${l}`)];
}

const tcp = (port: string) => ['protocols:', '  - tcp:', '      destinationPort:', `        ${port}`];
const kubeSystem = ['- namespaces:', '    matchLabels:', '      kubernetes.io/metadata.name: kube-system'];

describe('shadowed-cluster-rule', () => {
  it('reports a rule whose traffic an earlier rule of the same direction matches, on the later rule, naming the earlier one', () => {
    const text = admin('egress:', ...rule('allow-all', 'Accept', ['- namespaces: {}']), ...rule('deny-ks', 'Deny', kubeSystem));
    const f = findings(text, 'shadowed-cluster-rule');
    assert.equal(f.length, 1);
    assert.equal(text.slice(f[0].span.start, f[0].span.end), 'deny-ks');
    assert.match(f[0].message, /^Shadowed rule: egress rule "allow-all" \(egress\[0\]\) .* this Deny never applies/);
    assert.match(f[0].message, /\(spec\.egress\[1\]\)$/);
  });

  it('says a covered rule of the same action is redundant', () => {
    const text = admin('egress:', ...rule('a', 'Deny', ['- namespaces: {}']), ...rule('b', 'Deny', kubeSystem, tcp('number: 53')));
    assert.match(findings(text, 'shadowed-cluster-rule')[0].message, /redundant/);
  });

  it('covers ports inside a range, CIDRs inside a CIDR, and pods inside their namespaces', () => {
    const ports = admin(
      'egress:',
      ...rule('a', 'Deny', ['- namespaces: {}'], tcp('range: {start: 1000, end: 2000}')),
      ...rule('b', 'Accept', kubeSystem, tcp('number: 1500')),
    );
    assert.equal(findings(ports, 'shadowed-cluster-rule').length, 1);
    const cidrs = admin('egress:', ...rule('a', 'Deny', ['- networks: ["10.0.0.0/8"]']), ...rule('b', 'Accept', ['- networks: ["10.1.0.0/16"]']));
    assert.equal(findings(cidrs, 'shadowed-cluster-rule').length, 1);
    const pods = admin(
      'egress:',
      ...rule('a', 'Deny', kubeSystem),
      ...rule('b', 'Accept', [
        '- pods:',
        '    namespaceSelector:',
        '      matchLabels:',
        '        kubernetes.io/metadata.name: kube-system',
        '    podSelector: {matchLabels: {app: x}}',
      ]),
    );
    assert.equal(findings(pods, 'shadowed-cluster-rule').length, 1);
  });

  it('is silent when the later rule reaches beyond the earlier one (other port, wider peer, other direction, narrower earlier rule)', () => {
    const cases = [
      admin('egress:', ...rule('a', 'Deny', ['- namespaces: {}'], tcp('number: 80')), ...rule('b', 'Accept', kubeSystem, tcp('number: 443'))),
      admin('egress:', ...rule('a', 'Deny', ['- namespaces: {}'], tcp('number: 80')), ...rule('b', 'Accept', kubeSystem)),
      admin('egress:', ...rule('a', 'Deny', kubeSystem), ...rule('b', 'Accept', ['- namespaces: {}'])),
      admin('egress:', ...rule('a', 'Deny', ['- networks: ["10.1.0.0/16"]']), ...rule('b', 'Accept', ['- networks: ["10.0.0.0/8"]'])),
      admin('egress:', ...rule('a', 'Deny', ['- namespaces: {}']), 'ingress:', '  - action: Accept', '    from:', '      - namespaces: {}'),
    ];
    for (const text of cases) assert.deepEqual(findings(text, 'shadowed-cluster-rule'), [], text);
  });

  it('reads v1alpha1 ports as protocols (a portRange covers a portNumber inside it)', () => {
    const text = yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha1',
      'kind: AdminNetworkPolicy',
      'metadata:',
      '  name: guard',
      'spec:',
      '  priority: 10',
      '  subject:',
      '    namespaces: {}',
      '  ingress:',
      '    - action: Deny',
      '      from:',
      '        - namespaces: {}',
      '      ports:',
      '        - portRange: {protocol: TCP, start: 8000, end: 9000}',
      '    - action: Allow',
      '      from:',
      '        - namespaces: {matchLabels: {team: a}}',
      '      ports:',
      '        - portNumber: {protocol: TCP, port: 8080}',
    );
    const f = findings(text, 'shadowed-cluster-rule');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /ingress\[0\] matches every connection this rule matches .* this Accept never applies/);
  });
});

describe('catch-all-networks', () => {
  it('reports 0.0.0.0/0 and ::/0 in an Accept or Deny with no earlier rule for pod traffic, at the CIDR', () => {
    const text = admin('egress:', ...rule('out', 'Deny', ['- networks: ["0.0.0.0/0", "::/0"]']));
    const f = findings(text, 'catch-all-networks');
    assert.deepEqual(
      f.map((x) => text.slice(x.span.start, x.span.end)),
      ['"0.0.0.0/0"', '"::/0"'],
    );
    assert.match(f[0].message, /^Catch-all networks catch pod traffic: 0\.0\.0\.0\/0 .* every IPv4 connection/);
    assert.match(f[1].message, /every IPv6 connection/);
  });

  it('is silent after a Pass for all pods, for a narrower CIDR, for a Pass to 0.0.0.0/0, beside a peer of all pods, and in the Baseline tier', () => {
    const cases = [
      admin('egress:', ...rule('pods', 'Pass', ['- namespaces: {}']), ...rule('out', 'Deny', ['- networks: ["0.0.0.0/0"]'])),
      admin('egress:', ...rule('pods', 'Pass', ['- pods:', '    podSelector: {}']), ...rule('out', 'Accept', ['- networks: ["::/0"]'])),
      admin('egress:', ...rule('out', 'Deny', ['- networks: ["203.0.113.0/24"]'])),
      admin('egress:', ...rule('out', 'Pass', ['- networks: ["0.0.0.0/0"]'])),
      // all traffic, on purpose: every pod named beside the CIDR
      admin('egress:', ...rule('all', 'Deny', ['- namespaces: {}', '- networks: ["0.0.0.0/0"]'])),
      // the Baseline tier's default deny (NetworkPolicies override it)
      admin('egress:', ...rule('out', 'Deny', ['- networks: ["0.0.0.0/0"]'])).replace('tier: Admin', 'tier: Baseline'),
    ];
    for (const text of cases) assert.deepEqual(findings(text, 'catch-all-networks'), [], text);
  });

  it('still reports when the earlier Pass covers only some of the ports', () => {
    const text = admin('egress:', ...rule('pods', 'Pass', ['- namespaces: {}'], tcp('number: 443')), ...rule('out', 'Deny', ['- networks: ["0.0.0.0/0"]']));
    assert.equal(findings(text, 'catch-all-networks').length, 1);
  });
});

describe('domain-names-not-accept', () => {
  it('reports domainNames in a Deny and in a Pass, at the key', () => {
    for (const action of ['Deny', 'Pass']) {
      const text = admin('egress:', ...rule('names', action, ['- domainNames: ["pastebin.com"]']));
      const f = findings(text, 'domain-names-not-accept', EXPERIMENTAL);
      assert.equal(f.length, 1, action);
      assert.equal(text.slice(f[0].span.start, f[0].span.end), 'domainNames');
      assert.match(f[0].message, new RegExp(`^Domain names in a ${action} rule: .*\\(spec\\.egress\\[0\\]\\.to\\[0\\]\\.domainNames\\)$`));
    }
  });

  it('is silent in an Accept', () => {
    const text = admin('egress:', ...rule('names', 'Accept', ['- domainNames: ["github.com"]']));
    assert.deepEqual(findings(text, 'domain-names-not-accept', EXPERIMENTAL), []);
  });
});
