/**
 * Runs the generated admission policies as the API server would, in the tests: @bufbuild/cel
 * evaluates the CEL, with the Kubernetes CEL extensions the policies use implemented here to their
 * documented behaviour (the `ip` and `cidr` libraries: Go's netip parsing, IPv4-mapped IPv6 and
 * zones refused), on the object as admission sees it: defaulted (protocol TCP on every port,
 * policyTypes filled in) and without the empty fields Go omits.
 */
import { CelScalar, celFunc, celMethod, isCelError, mapType, run, type CelInput, type CelMap, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import ipaddr from 'ipaddr.js';

// ---- the Kubernetes ip / cidr libraries -------------------------------------------------------

type Addr = { kind: 'ipv4' | 'ipv6'; bytes: number[] };

/** netip.ParseAddr, then Kubernetes' refusals (zones, IPv4-mapped IPv6). */
export function parseAddr(s: string): Addr | undefined {
  if (/^\d+(\.\d+){3}$/.test(s)) {
    const parts = s.split('.');
    // Go refuses leading zeros and octets over 255
    if (parts.some((p) => (p.length > 1 && p.startsWith('0')) || Number(p) > 255)) return undefined;
    return { kind: 'ipv4', bytes: parts.map(Number) };
  }
  if (!s.includes(':') || s.includes('%') || !ipaddr.IPv6.isValid(s)) return undefined;
  // an embedded IPv4 part follows the IPv4 rules
  const tail = /:(\d+(\.\d+){3})$/.exec(s);
  if (tail && !parseAddr(tail[1])) return undefined;
  const v6 = ipaddr.IPv6.parse(s);
  if (v6.isIPv4MappedAddress()) return undefined;
  return { kind: 'ipv6', bytes: v6.toByteArray() };
}

type Prefix = { addr: Addr; bits: number };

/** netip.ParsePrefix (host bits allowed), then Kubernetes' refusals. */
export function parsePrefix(s: string): Prefix | undefined {
  const m = /^([^/]+)\/(0|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const addr = parseAddr(m[1]);
  const bits = Number(m[2]);
  if (!addr || bits > addr.bytes.length * 8) return undefined;
  return { addr, bits };
}

function contains(p: Prefix, a: Addr): boolean {
  if (p.addr.kind !== a.kind) return false;
  for (let i = 0; i < p.bits; i++) {
    const bit = (b: number[]) => (b[i >> 3] >> (7 - (i & 7))) & 1;
    if (bit(p.addr.bytes) !== bit(a.bytes)) return false;
  }
  return true;
}

// Values of the library types are maps with one marker key (the tests' representation only).
const CIDR = '@cidr';
const IP = '@ip';
const OPAQUE = mapType(CelScalar.STRING, CelScalar.STRING);
const opaque = (key: string, text: string) => new Map([[key, text]]);
const textOf = (v: CelMap, key: string): string => {
  const t = v.get(key);
  if (typeof t !== 'string') throw new Error(`not a ${key.slice(1)}`);
  return t;
};

const KUBERNETES_FUNCS = [
  ...strings,
  celFunc('isCIDR', [CelScalar.STRING], CelScalar.BOOL, (s) => parsePrefix(s) !== undefined),
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s) => parseAddr(s) !== undefined),
  celFunc('cidr', [CelScalar.STRING], OPAQUE, (s) => {
    if (!parsePrefix(s)) throw new Error(`network address parse error during conversion from string: ${s}`);
    return opaque(CIDR, s);
  }),
  celFunc('ip', [CelScalar.STRING], OPAQUE, (s) => {
    if (!parseAddr(s)) throw new Error(`IP Address parse error during conversion from string: ${s}`);
    return opaque(IP, s);
  }),
  celMethod('prefixLength', OPAQUE, [], CelScalar.INT, function () {
    return BigInt(parsePrefix(textOf(this, CIDR))!.bits);
  }),
  celMethod('containsIP', OPAQUE, [OPAQUE], CelScalar.BOOL, function (ip) {
    return contains(parsePrefix(textOf(this, CIDR))!, parseAddr(textOf(ip, IP))!);
  }),
  // every address of the other prefix is inside this one: same family, at least as long, and inside
  celMethod('containsCIDR', OPAQUE, [OPAQUE], CelScalar.BOOL, function (other) {
    const p = parsePrefix(textOf(this, CIDR))!;
    const o = parsePrefix(textOf(other, CIDR))!;
    return o.bits >= p.bits && contains(p, o.addr);
  }),
  celMethod('containsIP', OPAQUE, [CelScalar.STRING], CelScalar.BOOL, function (ip) {
    const a = parseAddr(ip);
    if (!a) throw new Error(`IP Address parse error: ${ip}`);
    return contains(parsePrefix(textOf(this, CIDR))!, a);
  }),
];

// ---- the object as admission sees it ----------------------------------------------------------

type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

/** JSON as Go decodes and re-encodes it into the typed object: nulls and empty lists dropped (omitempty). */
function omitEmpty(v: Plain): Plain | undefined {
  if (v === null) return undefined;
  if (Array.isArray(v)) {
    const items = v.map((x) => omitEmpty(x) ?? {});
    return items.length === 0 ? undefined : items;
  }
  if (typeof v === 'object') {
    const out: Record<string, Plain> = {};
    for (const [k, x] of Object.entries(v)) {
      const y = omitEmpty(x);
      if (y === undefined) continue;
      // maps (matchLabels) are omitempty; struct-valued selectors stay, `{}` and all
      if (
        (k === 'matchLabels' || k === 'labels' || k === 'annotations') &&
        y !== null &&
        typeof y === 'object' &&
        !Array.isArray(y) &&
        Object.keys(y).length === 0
      )
        continue;
      out[k] = y;
    }
    return out;
  }
  return v;
}

