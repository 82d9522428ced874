/**
 * Checks a cluster policy (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy)
 * against its CRD schema (clusterPolicySchema.ts) as the API server validates a custom resource:
 * nulls are pruned (a `key: null` is absent), then types, required fields, enums, bounds, list
 * and string limits, `set` lists, patterns and the CEL rules, each reported in the API server's
 * words with the field path. Strict field validation (kubectl's default) rejects unknown fields.
 * These are facts about the document; the rules named by each issue's code report them.
 */
import { cidrProblemForCel } from '../analysis/cidr';
import type { Span } from '../text/span';
import { closest } from './editDistance';
import { getEntry, isNull, type LMap, type LNode } from './located';
import { BANP_NAME, type CrdNode, type CrdValidation, IS_CIDR, NAMED_PORT_VALIDATIONS, START_BEFORE_END } from './clusterPolicySchema';
import { OBJECT_META } from './schema';
import { checkShape, describeNode, type ShapeIssue, type WrongTypeIssue } from './shape';

/** The codes of the rules that report a CRD issue (besides wrong-type and unknown-field, from `shape`). */
export type CrdIssueCode =
  | 'missing-required'
  | 'unsupported-value'
  | 'out-of-bounds'
  | 'port-out-of-range'
  | 'exactly-one-of'
  | 'duplicate-value'
  | 'invalid-cidr'
  | 'invalid-end-port'
  | 'invalid-domain-name'
  | 'named-port-with-networks'
  | 'invalid-name';

export interface CrdIssue {
  code: CrdIssueCode;
  path: string;
  span: Span;
  /** The API server's message: its reason first (`Required value`, `Invalid value: …`); the field path is `path`, not in it. */
  message: string;
  /** The value meant, when it is unambiguous (an enum value in another case; v1alpha1's Allow for Accept). */
  replacement?: string;
}

/** The CEL rules the check implements (the schema test fails on any other). */
export const IMPLEMENTED_VALIDATIONS: readonly CrdValidation[] = [START_BEFORE_END, IS_CIDR, BANP_NAME, ...NAMED_PORT_VALIDATIONS];

export interface CrdFacts {
  shape: ShapeIssue[];
  issues: CrdIssue[];
}

interface Walk {
  out: CrdFacts;
  text: string;
  /** The other channel's name: a field unknown here but known there gets a note (walk's `other`). */
  otherName: string;
}

