/**
 * The Kubernetes versions whose API server validation the rules follow (`kubernetesVersion`), and
 * what differs between them. One difference is modelled today:
 *
 * - strict IP and CIDR validation (KEP-4858, the `StrictIPCIDRValidation` feature gate: alpha and
 *   off in 1.33, on by default from 1.36). With it the API server rejects a CIDR with host bits set
 *   (`10.0.0.5/24`), with leading zeros (`10.01.0.0/16`, `10.0.0.0/08`) or in IPv4-mapped IPv6 form
 *   (`::ffff:10.0.0.0/104`); before it, it accepts them (1.33-1.35 with a warning) and stores the
 *   network they mean.
 *
 * Every other NetworkPolicy validation rule the product checks is the same in every version here
 * (1.27 to 1.36).
 */

/** The newest minor version the product knows: the default. */
export const LATEST_KUBERNETES_VERSION = '1.36';
/**
 * The oldest minor version modelled: from 1.27 the API server also validates the values of selector
 * `matchExpressions` as label values, which the rules check for every version (and `endPort` is GA
 * from 1.25), so no older version differs from 1.27 in anything else the rules check.
 */
export const OLDEST_KUBERNETES_VERSION = '1.27';

/**
 * The channel of the network-policy-api CRDs the cluster installed (`clusterNetworkPolicy.channel`):
 * the experimental channel adds `nodes` and `domainNames` peers, v1alpha1's `namedPort`, and a CEL
 * rule against named ports beside non-pod peers. The standard channel is the default.
 */
export type CrdChannel = 'standard' | 'experimental';
export const CRD_CHANNELS: readonly CrdChannel[] = ['standard', 'experimental'];
export const DEFAULT_CRD_CHANNEL: CrdChannel = 'standard';

/** What the API server of one version, with one channel of the policy CRDs, accepts. Compared by identity. */
export interface ApiServer {
  /** "1.36" */
  readonly version: string;
  /** Strict IP/CIDR validation is on. */
  readonly strictCidr: boolean;
  /** The channel of the ClusterNetworkPolicy (and v1alpha1) CRDs. */
  readonly channel: CrdChannel;
}

const minorOf = (v: string) => Number(v.split('.')[1]);

/** One frozen profile per known version and channel (so that analyses can be cached per profile). */
const PROFILES: ReadonlyMap<string, Readonly<Record<CrdChannel, ApiServer>>> = new Map(
  Array.from({ length: minorOf(LATEST_KUBERNETES_VERSION) - minorOf(OLDEST_KUBERNETES_VERSION) + 1 }, (_, i) => {
    const minor = minorOf(OLDEST_KUBERNETES_VERSION) + i;
    const version = `1.${minor}`;
    const profile = (channel: CrdChannel) => Object.freeze({ version, strictCidr: minor >= 36, channel });
    return [version, Object.freeze({ standard: profile('standard'), experimental: profile('experimental') })];
  }),
);

/**
 * A version as users write it ("1.35", "v1.35", "1.35.2") read as its minor version ("1.35"), or a
 * reason it is not one the product models.
 */
export function readKubernetesVersion(text: string): { version: string } | { problem: string } {
  const m = /^v?1\.(0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))?$/.exec(text.trim());
  if (!m) return { problem: `"${text}" is not a Kubernetes version such as "${LATEST_KUBERNETES_VERSION}"` };
  const version = `1.${m[1]}`;
  if (!PROFILES.has(version))
    return { problem: `Kubernetes ${version} is not modelled: use a version from ${OLDEST_KUBERNETES_VERSION} to ${LATEST_KUBERNETES_VERSION}` };
  return { version };
}

/** The modelled versions, oldest first. */
export const KUBERNETES_VERSIONS: readonly string[] = [...PROFILES.keys()];

/** The API server profile of a modelled version (the latest one for anything else) and CRD channel. */
export function apiServer(version: string, channel: CrdChannel = DEFAULT_CRD_CHANNEL): ApiServer {
  const byChannel = PROFILES.get(version) ?? PROFILES.get(LATEST_KUBERNETES_VERSION)!;
  return byChannel[channel] ?? byChannel[DEFAULT_CRD_CHANNEL];
}
