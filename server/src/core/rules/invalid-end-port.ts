import type { Report } from '../findings';
import { allPorts, portPath } from './paths';
import { crdReports } from './crdIssues';
import type { PolicyRule } from './types';

export const invalidEndPort: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-end-port',
    fixAll: true,
    defaultSeverity: 'error',
    category: 'A',
    description: "`endPort` without `port`, with a named port, or smaller than `port`; a cluster policy's port range whose start is not below its end.",
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const { rule, port } of allPorts(p)) {
      if (port.endPort === undefined || !port.endPortEntry) continue;
      const path = `${portPath(p, rule, port)}.endPort`;
      const span = port.endPortEntry.value.span;
      const report = (why: string, fixes?: Report['fixes']) => out.push({ message: `Invalid endPort ${port.endPort}: ${why}.`, path, span, fixes });
      if (port.portEntry === undefined || port.port === null) report('may not be specified when `port` is not specified');
      else if (typeof port.port === 'string') report('may not be specified when `port` is non-numeric');
      else if (typeof port.port === 'number' && port.endPort < port.port) {
        const portSpan = port.portEntry.value.span;
        const a = ctx.source.text.slice(portSpan.start, portSpan.end);
        const b = ctx.source.text.slice(span.start, span.end);
        report('must be greater than or equal to `port`', [
          {
            title: `Swap port and endPort (${port.endPort}-${port.port})`,
            edits: [
              { start: portSpan.start, end: portSpan.end, newText: b },
              { start: span.start, end: span.end, newText: a },
            ],
            preferred: true,
          },
        ]);
      }
    }
    return out;
  },
  checkClusterPolicy: (p, ctx) => crdReports('invalid-end-port', p, ctx),
};
