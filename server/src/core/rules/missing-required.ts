import type { Report } from '../findings';
import { getEntry } from '../model/located';
import { allPeers, allSelectors } from './paths';
import type { PolicyRule } from './types';

export const missingRequired: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'missing-required',
    defaultSeverity: 'error',
    category: 'A',
    description: "A required field is absent or empty: metadata.name, ipBlock.cidr, a match expression's key or operator.",
  },
  check(p) {
    const out: Report[] = [];
    const required = (path: string, span: Report['span'], what: string) => out.push({ message: what, path, span });
    const meta = getEntry(p.root, 'metadata');
    const nameNode = getEntry(p.metadata, 'name')?.value;
    // a name of another type (a YAML 1.1 `on`) is there: wrong-type reports it, with why
    const otherType = nameNode?.kind === 'scalar' && nameNode.value !== null && typeof nameNode.value !== 'string';
    if ((!p.name || p.name.value === '') && !otherType) {
      const at = p.name?.node.span ?? meta?.keySpan ?? getEntry(p.root, 'kind')?.keySpan ?? p.root.span;
      required(`${p.pathPrefix}metadata.name`, at, 'No name: kubectl apply needs a name (generateName is not enough).');
    }
    for (const { peer, path } of allPeers(p)) {
      const ip = peer.ipBlock;
      if (ip && (!ip.cidr || ip.cidr.value === '')) required(`${path}.ipBlock.cidr`, ip.cidr?.node.span ?? ip.entry.keySpan, 'No cidr: an ipBlock needs one.');
    }
    for (const { selector, path } of allSelectors(p)) {
      for (const e of selector.matchExpressions) {
        const at = `${path}.matchExpressions[${e.index}]`;
        if (!e.key) required(`${at}.key`, e.keyEntry?.value.span ?? e.node.span, 'No key: a match expression needs one.');
        if (!e.operatorEntry || e.operator === '')
          required(
            `${at}.operator`,
            e.operatorEntry?.value.span ?? e.node.span,
            'No operator: a match expression needs one of In, NotIn, Exists or DoesNotExist.',
          );
      }
    }
    return out;
  },
};
