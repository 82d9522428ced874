/**
 * `netpol-tests.yaml`: what the cluster's policies must guarantee, as code. Tenants (namespace
 * globs), shared entries (what every tenant may reach), built-in invariants, namespace labels the
 * platform sets, and connectivity tests. Untrusted input, read as the config file is: every problem
 * (unknown key with "did you mean", wrong type, bad value) has its range, the problem first and the
 * key path last; the part in error is left out. Never throws.
 */
import { parseDocument } from 'yaml';
import { NAMESPACE_NAME_LABEL } from '../config';
import { ConnectionSet } from '../connectivity/connectionSet';
import type { PortProtocol } from '../model/inventory';
import { closest } from '../model/editDistance';
import { asMap, asSeq, locate, type LEntry, type LMap, type LNode } from '../model/located';
import { PARSE_OPTIONS } from '../parse/parseOptions';
import { LABEL_VALUE, Reader as ConfigReader } from '../configReader';
import type { Span } from '../text/span';
import {
  type ConnectivityTest,
  INVARIANTS,
  type InvariantName,
  MAX_TESTS_BYTES,
  type SharedEntry,
  type Tenant,
  type TestEndpoint,
  TESTS_FILE_NAME,
  type TestsProblem,
  type TestsSpec,
} from './testsSpec';

export * from './testsSpec';

const TOP_KEYS = ['tenants', 'shared', 'invariants', 'trustedNamespaceLabels', 'tests'];
const SHARED_KEYS = ['name', 'namespace', 'podSelector', 'ports'];
const PORT_KEYS = ['protocol', 'port', 'endPort'];
const TEST_KEYS = ['name', 'from', 'to', 'port', 'protocol', 'expect'];
const ENDPOINT_KEYS = ['namespace', 'podSelector', 'workload'];
const PROTOCOLS: readonly PortProtocol[] = ['TCP', 'UDP', 'SCTP'];
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const NAMESPACE_GLOB = /^[a-z0-9*?-]+$/;

/** The config file's reader (problems first, key path last, "did you mean"), with the tests file's own values. */
class Reader extends ConfigReader {
  /** `tests.` when reading the `tests:` section of .netpol-lint.yaml: every key path starts with it. */
  constructor(private readonly prefix = '') {
    super();
  }

  problem(message: string, span: Span, path?: string): void {
    super.problem(message, span, path !== undefined ? `${this.prefix}${path}` : this.prefix ? this.prefix.slice(0, -1) : undefined);
  }

  /** The value's span, or the key's when the value is empty (`key:` with nothing after it). */
  at(e: LEntry): Span {
    return e.value.span.end > e.value.span.start ? e.value.span : e.keySpan;
  }

  string(e: LEntry, path: string): string | undefined {
    const v = e.value.kind === 'scalar' ? e.value.value : undefined;
    if (typeof v === 'string' && v !== '') return v;
    this.problem('Must be a non-empty string', this.at(e), path);
    return undefined;
  }

  namespace(e: LEntry, path: string): string | undefined {
    const v = e.value.kind === 'scalar' ? e.value.value : undefined;
    if (typeof v === 'string' && NAMESPACE.test(v)) return v;
    // YAML 1.1 (and so Kubernetes) reads `no` as false: say why
    const hint = typeof v === 'boolean' ? ': quote it, YAML 1.1 reads it as a boolean' : '';
    this.problem(`Must be a namespace name (a DNS-1123 label, such as tenant-a)${hint}`, this.at(e), path);
    return undefined;
  }

  labels(e: LEntry, path: string): Record<string, string> | undefined {
    const map = asMap(e.value);
    if (!map) {
      this.problem('Must be a map of label keys to values, such as { app: web }', this.at(e), path);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const l of map.entries) {
      const v = l.value.kind === 'scalar' && (typeof l.value.value === 'string' || typeof l.value.value === 'number') ? String(l.value.value) : undefined;
      if (v === undefined || !LABEL_VALUE.test(v) || v.length > 63) {
        const hint = l.value.kind === 'scalar' && typeof l.value.value === 'boolean' ? ': quote it, YAML 1.1 reads it as a boolean' : '';
        this.problem(`Must be a label value: at most 63 letters, digits, "-", "_", "."${hint}`, this.at(l), `${path}.${l.key}`);
      } else out[l.key] = v;
    }
    return out;
  }

