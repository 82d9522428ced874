import type { Fix, Report } from '../findings';
import { removeEntry } from '../edit/yamlEdits';
import type { PortModel, RuleModel } from '../model/networkPolicy';
import { allPorts, portPath } from './paths';
import type { PolicyRule } from './types';

/** A port number the user most likely meant: the same entry's twin in the other protocol (UDP/TCP 53). */
function inferPort(rule: RuleModel, port: PortModel): number | undefined {
  const proto = port.protocol ?? 'TCP';
  for (const other of rule.ports ?? []) {
    if (other !== port && typeof other.port === 'number' && other.port >= 1 && other.port <= 65535 && (other.protocol ?? 'TCP') !== proto) return other.port;
  }
  return undefined;
}

export const emptyPort: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'empty-port',
    defaultSeverity: 'warning',
    category: 'B',
    description: '`port:` with no value allows every port of the protocol.',
  },
  check(policy, ctx) {
    const out: Report[] = [];
    for (const { rule, port } of allPorts(policy)) {
      if (!port.portEntry || port.port !== null || !port.map) continue;
      const proto = port.protocol ?? 'TCP';
      const entry = port.portEntry;
      const fixes: Fix[] = [];
      const guess = inferPort(rule, port);
      if (guess !== undefined) {
        const colon = ctx.source.text.indexOf(':', entry.keySpan.end);
        fixes.push({
          title: `Set the port to ${guess}`,
          edits: [{ start: colon + 1, end: Math.max(colon + 1, entry.value.span.end), newText: ` ${guess}` }],
          preferred: true,
        });
      }
      fixes.push({ title: `Remove the empty "port:" (allow every ${proto} port, explicitly)`, edits: [removeEntry(ctx.source, port.map, entry)] });
      out.push({
        message: `Empty port opens every ${proto} port: give a port number, or remove the key if all ports are meant.`,
        path: `${portPath(policy, rule, port)}.port`,
        span: { start: entry.keySpan.start, end: Math.max(entry.keySpan.end + 1, entry.value.span.end) },
        fixes,
      });
    }
    return out;
  },
};
