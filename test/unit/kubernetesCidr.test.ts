/**
 * Ground truth: the CIDR cases of Kubernetes' own validation tests, as NetworkPolicy ipBlocks, under
 * both generations of the API server. A case is an error exactly when that generation rejects it.
 *
 * The cases are TestIsValidCIDR's table in kubernetes/kubernetes
 * staging/src/k8s.io/apimachinery/pkg/util/validation/ip_test.go (Apache-2.0, Copyright 2023 The
 * Kubernetes Authors; read at commit 008b3652959ca58af8be3fb5b6ecfe9ae7638282). ipBlock `cidr` and
 * `except` are "legacy" fields there: validated by IsValidCIDRForLegacyField, whose `legacyErr`
 * column is the API server without strict validation (Kubernetes 1.35 and older) and whose
 * `legacyStrictErr` column is the API server with it (1.36, StrictIPCIDRValidation on by default).
 * The RFC 5952 cases are errors only for new fields (IsValidCIDR's `err` column), so not here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, type LintConfig } from '../../server/src/core/index';
import { lint, policy } from '../helpers';

interface UpstreamCase {
  /** The upstream case name. */
  name: string;
  in: string;
  /** Rejected without strict validation (legacyErr set). */
  legacy: boolean;
  /** Rejected with strict validation (legacyStrictErr set). */
  strict: boolean;
}

const CASES: UpstreamCase[] = [
  // GOOD VALUES
  { name: 'ipv4', in: '1.0.0.0/8', legacy: false, strict: false },
  { name: 'ipv4, all IPs', in: '0.0.0.0/0', legacy: false, strict: false },
  { name: 'ipv4, single IP', in: '1.1.1.1/32', legacy: false, strict: false },
  { name: 'ipv6', in: '2001:4860:4860::/48', legacy: false, strict: false },
  { name: 'ipv6, all IPs', in: '::/0', legacy: false, strict: false },
  { name: 'ipv6, single IP', in: '::1/128', legacy: false, strict: false },
  // NON-CANONICAL VALUES (errors for new fields only)
  { name: 'ipv6, extra 0s (non-canonical)', in: '2a00:79e0:2:0::/64', legacy: false, strict: false },
  { name: 'ipv6, capital letters (non-canonical)', in: '2001:DB8::/64', legacy: false, strict: false },
  // GOOD WITH LEGACY VALIDATION, BAD WITH STRICT VALIDATION
  { name: 'ipv4 with leading 0s', in: '1.1.01.0/24', legacy: false, strict: true },
  { name: 'ipv4-in-ipv6 with ipv4-sized prefix', in: '::ffff:1.1.1.0/24', legacy: false, strict: true },
  { name: 'ipv4-in-ipv6 with ipv6-sized prefix', in: '::ffff:1.1.1.0/120', legacy: false, strict: true },
  { name: 'ipv4 ifaddr', in: '1.2.3.4/24', legacy: false, strict: true },
  { name: 'ipv6 ifaddr', in: '2001:db8::1/64', legacy: false, strict: true },
  { name: 'prefix length with leading 0s', in: '192.168.0.0/016', legacy: false, strict: true },
  // BAD VALUES
  { name: 'empty string', in: '', legacy: true, strict: true },
  { name: 'junk', in: 'aaaaaaa', legacy: true, strict: true },
  { name: 'IP address', in: '1.2.3.4', legacy: true, strict: true },
  { name: 'partial URL', in: '192.168.0.1/healthz', legacy: true, strict: true },
  { name: 'partial URL 2', in: '192.168.0.1/0/99', legacy: true, strict: true },
  { name: 'negative prefix length', in: '192.168.0.0/-16', legacy: true, strict: true },
  { name: 'prefix length with sign', in: '192.168.0.0/+16', legacy: true, strict: true },
  // TestIsValidIP's "ipv6 with zone", as a CIDR (Go's ParseCIDR never accepts a zone)
  { name: 'ipv6 with zone', in: '1234::abcd%eth0/64', legacy: true, strict: true },
];

const GENERATIONS: { version: string; rejects: (c: UpstreamCase) => boolean }[] = [
  { version: '1.35', rejects: (c) => c.legacy },
  { version: '1.36', rejects: (c) => c.strict },
];

const config = (kubernetesVersion: string): LintConfig => ({ ...defaultConfig(), kubernetesVersion });
const errors = (text: string, c: LintConfig) => lint(text, c).filter((f) => f.severity === 'error');

describe('CIDRs as the API server of each generation validates them (upstream TestIsValidCIDR)', () => {
  for (const { version, rejects } of GENERATIONS) {
    describe(`Kubernetes ${version}`, () => {
      for (const c of CASES) {
        const verdict = rejects(c) ? 'rejected' : 'accepted';
        it(`${c.name}: ${JSON.stringify(c.in)} is ${verdict}, as cidr and as except`, () => {
          const asCidr = policy(['podSelector: {}', 'policyTypes: [Egress]', 'egress:', '  - to:', `      - ipBlock: {cidr: ${JSON.stringify(c.in)}}`]);
          assert.equal(
            errors(asCidr, config(version)).length > 0,
            rejects(c),
            errors(asCidr, config(version))
              .map((f) => f.message)
              .join('\n'),
          );
          if (c.in === '') return; // an empty except entry: a case of its own (the API reads it as a CIDR "")
          const asExcept = policy([
            'podSelector: {}',
            'policyTypes: [Egress]',
            'egress:',
            '  - to:',
            `      - ipBlock: {cidr: ${c.in.includes(':') ? '"::/0"' : '0.0.0.0/0'}, except: [${JSON.stringify(c.in)}]}`,
          ]);
          // an except must also be a strict subset of cidr: ::/0 and 0.0.0.0/0 hold every value here but
          // themselves, and an IPv4-mapped network of prefix 96 or more, which ValidateIPBlock's
          // IPNet.Contains reads as IPv4 (so not inside ::/0)
          const mappedV4 = c.in === '::ffff:1.1.1.0/120';
          const rejectedAsExcept = rejects(c) || c.in === '0.0.0.0/0' || c.in === '::/0' || mappedV4;
          assert.equal(
            errors(asExcept, config(version)).length > 0,
            rejectedAsExcept,
            errors(asExcept, config(version))
              .map((f) => f.message)
              .join('\n'),
          );
        });
      }
    });
  }

  it('offers the network the API server stores as the fix, in both generations', () => {
    const text = policy(['podSelector: {}', 'policyTypes: [Egress]', 'egress:', '  - to:', '      - ipBlock: {cidr: "::ffff:1.1.1.0/120"}']);
    for (const version of ['1.35', '1.36']) {
      const f = lint(text, config(version)).find((x) => x.code.endsWith('-cidr'));
      assert.equal(f?.fixes?.[0].title, 'Rewrite as 1.1.1.0/24', version);
    }
  });

  it('counts an empty except entry (YAML null) in the indexes, as the API server does', () => {
    const text = policy([
      'podSelector: {}',
      'policyTypes: [Egress]',
      'egress:',
      '  - to:',
      '      - ipBlock: {cidr: 10.0.0.0/8, except: [null, 10.300.0.0/16]}',
    ]);
    assert.deepEqual(
      errors(text, config('1.36')).map((f) => /^Invalid CIDR "([^"]*)": .*except\[(\d)\]\)$/.exec(f.message)?.slice(1).reverse()),
      [
        ['0', ''],
        ['1', '10.300.0.0/16'],
      ],
    );
  });
});