  port(node: LNode, span: Span, path: string): number | undefined {
    const v = node.kind === 'scalar' ? node.value : undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) return v;
    this.problem(`Not a port number: ${JSON.stringify(node.kind === 'scalar' ? node.value : '…')} is not between 1 and 65535`, span, path);
    return undefined;
  }

  protocol(e: LEntry, path: string): PortProtocol | undefined {
    const v = e.value.kind === 'scalar' ? e.value.value : undefined;
    if (typeof v === 'string' && (PROTOCOLS as readonly string[]).includes(v)) return v as PortProtocol;
    const hint = typeof v === 'string' ? closest(v.toUpperCase(), PROTOCOLS) : undefined;
    this.problem(`Unknown protocol ${JSON.stringify(v ?? null)}: use TCP, UDP or SCTP${hint ? ` (did you mean ${hint}?)` : ''}`, this.at(e), path);
    return undefined;
  }
}

function readTenants(r: Reader, e: LEntry): Tenant[] {
  const map = asMap(e.value);
  if (!map) {
    r.problem('Must be a map of tenant name to a list of namespace globs, such as { tenant-a: [tenant-a, tenant-a-*] }', r.at(e), 'tenants');
    return [];
  }
  const out: Tenant[] = [];
  for (const t of map.entries) {
    const path = `tenants.${t.key}`;
    const seq = asSeq(t.value);
    // a single glob is accepted as a list of one
    const items = seq ? seq.items : t.value.kind === 'scalar' && typeof t.value.value === 'string' ? [t.value] : undefined;
    if (!items) {
      r.problem('Must be a list of namespace globs, such as [tenant-a, tenant-a-*]', r.at(t), path);
      continue;
    }
    const namespaces: string[] = [];
    for (const item of items) {
      const v = item.kind === 'scalar' ? item.value : undefined;
      if (typeof v === 'string' && NAMESPACE_GLOB.test(v)) namespaces.push(v);
      else
        r.problem(
          `Invalid item: ${JSON.stringify(item.kind === 'scalar' ? item.value : '…')} is not a namespace glob (lowercase letters, digits, "-", and the wildcards * and ?)${typeof v === 'boolean' ? ': quote it, YAML 1.1 reads it as a boolean' : ''}`,
          item.span,
          path,
        );
    }
    if (items.length === 0) r.problem('No namespace: list at least one glob', t.keySpan, path);
    if (namespaces.length > 0) out.push({ name: t.key, namespaces, span: t.span });
  }
  return out;
}

function readPorts(r: Reader, e: LEntry, path: string): ConnectionSet | undefined {
  const seq = asSeq(e.value);
  if (!seq) {
    r.problem('Must be a list of ports, such as [{ protocol: TCP, port: 5432 }]', r.at(e), path);
    return undefined;
  }
  let out = ConnectionSet.NONE;
  let ok = true;
  seq.items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    // a bare number is TCP on that port
    if (item.kind === 'scalar') {
      const p = r.port(item, item.span, at);
      if (p === undefined) ok = false;
      else out = out.union(ConnectionSet.range('TCP', p));
      return;
    }
    const map = asMap(item);
    if (!map) {
      r.problem('Must be a port: { protocol: TCP, port: 5432 }', item.span, at);
      ok = false;
      return;
    }
    let protocol: PortProtocol = 'TCP';
    let port: number | undefined;
    let endPort: number | undefined;
    for (const p of map.entries) {
      if (p.key === 'protocol') {
        const v = r.protocol(p, `${at}.protocol`);
        if (v) protocol = v;
        else ok = false;
      } else if (p.key === 'port') {
        port = r.port(p.value, r.at(p), `${at}.port`);
        if (port === undefined) ok = false;
      } else if (p.key === 'endPort') {
        endPort = r.port(p.value, r.at(p), `${at}.endPort`);
        if (endPort === undefined) ok = false;
      } else {
        r.unknown(p, PORT_KEYS, at);
        ok = false;
      }
    }
    if (endPort !== undefined && (port === undefined || endPort < port)) {
      r.problem('endPort must come with a port no greater than it', map.span, at);
      ok = false;
      return;
    }
    out = out.union(port === undefined ? ConnectionSet.protocol(protocol) : ConnectionSet.range(protocol, port, endPort ?? port));
  });
  return ok ? out : undefined;
}

function readShared(r: Reader, e: LEntry): SharedEntry[] {
  const seq = asSeq(e.value);
  if (!seq) {
    r.problem('Must be a list of shared entries: { name, namespace, podSelector, ports }', r.at(e), 'shared');
    return [];
  }
  const out: SharedEntry[] = [];
  seq.items.forEach((item, i) => {
    const path = `shared[${i}]`;
    const map = asMap(item);
    if (!map) {
      r.problem('Must be a map with name, namespace, podSelector and ports', item.span, path);
      return;
    }
    let ok = true;
    const entry: Partial<SharedEntry> = { podSelector: {}, ports: ConnectionSet.ALL, span: item.span };
    for (const s of map.entries) {
      const at = `${path}.${s.key}`;
      let v: unknown;
      if (s.key === 'name') v = entry.name = r.string(s, at);
      else if (s.key === 'namespace') v = entry.namespace = r.namespace(s, at);
      else if (s.key === 'podSelector') v = entry.podSelector = r.labels(s, at);
      else if (s.key === 'ports') v = entry.ports = readPorts(r, s, at);
      else r.unknown(s, SHARED_KEYS, path);
      if (v === undefined) ok = false;
    }
    if (entry.namespace === undefined && ok) {
      r.problem('Missing namespace: a shared entry names the namespace of its pods', item.span, path);
      ok = false;
    }
    if (ok) out.push({ ...entry, name: entry.name ?? `${entry.namespace}` } as SharedEntry);
  });
  return out;
}

