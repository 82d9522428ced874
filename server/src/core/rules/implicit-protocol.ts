import { addMapEntry, insertSeqItemBefore } from '../edit/yamlEdits';
import { fixIf } from '../edit/fixes';
import type { Report, TextEdit } from '../findings';
import { asSeq } from '../model/located';
import { allPorts, portPath } from './paths';
import type { PolicyRule } from './types';

export const implicitProtocol: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'implicit-protocol',
    fixAll: true,
    defaultSeverity: 'hint',
    escalatedSeverity: 'warning', // port 53 without a UDP twin: DNS breaks (docs/rules/implicit-protocol.md)
    category: 'B',
    description: 'A port without `protocol`: TCP is assumed (a warning on port 53, where DNS needs UDP too).',
  },
  check(policy, ctx) {
    const out: Report[] = [];
    for (const { rule, port } of allPorts(policy)) {
      const protocolValue = port.protocolEntry?.value;
      if (port.protocolEntry && !(protocolValue?.kind === 'scalar' && protocolValue.value === null)) continue;
      if (!port.map) continue;
      // port 53 without protocol is TCP only: DNS breaks unless a UDP 53 twin is already there
      const isDns = port.port === 53 && !(rule.ports ?? []).some((o) => o !== port && o.protocol === 'UDP' && o.port === 53);
      const path = portPath(policy, rule, port);
      const edits: (TextEdit | undefined)[] = [];
      if (port.protocolEntry) {
        const colon = ctx.source.text.indexOf(':', port.protocolEntry.keySpan.end);
        edits.push({ start: colon + 1, end: Math.max(colon + 1, port.protocolEntry.value.span.end), newText: ' TCP' });
      } else {
        edits.push(addMapEntry(ctx.source, port.map, 'protocol', 'TCP'));
      }
      const seq = asSeq(rule.portsEntry?.value);
      if (isDns && seq) edits.push(insertSeqItemBefore(ctx.source, seq, port.node, { protocol: 'UDP', port: 53 }));
      out.push({
        escalated: isDns ? true : undefined,
        message: isDns
          ? 'Port 53 is TCP only: with no protocol, only TCP 53 is allowed, but DNS queries use UDP first and will fail.'
          : 'No protocol: TCP is assumed.',
        path,
        span: port.portEntry ? port.portEntry.keySpan : port.node.span,
        fixes: fixIf(isDns ? 'Add "protocol: TCP" and a UDP 53 twin' : 'Add "protocol: TCP"', edits, true),
      });
    }
    return out;
  },
};
