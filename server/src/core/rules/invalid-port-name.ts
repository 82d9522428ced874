import { portName } from '../analysis/k8sNames';
import type { Report } from '../findings';
import { allPorts, portPath } from './paths';
import type { PolicyRule } from './types';

export const invalidPortName: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-port-name',
    defaultSeverity: 'error',
    category: 'A',
    description: 'A named port that is not an IANA service name (at most 15 characters: a-z, 0-9, "-", at least one letter).',
  },
  check(p) {
    const out: Report[] = [];
    for (const { rule, port } of allPorts(p)) {
      if (typeof port.port !== 'string' || /^[0-9]+$/.test(port.port) || !port.portEntry) continue; // quoted numbers: quoted-numeric-port
      const problems = portName(port.port);
      if (problems.length === 0) continue;
      out.push({
        message: `Invalid port name "${port.port}": ${problems.join('; ')}.`,
        path: `${portPath(p, rule, port)}.port`,
        span: port.portEntry.value.span.end > port.portEntry.value.span.start ? port.portEntry.value.span : port.portEntry.keySpan,
      });
    }
    return out;
  },
};