function readEndpoint(r: Reader, e: LEntry, path: string): TestEndpoint | undefined {
  const map = asMap(e.value);
  if (!map) {
    r.problem('Must be a map: { namespace, podSelector } or { namespace, workload }', r.at(e), path);
    return undefined;
  }
  let ok = true;
  const out: Partial<TestEndpoint> = {};
  for (const s of map.entries) {
    const at = `${path}.${s.key}`;
    let v: unknown;
    if (s.key === 'namespace') v = out.namespace = r.namespace(s, at);
    else if (s.key === 'podSelector') v = out.podSelector = r.labels(s, at);
    else if (s.key === 'workload') v = out.workload = r.string(s, at);
    else r.unknown(s, ENDPOINT_KEYS, path);
    if (v === undefined) ok = false;
  }
  if (!ok) return undefined;
  if (out.namespace === undefined) {
    r.problem('Missing namespace: say which namespace the pods are in', map.span, path);
    return undefined;
  }
  if (out.workload !== undefined && out.podSelector !== undefined) {
    r.problem('Either podSelector or workload, not both', map.span, path);
    return undefined;
  }
  return out as TestEndpoint;
}

function readTests(r: Reader, e: LEntry): ConnectivityTest[] {
  const seq = asSeq(e.value);
  if (!seq) {
    r.problem('Must be a list of tests: { name, from, to, port, expect }', r.at(e), 'tests');
    return [];
  }
  const out: ConnectivityTest[] = [];
  const names = new Set<string>();
  seq.items.forEach((item, i) => {
    const path = `tests[${i}]`;
    const map = asMap(item);
    if (!map) {
      r.problem('Must be a map with name, from, to, port and expect', item.span, path);
      return;
    }
    let ok = true;
    const t: Partial<ConnectivityTest> = { protocol: 'TCP', span: item.span };
    for (const s of map.entries) {
      const at = `${path}.${s.key}`;
      let v: unknown = true;
      if (s.key === 'name') v = t.name = r.string(s, at);
      else if (s.key === 'from') v = t.from = readEndpoint(r, s, at);
      else if (s.key === 'to') v = t.to = readEndpoint(r, s, at);
      else if (s.key === 'port') v = t.port = r.port(s.value, r.at(s), at);
      else if (s.key === 'protocol') v = t.protocol = r.protocol(s, at);
      else if (s.key === 'expect') {
        const x = s.value.kind === 'scalar' ? s.value.value : undefined;
        if (x === 'allow' || x === 'deny') t.expect = x;
        else {
          const hint = typeof x === 'string' ? closest(x, ['allow', 'deny']) : undefined;
          r.problem(`Unknown expectation ${JSON.stringify(x ?? null)}: use allow or deny${hint ? ` (did you mean ${hint}?)` : ''}`, r.at(s), at);
          v = undefined;
        }
      } else r.unknown(s, TEST_KEYS, path);
      if (v === undefined) ok = false;
    }
    if (!ok) return;
    const missing = (['name', 'from', 'to', 'expect'] as const).filter((k) => t[k] === undefined);
    if (missing.length > 0) {
      r.problem(`Missing ${missing.join(', ')}: a test has a name, from, to and expect`, item.span, path);
      return;
    }
    if (names.has(t.name!)) {
      r.problem(`Duplicate test name "${t.name}": each test needs its own, to be told apart in the results`, item.span, `${path}.name`);
      return;
    }
    names.add(t.name!);
    out.push(t as ConnectivityTest);
  });
  return out;
}

