import { describeDns } from '../analysis/dns';
import { decisionText } from '../connectivity/tiers';
import { duplicateSeqItem } from '../edit/yamlEdits';
import { asSeq, type LNode } from '../model/located';
import { portPath } from './paths';
import { DnsCoverage } from './dnsCoverage';
import { adminBlocks, DnsTiers, egressSpan } from './dnsTiers';
import type { NamespaceRule, PlacedReport } from './types';

export const dnsTcpMissing: NamespaceRule = {
  scope: 'namespace',
  meta: {
    code: 'dns-tcp-missing',
    fixAll: true,
    defaultSeverity: 'warning',
    category: 'B',
    description: 'DNS allowed on UDP but not TCP: truncated answers fall back to TCP and fail.',
  },
  check({ policies: refs }, ctx) {
    const out: PlacedReport[] = [];
    const reported = new Set<LNode>();
    const coverage = new DnsCoverage(refs, ctx.dns, ctx.dnsCache);
    const tiers = new DnsTiers(ctx.cluster, ctx.namespace, ctx.dns, ctx.dnsCache);
    for (const ref of refs) {
      if (!coverage.isolatesEgress(ref)) continue;
      const tcpAdmin = tiers.admin(ref, 'TCP');
      if (tcpAdmin.outcome === 'Accept') continue;
      const udpAdmin = tiers.admin(ref, 'UDP');
      if (udpAdmin.outcome === 'Deny') continue; // no DNS at all: missing-dns-egress says so
      const udp = coverage.allowanceFor(ref, 'UDP');
      // TCP decided by a cluster policy, or UDP allowed by one: reported on the policy, without a fix of its ports
      let why: string | undefined;
      if (tcpAdmin.outcome === 'Deny') {
        if (udpAdmin.outcome !== 'Accept' && !udp) continue; // no DNS at all: missing-dns-egress says so
        why = adminBlocks(tcpAdmin.decision, describeDns(ctx.dns, 'TCP'));
      } else if (udpAdmin.outcome === 'Accept' && !coverage.allowanceFor(ref, 'TCP')) {
        why = `${describeDns(ctx.dns, 'UDP')} is accepted by ${decisionText(udpAdmin.decision)}, but no policy allows ${describeDns(ctx.dns, 'TCP')}`;
      }
      if (why) {
        const { span, path } = egressSpan(ref);
        out.push({ ref, report: { message: `No DNS over TCP: ${why}: answers too large for UDP fall back to TCP and fail.`, path, span } });
        continue;
      }
      if (udp?.allowance.via !== 'port') continue;
      if (coverage.allowanceFor(ref, 'TCP')) continue;
      const { port, rule } = udp.allowance;
      if (reported.has(port.node)) continue;
      reported.add(port.node);
      const q = udp.ref;
      const seq = asSeq(rule.portsEntry?.value);
      const protoNode = port.protocolEntry?.value;
      const fix =
        seq && protoNode
          ? [
              {
                title: 'Add the TCP twin of this DNS port',
                edits: [duplicateSeqItem(q.source, seq, port.node, [{ start: protoNode.span.start, end: protoNode.span.end, newText: 'TCP' }])],
                preferred: true,
              },
            ]
          : undefined;
      out.push({
        ref: q,
        report: {
          message: `No DNS over TCP: DNS is allowed over UDP but no policy allows ${describeDns(ctx.dns, 'TCP')}, so answers too large for UDP fall back to TCP and fail.`,
          path: portPath(q.policy, rule, port),
          span: protoNode ? protoNode.span : port.node.span,
          fixes: fix,
        },
      });
    }
    return out;
  },
};
