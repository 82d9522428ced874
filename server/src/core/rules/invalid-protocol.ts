import type { Report } from '../findings';
import { allPorts, portPath } from './paths';
import type { PolicyRule } from './types';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

export const invalidProtocol: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-protocol',
    fixAll: true,
    defaultSeverity: 'error',
    category: 'A',
    description: 'A protocol other than exactly `TCP`, `UDP` or `SCTP` (the values are case-sensitive).',
  },
  check(policy, ctx) {
    const out: Report[] = [];
    for (const { rule, port } of allPorts(policy)) {
      if (port.protocol === undefined || PROTOCOLS.includes(port.protocol) || !port.protocolEntry) continue;
      const node = port.protocolEntry.value;
      const upper = port.protocol.toUpperCase();
      const source = ctx.source.text.slice(node.span.start, node.span.end);
      out.push({
        message: `Unsupported protocol "${port.protocol}": supported values: "SCTP", "TCP", "UDP".`,
        path: `${portPath(policy, rule, port)}.protocol`,
        span: node.span,
        fixes: PROTOCOLS.includes(upper)
          ? [
              {
                title: `Change the protocol to ${upper}`,
                edits: [{ start: node.span.start, end: node.span.end, newText: source.replace(port.protocol, upper) }],
                preferred: true,
              },
            ]
          : undefined,
      });
    }
    return out;
  },
};
