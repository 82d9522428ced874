/** Which workloads of the workspace a policy selects (for the hover and the code lens). */
import type { Pod } from '../connectivity/cluster';
import type { Direction, RuleModel } from '../model/networkPolicy';
import type { PolicyRef } from '../rules/types';
import type { Workspace } from '../workspace/workspace';
import { fileLabel } from '../rules/workspaceHelpers';

export function selectedWorkloads(ws: Workspace, ref: PolicyRef): Pod[] {
  const engine = ws.connectivity();
  const cp = engine.policyOf(ref);
  return cp ? engine.podsSelectedBy(cp) : [];
}

/**
 * The workloads a rule's traffic goes to, through the engine: for ingress, those the policy
 * selects; for egress, those the rule's `to` admits (none when the rule is not known).
 */
export function destinationWorkloads(ws: Workspace, ref: PolicyRef, direction: Direction, rule: RuleModel | undefined): Pod[] {
  if (direction === 'Ingress') return selectedWorkloads(ws, ref);
  const engine = ws.connectivity();
  const cp = engine.policyOf(ref);
  return cp && rule ? engine.podsAdmittedBy(cp, rule) : [];
}

/** Plain text as it is (the code lens), or as the caller shows it (`mdText` for the hover's Markdown). */
type Show = (text: string) => string;
const asIs: Show = (text) => text;

/** "selects 2 workloads: Deployment web, Pod db-0" (at most `max` named; names through `show`). */
export function selectionText(pods: readonly Pod[], max = 10, show: Show = asIs): string {
  if (pods.length === 0) return 'selects no workload that the workspace declares';
  const names = pods.slice(0, max).map((p) => `${p.kind} ${show(p.id)}`);
  const more = pods.length > max ? `, and ${pods.length - max} more` : '';
  return `selects ${pods.length} workload${pods.length === 1 ? '' : 's'}: ${names.join(', ')}${more}`;
}

/** What an answer over the workspace's objects adds when some documents could not be read ('' when none). */
export function unreadableCaveat(ws: Workspace): string {
  const n = ws.unreadableCount();
  return n === 0 ? '' : ` (${n} document${n === 1 ? '' : 's'} of the workspace could not be read and ${n === 1 ? 'is' : 'are'} left out)`;
}

/**
 * For a policy a later one of its name replaces (the cluster leaves it out, as `kubectl apply` of
 * both would): "replaced by the later x/web (b.yaml:3)"; undefined for a policy in the cluster.
 */
export function replacementText(ws: Workspace, ref: PolicyRef, show: Show = asIs): string | undefined {
  const by = ws.connectivity().cluster.replaced.find((r) => r.ref === ref)?.by;
  if (!by || !('policy' in by)) return undefined;
  const at = ws.offsetIn(by, by.policy.root.span);
  const line = at === undefined ? undefined : ws.snapshot(by.file)?.lines.positionAt(at).line;
  const id = `${by.policy.namespace?.value ?? 'default'}/${by.policy.name?.value}`;
  return `replaced by the later ${show(id)} (${show(fileLabel(by.file))}${line === undefined ? '' : `:${line + 1}`}), as \`kubectl apply\` of both would`;
}
