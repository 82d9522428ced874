/**
 * `.netpol-lint.yaml`: the project's configuration, read by the CLI and the language server alike.
 * Untrusted input: every problem (unknown key with "did you mean", wrong type, bad value) is
 * reported with its range and that part is ignored; the rest of the file, and the defaults, stay in
 * force. Editor settings with the same keys override the file (`mergeLayers`).
 */
import ipaddr from 'ipaddr.js';
import { parseDocument } from 'yaml';
import { PARSE_OPTIONS } from './parse/parseOptions';
import { defaultConfig, isSeveritySetting, type AdmissionSettings, type DnsProfile, type LintConfig, type SeveritySetting } from './config';
import { asMap, asSeq, entryNode, locate, mapNode, scalarNode, scalarValue, seqNode, type LNode } from './model/located';
import { CRD_CHANNELS, type CrdChannel, LATEST_KUBERNETES_VERSION, readKubernetesVersion } from './kubernetes';
import { RULE_CODES } from './rules/index';
import type { Span } from './text/span';
import { type ConfigProblem, LABEL_VALUE, Reader } from './configReader';
import { readAdmission } from './configAdmission';
import { appendAll } from './arrays';
import { parseTestsSection, type TestsSpec } from './tenancy/testsFile';

export const CONFIG_FILE_NAME = '.netpol-lint.yaml';

/**
 * The largest config file read (1 MiB): readers refuse a larger file before reading it, and
 * parseConfigFile a larger text (an editor's), so a config never costs more than this to hold.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** What one source of settings (the config file, the editor) says; absent keys say nothing. */
export interface ConfigLayer {
  rules?: Record<string, SeveritySetting>;
  dns?: Partial<DnsProfile>;
  tenantNamespaces?: string[];
  kubernetesVersion?: string;
  clusterNetworkPolicy?: { channel?: CrdChannel };
  /**
   * Glob patterns (picomatch, as `netpolLint.exclude`) of files not to read, relative to the config
   * file's folder. Not analysis settings: the edges apply them when they gather files.
   */
  exclude?: string[];
  /** `lint` renders charts and kustomizations (the CLI only): which kinds. Not an analysis setting. */
  render?: 'auto' | 'helm' | 'kustomize';
  /** How `lint --render` runs `helm template`: the release namespace, and values files (relative to the config file's folder). */
  helm?: { namespace?: string; values?: string[] };
  admission?: AdmissionSettings;
  /** The `tests:` section (what a netpol-tests.yaml holds), for `netpol-lint test` and the editor. Not an analysis setting. */
  tests?: TestsSpec;
}

export type { ConfigProblem } from './configReader';

const TOP_KEYS = ['rules', 'dns', 'tenantNamespaces', 'kubernetesVersion', 'clusterNetworkPolicy', 'exclude', 'render', 'helm', 'admission', 'tests'];
const CNP_KEYS = ['channel'];
const HELM_KEYS = ['namespace', 'values'];
const DNS_KEYS = ['namespace', 'podLabels', 'ports', 'nodeLocalIPs'];

function readDns(r: Reader, node: LNode, keySpan: Span): Partial<DnsProfile> | undefined {
  const map = asMap(node);
  if (!map) {
    r.problem('Must be a map with namespace, podLabels, ports and nodeLocalIPs', node.span.end > node.span.start ? node.span : keySpan, 'dns');
    return undefined;
  }
  const dns: Partial<DnsProfile> = {};
  for (const e of map.entries) {
    const path = `dns.${e.key}`;
    if (e.key === 'namespace') {
      if (e.value.kind === 'scalar' && typeof e.value.value === 'string' && /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(e.value.value))
        dns.namespace = e.value.value;
      else r.problem('Must be a namespace name: a DNS-1123 label, such as kube-system', e.value.span.end > e.value.span.start ? e.value.span : e.keySpan, path);
    } else if (e.key === 'podLabels') {
      const labels = asMap(e.value);
      if (!labels) {
        r.problem('Must be a map of label keys to values, such as { k8s-app: kube-dns }', e.keySpan, path);
        continue;
      }
      const out: Record<string, string> = {};
      for (const l of labels.entries) {
        const v = l.value.kind === 'scalar' && (typeof l.value.value === 'string' || typeof l.value.value === 'number') ? String(l.value.value) : undefined;
        if (v === undefined || !LABEL_VALUE.test(v) || v.length > 63)
          r.problem(
            'Must be a label value: at most 63 letters, digits, "-", "_", "."',
            l.value.span.end > l.value.span.start ? l.value.span : l.keySpan,
            `${path}.${l.key}`,
          );
        else out[l.key] = v;
      }
      dns.podLabels = out;
    } else if (e.key === 'ports') {
      const seq = asSeq(e.value);
      if (!seq) {
        r.problem('Must be a list of port numbers, such as [53]', e.keySpan, path);
        continue;
      }
      const ports: number[] = [];
      for (const item of seq.items) {
        const v = item.kind === 'scalar' ? item.value : undefined;
        if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) ports.push(v);
        else r.problem(`Not a port number: ${JSON.stringify(item.kind === 'scalar' ? item.value : '…')} is not between 1 and 65535`, item.span, path);
      }
      if (ports.length === 0 && seq.items.length === 0) r.problem('No port: list at least one', e.keySpan, path);
      else if (ports.length > 0) dns.ports = ports;
    } else if (e.key === 'nodeLocalIPs') {
      const ips = r.stringList(e, path, (s) => (ipaddr.isValid(s) ? undefined : 'is not an IP address'));
      if (ips) dns.nodeLocalIPs = ips;
    } else r.unknown(e, DNS_KEYS, 'dns');
  }
  return dns;
}

