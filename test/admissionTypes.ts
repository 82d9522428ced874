/**
 * Type-checks the generated CEL as the API server compiles it: with @marcbachmann/cel-js (a type
 * checker with declared variables), the variables a ValidatingAdmissionPolicy has (`object` and
 * `oldObject` of the NetworkPolicy type, `request`, `params`, `namespaceObject`, `variables` typed
 * by their own expressions in order) and the Kubernetes `ip`/`cidr` library's declarations. The
 * NetworkPolicy type follows networking.k8s.io/v1 field for field (an int-or-string is dyn, as
 * Kubernetes types it), so a misspelled or misplaced field is a type error.
 */
/** The part of @marcbachmann/cel-js' Environment used here. */
interface Environment {
  registerType(name: string, type: { fields?: Record<string, string>; ctor?: new () => object }): Environment;
  registerFunction(signature: string, handler: () => never): Environment;
  registerOperator(signature: string, handler: () => never): Environment;
  registerVariable(name: string, type: string): Environment;
  check(expression: string): { valid: boolean; type?: string; error?: { message?: string } };
}

// an ES module: required (Node >= 20.19 loads one) so that this CommonJS test code can use it synchronously
const { Environment } = require('@marcbachmann/cel-js') as { Environment: new (options: { enableOptionalTypes: boolean }) => Environment };

class IP {}
class CIDR {}

/** networking.k8s.io/v1 NetworkPolicy and the meta/v1 types it uses. */
const TYPES: [string, Record<string, string>][] = [
  ['LabelSelectorRequirement', { key: 'string', operator: 'string', values: 'list<string>' }],
  ['LabelSelector', { matchLabels: 'map<string, string>', matchExpressions: 'list<LabelSelectorRequirement>' }],
  [
    'ObjectMeta',
    {
      name: 'string',
      generateName: 'string',
      namespace: 'string',
      uid: 'string',
      resourceVersion: 'string',
      generation: 'int',
      labels: 'map<string, string>',
      annotations: 'map<string, string>',
      finalizers: 'list<string>',
    },
  ],
  ['IPBlock', { cidr: 'string', except: 'list<string>' }],
  ['NetworkPolicyPeer', { podSelector: 'LabelSelector', namespaceSelector: 'LabelSelector', ipBlock: 'IPBlock' }],
  ['NetworkPolicyPort', { protocol: 'string', port: 'dyn', endPort: 'int' }],
  ['NetworkPolicyIngressRule', { from: 'list<NetworkPolicyPeer>', ports: 'list<NetworkPolicyPort>' }],
  ['NetworkPolicyEgressRule', { to: 'list<NetworkPolicyPeer>', ports: 'list<NetworkPolicyPort>' }],
  [
    'NetworkPolicySpec',
    {
      podSelector: 'LabelSelector',
      policyTypes: 'list<string>',
      ingress: 'list<NetworkPolicyIngressRule>',
      egress: 'list<NetworkPolicyEgressRule>',
    },
  ],
  ['NetworkPolicy', { apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', spec: 'NetworkPolicySpec' }],
  ['Namespace', { apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta' }],
  ['UserInfo', { username: 'string', uid: 'string', groups: 'list<string>', extra: 'map<string, list<string>>' }],
  ['Request', { namespace: 'string', name: 'string', operation: 'string', userInfo: 'UserInfo', dryRun: 'bool', subResource: 'string', uid: 'string' }],
];

/** `variables`: the policy's variables declared so far (undefined: none exist, as in matchConditions). */
function baseEnvironment(variables: Record<string, string> | undefined): Environment {
  const env = new Environment({ enableOptionalTypes: true }).registerType('net.IP', { ctor: IP }).registerType('net.CIDR', { ctor: CIDR });
  for (const [name, fields] of TYPES) env.registerType(name, { fields });
  if (variables) env.registerType('Variables', { fields: variables });
  const never = () => {
    throw new Error('declarations only');
  };
  for (const signature of [
    'isIP(string): bool',
    'isCIDR(string): bool',
    'ip(string): net.IP',
    'cidr(string): net.CIDR',
    'net.CIDR.containsIP(net.IP): bool',
    'net.CIDR.containsIP(string): bool',
    'net.CIDR.containsCIDR(net.CIDR): bool',
    'net.CIDR.containsCIDR(string): bool',
    'net.CIDR.prefixLength(): int',
    'net.CIDR.ip(): net.IP',
    'net.IP.family(): int',
  ])
    env.registerFunction(signature, never);
  // CEL object (message) types are nullable: `oldObject != null` is how a policy tells CREATE
  // (and `object != null` DELETE) apart; cel-js' declared types are not, so the comparison is declared
  for (const t of ['NetworkPolicy', 'Namespace']) {
    env.registerOperator(`${t} == null`, never);
  }
  if (variables) env.registerVariable('variables', 'Variables');
  return env
    .registerVariable('object', 'NetworkPolicy')
    .registerVariable('oldObject', 'NetworkPolicy')
    .registerVariable('request', 'Request')
    .registerVariable('params', 'dyn')
    .registerVariable('namespaceObject', 'Namespace');
}

export interface TypeError_ {
  /** `spec.validations[2].messageExpression` */
  field: string;
  message: string;
}

interface Spec {
  matchConditions?: { expression: string }[];
  variables?: { name: string; expression: string }[];
  validations?: { expression: string; messageExpression?: string }[];
}

/**
 * Every expression of the policy spec, compiled as the API server compiles it: match conditions
 * and validations must be bool, message expressions string, each variable typed by its
 * expression for the ones after it. The type errors, by field.
 */
export function typeCheck(spec: Spec): TypeError_[] {
  const errors: TypeError_[] = [];
  const declared: Record<string, string> = {};
  let scope: Record<string, string> | undefined;
  const check = (field: string, expression: string, want?: string): string | undefined => {
    const r = baseEnvironment(scope).check(expression);
    if (!r.valid) errors.push({ field, message: r.error?.message ?? 'type error' });
    else if (want && r.type !== want) errors.push({ field, message: `is ${r.type}, must be ${want}` });
    return r.valid ? r.type : undefined;
  };
  for (const [i, c] of (spec.matchConditions ?? []).entries()) check(`spec.matchConditions[${i}].expression`, c.expression, 'bool');
  scope = declared;
  for (const [i, v] of (spec.variables ?? []).entries()) declared[v.name] = check(`spec.variables[${i}].expression`, v.expression) ?? 'dyn';
  for (const [i, v] of (spec.validations ?? []).entries()) {
    check(`spec.validations[${i}].expression`, v.expression, 'bool');
    if (v.messageExpression) check(`spec.validations[${i}].messageExpression`, v.messageExpression, 'string');
  }
  return errors;
}
