/** dns-reachable with NodeLocal DNSCache: the DNS profile's nodeLocalIPs count as the cluster DNS. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, parseTestsFile, runTestsFile, Workspace } from '../../server/src/core/index';
import { docs, np } from '../connectivityModel';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: a\nspec:\n  containers: [{ name: c, image: i }]\n';
const TESTS = 'tenants: { a: [a] }\ninvariants: [dns-reachable]\n';

/** Pod a/web isolated for egress but for the NodeLocal DNSCache address on `ports`. */
const toNodeLocal = (ports: string) =>
  np('dns-local', 'a', ['podSelector: {}', 'policyTypes: [Egress]', 'egress:', '  - to: [{ ipBlock: { cidr: 169.254.20.10/32 } }]', `    ports: ${ports}`]);

function dnsReachable(files: string, nodeLocalIPs: string[]) {
  const ws = new Workspace(defaultConfig());
  ws.update('c.yaml', files);
  const { spec, problems } = parseTestsFile(TESTS);
  assert.deepEqual(problems, []);
  const dns = { ...defaultConfig().dns, nodeLocalIPs };
  return runTestsFile(ws.connectivity(), spec, dns).invariants[0];
}

describe('dns-reachable and nodeLocalIPs', () => {
  const both = toNodeLocal('[{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]');

  it('egress to the NodeLocal DNSCache address on UDP and TCP 53 is DNS when the profile names it', () => {
    assert.equal(dnsReachable(docs(POD, both), ['169.254.20.10']).holds, true);
  });

  it('without nodeLocalIPs in the profile the same policy leaves the pod without DNS', () => {
    const v = dnsReachable(docs(POD, both), []);
    assert.equal(v.holds, false);
    assert.equal(v.violations[0].set.toString(), 'TCP 53; UDP 53');
  });

  it('UDP alone to the cache still misses TCP 53; another address is not the cache', () => {
    const udp = dnsReachable(docs(POD, toNodeLocal('[{ protocol: UDP, port: 53 }]')), ['169.254.20.10']);
    assert.equal(udp.holds, false);
    assert.equal(udp.violations[0].set.toString(), 'TCP 53');
    assert.equal(dnsReachable(docs(POD, both), ['169.254.20.11']).holds, false);
  });
});
