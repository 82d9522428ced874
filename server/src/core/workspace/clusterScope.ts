/**
 * The workspace's cluster policies (ClusterNetworkPolicy, AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy). They are in no namespace: one of them can change what any pod may
 * send or receive, so a change to a file's cluster policies (added, removed, or edited) may change
 * every file's answers. A change that leaves them as they were (a NetworkPolicy edited beside them:
 * documents not edited keep their models) is no change here, and the workspace stays incremental.
 */
import { appendAll } from '../arrays';
import type { ClusterPolicyRef } from '../rules/types';

/** The same cluster policies (by model: a document not edited keeps its model), in the same order. */
function same(a: readonly ClusterPolicyRef[], b: readonly ClusterPolicyRef[]): boolean {
  return a.length === b.length && a.every((r, i) => r.clusterPolicy === b[i].clusterPolicy);
}

export class ClusterScope {
  /** The files that hold cluster policies, with them. */
  private readonly byFile = new Map<string, readonly ClusterPolicyRef[]>();
  /** Every cluster policy in workspace order (made when asked, until one changes). */
  private list: ClusterPolicyRef[] | undefined;

  /** A file's cluster policies now; true when they changed (then every file may be affected). */
  set(file: string, refs: readonly ClusterPolicyRef[]): boolean {
    const before = this.byFile.get(file) ?? [];
    if (same(before, refs)) {
      // the same models, perhaps placed anew (at other document indexes): kept, but no change
      if (refs !== before && refs.length > 0) {
        this.byFile.set(file, refs);
        this.list = undefined;
      }
      return false;
    }
    if (refs.length > 0) this.byFile.set(file, refs);
    else this.byFile.delete(file);
    this.list = undefined;
    return true;
  }

  /** The files that hold cluster policies. */
  files(): IterableIterator<string> {
    return this.byFile.keys();
  }

  /** Is one of them of the Baseline tier (whose rules NetworkPolicies can make unreachable)? */
  hasBaseline(): boolean {
    return this.all().some((r) => r.clusterPolicy.tier?.value === 'Baseline');
  }

  /** Files in key order, then documents. */
  all(): readonly ClusterPolicyRef[] {
    if (this.list) return this.list;
    const out: ClusterPolicyRef[] = [];
    for (const f of [...this.byFile.keys()].sort()) appendAll(out, this.byFile.get(f)!);
    return (this.list = out);
  }
}
