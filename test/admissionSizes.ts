/**
 * How large the values a ValidatingAdmissionPolicy sees can be, for the cost estimate
 * (test/admissionCost.ts): the NetworkPolicy (networking.k8s.io/v1), `request` and the policy's
 * `variables`, under a size model.
 *
 * Two models:
 * - `requestSizeModel()`: Kubernetes' own bounds from the OpenAPI schema
 *   (staging/src/k8s.io/apiserver/pkg/cel/common/schemas.go `SchemaDeclType`): a list without
 *   `maxItems` holds "(maxRequestSizeBytes - 2) / (minSize + 1)" items, a map without
 *   `maxProperties` "(maxRequestSizeBytes - 2) / (minSize + 6)" entries, a string without
 *   `maxLength` or enum "maxRequestSizeBytes - 2" characters, with maxRequestSizeBytes 3 MiB
 *   (staging/src/k8s.io/apiserver/pkg/apis/cel/config.go `MaxRequestSizeBytes`) and an object's
 *   minimal size "{}" plus its required fields. NetworkPolicy has no maxItems anywhere, so every
 *   list may hold ~10^6 items and each nesting level multiplies by that.
 * - `envelope(n)`: a policy with at most n rules per direction, n peers and n ports per rule, n
 *   excepts, n labels, n match expressions and n values each, and the strings at the lengths the
 *   API server's validation allows (label key 317 = 253 prefix + `/` + 63, label value and
 *   namespace 63, CIDR 43, port name 15, protocol 4, operator 12, policy type 7 and at most 2 of
 *   them): what the API server actually charges for any such object is at most the estimate.
 */
import type { Scope, Shape } from './admissionCost';
import { estimate, list, str, struct, union } from './admissionCost';

export interface SizeModel {
  /** What the model is, for the printed figures. */
  name: string;
  rules: number;
  peers: number;
  ports: number;
  excepts: number;
  labels: number;
  expressions: number;
  values: number;
  policyTypes: number;
  /** request.userInfo.groups */
  groups: number;
  labelKey: number;
  labelValue: number;
  cidr: number;
  port: number;
  protocol: number;
  operator: number;
  policyType: number;
  namespace: number;
  group: number;
  /** Any other string (names, apiVersion). */
  text: number;
}

/** 3 MiB (staging/src/k8s.io/apiserver/pkg/apis/cel/config.go MaxRequestSizeBytes). */
export const MAX_REQUEST_SIZE_BYTES = 3 * 1024 * 1024;

/** schemas.go estimateMaxArrayItemsFromMinSize. */
const listOf = (minSize: number) => Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (minSize + 1));
/** schemas.go estimateMaxAdditionalPropertiesFromMinSize. */
const mapOf = (minSize: number) => Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (minSize + 6));
const STRING = MAX_REQUEST_SIZE_BYTES - 2;
/** A required field's part of its object's minimal size: its name, `"":` and `,`, and its value's. */
const required = (name: string, minSize: number) => name.length + minSize + 4;

export function requestSizeModel(): SizeModel {
  const EMPTY_OBJECT = 2;
  const MIN_STRING = 2;
  // LabelSelectorRequirement: key and operator are required
  const requirement = EMPTY_OBJECT + required('key', MIN_STRING) + required('operator', MIN_STRING);
  return {
    name: 'Kubernetes request-size bounds (no maxItems)',
    rules: listOf(EMPTY_OBJECT),
    peers: listOf(EMPTY_OBJECT),
    ports: listOf(EMPTY_OBJECT),
    excepts: listOf(MIN_STRING),
    labels: mapOf(MIN_STRING),
    expressions: listOf(requirement),
    values: listOf(MIN_STRING),
    policyTypes: listOf(MIN_STRING),
    groups: listOf(MIN_STRING),
    labelKey: STRING,
    labelValue: STRING,
    cidr: STRING,
    port: STRING,
    // the OpenAPI enumerates SCTP, TCP, UDP (estimateMaxStringEnumLength) and Ingress, Egress
    protocol: 4,
    operator: STRING,
    policyType: 7,
    namespace: STRING,
    group: STRING,
    text: STRING,
  };
}

export function envelope(n: number): SizeModel {
  return {
    name: `envelope ${n}`,
    rules: n,
    peers: n,
    ports: n,
    excepts: n,
    labels: n,
    expressions: n,
    values: n,
    policyTypes: 2,
    groups: 1000,
    labelKey: 317,
    labelValue: 63,
    cidr: 43,
    port: 15,
    protocol: 4,
    operator: 12,
    policyType: 7,
    namespace: 63,
    group: 253,
    text: 253,
  };
}

/** The NetworkPolicy, field for field (test/admissionTypes.ts declares the same type). */
export function networkPolicyShape(m: SizeModel): Shape {
  const labels: Shape = { k: 'map', max: m.labels, key: str(m.labelKey), value: str(m.labelValue) };
  const selector = struct({
    matchLabels: labels,
    matchExpressions: list(m.expressions, struct({ key: str(m.labelKey), operator: str(m.operator), values: list(m.values, str(m.labelValue)) })),
  });
  const peer = struct({
    podSelector: selector,
    namespaceSelector: selector,
    ipBlock: struct({ cidr: str(m.cidr), except: list(m.excepts, str(m.cidr)) }),
  });
  const ports = list(m.ports, struct({ protocol: str(m.protocol), port: { k: 'dyn', max: m.port }, endPort: { k: 'scalar' } }));
  const rule = (peers: string) => struct({ [peers]: list(m.peers, peer), ports });
  return struct({
    apiVersion: str(m.text),
    kind: str(m.text),
    metadata: struct({ name: str(m.namespace), namespace: str(m.namespace), labels, annotations: labels }),
    spec: struct({
      podSelector: selector,
      policyTypes: list(m.policyTypes, str(m.policyType)),
      ingress: list(m.rules, rule('from')),
      egress: list(m.rules, rule('to')),
    }),
  });
}

