import type { Report } from '../findings';
import { allPorts, portPath } from './paths';
import type { PolicyRule } from './types';

export const quotedNumericPort: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'quoted-numeric-port',
    fixAll: true,
    defaultSeverity: 'error',
    category: 'A',
    description: 'A quoted number such as `port: "8080"`: the API reads it as a port name and rejects it.',
  },
  check(p) {
    const out: Report[] = [];
    for (const { rule, port } of allPorts(p)) {
      if (typeof port.port !== 'string' || !/^[0-9]+$/.test(port.port) || !port.portEntry) continue;
      const n = Number(port.port);
      const span = port.portEntry.value.span;
      out.push({
        message: `Quoted port number: "${port.port}" is a string, so the API server reads it as a port name and rejects it; write ${n} without quotes.`,
        path: `${portPath(p, rule, port)}.port`,
        span,
        fixes: [{ title: `Unquote the port: ${n}`, edits: [{ start: span.start, end: span.end, newText: String(n) }], preferred: true }],
      });
    }
    return out;
  },
};
