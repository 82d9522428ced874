/** Which workspace object sits at an offset of a file. */
import type { LEntry, LNode } from '../model/located';
import type { ClusterPolicyRef, PolicyRef, WorkloadRef } from '../rules/types';
import type { Workspace } from '../workspace/workspace';

/** The policy whose map contains `offset` (file offsets), with the offset relative to its document. */
export function policyAt(ws: Workspace, file: string, offset: number, orInDocument = false): { ref: PolicyRef; rel: number } | undefined {
  let inDocument: { ref: PolicyRef; rel: number } | undefined;
  for (const ref of ws.snapshot(file)?.policies ?? []) {
    const chunk = ws.chunkOf(ref);
    if (!chunk) continue;
    const rel = offset - chunk.start;
    const { start, end } = ref.policy.root.span;
    if (rel >= start && rel <= end) return { ref, rel };
    // past the policy's last value (trailing space, a key being typed): still its document
    if (orInDocument && !inDocument && offset >= chunk.start && offset <= chunk.end) inDocument = { ref, rel };
  }
  return inDocument;
}

/** The cluster policy whose map contains `offset` (file offsets), with the offset relative to its document. */
export function clusterPolicyAt(ws: Workspace, file: string, offset: number): { ref: ClusterPolicyRef; rel: number } | undefined {
  for (const ref of ws.snapshot(file)?.clusterPolicies ?? []) {
    const chunk = ws.chunkOf(ref);
    if (!chunk) continue;
    const rel = offset - chunk.start;
    const { start, end } = ref.clusterPolicy.root.span;
    if (rel >= start && rel <= end) return { ref, rel };
  }
  return undefined;
}

/** The workload whose document contains `offset`, else the file's first workload. */
export function workloadAt(ws: Workspace, file: string, offset: number): WorkloadRef | undefined {
  const refs = ws.snapshot(file)?.workloads ?? [];
  return (
    refs.find((ref) => {
      const chunk = ws.chunkOf(ref);
      return chunk !== undefined && offset >= chunk.start && offset <= chunk.end;
    }) ?? refs[0]
  );
}

export interface KeyPath {
  /** Keys from the policy's root; list items add no segment. */
  path: string[];
  entry: LEntry;
  /** The offset is on the key (else inside the value). */
  onKey: boolean;
}

/** The deepest map entry at `rel` (an offset relative to the document), with its key path. */
export function keyPathAt(node: LNode, rel: number, path: string[] = []): KeyPath | undefined {
  if (node.kind === 'map') {
    for (const e of node.entries) {
      if (rel >= e.keySpan.start && rel <= e.keySpan.end && e.keySpan.end > e.keySpan.start) return { path: [...path, e.key], entry: e, onKey: true };
      if (rel >= e.value.span.start && rel <= e.value.span.end && e.value.span.end > e.value.span.start) {
        return keyPathAt(e.value, rel, [...path, e.key]) ?? { path: [...path, e.key], entry: e, onKey: false };
      }
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items) if (rel >= item.span.start && rel <= item.span.end) return keyPathAt(item, rel, path);
  }
  return undefined;
}
