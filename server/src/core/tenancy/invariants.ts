/**
 * The tests file run against the workspace's cluster: the built-in invariants (tenant-isolation,
 * dns-reachable, metadata-blocked, default-deny) and the connectivity tests. Each answer is
 * yes/no; each violation names a representative pair and how many pairs it stands for, the
 * connection set, and the policy rules that cause it (or the policies that isolate with nothing
 * allowing). Pure: offsets (spans within a policy's document) inside, lines at the edges.
 *
 * tenant-isolation is checked against a hostile tenant by default (see hostile.ts): for each pod of
 * tenant A and each namespace of another tenant B, what A's ingress lets some pod of that namespace
 * open to it, whatever labels the pod carries and with its egress wide open (B's own policies are
 * B's to delete). `asWritten` checks the manifests as they are instead: every pod pair's
 * connection set. Either way a `shared` entry's ports on its pods are allowed across tenants.
 */
import type { DnsProfile } from '../config';
import type { Connectivity } from '../connectivity/engine';
import { defaultDeny, dnsReachable, metadataBlocked } from './checks';
import { runTest } from './connectivityTests';
import { type RunOptions, Tenancy, type TestsOutcome } from './context';
import { isolationAsWritten, isolationHostile } from './isolation';
import type { TestsSpec } from './testsFile';

export { METADATA_ADDRESS, type Cause, type Violation, type InvariantResult, type TestResult, type TestsOutcome, type RunOptions } from './context';

/** Runs every invariant the tests file names and every test, over the engine's cluster. */
export function runTestsFile(engine: Connectivity, spec: TestsSpec, dns: DnsProfile, options: RunOptions = {}): TestsOutcome {
  const ctx = new Tenancy(engine, spec, dns);
  const invariants = spec.invariants.map(({ name, span }) => {
    const violations =
      name === 'tenant-isolation'
        ? options.asWritten
          ? isolationAsWritten(ctx)
          : isolationHostile(ctx)
        : name === 'dns-reachable'
          ? dnsReachable(ctx)
          : name === 'metadata-blocked'
            ? metadataBlocked(ctx)
            : defaultDeny(ctx);
    return { name, span, holds: violations.length === 0, violations };
  });
  const tests = spec.tests.map((t) => runTest(ctx, t));
  return { invariants, tests, passed: invariants.every((i) => i.holds) && tests.every((t) => t.passed) };
}
