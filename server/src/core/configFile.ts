/**
 * `.netpol-lint.yaml`: the project's configuration, read by the CLI and the language server alike.
 * Untrusted input: every problem (unknown key with "did you mean", wrong type, bad value) is
 * reported with its range and that part is ignored; the rest of the file, and the defaults, stay in
 * force. Editor settings with the same keys override the file (`mergeLayers`).
 */
import ipaddr from 'ipaddr.js';
import { parseDocument } from 'yaml';
import { PARSE_OPTIONS } from './parse/parseOptions';
import {
  defaultConfig,
  isSeveritySetting,
  type AdmissionSettings,
  type DnsProfile,
  type LabelSelectorSetting,
  type LintConfig,
  type SeveritySetting,
} from './config';
import { parseCidr } from './analysis/cidr';
import { asMap, asSeq, entryNode, getEntry, locate, mapNode, scalarNode, scalarValue, seqNode, type LEntry, type LNode } from './model/located';
import { closest } from './model/editDistance';
import { LATEST_KUBERNETES_VERSION, readKubernetesVersion } from './kubernetes';
import { RULE_CODES } from './rules/index';
import type { Span } from './text/span';

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
  admission?: AdmissionSettings;
}

export interface ConfigProblem {
  message: string;
  span: Span;
}

