/** The tests file's contents, as read (see testsFile.ts): tenants, shared entries, invariants, trusted namespace labels and tests. */
import type { ConnectionSet } from '../connectivity/connectionSet';
import type { PortProtocol } from '../model/inventory';
import type { Span } from '../text/span';

export const TESTS_FILE_NAME = 'netpol-tests.yaml';
/** The largest tests file read, as for the config file. */
export const MAX_TESTS_BYTES = 1024 * 1024;

export const INVARIANTS = ['tenant-isolation', 'dns-reachable', 'metadata-blocked', 'default-deny'] as const;
export type InvariantName = (typeof INVARIANTS)[number];

export interface Tenant {
  name: string;
  /** Namespace globs (`*` any run, `?` one character). */
  namespaces: string[];
  span: Span;
}

export interface SharedEntry {
  name: string;
  namespace: string;
  /** matchLabels: the pods of `namespace` it covers (empty: all of them). */
  podSelector: Record<string, string>;
  /** What every tenant may open to those pods (all when `ports` is left out). */
  ports: ConnectionSet;
  span: Span;
}

/** One side of a test: pods of a namespace by labels, or a workload by name. */
export interface TestEndpoint {
  namespace: string;
  podSelector?: Record<string, string>;
  workload?: string;
}

export interface ConnectivityTest {
  name: string;
  from: TestEndpoint;
  to: TestEndpoint;
  /** Undefined: any port (the test asks whether anything at all is allowed). */
  port?: number;
  protocol: PortProtocol;
  expect: 'allow' | 'deny';
  span: Span;
}

export interface TestsSpec {
  tenants: Tenant[];
  shared: SharedEntry[];
  invariants: { name: InvariantName; span: Span }[];
  /** Namespace label keys the platform sets (tenants cannot); kubernetes.io/metadata.name always is. */
  trustedNamespaceLabels: string[];
  tests: ConnectivityTest[];
}

export interface TestsProblem {
  message: string;
  span: Span;
}
