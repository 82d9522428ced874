/**
 * The rule registry: every rule, in report order. Codes are public API: never rename or reuse one.
 * The rules it hands out to run stamp each report with the rule's code and severity (./stamp.ts).
 */
import { dnsTcpMissing } from './dns-tcp-missing';
import { emptyLabelValue } from './empty-label-value';
import { emptyPort } from './empty-port';
import {
  fileTooLarge,
  flowIndentation,
  helmTemplate,
  internalError,
  invalidConfig,
  invalidTestsFile,
  tenantInvariantViolated,
  tenantTestFailed,
  unknownRule,
  yamlSyntax,
} from './engine-rules';
import { ignoredRules } from './ignored-rules';
import { implicitProtocol } from './implicit-protocol';
import { invalidProtocol } from './invalid-protocol';
import { missingDnsEgress } from './missing-dns-egress';
import { portOutOfRange } from './port-out-of-range';
import { missingRequired } from './missing-required';
import { invalidName } from './invalid-name';
import { invalidLabelKey } from './invalid-label-key';
import { invalidLabelValue } from './invalid-label-value';
import { invalidAnnotation } from './invalid-annotation';
import { invalidSelectorOperator } from './invalid-selector-operator';
import { selectorValuesMismatch } from './selector-values-mismatch';
import { invalidPortName } from './invalid-port-name';
import { quotedNumericPort } from './quoted-numeric-port';
import { invalidEndPort } from './invalid-end-port';
import { emptyPeer } from './empty-peer';
import { ipblockWithSelector } from './ipblock-with-selector';
import { invalidCidr } from './invalid-cidr';
import { nonCanonicalCidr } from './non-canonical-cidr';
import { exceptNotInCidr } from './except-not-in-cidr';
import { invalidPolicyType } from './invalid-policy-type';
import { removedApiVersion } from './removed-api-version';
import { ambiguousPeer } from './ambiguous-peer';
import { namespaceNameLabel } from './namespace-name-label';
import { crossNamespaceLabelTrust } from './cross-namespace-label-trust';
import { allowAll } from './allow-all';
import { cloudMetadataReachable } from './cloud-metadata-reachable';
import { namedPortWithIpblock } from './named-port-with-ipblock';
import { implicitPolicyTypes } from './implicit-policy-types';
import { missingNamespace } from './missing-namespace';
import { duplicatePolicyName } from './duplicate-policy-name';
import { noDefaultDeny } from './no-default-deny';
import { selectorMatchesNothing } from './selector-matches-nothing';
import { unprotectedWorkload } from './unprotected-workload';
import { kustomizeSelectorLabels } from './kustomize-selector-labels';
import { stamp } from './stamp';
import { unsupportedValue } from './unsupported-value';
import { outOfBounds } from './out-of-bounds';
import { exactlyOneOf } from './exactly-one-of';
import { duplicateValue } from './duplicate-value';
import { invalidDomainName } from './invalid-domain-name';
import { namedPortWithNetworks } from './named-port-with-networks';
import { deprecatedApiVersion } from './deprecated-api-version';
import { domainNamesNotAccept } from './domain-names-not-accept';
import { shadowedClusterRule } from './shadowed-cluster-rule';
import { catchAllNetworks } from './catch-all-networks';
import { samePriorityOverlap } from './same-priority-overlap';
import { adminAcceptAllNamespaces } from './admin-accept-all-namespaces';
import { ipv4OnlyNetworks } from './ipv4-only-networks';
import { baselineRuleUnreachable } from './baseline-rule-unreachable';
import type { ClusterRule, StampedClusterRule } from './clusterRule';
import type { KustomizationRule, NamespaceRule, PolicyRule, Rule, RuleMeta, StampedNamespaceRule, StampedPolicyRule } from './types';
import type { Finding } from '../findings';
import type { KustomizationModel } from '../kustomize';
import type { NetworkPolicyModel } from '../model/networkPolicy';
import { unknownField } from './unknown-field';
import { wrongType } from './wrong-type';

