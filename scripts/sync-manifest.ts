// Writes the rule list into package.json (netpolLint.rules setting). Run after adding a rule:
//   npx tsx scripts/sync-manifest.ts      (test/unit/manifest.test.ts fails until it is run)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRD_CHANNELS, DEFAULT_CRD_CHANNEL, KUBERNETES_VERSIONS, LATEST_KUBERNETES_VERSION, RULES } from '../server/src/core/index';
import { writeConfigSchema } from './config-schema';

const file = join(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
// the settings are in categories (General, DNS, Limits): each key is in exactly one
type Category = { properties: Record<string, unknown> };
const categoryOf = (key: string): Category => (pkg.contributes.configuration as Category[]).find((c) => key in c.properties)!;
const prop = categoryOf('netpolLint.rules').properties['netpolLint.rules'] as { properties: unknown };
prop.properties = Object.fromEntries(
  RULES.map((r) => [
    r.meta.code,
    {
      type: 'string',
      enum: ['off', 'error', 'warning', 'information', 'hint'],
      markdownDescription: `${r.meta.description} (default: ${r.meta.defaultSeverity})`,
    },
  ]),
);
// the modelled Kubernetes versions, as for the config file's kubernetesVersion
categoryOf('netpolLint.kubernetesVersion').properties['netpolLint.kubernetesVersion'] = {
  type: ['string', 'null'],
  default: null,
  enum: [null, ...KUBERNETES_VERSIONS],
  scope: 'resource',
  markdownDescription: `The Kubernetes version whose API server validation the rules follow (overrides \`kubernetesVersion\` of \`.netpol-lint.yaml\`; default ${LATEST_KUBERNETES_VERSION}). From 1.36 strict CIDR validation rejects host bits set, leading zeros and IPv4-mapped IPv6 (\`invalid-cidr\`); before, they are \`non-canonical-cidr\` warnings.`,
};
categoryOf('netpolLint.clusterNetworkPolicy.channel').properties['netpolLint.clusterNetworkPolicy.channel'] = {
  type: ['string', 'null'],
  default: null,
  enum: [null, ...CRD_CHANNELS],
  scope: 'resource',
  markdownDescription: `The channel of the network-policy-api CRDs (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy) the cluster installed (overrides \`clusterNetworkPolicy.channel\` of \`.netpol-lint.yaml\`; default ${DEFAULT_CRD_CHANNEL}). \`experimental\` accepts the \`nodes\` and \`domainNames\` peers and v1alpha1 \`namedPort\`, and rejects a named port beside them.`,
};
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`${RULES.length} rules written to package.json`);

// and the JSON schema of .netpol-lint.yaml (its rule codes come from the same registry)
writeConfigSchema();
console.log('schemas/netpol-lint-config.schema.json written');