const TOP_KEYS = ['rules', 'dns', 'tenantNamespaces', 'kubernetesVersion', 'admission'];
const ADMISSION_KEYS = ['namespaceSelector', 'allowedCidrs', 'namespaceSelectorsByName', 'noSystemNamespaces', 'platform'];
const SELECTOR_KEYS = ['matchLabels', 'matchExpressions'];
const EXPRESSION_KEYS = ['key', 'operator', 'values'];
const PLATFORM_KEYS = ['label', 'groups'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
/** A label key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])$/;
const DNS_KEYS = ['namespace', 'podLabels', 'ports', 'nodeLocalIPs'];
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

class Reader {
  readonly problems: ConfigProblem[] = [];

  problem(message: string, span: Span): void {
    this.problems.push({ message, span });
  }

  unknown(e: LEntry, known: readonly string[], where: string): void {
    const hint = closest(e.key, known);
    this.problem(`${where}unknown key "${e.key}"${hint ? `; did you mean "${hint}"?` : ''} (allowed: ${known.join(', ')})`, e.keySpan);
  }

  stringList(e: LEntry, path: string, check?: (s: string) => string | undefined): string[] | undefined {
    const seq = asSeq(e.value);
    if (!seq) {
      this.problem(`${path} must be a list of strings`, e.value.span.end > e.value.span.start ? e.value.span : e.keySpan);
      return undefined;
    }
    const out: string[] = [];
    for (const item of seq.items) {
      const v = item.kind === 'scalar' && typeof item.value === 'string' ? item.value : undefined;
      const bad = v === undefined ? 'must be a string' : check?.(v);
      if (bad) this.problem(`${path}: ${JSON.stringify(item.kind === 'scalar' ? item.value : '…')} ${bad}`, item.span);
      else out.push(v!);
    }
    return out;
  }
}

function readDns(r: Reader, node: LNode, keySpan: Span): Partial<DnsProfile> | undefined {
  const map = asMap(node);
  if (!map) {
    r.problem('dns must be a map with namespace, podLabels, ports and nodeLocalIPs', node.span.end > node.span.start ? node.span : keySpan);
    return undefined;
  }
  const dns: Partial<DnsProfile> = {};
  for (const e of map.entries) {
    const path = `dns.${e.key}`;
    if (e.key === 'namespace') {
      if (e.value.kind === 'scalar' && typeof e.value.value === 'string' && /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(e.value.value))
        dns.namespace = e.value.value;
      else
        r.problem(`${path} must be a namespace name (a DNS-1123 label, such as kube-system)`, e.value.span.end > e.value.span.start ? e.value.span : e.keySpan);
    } else if (e.key === 'podLabels') {
      const labels = asMap(e.value);
      if (!labels) {
        r.problem(`${path} must be a map of label keys to values, such as { k8s-app: kube-dns }`, e.keySpan);
        continue;
      }
      const out: Record<string, string> = {};
      for (const l of labels.entries) {
        const v = l.value.kind === 'scalar' && (typeof l.value.value === 'string' || typeof l.value.value === 'number') ? String(l.value.value) : undefined;
        if (v === undefined || !LABEL_VALUE.test(v) || v.length > 63)
          r.problem(
            `${path}.${l.key} must be a label value (at most 63 letters, digits, "-", "_", ".")`,
            l.value.span.end > l.value.span.start ? l.value.span : l.keySpan,
          );
        else out[l.key] = v;
      }
      dns.podLabels = out;
    } else if (e.key === 'ports') {
      const seq = asSeq(e.value);
      if (!seq) {
        r.problem(`${path} must be a list of port numbers, such as [53]`, e.keySpan);
        continue;
      }
      const ports: number[] = [];
      for (const item of seq.items) {
        const v = item.kind === 'scalar' ? item.value : undefined;
        if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) ports.push(v);
        else r.problem(`${path}: ${JSON.stringify(item.kind === 'scalar' ? item.value : '…')} is not a port number (1-65535)`, item.span);
      }
      if (ports.length === 0 && seq.items.length === 0) r.problem(`${path} must list at least one port`, e.keySpan);
      else if (ports.length > 0) dns.ports = ports;
    } else if (e.key === 'nodeLocalIPs') {
      const ips = r.stringList(e, path, (s) => (ipaddr.isValid(s) ? undefined : 'is not an IP address'));
      if (ips) dns.nodeLocalIPs = ips;
    } else r.unknown(e, DNS_KEYS, 'dns: ');
  }
  return dns;
}

const spanOf = (e: LEntry) => (e.value.span.end > e.value.span.start ? e.value.span : e.keySpan);
const stringOf = (n: LNode) => (n.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined);

function readSelector(r: Reader, e: LEntry, path: string): LabelSelectorSetting | undefined {
  const map = asMap(e.value);
  if (!map) {
    r.problem(`${path} must be a label selector (matchLabels, matchExpressions)`, spanOf(e));
    return undefined;
  }
  const out: LabelSelectorSetting = {};
  for (const s of map.entries) {
    if (s.key === 'matchLabels') {
      const labels = asMap(s.value);
      if (!labels) {
        r.problem(`${path}.matchLabels must be a map of label keys to values`, spanOf(s));
        continue;
      }
      out.matchLabels = {};
      for (const l of labels.entries) {
        const v = stringOf(l.value);
        if (!LABEL_KEY.test(l.key)) r.problem(`${path}.matchLabels: "${l.key}" is not a label key`, l.keySpan);
        else if (v === undefined || !LABEL_VALUE.test(v) || v.length > 63)
          r.problem(`${path}.matchLabels.${l.key} must be a label value (a quoted string of at most 63 letters, digits, "-", "_", ".")`, spanOf(l));
        else out.matchLabels[l.key] = v;
      }
    } else if (s.key === 'matchExpressions') {
      const seq = asSeq(s.value);
      if (!seq) {
        r.problem(`${path}.matchExpressions must be a list of { key, operator, values }`, spanOf(s));
        continue;
      }
      out.matchExpressions = [];
      for (const item of seq.items) {
        const m = asMap(item);
        const key = stringOf(getEntry(m, 'key')?.value ?? item);
        const operator = stringOf(getEntry(m, 'operator')?.value ?? item);
        const valuesEntry = getEntry(m, 'values');
        const values = valuesEntry ? r.stringList(valuesEntry, `${path}.matchExpressions[].values`) : undefined;
        const unknown = m?.entries.find((x) => !EXPRESSION_KEYS.includes(x.key));
        if (unknown) r.unknown(unknown, EXPRESSION_KEYS, `${path}.matchExpressions: `);
        else if (!m || key === undefined || !LABEL_KEY.test(key)) r.problem(`${path}.matchExpressions: each needs a label key as key`, item.span);
        else if (!OPERATORS.includes(operator ?? '')) r.problem(`${path}.matchExpressions: operator must be In, NotIn, Exists or DoesNotExist`, item.span);
        else if ((operator === 'In' || operator === 'NotIn') !== (values !== undefined && values.length > 0))
          r.problem(`${path}.matchExpressions: In and NotIn need values, Exists and DoesNotExist take none`, item.span);
        else out.matchExpressions.push({ key, operator: operator as 'In', ...(values && values.length > 0 ? { values } : {}) });
      }
    } else r.unknown(s, SELECTOR_KEYS, `${path}: `);
  }
  return out;
}

function readAdmission(r: Reader, e: LEntry): AdmissionSettings | undefined {
  const map = asMap(e.value);
  if (!map) {
    r.problem(`admission must be a map with ${ADMISSION_KEYS.join(', ')}`, spanOf(e));
    return undefined;
  }
  const out: AdmissionSettings = {};
  for (const a of map.entries) {
    const path = `admission.${a.key}`;
    if (a.key === 'namespaceSelector') {
      const sel = readSelector(r, a, path);
      if (sel) out.namespaceSelector = sel;
    } else if (a.key === 'allowedCidrs') {
      const list = r.stringList(a, path, (s) => (parseCidr(s) ? undefined : 'is not a CIDR (such as 10.0.0.0/8)'));
      if (list) out.allowedCidrs = list;
    } else if (a.key === 'namespaceSelectorsByName') {
      if (a.value.kind === 'scalar' && typeof a.value.value === 'boolean') out.namespaceSelectorsByName = a.value.value;
      else r.problem(`${path} must be true or false`, spanOf(a));
    } else if (a.key === 'noSystemNamespaces') {
      if (a.value.kind === 'scalar' && typeof a.value.value === 'boolean') out.noSystemNamespaces = a.value.value;
      else r.problem(`${path} must be true or false`, spanOf(a));
    } else if (a.key === 'platform') {
      const p = asMap(a.value);
      if (!p) {
        r.problem(`${path} must be a map with label and groups`, spanOf(a));
        continue;
      }
      let label: string | undefined;
      let groups: string[] | undefined;
      for (const x of p.entries) {
        if (x.key === 'label') {
          label = stringOf(x.value);
          if (label === undefined || !LABEL_KEY.test(label)) {
            r.problem(`${path}.label must be a label key, such as netpol-lint.io/platform`, spanOf(x));
            label = undefined;
          }
        } else if (x.key === 'groups') groups = r.stringList(x, `${path}.groups`, (s) => (s === '' ? 'is empty' : undefined));
        else r.unknown(x, PLATFORM_KEYS, `${path}: `);
      }
      if (label !== undefined && groups !== undefined && groups.length > 0) out.platform = { label, groups };
      else if (label !== undefined || groups !== undefined) r.problem(`${path} needs both a label and at least one group`, a.keySpan);
    } else r.unknown(a, ADMISSION_KEYS, 'admission: ');
  }
  return out;
}

/** Reads a config file's text. Never throws. */
export function parseConfigFile(text: string): { layer: ConfigLayer; problems: ConfigProblem[] } {
  const r = new Reader();
  const layer: ConfigLayer = {};
  // UTF-16 units never outnumber UTF-8 bytes: a file within the limit always passes
  if (text.length > MAX_CONFIG_BYTES) {
    r.problem(`the config file is larger than 1 MiB (${text.length} characters): not read, the defaults are in force`, { start: 0, end: 0 });
    return { layer, problems: r.problems };
  }
  // YAML 1.2: `implicit-protocol: off` must read as the string "off" (YAML 1.1 makes it false)
  const doc = parseDocument(text, { ...PARSE_OPTIONS, version: '1.2' });
  for (const e of doc.errors) r.problem(`YAML syntax error: ${e.message.split('\n')[0]}`, { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) });
  if (doc.errors.length > 0) return { layer, problems: r.problems };
  const root = locate(doc, text);
  if (!root || (root.kind === 'scalar' && root.value === null)) return { layer, problems: r.problems }; // an empty file: all defaults
  return readLayer(r, root);
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
    r.problem(`${CONFIG_FILE_NAME} must be a map with the keys ${TOP_KEYS.join(', ')}`, root.span);
    return { layer, problems: r.problems };
  }
  for (const e of map.entries) {
    if (e.key === 'rules') {
      const rules = asMap(e.value);
      if (!rules) {
        r.problem('rules must be a map of rule code to off, error, warning, information or hint', e.keySpan);
        continue;
      }
      layer.rules = {};
      for (const re of rules.entries) {
        const v = re.value.kind === 'scalar' ? re.value.value : undefined;
        if (!RULE_CODES.has(re.key)) r.unknown(re, [...RULE_CODES], 'rules: ');
        else if (!isSeveritySetting(v))
          r.problem(
            `rules.${re.key}: expected off, error, warning, information or hint, got ${JSON.stringify(v ?? null)}`,
            re.value.span.end > re.value.span.start ? re.value.span : re.keySpan,
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
        r.problem(`kubernetesVersion must be a quoted string such as "${LATEST_KUBERNETES_VERSION}" (YAML reads ${v} as a number)`, span);
      else if (typeof v !== 'string') r.problem(`kubernetesVersion must be a string such as "${LATEST_KUBERNETES_VERSION}"`, span);
      else {
        const read = readKubernetesVersion(v);
        if ('problem' in read) r.problem(`kubernetesVersion: ${read.problem}`, span);
        else layer.kubernetesVersion = read.version;
      }
    } else if (e.key === 'admission') {
      const admission = readAdmission(r, e);
      if (admission) layer.admission = admission;
    } else r.unknown(e, TOP_KEYS, '');
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
    admission: { ...base.admission },
  };
  for (const l of layers) {
    if (!l) continue;
    if (l.rules) Object.assign(out.rules, l.rules);
    if (l.dns) out.dns = { ...out.dns, ...l.dns };
    if (l.tenantNamespaces) out.tenantNamespaces = [...l.tenantNamespaces];
    if (l.kubernetesVersion) out.kubernetesVersion = l.kubernetesVersion;
    if (l.admission) out.admission = { ...out.admission, ...l.admission };
  }
  return out;
}

/** The defaults with the config file and then the editor's layer applied. */
export function effectiveConfig(file?: ConfigLayer, editor?: ConfigLayer): LintConfig {
  return mergeLayers(defaultConfig(), file, editor);
}
