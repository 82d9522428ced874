/**
 * The other manifests the workspace rules and the connectivity engine need: Namespaces (with the
 * label the API server sets on each), Pods, and the pod templates of workload controllers, on their
 * own or as the items of a List (`kind: List`, or a typed list such as `PodList`, as `kubectl get -o
 * yaml` writes them). Their metadata is checked as the API server checks it (the rules see each
 * object); an object whose name, namespace, labels or other metadata have the wrong type (a YAML 1.1
 * `on` or `y` where a string belongs) is rejected by the API server, so it is left out of the
 * inventory rather than placed somewhere it would never be. Other fields are read leniently: one
 * of the wrong shape is left out, never an error (these are not our documents).
 */
import { NAMESPACE_NAME_LABEL } from '../config';
import type { Span } from '../text/span';
import { asMap, asSeq, asString, getEntry, type LMap, type LNode } from './located';
import type { MetadataSite } from './objectMeta';
import { OBJECT_META } from './schema';
import { checkShape, type ShapeIssue, type WrongTypeIssue } from './shape';

export type PortProtocol = 'TCP' | 'UDP' | 'SCTP';

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: PortProtocol;
}

/** A Pod, or the one representative pod of a workload's template. */
export interface WorkloadModel {
  kind: string;
  name: string;
  /** As written; undefined when the manifest has none. */
  namespace?: string;
  labels: Record<string, string>;
  /** `status.podIP` of a Pod (workload templates have none). */
  ip?: string;
  /** `status.podIPs[].ip` of a Pod, when it lists any (a dual-stack pod has one of each family). */
  ips?: string[];
  ports: ContainerPort[];
  /** Where the workload is named (`metadata.name`'s value), relative to its document chunk. */
  nameSpan: Span;
}

export interface NamespaceModel {
  name: string;
  /** Its labels, including the implied `kubernetes.io/metadata.name`. */
  labels: Record<string, string>;
  nameSpan: Span;
}

/**
 * An inventory manifest as the rules that check every kind see it (Namespaces, Pods, workloads:
 * NetworkPolicies have their own model).
 */
export interface ObjectModel {
  kind: string;
  /** Field-path prefix for messages: '' or `items[3].` for an item of a List. */
  pathPrefix: string;
  /** The metadata the API server validates: the object's own and, for a workload, its pod template's. */
  metadata: MetadataSite[];
  /** Values of the wrong type in that metadata: the API server rejects the object, and the inventory leaves it out. */
  shape: WrongTypeIssue[];
}

/** Kinds whose pod template sits at `spec.template` (CronJob: `spec.jobTemplate.spec.template`). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/** A cheap test on a document's text: might it hold an inventory manifest or a list of them (worth parsing)? */
export const INVENTORY_KIND = /\bkind["']?\s*:\s*["']?(?:(?:Namespace|Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob)(?:List)?|List)\b/;

const isInventoryKind = (kind: string) => kind === 'Namespace' || kind === 'Pod' || WORKLOAD_KINDS.has(kind);

export interface Inventory {
  workloads: WorkloadModel[];
  namespaces: NamespaceModel[];
  /** Every inventory manifest read, also those left out of `workloads` and `namespaces`. */
  objects: ObjectModel[];
}

/**
 * A labels map as the API server stores it: strings, and `key:` with no value (null) as "" (a value
 * of another type never gets here: the object is rejected, and left out).
 */
function stringMap(node: LNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of asMap(node)?.entries ?? []) {
    const v = e.value.kind === 'scalar' ? e.value.value : undefined;
    if (typeof v === 'string') out[e.key] = v;
    else if (v === null) out[e.key] = '';
  }
  return out;
}

function at(map: LMap | undefined, ...path: string[]): LNode | undefined {
  let node: LNode | undefined = map;
  for (const key of path) node = getEntry(asMap(node), key)?.value;
  return node;
}

function containerPorts(podSpec: LNode | undefined): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of asSeq(at(asMap(podSpec), 'containers'))?.items ?? []) {
    for (const p of asSeq(at(asMap(c), 'ports'))?.items ?? []) {
      const pm = asMap(p);
      const n = at(pm, 'containerPort');
      const port = n?.kind === 'scalar' && typeof n.value === 'number' && Number.isInteger(n.value) ? n.value : undefined;
      if (port === undefined) continue;
      const proto = asString(at(pm, 'protocol')) ?? 'TCP';
      if (proto !== 'TCP' && proto !== 'UDP' && proto !== 'SCTP') continue;
      const name = asString(at(pm, 'name'));
      out.push({ port, protocol: proto, ...(name ? { name } : {}) });
    }
  }
  return out;
}

