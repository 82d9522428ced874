import type { Report } from '../findings';
import { asMap, getEntry, type LNode } from '../model/located';
import { crdReports, rejects } from './crdIssues';
import { allPeers, allSelectors } from './paths';
import type { PolicyRule } from './types';

/** A value of another type (a YAML 1.1 `on`, a number) is there: wrong-type reports it, with why. */
function otherType(node: LNode | undefined): boolean {
  return node?.kind === 'scalar' && node.value !== null && typeof node.value !== 'string';
}

export const missingRequired: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'missing-required',
    defaultSeverity: 'error',
    category: 'A',
    description:
      "A required field is absent or empty: metadata.name, ipBlock.cidr, a match expression's key or operator; a cluster policy's tier, priority, subject, a rule's action and peers.",
  },
  check(p) {
    const out: Report[] = [];
    const required = (path: string, span: Report['span'], what: string) => out.push({ message: what, path, span });
    const meta = getEntry(p.root, 'metadata');
    if ((!p.name || p.name.value === '') && !otherType(getEntry(p.metadata, 'name')?.value)) {
      const at = p.name?.node.span ?? meta?.keySpan ?? getEntry(p.root, 'kind')?.keySpan ?? p.root.span;
      required(`${p.pathPrefix}metadata.name`, at, 'No name: kubectl apply needs a name (generateName is not enough).');
    }
    for (const { peer, path } of allPeers(p)) {
      const ip = peer.ipBlock;
      if (ip && (!ip.cidr || ip.cidr.value === '') && !otherType(getEntry(asMap(ip.entry.value), 'cidr')?.value))
        required(`${path}.ipBlock.cidr`, ip.cidr?.node.span ?? ip.entry.keySpan, 'No cidr: an ipBlock needs one.');
    }
    for (const { selector, path } of allSelectors(p)) {
      for (const e of selector.matchExpressions) {
        const at = `${path}.matchExpressions[${e.index}]`;
        if (!e.key && !otherType(e.keyEntry?.value)) required(`${at}.key`, e.keyEntry?.value.span ?? e.node.span, 'No key: a match expression needs one.');
        if ((!e.operatorEntry || e.operator === '') && !otherType(e.operatorEntry?.value))
          required(
            `${at}.operator`,
            e.operatorEntry?.value.span ?? e.node.span,
            'No operator: a match expression needs one of In, NotIn, Exists or DoesNotExist.',
          );
      }
    }
    return out;
  },
  checkClusterPolicy(p, ctx) {
    const out = crdReports('missing-required', p, ctx);
    if (p.metadata && (!p.name || p.name.value === '') && !otherType(getEntry(p.metadata, 'name')?.value))
      out.unshift({
        message: `No name: kubectl apply needs a name (generateName is not enough): ${rejects(p)}.`,
        path: `${p.pathPrefix}metadata.name`,
        span: p.name?.node.span ?? getEntry(p.root, 'metadata')!.keySpan,
      });
    return out;
  },
};
