/** Which workloads of the workspace a policy selects (for the hover and the code lens). */
import type { Pod } from '../connectivity/cluster';
import type { PolicyRef } from '../rules/types';
import type { Workspace } from '../workspace/workspace';

export function selectedWorkloads(ws: Workspace, ref: PolicyRef): Pod[] {
  const engine = ws.connectivity();
  const cp = engine.cluster.policies.find((p) => p.ref === ref);
  return cp ? engine.podsSelectedBy(cp) : [];
}

/** "selects 2 workloads: Deployment web, Pod db-0" (at most `max` named). */
export function selectionText(pods: readonly Pod[], max = 10): string {
  if (pods.length === 0) return 'selects no workload that the workspace declares';
  const names = pods.slice(0, max).map((p) => `${p.kind} ${p.id}`);
  const more = pods.length > max ? `, and ${pods.length - max} more` : '';
  return `selects ${pods.length} workload${pods.length === 1 ? '' : 's'}: ${names.join(', ')}${more}`;
}

/** What an answer over the workspace's objects adds when some documents could not be read ('' when none). */
export function unreadableCaveat(ws: Workspace): string {
  const n = ws.unreadable().length;
  return n === 0 ? '' : ` (${n} document${n === 1 ? '' : 's'} of the workspace could not be read and ${n === 1 ? 'is' : 'are'} left out)`;
}
