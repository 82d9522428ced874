/**
 * Analysis configuration: per-rule severities and the cluster's DNS profile. The defaults live here
 * and only here, so the config file, the editor settings, the quick fixes and the snippets test all
 * read the same values.
 */
import picomatch from 'picomatch';
import { type CrdChannel, DEFAULT_CRD_CHANNEL, LATEST_KUBERNETES_VERSION } from './kubernetes';
import { SEVERITIES, type Severity } from './severity';

export type SeveritySetting = Severity | 'off';

export interface DnsProfile {
  /** Namespace of the cluster DNS pods. */
  namespace: string;
  /** Labels of the cluster DNS pods. */
  podLabels: Record<string, string>;
  /** Ports DNS listens on (UDP and TCP). */
  ports: number[];
  /** NodeLocal DNSCache addresses that pods may query instead. */
  nodeLocalIPs: string[];
}

/** Beyond these a file is not analysed (one information finding says so): the editor stays responsive. */
export interface Limits {
  maxFileBytes: number;
  maxDocuments: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({ maxFileBytes: 8_000_000, maxDocuments: 20_000 });

/** A label selector as the config writes it (matchLabels, matchExpressions), for admission's namespaceSelector. */
export interface LabelSelectorSetting {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** `admission:` in the config: what `netpol-lint admission` writes beyond the rules (all opt-in). */
export interface AdmissionSettings {
  /** The tenant namespaces by label instead of by the names of tenantNamespaces. */
  namespaceSelector?: LabelSelectorSetting;
  /** Tenant limit: every ipBlock cidr must lie inside one of these CIDRs. */
  allowedCidrs?: string[];
  /** Tenant limit: namespaceSelectors only by kubernetes.io/metadata.name. */
  namespaceSelectorsByName?: boolean;
  /** Tenant limit: no peer names a system namespace, but for the DNS profile's pods on its ports (egress). */
  noSystemNamespaces?: boolean;
  /** Protect the baseline: policies with this label key are the platform's; only these groups create, change or delete them. */
  platform?: { label: string; groups: string[] };
}

export interface LintConfig {
  rules: Record<string, SeveritySetting>;
  dns: DnsProfile;
  limits: Limits;
  /** Glob patterns (`*`, `?`; picomatch's `[a-c]`, `{a,b}` too, which the config reader does not accept) of tenant namespaces, for the workspace rules. */
  tenantNamespaces: string[];
  /** The minor version ("1.36") whose API server validation the rules follow (see kubernetes.ts). */
  kubernetesVersion: string;
  /** The cluster policies' CRDs: which network-policy-api channel the cluster installed (kubernetes.ts). */
  clusterNetworkPolicy: { channel: CrdChannel };
  /** What `netpol-lint admission` adds to the rules (the CLI's config file only). */
  admission: AdmissionSettings;
}

/** Never tenants, whatever the configuration says. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/**
 * A predicate for tenant namespaces under these glob patterns (`*` any run of characters, `?` one);
 * the system namespaces never are tenants. Nothing is compiled for the patterns a config can hold
 * (letters, digits, `-`, `*`, `?`): those without wildcards go in a set, the others are matched
 * directly, so the cost of a configuration is its patterns' text, whatever their number. (Other
 * picomatch syntax, `[a-c]` or `{a,b}`, which only a caller of the library can pass, is compiled.) Answers are remembered per namespace, in the
 * predicate (dropped with it when the configuration changes), up to MEMO_LIMIT namespaces.
 */
export function tenantMatcher(patterns: readonly string[]): (namespace: string) => boolean {
  const literal = new Set<string>();
  const wild = new Set<string>();
  const other: string[] = [];
  for (const p of patterns) {
    if (p === '') continue;
    if (!/^[a-z0-9*?-]+$/.test(p)) other.push(p);
    else (/[*?]/.test(p) ? wild : literal).add(p.replace(/\*+/g, '*'));
  }
  if (wild.has('*')) return (namespace) => !SYSTEM_NAMESPACES.has(namespace);
  const globs = [...wild];
  const exotic = other.length > 0 ? picomatch(other) : undefined;
  const memo = new Map<string, boolean>();
  return (namespace) => {
    if (SYSTEM_NAMESPACES.has(namespace)) return false;
    if (literal.has(namespace)) return true;
    let answer = memo.get(namespace);
    if (answer === undefined) {
      answer = globs.some((g) => globMatches(g, namespace)) || exotic?.(namespace) === true;
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(namespace, answer);
    }
    return answer;
  };
}

const MEMO_LIMIT = 10_000;

/** Does `*`/`?` glob g match all of s? Linear backtracking to the last `*`: O(|g|·|s|) at worst, no RegExp. */
export function globMatches(g: string, s: string): boolean {
  let gi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (gi < g.length && (g[gi] === '?' || (g[gi] !== '*' && g[gi] === s[si]))) {
      gi++;
      si++;
    } else if (gi < g.length && g[gi] === '*') {
      star = gi++;
      mark = si;
    } else if (star >= 0) {
      gi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (gi < g.length && g[gi] === '*') gi++;
  return gi === g.length;
}

/**
 * A predicate for the paths (relative to a base folder, `/`-separated) that exclude globs name:
 * picomatch, with dot files matched (a `**` reaches into `.github/` too); undefined
 * when there are no globs. The one definition behind `netpolLint.exclude`, the config file's
 * `exclude` and the CLI's `--exclude`.
 */
export function excludeMatcher(globs: readonly string[]): ((relative: string) => boolean) | undefined {
  const list = globs.filter((g) => g.trim() !== '');
  return list.length > 0 ? picomatch([...list], { dot: true }) : undefined;
}

export const DEFAULT_DNS: Readonly<DnsProfile> = Object.freeze({
  namespace: 'kube-system',
  podLabels: Object.freeze({ 'k8s-app': 'kube-dns' }) as Record<string, string>,
  ports: Object.freeze([53]) as unknown as number[],
  nodeLocalIPs: Object.freeze([]) as unknown as string[],
});

/** The label every namespace carries with its own name (set by the API server since 1.21). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function defaultConfig(): LintConfig {
  return {
    rules: {},
    limits: { ...DEFAULT_LIMITS },
    tenantNamespaces: ['*'],
    kubernetesVersion: LATEST_KUBERNETES_VERSION,
    clusterNetworkPolicy: { channel: DEFAULT_CRD_CHANNEL },
    admission: {},
    dns: { ...DEFAULT_DNS, podLabels: { ...DEFAULT_DNS.podLabels }, ports: [...DEFAULT_DNS.ports], nodeLocalIPs: [...DEFAULT_DNS.nodeLocalIPs] },
  };
}

export function isSeveritySetting(v: unknown): v is SeveritySetting {
  return v === 'off' || (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v));
}