/** Reads a config file's text. Never throws. */
export function parseConfigFile(text: string): { layer: ConfigLayer; problems: ConfigProblem[] } {
  const r = new Reader();
  const layer: ConfigLayer = {};
  // UTF-16 units never outnumber UTF-8 bytes: a file within the limit always passes
  if (text.length > MAX_CONFIG_BYTES) {
    r.problem(`Config file too large: more than 1 MiB (${text.length} characters), not read; the defaults are in force`, { start: 0, end: 0 });
    return { layer, problems: r.problems };
  }
  // YAML 1.2: `implicit-protocol: off` must read as the string "off" (YAML 1.1 makes it false)
  const doc = parseDocument(text, { ...PARSE_OPTIONS, version: '1.2' });
  for (const e of doc.errors) r.problem(`YAML syntax error: ${e.message.split('\n')[0]}`, { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) });
  if (doc.errors.length > 0) return { layer, problems: r.problems };
  const root = locate(doc, text);
  if (!root || (root.kind === 'scalar' && root.value === null)) return { layer, problems: r.problems }; // an empty file: all defaults
  const read = readLayer(r, root);
  // the tests section is read as YAML 1.1, as the manifests it is about (and as netpol-tests.yaml)
  const tests = parseTestsSection(text);
  if (tests) {
    read.layer.tests = tests.spec;
    appendAll(read.problems, tests.problems);
    read.problems.sort((a, b) => a.span.start - b.span.start);
  }
  return read;
}

/**
 * Reads a plain value (the editor's settings) with the same checks and messages as the file.
 * It has no text, so every problem's span is empty at 0. Never throws.
 */
export function parseConfigObject(value: unknown): { layer: ConfigLayer; problems: ConfigProblem[] } {
  return readLayer(new Reader(), plainNode(value));
}

/** A plain value as a located tree with empty spans; undefined entries are left out (as JSON would). */
function plainNode(v: unknown): LNode {
  if (Array.isArray(v))
    return seqNode(
      0,
      0,
      true,
      v.map((i) => plainNode(i === undefined ? null : i)),
    );
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return mapNode(
      0,
      0,
      true,
      entries.map(([k, x]) => entryNode(k, { start: 0, end: 0 }, plainNode(x))),
    );
  }
  return scalarNode(0, 0, scalarValue(v), typeof v === 'string');
}