function readRoot(r: Reader, map: LMap): TestsSpec {
  const spec: TestsSpec = { tenants: [], shared: [], invariants: [], trustedNamespaceLabels: [NAMESPACE_NAME_LABEL], tests: [] };
  for (const e of map.entries) {
    if (e.key === 'tenants') spec.tenants = readTenants(r, e);
    else if (e.key === 'shared') spec.shared = readShared(r, e);
    else if (e.key === 'invariants') {
      const seq = asSeq(e.value);
      if (!seq) {
        r.problem(`Must be a list of invariants: ${INVARIANTS.join(', ')}`, r.at(e), 'invariants');
        continue;
      }
      for (const item of seq.items) {
        const v = item.kind === 'scalar' ? item.value : undefined;
        if (typeof v === 'string' && (INVARIANTS as readonly string[]).includes(v)) {
          if (!spec.invariants.some((i) => i.name === v)) spec.invariants.push({ name: v as InvariantName, span: item.span });
          continue;
        }
        const hint = typeof v === 'string' ? closest(v, INVARIANTS) : undefined;
        r.problem(
          `Unknown invariant ${JSON.stringify(v ?? null)}: ${hint ? `did you mean "${hint}"? ` : ''}Known: ${INVARIANTS.join(', ')}`,
          item.span,
          'invariants',
        );
      }
    } else if (e.key === 'trustedNamespaceLabels') {
      const seq = asSeq(e.value);
      if (!seq) {
        r.problem('Must be a list of namespace label keys that the platform sets, such as [team]', r.at(e), 'trustedNamespaceLabels');
        continue;
      }
      for (const item of seq.items) {
        const v = item.kind === 'scalar' ? item.value : undefined;
        if (typeof v === 'string' && v !== '') spec.trustedNamespaceLabels.push(v);
        else r.problem(`Invalid item: ${JSON.stringify(item.kind === 'scalar' ? item.value : '…')} must be a label key`, item.span, 'trustedNamespaceLabels');
      }
    } else if (e.key === 'tests') spec.tests = readTests(r, e);
    else r.unknown(e, TOP_KEYS);
  }
  const seen = new Set<string>();
  for (const s of spec.shared) {
    if (seen.has(s.name)) r.problem(`Duplicate shared entry "${s.name}"`, s.span, 'shared');
    seen.add(s.name);
  }
  if (spec.invariants.some((i) => i.name === 'tenant-isolation') && spec.tenants.length < 2 && !r.problems.some((p) => /\((tests\.)?tenants/.test(p.message))) {
    const at = spec.invariants.find((i) => i.name === 'tenant-isolation')!.span;
    r.problem('tenant-isolation needs at least two tenants under tenants:', at, 'invariants');
  }
  return spec;
}

/** Reads a tests file's text. Never throws. */
export function parseTestsFile(text: string): { spec: TestsSpec; problems: TestsProblem[] } {
  const r = new Reader();
  const empty = emptySpec();
  if (text.length > MAX_TESTS_BYTES) {
    r.problem(`the tests file is larger than 1 MiB (${text.length} characters): not read`, { start: 0, end: 0 });
    return { spec: empty, problems: r.problems };
  }
  // YAML 1.1, as Kubernetes reads the manifests the tests are about: `namespace: no` is a boolean, and said so
  const doc = parseDocument(text, PARSE_OPTIONS);
  for (const err of doc.errors) r.problem(`YAML syntax error: ${err.message.split('\n')[0]}`, { start: err.pos[0], end: Math.max(err.pos[1], err.pos[0] + 1) });
  if (doc.errors.length > 0) return { spec: empty, problems: r.problems };
  const root = locate(doc, text);
  if (!root || (root.kind === 'scalar' && root.value === null)) return { spec: empty, problems: r.problems };
  const map = asMap(root);
  if (!map) {
    r.problem(`Not a map: ${TESTS_FILE_NAME} must be a map with the keys ${TOP_KEYS.join(', ')}`, root.span);
    return { spec: empty, problems: r.problems };
  }
  return { spec: readRoot(r, map), problems: r.problems };
}

/**
 * The `tests:` section of a `.netpol-lint.yaml` text: the same content as a tests file, read the
 * same way (YAML 1.1, as Kubernetes reads the manifests; key paths start with `tests.`).
 * Undefined when the text has no `tests` key (or is not YAML: the config's own reading says so).
 */
export function parseTestsSection(configText: string): { spec: TestsSpec; problems: TestsProblem[] } | undefined {
  if (configText.length > MAX_TESTS_BYTES || !/^tests\s*:/m.test(configText)) return undefined;
  const doc = parseDocument(configText, PARSE_OPTIONS);
  if (doc.errors.length > 0) return undefined;
  const entry = asMap(locate(doc, configText))?.entries.find((e) => e.key === 'tests');
  if (!entry) return undefined;
  const r = new Reader('tests.');
  const map = asMap(entry.value);
  if (!map) r.problem(`Must be a map with the keys ${TOP_KEYS.join(', ')}, as in ${TESTS_FILE_NAME}`, r.at(entry));
  return { spec: map ? readRoot(r, map) : emptySpec(), problems: r.problems };
}

function emptySpec(): TestsSpec {
  return { tenants: [], shared: [], invariants: [], trustedNamespaceLabels: [NAMESPACE_NAME_LABEL], tests: [] };
}