/**
 * The NetworkPolicy as the API server defaults it before admission: every port has a protocol
 * (TCP), policyTypes is Ingress, plus Egress when there are egress rules, if it was not given.
 */
export function defaulted(policy: Plain): Record<string, Plain> {
  const o = (omitEmpty(structuredClone(policy)) ?? {}) as Record<string, Plain>;
  const spec = ((o.spec as Record<string, Plain> | undefined) ??= { podSelector: {} }) as Record<string, Plain>;
  spec.podSelector ??= {};
  for (const key of ['ingress', 'egress']) {
    for (const rule of (spec[key] as Record<string, Plain>[] | undefined) ?? []) {
      for (const port of (rule.ports as Record<string, Plain>[] | undefined) ?? []) port.protocol ??= 'TCP';
    }
  }
  if (spec.policyTypes === undefined) spec.policyTypes = (spec.egress as Plain[] | undefined)?.length ? ['Ingress', 'Egress'] : ['Ingress'];
  return o;
}

/** A plain value as CEL input: maps as Map, whole numbers as int. */
function celInput(v: Plain): CelInput {
  if (Array.isArray(v)) return v.map(celInput);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, celInput(x)]));
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return v;
}

function evaluate(expression: string, bindings: Record<string, CelInput>): CelValue {
  const out = run(expression, bindings, { funcs: KUBERNETES_FUNCS });
  if (isCelError(out)) throw new Error(`CEL error in ${expression.slice(0, 120)}…: ${out.message}`);
  return out;
}

// ---- running a policy -------------------------------------------------------------------------

interface Validation {
  expression: string;
  message: string;
  messageExpression?: string;
}
interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
interface PolicySpec {
  matchConstraints?: { namespaceSelector?: Selector; resourceRules?: { operations: string[] }[] };
  matchConditions?: { name: string; expression: string }[];
  variables?: { name: string; expression: string }[];
  validations: Validation[];
}

export interface Failure {
  /** The rule code the message names (`[code]`). */
  code: string;
  message: string;
}

/** The rule code a message names: `… [ignored-rules] https://…`. */
export function codeOf(message: string): string {
  const m = /\[([a-z0-9-]+)\] https:\/\/\S+$/.exec(message);
  if (!m) throw new Error(`no [code] link in the message: ${message}`);
  return m[1];
}

/**
 * The validations of a ValidatingAdmissionPolicy on a request to create `object` in `namespace`:
 * undefined when a match condition leaves the request out, else the failed validations (each with
 * its messageExpression's message). A CEL error throws (failurePolicy Fail refuses the request).
 */
export interface Request {
  operation?: 'CREATE' | 'UPDATE' | 'DELETE';
  /** request.userInfo.groups */
  groups?: string[];
  /** The stored object (UPDATE, DELETE). */
  oldObject?: Plain;
  /** The namespace's labels (default: only kubernetes.io/metadata.name, as the API server sets it). */
  namespaceLabels?: Record<string, string>;
}

/** A label selector on a set of labels, as Kubernetes matches one. */
function selects(s: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of s.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    const ok = e.operator === 'In' ? inValues : e.operator === 'NotIn' ? !inValues : e.operator === 'Exists' ? has : !has;
    if (!ok) return false;
  }
  return true;
}

export function runPolicy(policy: { spec: PolicySpec }, object: Plain, namespace: string, req: Request = {}): Failure[] | undefined {
  const operation = req.operation ?? 'CREATE';
  const rules = policy.spec.matchConstraints?.resourceRules ?? [];
  if (!rules.some((r) => r.operations.includes(operation) || r.operations.includes('*'))) return undefined;
  const selector = policy.spec.matchConstraints?.namespaceSelector;
  if (selector && !selects(selector, req.namespaceLabels ?? { 'kubernetes.io/metadata.name': namespace })) return undefined;
  const request = new Map<string, CelInput>([
    ['namespace', namespace],
    ['operation', operation],
    ['userInfo', new Map<string, CelInput>([['groups', req.groups ?? ['system:authenticated']]])],
  ]);
  // DELETE has no object; CREATE no oldObject
  const obj = object === null ? null : celInput(defaulted(object));
  const oldObject = req.oldObject === undefined || req.oldObject === null ? null : celInput(defaulted(req.oldObject));
  for (const c of policy.spec.matchConditions ?? []) if (evaluate(c.expression, { request, object: obj, oldObject }) !== true) return undefined;
  const variables = new Map<string, CelInput>();
  const bind = () => ({ request, object: obj, oldObject, variables: new Map(variables) as CelInput });
  for (const v of policy.spec.variables ?? []) variables.set(v.name, evaluate(v.expression, bind()) as CelInput);
  const failures: Failure[] = [];
  for (const v of policy.spec.validations) {
    const ok = evaluate(v.expression, bind());
    if (typeof ok !== 'boolean') throw new Error(`validation is not a bool: ${v.expression}`);
    if (ok) continue;
    const message = v.messageExpression ? evaluate(v.messageExpression, bind()) : v.message;
    if (typeof message !== 'string') throw new Error(`messageExpression is not a string: ${v.messageExpression}`);
    failures.push({ code: codeOf(v.message), message });
  }
  return failures;
}

/** The request's namespace: the object's, else "default" (as kubectl sends it). */
export function namespaceOf(object: Plain): string {
  const ns = (object as { metadata?: { namespace?: unknown } })?.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : 'default';
}