function readLayer(r: Reader, root: LNode): { layer: ConfigLayer; problems: ConfigProblem[] } {
  const layer: ConfigLayer = {};
  const map = asMap(root);
  if (!map) {
    r.problem(`Not a map: ${CONFIG_FILE_NAME} must be a map with the keys ${TOP_KEYS.join(', ')}`, root.span);
    return { layer, problems: r.problems };
  }
  for (const e of map.entries) {
    if (e.key === 'rules') {
      const rules = asMap(e.value);
      if (!rules) {
        r.problem('Must be a map of rule code to off, error, warning, information or hint', e.keySpan, 'rules');
        continue;
      }
      layer.rules = {};
      for (const re of rules.entries) {
        const v = re.value.kind === 'scalar' ? re.value.value : undefined;
        if (!RULE_CODES.has(re.key)) r.unknown(re, [...RULE_CODES], 'rules');
        else if (!isSeveritySetting(v))
          r.problem(
            `Unknown severity ${JSON.stringify(v ?? null)}: expected off, error, warning, information or hint`,
            re.value.span.end > re.value.span.start ? re.value.span : re.keySpan,
            `rules.${re.key}`,
          );
        else layer.rules[re.key] = v;
      }
    } else if (e.key === 'dns') {
      const dns = readDns(r, e.value, e.keySpan);
      if (dns) layer.dns = dns;
    } else if (e.key === 'tenantNamespaces') {
      const list = r.stringList(e, 'tenantNamespaces', (s) =>
        /^[a-z0-9*?-]+$/.test(s) ? undefined : 'is not a namespace pattern (lowercase letters, digits, "-", and the wildcards * and ?)',
      );
      if (list) layer.tenantNamespaces = list;
    } else if (e.key === 'kubernetesVersion') {
      const v = e.value.kind === 'scalar' ? e.value.value : undefined;
      const span = e.value.span.end > e.value.span.start ? e.value.span : e.keySpan;
      // YAML reads 1.30 as the number 1.3: only a string says which minor version is meant
      if (typeof v === 'number')
        r.problem(`Must be a quoted string such as "${LATEST_KUBERNETES_VERSION}": YAML reads ${v} as a number`, span, 'kubernetesVersion');
      else if (typeof v !== 'string') r.problem(`Must be a string such as "${LATEST_KUBERNETES_VERSION}"`, span, 'kubernetesVersion');
      else {
        const read = readKubernetesVersion(v);
        if ('problem' in read) r.problem(`Unknown Kubernetes version: ${read.problem}`, span, 'kubernetesVersion');
        else layer.kubernetesVersion = read.version;
      }
    } else if (e.key === 'clusterNetworkPolicy') {
      const cnp = asMap(e.value);
      if (!cnp) {
        r.problem(
          'Must be a map with the key channel (standard or experimental)',
          e.value.span.end > e.value.span.start ? e.value.span : e.keySpan,
          'clusterNetworkPolicy',
        );
        continue;
      }
      for (const c of cnp.entries) {
        if (c.key !== 'channel') {
          r.unknown(c, CNP_KEYS, 'clusterNetworkPolicy');
          continue;
        }
        const v = c.value.kind === 'scalar' ? c.value.value : undefined;
        if (typeof v === 'string' && (CRD_CHANNELS as readonly string[]).includes(v)) layer.clusterNetworkPolicy = { channel: v as CrdChannel };
        else
          r.problem(
            `Unknown channel ${JSON.stringify(v ?? null)}: use standard or experimental (the network-policy-api CRDs the cluster installed)`,
            c.value.span.end > c.value.span.start ? c.value.span : c.keySpan,
            'clusterNetworkPolicy.channel',
          );
      }
    } else if (e.key === 'exclude') {
      const list = r.stringList(e, 'exclude', (s) => (s.trim() === '' ? 'is not a glob pattern (it is empty)' : undefined));
      if (list) layer.exclude = list;
    } else if (e.key === 'render') {
      const v = e.value.kind === 'scalar' ? e.value.value : undefined;
      if (v === 'auto' || v === 'helm' || v === 'kustomize') layer.render = v;
      else
        r.problem(
          `Unknown render mode ${JSON.stringify(v ?? null)}: use auto, helm or kustomize`,
          e.value.span.end > e.value.span.start ? e.value.span : e.keySpan,
          'render',
        );
    } else if (e.key === 'helm') {
      const map = asMap(e.value);
      if (!map) {
        r.problem('Must be a map with namespace and values', e.value.span.end > e.value.span.start ? e.value.span : e.keySpan, 'helm');
        continue;
      }
      const helm: { namespace?: string; values?: string[] } = {};
      for (const h of map.entries) {
        if (h.key === 'namespace') {
          const v = h.value.kind === 'scalar' ? h.value.value : undefined;
          if (typeof v === 'string' && /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(v)) helm.namespace = v;
          else
            r.problem(
              'Not a namespace name (a DNS-1123 label, such as tenant-a)',
              h.value.span.end > h.value.span.start ? h.value.span : h.keySpan,
              'helm.namespace',
            );
        } else if (h.key === 'values') {
          const list = r.stringList(h, 'helm.values', (s) => (s.trim() === '' ? 'is not a file (it is empty)' : undefined));
          if (list) helm.values = list;
        } else r.unknown(h, HELM_KEYS, 'helm');
      }
      layer.helm = helm;
    } else if (e.key === 'admission') {
      const admission = readAdmission(r, e);
      if (admission) layer.admission = admission;
    } else if (e.key === 'tests') {
      // read from the text (parseConfigFile); the editor's settings have no tests section
      if (e.keySpan.end === 0) r.problem('The tests belong in .netpol-lint.yaml or netpol-tests.yaml, not in the editor settings', e.keySpan, 'tests');
    } else r.unknown(e, TOP_KEYS);
  }
  return { layer, problems: r.problems };
}

/** Defaults, then each layer in order (later layers win, key by key; rules code by code). */
export function mergeLayers(base: LintConfig, ...layers: (ConfigLayer | undefined)[]): LintConfig {
  const out: LintConfig = {
    ...base,
    rules: { ...base.rules },
    dns: { ...base.dns },
    tenantNamespaces: [...base.tenantNamespaces],
    limits: { ...base.limits },
    clusterNetworkPolicy: { ...base.clusterNetworkPolicy },
    admission: { ...base.admission },
  };
  for (const l of layers) {
    if (!l) continue;
    if (l.rules) Object.assign(out.rules, l.rules);
    if (l.dns) out.dns = { ...out.dns, ...l.dns };
    if (l.tenantNamespaces) out.tenantNamespaces = [...l.tenantNamespaces];
    if (l.kubernetesVersion) out.kubernetesVersion = l.kubernetesVersion;
    if (l.clusterNetworkPolicy?.channel) out.clusterNetworkPolicy = { channel: l.clusterNetworkPolicy.channel };
    if (l.admission) out.admission = { ...out.admission, ...l.admission };
  }
  return out;
}

/** The defaults with the config file and then the editor's layer applied. */
export function effectiveConfig(file?: ConfigLayer, editor?: ConfigLayer): LintConfig {
  return mergeLayers(defaultConfig(), file, editor);
}
