/** `netpol-lint --fix` rewrites the v1alpha1 cluster policies into ClusterNetworkPolicies, as the editor's fix all does. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempTree } from '../cliRun';

const ANP = `# the platform team's guardrails
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: deny-cross-tenant
spec:
  priority: 10
  subject:
    namespaces: {}
  ingress:
    - action: Allow
      from:
        - namespaces:
            matchLabels:
              team: monitoring
      ports:
        - portNumber:
            port: 9090
`;

describe('netpol-lint --fix on v1alpha1 cluster policies', () => {
  it('writes the equivalent ClusterNetworkPolicy, says so, and leaves nothing to report', () => {
    const dir = tempTree('netpol-cnp-fix-', { 'anp.yaml': ANP });
    const r = runCli(['anp.yaml', '--fix'], { cwd: dir });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^fixed 1 problem in anp\.yaml \(deprecated-api-version\)\n/);
    assert.match(r.out, /\n0 errors, 0 warnings in 1 file\n$/);
    assert.equal(
      readFileSync(join(dir, 'anp.yaml'), 'utf8'),
      `# the platform team's guardrails
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-cross-tenant
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces: {}
  ingress:
    - action: Accept
      from:
        - namespaces:
            matchLabels:
              team: monitoring
      protocols:
        - tcp:
            destinationPort:
              number: 9090
`,
    );
  });
});
