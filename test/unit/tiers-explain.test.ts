/** `explain` and the editor's hover describe cluster admin policies in plain English, as they do NetworkPolicies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../server/src/cli/connectivity';
import { hoverAt } from '../../server/src/core/services/hover';
import { cnp, docs, np, workspaceFor } from '../tiersModel';

const policies = docs(
  np('allow-web', 'tenant-a', ['podSelector: {matchLabels: {app: web}}', 'ingress:', '  - from: [{namespaceSelector: {matchLabels: {role: monitoring}}}]']),
  cnp('cluster-guardrails', 'Admin', 10, [
    'subject: {namespaces: {matchLabels: {tenant: a}}}',
    'ingress:',
    '  - name: deny-cross-tenant',
    '    action: Deny',
    '    from: [{namespaces: {matchLabels: {tenant: b}}}]',
    'egress:',
    '  - name: dns',
    '    action: Pass',
    '    to: [{pods: {namespaceSelector: {matchLabels: {role: system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}}]',
    '    protocols: [{udp: {destinationPort: {number: 53}}}, {destinationNamedPort: dns-tcp}]',
  ]),
);

describe('tiers: explain and hover', () => {
  it('explain prints each cluster policy after the NetworkPolicies, rule by rule', () => {
    const ws = workspaceFor(policies);
    const text = explain(ws, new Map([['policies.yaml', policies]]), 'text', []);
    assert.match(
      text,
      /ClusterNetworkPolicy cluster-guardrails\n {2}ClusterNetworkPolicy, tier Admin, priority 10 \(decides before NetworkPolicy; lower priorities first\)\.\n {2}Applies to every pod in namespaces with tenant=a\./,
    );
    assert.match(text, /Ingress rule 1 \(deny-cross-tenant\) denies all ports and protocols from every pod in namespaces with tenant=b\./);
    assert.match(
      text,
      /Egress rule 1 \(dns\) passes to the next tier UDP 53, the port named "dns-tcp" of the destination pod to pods with k8s-app=kube-dns in namespaces with role=system\./,
    );
    const json = JSON.parse(explain(ws, new Map([['policies.yaml', policies]]), 'json', []));
    assert.equal(json.policies.length, 1);
    assert.deepEqual(
      json.clusterPolicies.map((c: { policy: string; tier: string; priority: number; rules: unknown[] }) => [c.policy, c.tier, c.priority, c.rules.length]),
      [['cluster-guardrails', 'Admin', 10, 2]],
    );
  });

  it('hover on a cluster policy rule says what it does', () => {
    const ws = workspaceFor(policies);
    const h = hoverAt(ws, 'policies.yaml', policies.indexOf('deny-cross-tenant'));
    assert.ok(h);
    assert.match(
      h.markdown,
      /\*\*Ingress rule 1\*\* \(deny-cross-tenant\) of cluster-guardrails denies all ports and protocols from every pod in namespaces with tenant=b\./,
    );
    const s = hoverAt(ws, 'policies.yaml', policies.indexOf('tenant: a}}}'));
    assert.ok(s);
    assert.match(s.markdown, /Applies to every pod in namespaces with tenant=a\./);
  });
});
