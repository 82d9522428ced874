/** Which workspace object sits at an offset of a file. */
import type { PolicyRef, WorkloadRef } from '../rules/types';
import type { Workspace } from '../workspace/workspace';

/** The policy whose map contains `offset` (file offsets), with the offset relative to its document. */
export function policyAt(ws: Workspace, file: string, offset: number): { ref: PolicyRef; rel: number } | undefined {
  for (const ref of ws.prepared(file)?.policies ?? []) {
    const chunk = ws.chunkOf(ref);
    if (!chunk) continue;
    const rel = offset - chunk.start;
    const { start, end } = ref.policy.root.span;
    if (rel >= start && rel <= end) return { ref, rel };
  }
  return undefined;
}

/** The workload whose document contains `offset`, else the file's first workload. */
export function workloadAt(ws: Workspace, file: string, offset: number): WorkloadRef | undefined {
  const refs = ws.prepared(file)?.workloads ?? [];
  return (
    refs.find((ref) => {
      const chunk = ws.chunkOf(ref);
      return chunk !== undefined && offset >= chunk.start && offset <= chunk.end;
    }) ?? refs[0]
  );
}
