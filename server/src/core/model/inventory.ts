/**
 * The other manifests the workspace rules and the connectivity engine need: Namespaces (with the
 * label the API server sets on each), Pods, and the pod templates of workload controllers. Read
 * leniently: a field of the wrong shape is left out, never an error (these are not our documents).
 */
import { NAMESPACE_NAME_LABEL } from '../config';
import type { Span } from '../text/span';
import { asMap, asSeq, asString, getEntry, type LMap, type LNode } from './located';

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

/** Kinds whose pod template sits at `spec.template` (CronJob: `spec.jobTemplate.spec.template`). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/** A cheap test on a document's text: might it hold an inventory manifest (worth parsing)? */
export const INVENTORY_KIND = /\bkind["']?\s*:\s*["']?(?:Namespace|Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|List)\b/;

export interface Inventory {
  workloads: WorkloadModel[];
  namespaces: NamespaceModel[];
}

function stringMap(node: LNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of asMap(node)?.entries ?? []) {
    const v = e.value.kind === 'scalar' ? e.value.value : undefined;
    if (typeof v === 'string') out[e.key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[e.key] = String(v);
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

function readOne(map: LMap, out: Inventory): void {
  const kind = asString(at(map, 'kind'));
  const nameNode = at(map, 'metadata', 'name');
  const name = asString(nameNode);
  if (!kind || !name || !nameNode) return;
  const namespace = asString(at(map, 'metadata', 'namespace'));
  const nameSpan = nameNode.span;
  if (kind === 'Namespace') {
    out.namespaces.push({ name, labels: { ...stringMap(at(map, 'metadata', 'labels')), [NAMESPACE_NAME_LABEL]: name }, nameSpan });
  } else if (kind === 'Pod') {
    const ip = asString(at(map, 'status', 'podIP'));
    out.workloads.push({
      kind,
      name,
      namespace,
      labels: stringMap(at(map, 'metadata', 'labels')),
      ports: containerPorts(at(map, 'spec')),
      nameSpan,
      ...(ip ? { ip } : {}),
    });
  } else if (WORKLOAD_KINDS.has(kind)) {
    const template = kind === 'CronJob' ? at(map, 'spec', 'jobTemplate', 'spec', 'template') : at(map, 'spec', 'template');
    const t = asMap(template);
    if (!t) return;
    out.workloads.push({ kind, name, namespace, labels: stringMap(at(t, 'metadata', 'labels')), ports: containerPorts(at(t, 'spec')), nameSpan });
  }
}

/** Reads the inventory manifests of one parsed document (a manifest, or the items of a `kind: List`). */
export function readInventory(root: LNode | undefined, out: Inventory): void {
  const map = asMap(root);
  if (!map) return;
  if (asString(at(map, 'kind')) === 'List') {
    for (const item of asSeq(at(map, 'items'))?.items ?? []) {
      const m = asMap(item);
      if (m) readOne(m, out);
    }
    return;
  }
  readOne(map, out);
}
