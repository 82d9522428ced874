import type { Report } from '../findings';
import { getEntry } from '../model/located';
import { crdReports, rejects } from './crdIssues';
import { allPeers, allSelectors } from './paths';
import type { PolicyRule } from './types';

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
    const required = (path: string, span: Report['span'], what: string) => out.push({ message: `${path}: Required value: ${what}`, span });
    const meta = getEntry(p.root, 'metadata');
    const nameNode = getEntry(p.metadata, 'name')?.value;
    // a name of another type (a YAML 1.1 `on`) is there: wrong-type reports it, with why
    const otherType = nameNode?.kind === 'scalar' && nameNode.value !== null && typeof nameNode.value !== 'string';
    if ((!p.name || p.name.value === '') && !otherType) {
      const at = p.name?.node.span ?? meta?.keySpan ?? getEntry(p.root, 'kind')?.keySpan ?? p.root.span;
      required(`${p.pathPrefix}metadata.name`, at, 'kubectl apply needs a name (generateName is not enough).');
    }
    for (const { peer, path } of allPeers(p)) {
      const ip = peer.ipBlock;
      if (ip && (!ip.cidr || ip.cidr.value === '')) required(`${path}.ipBlock.cidr`, ip.cidr?.node.span ?? ip.entry.keySpan, 'an ipBlock needs a cidr.');
    }
    for (const { selector, path } of allSelectors(p)) {
      for (const e of selector.matchExpressions) {
        const at = `${path}.matchExpressions[${e.index}]`;
        if (!e.key) required(`${at}.key`, e.keyEntry?.value.span ?? e.node.span, 'a match expression needs a key.');
        if (!e.operatorEntry || e.operator === '')
          required(`${at}.operator`, e.operatorEntry?.value.span ?? e.node.span, 'a match expression needs an operator (In, NotIn, Exists or DoesNotExist).');
      }
    }
    return out;
  },
  checkClusterPolicy(p, ctx) {
    const out = crdReports('missing-required', p, ctx);
    const nameNode = getEntry(p.metadata, 'name')?.value;
    const otherType = nameNode?.kind === 'scalar' && nameNode.value !== null && typeof nameNode.value !== 'string';
    if (p.metadata && (!p.name || p.name.value === '') && !otherType)
      out.unshift({
        message: `${p.pathPrefix}metadata.name: Required value: kubectl apply needs a name (generateName is not enough): ${rejects(p)}.`,
        span: p.name?.node.span ?? getEntry(p.root, 'metadata')!.keySpan,
      });
    return out;
  },
};