export function requestShape(m: SizeModel): Shape {
  return struct({
    namespace: str(m.namespace),
    name: str(m.namespace),
    operation: str(6),
    userInfo: struct({ username: str(m.text), groups: list(m.groups, str(m.group)) }),
  });
}

/** The roots every expression of a policy has (`variables` is added by policyCosts). */
export function rootScope(m: SizeModel): Map<string, Shape> {
  const object = networkPolicyShape(m);
  return new Map<string, Shape>([
    ['object', object],
    ['oldObject', object],
    ['request', requestShape(m)],
  ]);
}

/** Every count and length 0: the schema's structure with nothing in it (objectScope fills it in). */
function emptyModel(): SizeModel {
  const zero = Object.fromEntries(Object.keys(envelope(0)).map((k) => [k, 0])) as unknown as SizeModel;
  return { ...zero, name: 'empty' };
}

/**
 * The shape of this very value under the schema's shape: each list as long as it is (its elements'
 * worst case), each string its length; what the value leaves out is empty.
 */
export function valueShape(value: unknown, schema: Shape): Shape {
  const obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  switch (schema.k) {
    case 'struct':
      return { k: 'struct', fields: Object.fromEntries(Object.entries(schema.fields).map(([f, s]) => [f, valueShape(obj?.[f], s)])) };
    case 'list': {
      const items = Array.isArray(value) ? value : [];
      return { k: 'list', max: items.length, elem: items.reduce<Shape>((u, x) => union(u, valueShape(x, schema.elem)), valueShape(undefined, schema.elem)) };
    }
    case 'map': {
      const entries = Object.entries(obj ?? {});
      const key = entries.reduce<Shape>((u, [k]) => union(u, valueShape(k, schema.key)), valueShape(undefined, schema.key));
      const val = entries.reduce<Shape>((u, [, v]) => union(u, valueShape(v, schema.value)), valueShape(undefined, schema.value));
      return { k: 'map', max: entries.length, key, value: val };
    }
    case 'string':
    case 'dyn':
      return { k: schema.k, max: typeof value === 'string' ? [...value].length : schema.k === 'dyn' && value !== undefined ? 1 : 0 };
    default:
      return schema;
  }
}

/** The roots for a request about this very object (a CREATE: oldObject empty), from a user with 100 groups. */
export function objectScope(object: unknown, namespace: string): Map<string, Shape> {
  const schema = networkPolicyShape(emptyModel());
  const request = requestShape({ ...emptyModel(), namespace: namespace.length, groups: 100, group: 253, text: 253 });
  return new Map<string, Shape>([
    ['object', valueShape(object, schema)],
    ['oldObject', schema],
    ['request', request],
  ]);
}

export interface ExpressionCost {
  /** `spec.validations[2].messageExpression` */
  field: string;
  cost: number;
  /** The longest string a message expression yields (undefined for the others). */
  length?: number;
}

interface PolicySpec {
  matchConditions?: { expression: string }[];
  variables?: { name: string; expression: string }[];
  validations?: { expression: string; messageExpression?: string }[];
}

/**
 * Every expression of a policy spec, estimated under the model: the match conditions, then each
 * variable (its value's shape in scope for the ones after it, as the API server types them), the
 * validations and the message expressions.
 */
export function policyCosts(spec: PolicySpec, model: SizeModel | Scope): { matchConditions: ExpressionCost[]; evaluation: ExpressionCost[] } {
  const root = 'name' in model ? rootScope(model as SizeModel) : (model as Scope);
  const matchConditions = (spec.matchConditions ?? []).map((c, i) => ({
    field: `spec.matchConditions[${i}].expression`,
    cost: estimate(c.expression, root).cost,
  }));
  const variables: Record<string, Shape> = {};
  const scope = new Map(root).set('variables', { k: 'struct', fields: variables });
  const evaluation: ExpressionCost[] = [];
  for (const [i, v] of (spec.variables ?? []).entries()) {
    const e = estimate(v.expression, scope);
    variables[v.name] = e.shape;
    evaluation.push({ field: `spec.variables[${i}].expression (${v.name})`, cost: e.cost });
  }
  for (const [i, v] of (spec.validations ?? []).entries()) {
    evaluation.push({ field: `spec.validations[${i}].expression`, cost: estimate(v.expression, scope).cost });
    if (!v.messageExpression) continue;
    const message = estimate(v.messageExpression, scope);
    const length = message.shape.k === 'string' ? message.shape.max : Number.POSITIVE_INFINITY;
    evaluation.push({ field: `spec.validations[${i}].messageExpression`, cost: message.cost, length });
  }
  return { matchConditions, evaluation };
}