function podTemplate(map: LMap, kind: string): { node: LNode | undefined; path: string } {
  return kind === 'CronJob'
    ? { node: at(map, 'spec', 'jobTemplate', 'spec', 'template'), path: 'spec.jobTemplate.spec.template' }
    : { node: at(map, 'spec', 'template'), path: 'spec.template' };
}

/** The object's metadata sites and their type problems (only metadata maps that are there). */
function metadataOf(map: LMap, kind: string, pathPrefix: string): { sites: MetadataSite[]; shape: WrongTypeIssue[] } {
  const sites: MetadataSite[] = [];
  const shape: WrongTypeIssue[] = [];
  const add = (node: LNode | undefined, path: string) => {
    if (!node) return;
    const issues: ShapeIssue[] = [];
    checkShape(node, OBJECT_META, path, issues);
    for (const issue of issues) if (issue.type === 'wrong-type') shape.push(issue);
    const m = asMap(node);
    if (m) sites.push({ path, map: m });
  };
  add(at(map, 'metadata'), `${pathPrefix}metadata`);
  if (WORKLOAD_KINDS.has(kind)) {
    const template = podTemplate(map, kind);
    const t = asMap(template.node);
    if (t) add(at(t, 'metadata'), `${pathPrefix}${template.path}.metadata`);
  }
  return { sites, shape };
}

function readOne(map: LMap, kind: string, pathPrefix: string, out: Inventory): void {
  const { sites, shape } = metadataOf(map, kind, pathPrefix);
  out.objects.push({ kind, pathPrefix, metadata: sites, shape });
  // the API server rejects it: it is in no namespace, and never in the one it would default to
  if (shape.length > 0) return;
  const nameNode = at(map, 'metadata', 'name');
  const name = asString(nameNode);
  if (!name || !nameNode) return;
  const namespace = asString(at(map, 'metadata', 'namespace'));
  const nameSpan = nameNode.span;
  if (kind === 'Namespace') {
    out.namespaces.push({ name, labels: { ...stringMap(at(map, 'metadata', 'labels')), [NAMESPACE_NAME_LABEL]: name }, nameSpan });
  } else if (kind === 'Pod') {
    const ip = asString(at(map, 'status', 'podIP'));
    const ips = (asSeq(at(map, 'status', 'podIPs'))?.items ?? []).flatMap((item) => asString(at(asMap(item), 'ip')) ?? []);
    out.workloads.push({
      kind,
      name,
      namespace,
      labels: stringMap(at(map, 'metadata', 'labels')),
      ports: containerPorts(at(map, 'spec')),
      nameSpan,
      ...(ip ? { ip } : {}),
      ...(ips.length > 0 ? { ips } : {}),
    });
  } else {
    const t = asMap(podTemplate(map, kind).node);
    if (!t) return;
    out.workloads.push({ kind, name, namespace, labels: stringMap(at(t, 'metadata', 'labels')), ports: containerPorts(at(t, 'spec')), nameSpan });
  }
}

/**
 * Reads the inventory manifests of one parsed document: a manifest, or the items of a `kind: List`
 * (each with its own kind) or of a typed list such as `PodList` (items of that kind; `kubectl get
 * -o yaml` of one kind writes them without one).
 */
export function readInventory(root: LNode | undefined, out: Inventory): void {
  const map = asMap(root);
  if (!map) return;
  const kind = asString(at(map, 'kind'));
  if (!kind) return;
  if (kind.endsWith('List')) {
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    if (itemKind !== undefined && !isInventoryKind(itemKind)) return;
    asSeq(at(map, 'items'))?.items.forEach((item, i) => {
      const m = asMap(item);
      const k = m && (asString(at(m, 'kind')) ?? itemKind);
      if (m && k && isInventoryKind(k)) readOne(m, k, `items[${i}].`, out);
    });
    return;
  }
  if (isInventoryKind(kind)) readOne(map, kind, '', out);
}