export const RULES: readonly (Rule | ClusterRule)[] = [
  // A. what the API server would reject
  yamlSyntax,
  wrongType,
  unknownField,
  missingRequired,
  invalidName,
  invalidLabelKey,
  invalidLabelValue,
  invalidAnnotation,
  invalidSelectorOperator,
  selectorValuesMismatch,
  invalidProtocol,
  portOutOfRange,
  invalidPortName,
  quotedNumericPort,
  invalidEndPort,
  emptyPeer,
  ipblockWithSelector,
  invalidCidr,
  nonCanonicalCidr,
  exceptNotInCidr,
  invalidPolicyType,
  removedApiVersion,
  // A, for the cluster policies (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy): their CRDs' constraints
  unsupportedValue,
  outOfBounds,
  exactlyOneOf,
  duplicateValue,
  invalidDomainName,
  namedPortWithNetworks,
  // B. accepted by the API server, but almost certainly not what was meant
  missingDnsEgress,
  dnsTcpMissing,
  emptyPort,
  emptyLabelValue,
  ambiguousPeer,
  namespaceNameLabel,
  crossNamespaceLabelTrust,
  ignoredRules,
  allowAll,
  cloudMetadataReachable,
  namedPortWithIpblock,
  implicitProtocol,
  implicitPolicyTypes,
  missingNamespace,
  deprecatedApiVersion,
  shadowedClusterRule,
  catchAllNetworks,
  domainNamesNotAccept,
  flowIndentation,
  kustomizeSelectorLabels,
  // C. workspace rules: what only shows across files
  duplicatePolicyName,
  noDefaultDeny,
  selectorMatchesNothing,
  unprotectedWorkload,
  // C, for the cluster policies: what only shows with the workspace's other cluster policies, pods and NetworkPolicies
  samePriorityOverlap,
  adminAcceptAllNamespaces,
  ipv4OnlyNetworks,
  baselineRuleUnreachable,
  // suppression comments, and the engine's own failures
  unknownRule,
  internalError,
  fileTooLarge,
  helmTemplate,
  invalidConfig,
  // the tests file's answers (netpol-tests.yaml, run on the workspace in the editor)
  invalidTestsFile,
  tenantInvariantViolated,
  tenantTestFailed,
];

function stampedPolicyRule({ meta, check, checkObject, checkClusterPolicy }: PolicyRule): StampedPolicyRule {
  return {
    scope: 'policy',
    meta,
    check: (policy, ctx) => check(policy, ctx).map((r) => stamp(meta, r)),
    ...(checkObject ? { checkObject: (object, ctx) => checkObject(object, ctx).map((r) => stamp(meta, r)) } : {}),
    ...(checkClusterPolicy ? { checkClusterPolicy: (policy, ctx) => checkClusterPolicy(policy, ctx).map((r) => stamp(meta, r)) } : {}),
  };
}

function stampedNamespaceRule({ meta, check }: NamespaceRule): StampedNamespaceRule {
  return { scope: 'namespace', meta, check: (members, ctx) => check(members, ctx).map(({ ref, report }) => ({ ref, finding: stamp(meta, report) })) };
}

/** The policy rules, in report order, as the analysis runs them. */
export const POLICY_RULES: readonly StampedPolicyRule[] = RULES.filter((r): r is PolicyRule => r.scope === 'policy').map(stampedPolicyRule);
/** The namespace rules, in report order, as the workspace runs them. */
export const NAMESPACE_RULES: readonly StampedNamespaceRule[] = RULES.filter((r): r is NamespaceRule => r.scope === 'namespace').map(stampedNamespaceRule);
/** The kustomization rules, as the workspace runs them on a kustomization file: findings stamped from their meta. */
export const KUSTOMIZATION_RULES: readonly { meta: RuleMeta; check(k: KustomizationModel, policies: readonly NetworkPolicyModel[]): Finding[] }[] =
  RULES.filter((r): r is KustomizationRule => r.scope === 'kustomization').map(({ meta, check }) => ({
    meta,
    check: (k, policies) => check(k, policies).map((r) => stamp(meta, r)),
  }));
/** The workspace-wide cluster policy rules, in report order, as the workspace runs them. */
export const CLUSTER_RULES: readonly StampedClusterRule[] = RULES.filter((r): r is ClusterRule => r.scope === 'cluster').map(
  ({ meta, check, readsNetworkPolicies }) => ({
    meta,
    readsNetworkPolicies: readsNetworkPolicies === true,
    check: (ctx) => check(ctx).map(({ ref, report }) => ({ ref, finding: stamp(meta, report) })),
  }),
);
export const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((r) => r.meta.code));

export function ruleMeta(code: string): RuleMeta | undefined {
  return RULES.find((r) => r.meta.code === code)?.meta;
}
