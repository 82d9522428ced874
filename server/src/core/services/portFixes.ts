/**
 * The empty `port:` fixes that know the ports. The rule empty-port is per document and cannot see
 * workloads, so the editor's code action handler asks here, at the edge, for the finding it holds:
 * one "Set port: N" fix per container port of the rule's destination for the entry's protocol (an
 * ingress rule: the workloads the policy selects; an egress rule: the workloads its `to` admits),
 * through the connectivity engine, as port completion does. None when the workspace knows none.
 */
import type { Fix } from '../findings';
import type { PortModel, RuleModel } from '../model/networkPolicy';
import { allPorts } from '../rules/paths';
import type { PolicyRef } from '../rules/types';
import type { Workspace } from '../workspace/workspace';
import { policyAt } from './locate';
import { destinationWorkloads } from './selection';

/** The empty `port:` whose key starts at `offset` (a file offset: where an empty-port finding starts). */
function emptyPortAt(ws: Workspace, file: string, offset: number): { ref: PolicyRef; rule: RuleModel; port: PortModel; start: number } | undefined {
  const at = policyAt(ws, file, offset);
  const chunk = at && ws.chunkOf(at.ref);
  if (!at || !chunk) return undefined;
  for (const { rule, port } of allPorts(at.ref.policy)) {
    if (port.port === null && port.portEntry?.keySpan.start === at.rel) return { ref: at.ref, rule, port, start: chunk.start };
  }
  return undefined;
}

/** Fixes in offsets of the file's text; each writes the number after the entry's colon, as the rule's own "Set the port" fix does. */
export function emptyPortFixes(ws: Workspace, file: string, offset: number): Fix[] {
  const text = ws.snapshot(file)?.text;
  const found = emptyPortAt(ws, file, offset);
  if (text === undefined || !found) return [];
  const { ref, rule, port, start } = found;
  const entry = port.portEntry!;
  const protocol = port.protocol ?? 'TCP';
  const pods = destinationWorkloads(ws, ref, rule.direction, rule);
  const byPort = new Map<number, { name?: string; pods: string[] }>();
  for (const pod of pods) {
    for (const c of pod.ports) {
      if (c.protocol !== protocol) continue;
      const seen = byPort.get(c.port) ?? { pods: [] };
      seen.name ??= c.name;
      if (!seen.pods.includes(pod.id)) seen.pods.push(pod.id);
      byPort.set(c.port, seen);
    }
  }
  const colon = text.indexOf(':', start + entry.keySpan.end);
  const end = Math.max(colon + 1, start + entry.value.span.end);
  return [...byPort.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, { name, pods: on }]) => ({
      title: `Set port: ${n} (${name ?? protocol} on ${on[0]}${on.length > 1 ? ` and ${on.length - 1} more` : ''})`,
      edits: [{ start: colon + 1, end, newText: ` ${n}` }],
    }));
}
