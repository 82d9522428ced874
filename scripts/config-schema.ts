// Writes schemas/netpol-lint-config.schema.json (the JSON schema of .netpol-lint.yaml) from the
// rule registry, so the rule codes and severities in it never drift. `npx tsx scripts/sync-manifest.ts` runs it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRD_CHANNELS, DEFAULT_CRD_CHANNEL, DEFAULT_DNS, KUBERNETES_VERSIONS, LATEST_KUBERNETES_VERSION, RULES } from '../server/src/core/index';

/**
 * The `tests:` section: schemas/netpol-tests.schema.json itself (one schema for both), its
 * definitions moved to the config schema's root, where its `#/definitions/…` references point.
 */
function testsSection(): { section: object; definitions: object } {
  const { $schema: _s, $id: _i, title: _t, definitions, ...section } = JSON.parse(readFileSync(join(__dirname, '../schemas/netpol-tests.schema.json'), 'utf8'));
  return { section: { ...section, description: `${section.description} The same content as netpol-tests.yaml (which wins when both exist).` }, definitions };
}

export function configSchema(): object {
  const tests = testsSection();
  const severity = { enum: ['off', 'error', 'warning', 'information', 'hint'] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/netpol-lint/netpol-lint/schemas/netpol-lint-config.schema.json',
    title: '.netpol-lint.yaml',
    description: 'netpol-lint configuration, read by the CLI and the language server (editor settings with the same keys override it).',
    type: 'object',
    additionalProperties: false,
    definitions: tests.definitions,
    properties: {
      rules: {
        description: 'Severity per rule code; off turns a rule off.',
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          RULES.map((r) => [r.meta.code, { ...severity, description: `${r.meta.description} (default: ${r.meta.defaultSeverity})` }]),
        ),
      },
      dns: {
        description: 'What "allows DNS" means in this cluster: what missing-dns-egress accepts and what the DNS fixes write.',
        type: 'object',
        additionalProperties: false,
        properties: {
          namespace: {
            type: 'string',
            pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
            default: DEFAULT_DNS.namespace,
            description: 'Namespace of the cluster DNS pods (OpenShift: openshift-dns).',
          },
          podLabels: {
            type: 'object',
            additionalProperties: { type: 'string', maxLength: 63 },
            default: DEFAULT_DNS.podLabels,
            description: 'Labels of the cluster DNS pods.',
          },
          ports: {
            type: 'array',
            items: { type: 'integer', minimum: 1, maximum: 65535 },
            minItems: 1,
            default: DEFAULT_DNS.ports,
            description: 'Ports DNS listens on, UDP and TCP (OpenShift: [5353]).',
          },
          nodeLocalIPs: { type: 'array', items: { type: 'string' }, default: [], description: 'NodeLocal DNSCache addresses, e.g. [169.254.20.10].' },
        },
      },
      tenantNamespaces: {
        type: 'array',
        items: { type: 'string', pattern: '^[a-z0-9*?-]+$' },
        default: ['*'],
        description: 'Glob patterns of tenant namespaces for the workspace rules; kube-system, kube-public and kube-node-lease are never tenants.',
      },
      exclude: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
        description:
          "Glob patterns (relative to this file's folder; picomatch, as netpolLint.exclude) of files not to lint, e.g. ['charts/**', 'vendor/**']. The CLI's --exclude adds to them.",
      },
      render: {
        enum: ['auto', 'helm', 'kustomize'],
        description:
          'netpol-lint lint renders what it is given before linting (the CLI only): charts with helm template, kustomizations with kustomize build or kubectl kustomize; auto: both. --render renders too (auto unless this says).',
      },
      helm: {
        description: 'How lint --render runs helm template.',
        type: 'object',
        additionalProperties: false,
        properties: {
          namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$', description: 'The release namespace (helm template --namespace).' },
          values: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: "Values files (relative to this file's folder), passed as helm template --values, in order.",
          },
        },
      },
      kubernetesVersion: {
        type: 'string',
        enum: [...KUBERNETES_VERSIONS],
        default: LATEST_KUBERNETES_VERSION,
        description: `The Kubernetes version whose API server validation the rules follow (quoted: YAML reads 1.30 as a number). From 1.36 strict CIDR validation rejects host bits, leading zeros and IPv4-mapped IPv6.`,
      },
      clusterNetworkPolicy: {
        type: 'object',
        additionalProperties: false,
        description: 'The cluster admin policies (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy).',
        properties: {
          channel: {
            type: 'string',
            enum: [...CRD_CHANNELS],
            default: DEFAULT_CRD_CHANNEL,
            description:
              'The channel of the network-policy-api CRDs the cluster installed: experimental adds the nodes and domainNames peers, v1alpha1 namedPort, and its rule against named ports beside networks/nodes/domainNames peers.',
          },
        },
      },
      admission: {
        description: 'What `netpol-lint admission` writes beyond the rules (all opt-in).',
        type: 'object',
        additionalProperties: false,
        properties: {
          namespaceSelector: {
            description: 'The tenant namespaces by label, instead of the names of tenantNamespaces (kube-system, kube-public and kube-node-lease never).',
            type: 'object',
            additionalProperties: false,
            properties: {
              matchLabels: { type: 'object', additionalProperties: { type: 'string', maxLength: 63 } },
              matchExpressions: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['key', 'operator'],
                  properties: {
                    key: { type: 'string' },
                    operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
                    values: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
          allowedCidrs: {
            description: 'Tenant limit (Deny): every ipBlock cidr must lie inside one of these CIDRs.',
            type: 'array',
            items: { type: 'string' },
          },
          namespaceSelectorsByName: {
            description: 'Tenant limit (Deny): namespaceSelectors only by kubernetes.io/metadata.name (matchLabels, or In), never empty.',
            type: 'boolean',
          },
          noSystemNamespaces: {
            description: 'Tenant limit (Deny): no peer names kube-system, kube-public or kube-node-lease, but for the DNS profile pods on its ports (egress).',
            type: 'boolean',
          },
          platform: {
            description:
              "Protect the baseline (Deny): NetworkPolicies with this label key are the platform's; only these groups create, change or delete them.",
            type: 'object',
            additionalProperties: false,
            required: ['label', 'groups'],
            properties: { label: { type: 'string' }, groups: { type: 'array', items: { type: 'string' }, minItems: 1 } },
          },
        },
      },
      tests: tests.section,
    },
  };
}

export function writeConfigSchema(): void {
  writeFileSync(join(__dirname, '../schemas/netpol-lint-config.schema.json'), JSON.stringify(configSchema(), null, 2) + '\n');
}

if (require.main === module) writeConfigSchema();
