/**
 * What completion needs to know inside a cluster policy document (ClusterNetworkPolicy,
 * AdminNetworkPolicy, BaselineAdminNetworkPolicy): its schema as the completion's field types
 * (from the CRD schema of the configured channel), the enum values at a path (tier, action, the
 * apiVersion and kind), and each field's documentation.
 */
import type { CrdChannel } from '../kubernetes';
import { CLUSTER_POLICY_API_VERSION, type ClusterPolicyKind, type CrdNode, clusterPolicySchema } from '../model/clusterPolicySchema';
import { type FieldType, OBJECT_META } from '../model/schema';
import { CLUSTER_FIELD_DOCS } from './clusterFieldDocs';

export interface ClusterCompletion {
  kind: ClusterPolicyKind;
  root: FieldType;
  /** The values a key at `path` takes, when they are a closed set. */
  values(path: readonly string[]): string[] | undefined;
  doc(path: readonly string[]): { title: string; text: string } | undefined;
}

function fieldType(n: CrdNode): FieldType {
  switch (n.type) {
    case 'string':
      return { t: 'string' };
    case 'integer':
      return { t: 'int' };
    case 'array':
      return { t: 'list', of: n.items ? fieldType(n.items) : { t: 'any' } };
    case 'object':
      if (n.fields) return { t: 'object', fields: Object.fromEntries(Object.entries(n.fields).map(([k, v]) => [k, fieldType(v)])) };
      return n.values ? { t: 'map', of: fieldType(n.values) } : { t: 'any' };
  }
}

function nodeAt(root: CrdNode, path: readonly string[]): CrdNode | undefined {
  let n: CrdNode | undefined = root;
  for (const key of path) {
    while (n?.type === 'array') n = n.items;
    n = n?.fields?.[key] ?? n?.values;
    if (!n) return undefined;
  }
  return n;
}

const CACHE = new Map<string, ClusterCompletion>();

const KIND_LINE = /^kind\s*:\s*["']?(ClusterNetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy)["']?\s*(#.*)?$/m;
const API_LINE = /^apiVersion\s*:\s*["']?policy\.networking\.k8s\.io\//m;

/** The cluster policy completion of a document's text, or undefined when it is not one (by its top-level lines). */
export function clusterCompletion(text: string, channel: CrdChannel): ClusterCompletion | undefined {
  const kind = KIND_LINE.exec(text)?.[1] as ClusterPolicyKind | undefined;
  if (!kind || !API_LINE.test(text)) return undefined;
  const key = `${kind}/${channel}`;
  const known = CACHE.get(key);
  if (known) return known;
  const schema = clusterPolicySchema(kind, channel);
  const root = fieldType(schema);
  if (root.t === 'object') root.fields = { ...root.fields, metadata: OBJECT_META };
  const made: ClusterCompletion = {
    kind,
    root,
    values(path) {
      const last = path.at(-1);
      if (path.length === 1 && last === 'apiVersion') return [CLUSTER_POLICY_API_VERSION[kind]];
      if (path.length === 1 && last === 'kind') return [kind];
      if (last === 'operator' && path.at(-2) === 'matchExpressions') return ['In', 'NotIn', 'Exists', 'DoesNotExist'];
      if (last === 'protocol' && path.at(-3) === 'ports') return ['TCP', 'UDP', 'SCTP'];
      const n = nodeAt(schema, path);
      return n?.enum ? [...n.enum] : undefined;
    },
    doc(path) {
      const text = CLUSTER_FIELD_DOCS[kind]?.[path.join('.')];
      return text ? { title: path.join('.'), text } : undefined;
    },
  };
  CACHE.set(key, made);
  return made;
}