const quote = (v: unknown) => JSON.stringify(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
/** A path's last key (`spec.egress[0].to[1].networks` → `networks`), to name a sibling item in a message. */
const lastKey = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** A span's first line (a whole list item or map would underline a block). */
function head(span: Span, text: string): Span {
  const nl = text.indexOf('\n', span.start);
  return { start: span.start, end: nl >= 0 && nl < span.end ? text.slice(span.start, nl).trimEnd().length + span.start : span.end };
}

/** The entries of a map as the API server sees them: nulls pruned. */
function present(map: LMap) {
  return map.entries.filter((e) => !isNull(e.value));
}

function typeOk(schema: CrdNode, node: LNode): boolean {
  switch (schema.type) {
    case 'object':
      return node.kind === 'map';
    case 'array':
      return node.kind === 'seq';
    case 'string':
      return node.kind === 'scalar' && typeof node.value === 'string';
    case 'integer':
      return node.kind === 'scalar' && (typeof node.value === 'bigint' || (typeof node.value === 'number' && Number.isInteger(node.value)));
  }
}

const TYPE_NAMES = { object: 'a map', array: 'a list', string: 'a string', integer: 'an integer' } as const;

function wrongType(schema: CrdNode, node: LNode, path: string): WrongTypeIssue {
  const scalar = node.kind === 'scalar' ? node : undefined;
  return {
    type: 'wrong-type',
    path,
    span: node.span,
    expected: TYPE_NAMES[schema.type],
    found: describeNode(node),
    wrapScalar: schema.type === 'array' && schema.items?.type === 'string' && typeof scalar?.value === 'string',
    value: typeof scalar?.value === 'string' ? scalar.value : undefined,
    yaml11Scalar: schema.type === 'string' && !!scalar && !scalar.quoted && ['boolean', 'number', 'bigint'].includes(typeof scalar.value),
  };
}

/** What CEL and the API server print for a value of this schema type. */
const typeValue = (schema: CrdNode) => quote(schema.type);

/**
 * Checks `node` against `schema` at `path`; `other` is the same place in the other channel's schema,
 * `at` where to report what is missing from the node (its key, or its first line).
 */
function walk(w: Walk, node: LNode, schema: CrdNode, path: string, other: CrdNode | undefined, at: Span): void {
  if (node.kind === 'opaque' || isNull(node)) return;
  if (!typeOk(schema, node)) {
    w.out.shape.push(wrongType(schema, node, path));
    return;
  }
  const issue = (code: CrdIssueCode, span: Span, message: string, p = path) => w.out.issues.push({ code, path: p, span, message });
  if (node.kind === 'map') {
    const entries = present(node);
    if (schema.fields) {
      const known = Object.keys(schema.fields);
      for (const e of node.entries) {
        const child = schema.fields[e.key];
        const childPath = join(path, e.key);
        if (child) {
          walk(w, e.value, child, childPath, other?.fields?.[e.key], e.keySpan);
          continue;
        }
        const there = new Set(node.entries.map((x) => x.key));
        const inOther = other?.fields?.[e.key];
        w.out.shape.push({
          type: 'unknown-field',
          path: childPath,
          key: e.key,
          keySpan: e.keySpan,
          suggestion: inOther
            ? undefined
            : closest(
                e.key,
                known.filter((k) => !there.has(k)),
              ),
          note: inOther ? `"${e.key}" is a field of the ${w.otherName} channel's CRD only` : undefined,
        });
      }
    } else if (schema.values) {
      for (const e of node.entries) walk(w, e.value, schema.values, `${path}.${e.key}`, other?.values, e.keySpan);
    }
    const counted = schema.fields ? entries.filter((e) => schema.fields![e.key]) : entries;
    for (const key of schema.required ?? []) {
      if (counted.some((e) => e.key === key) || schema.fields?.[key]?.default !== undefined) continue;
      issue('missing-required', head(at, w.text), 'Required value', join(path, key));
    }
    // a map whose only key is unknown (a typo, another channel's field) is reported as that, once
    const unknownKey = schema.fields !== undefined && entries.some((e) => !schema.fields![e.key]);
    if (schema.minProperties !== undefined && counted.length < schema.minProperties && !unknownKey) {
      const one = schema.maxProperties === 1 ? `: set exactly one of ${Object.keys(schema.fields ?? {}).join(', ')}` : '';
      issue('exactly-one-of', head(at, w.text), `Invalid value: "object": should have at least ${schema.minProperties} properties${one}`);
    }
    if (schema.maxProperties !== undefined && counted.length > schema.maxProperties) {
      const extra = counted[schema.maxProperties];
      issue(
        'exactly-one-of',
        extra.keySpan,
        `Too many: ${counted.length}: must have at most ${schema.maxProperties} items (it sets ${counted.map((e) => e.key).join(' and ')}; ${schema.maxProperties === 1 ? 'exactly one of them is allowed' : `at most ${schema.maxProperties}`})`,
      );
    }
    for (const v of schema.validations ?? []) celOnObject(w, node, v, path, at);
    return;
  }
  if (node.kind === 'seq') {
    const items = node.items.filter((n) => !isNull(n));
    if (schema.minItems !== undefined && items.length < schema.minItems)
      issue('out-of-bounds', head(at, w.text), `Invalid value: ${items.length}: should have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && items.length > schema.maxItems)
      issue('out-of-bounds', head(node.items[schema.maxItems].span, w.text), `Too many: ${items.length}: must have at most ${schema.maxItems} items`);
    const seen = new Map<string, number>();
    node.items.forEach((item, i) => {
      if (schema.items) walk(w, item, schema.items, `${path}[${i}]`, other?.items, item.span);
      if (schema.set && item.kind === 'scalar' && !isNull(item)) {
        const key = `${typeof item.value}:${String(item.value)}`;
        if (seen.has(key))
          issue('duplicate-value', item.span, `Duplicate value: ${quote(item.value)} (the same as ${lastKey(path)}[${seen.get(key)}])`, `${path}[${i}]`);
        else seen.set(key, i);
      }
    });
    return;
  }
  const value = node.value;
  if (typeof value === 'string') {
    if (schema.enum && !schema.enum.includes(value)) {
      issue('unsupported-value', node.span, `Unsupported value: ${quote(value)}: supported values: ${schema.enum.map(quote).join(', ')}`);
      const meant = schema.enum.filter((x) => x.toLowerCase() === value.toLowerCase() || (x === 'Accept' && value.toLowerCase() === 'allow'));
      if (meant.length === 1) w.out.issues[w.out.issues.length - 1].replacement = meant[0];
    }
    if (schema.maxLength !== undefined && Buffer.byteLength(value, 'utf8') > schema.maxLength)
      issue('out-of-bounds', node.span, `Too long: may not be more than ${schema.maxLength} bytes`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
      issue('invalid-domain-name', node.span, `Invalid value: ${quote(value)}: should match '${schema.pattern}'`);
    for (const v of schema.validations ?? []) {
      if (v.rule !== IS_CIDR.rule) continue;
      const why = cidrProblemForCel(value);
      if (why !== undefined) issue('invalid-cidr', node.span, `Invalid value: ${typeValue(schema)}: ${v.message} (${why})`);
    }
    return;
  }
  const n = Number(value);
  const code: CrdIssueCode = schema.maximum === 65535 ? 'port-out-of-range' : 'out-of-bounds';
  if (schema.minimum !== undefined && n < schema.minimum) issue(code, node.span, `Invalid value: ${n}: should be greater than or equal to ${schema.minimum}`);
  if (schema.maximum !== undefined && n > schema.maximum) issue(code, node.span, `Invalid value: ${n}: should be less than or equal to ${schema.maximum}`);
}

function intOf(node: LNode | undefined): number | undefined {
  if (node?.kind !== 'scalar') return undefined;
  if (typeof node.value === 'bigint') return Number(node.value);
  return typeof node.value === 'number' && Number.isInteger(node.value) ? node.value : undefined;
}

const has = (map: LMap | undefined, key: string) => {
  const e = getEntry(map, key);
  return e !== undefined && !isNull(e.value);
};

function celOnObject(w: Walk, node: LMap, v: CrdValidation, path: string, at: Span): void {
  const issue = (code: CrdIssueCode, span: Span, p = path, message = `Invalid value: "object": ${v.message}`) =>
    w.out.issues.push({ code, path: p, span, message });
  if (v.rule === START_BEFORE_END.rule) {
    // CEL runs only on an object its schema accepted: both are required integers
    const start = intOf(getEntry(node, 'start')?.value);
    const end = intOf(getEntry(node, 'end')?.value);
    if (start !== undefined && end !== undefined && !(start < end)) issue('invalid-end-port', head(at, w.text));
    return;
  }
  if (v.rule === BANP_NAME.rule) {
    const meta = getEntry(node, 'metadata');
    const name = meta?.value.kind === 'map' ? getEntry(meta.value, 'name')?.value : undefined;
    if (name?.kind === 'scalar' && typeof name.value === 'string' && name.value !== '' && name.value !== 'default')
      // the CRD's words name the field (metadata.name="default"); the path goes at the end of the message
      issue(
        'invalid-name',
        name.span,
        join(path, 'metadata.name'),
        `Invalid name ${quote(name.value)}: only one baseline admin network policy can be created in the cluster, and it must be named "default"`,
      );
    return;
  }
  if (NAMED_PORT_VALIDATIONS.some((x) => x.rule === v.rule)) {
    const peerKinds = v.rule.includes('domainNames') ? ['networks', 'nodes', 'domainNames'] : ['networks', 'nodes'];
    const listKey = v.rule.includes('self.protocols') ? 'protocols' : 'ports';
    const portKey = listKey === 'protocols' ? 'destinationNamedPort' : 'namedPort';
    const to = getEntry(node, 'to')?.value;
    const list = getEntry(node, listKey)?.value;
    const peers = to?.kind === 'seq' ? to.items : [];
    const matches = list?.kind === 'seq' ? list.items : [];
    const nonPod = peers.some((p) => p.kind === 'map' && peerKinds.some((k) => has(p, k)));
    const named = matches.find((m) => m.kind === 'map' && has(m, portKey));
    if (nonPod && named?.kind === 'map') issue('named-port-with-networks', getEntry(named, portKey)!.keySpan);
  }
}

/**
 * The CRD facts of one cluster policy: `root` is its map, `schema` its kind's CRD schema in the
 * channel checked, `other` the same kind's schema in the other channel (named `otherName`).
 */
export function checkClusterPolicy(root: LMap, schema: CrdNode, pathPrefix: string, text: string, other: CrdNode | undefined, otherName: string): CrdFacts {
  const out: CrdFacts = { shape: [], issues: [] };
  const w: Walk = { out, text, otherName };
  const prefix = pathPrefix.replace(/\.$/, '');
  // `status` (a subresource) is the implementation's to write: a `kubectl get -o yaml` dump has it
  const withStatus = (s: CrdNode | undefined): CrdNode | undefined => s && { ...s, fields: { ...s.fields, status: { type: 'object' } } };
  walk(w, root, withStatus(schema)!, prefix, withStatus(other), head(root.span, text));
  // metadata is ObjectMeta, as on every object (the CRD says only "an object")
  const meta = getEntry(root, 'metadata');
  if (meta && meta.value.kind === 'map') checkShape(meta.value, OBJECT_META, join(prefix, 'metadata'), out.shape);
  // paths of a document's own policy start at the field (no leading dot)
  for (const i of out.issues) i.path = i.path.replace(/^\./, '');
  return out;
}
