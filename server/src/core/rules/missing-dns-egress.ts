import { describeDns, dnsEgressPolicy, dnsEgressRule } from '../analysis/dns';
import { appendDocument, freeName } from '../edit/appendDocument';
import { addMapEntry, appendSeqItems, setEntryValue } from '../edit/yamlEdits';
import { fixIf, lazyFix, type Fix } from '../findings';
import { asSeq, isNull, toPlain } from '../model/located';
import type { Span } from '../text/span';
import { DnsCoverage, isolatesEgress } from './dnsCoverage';
import type { NamespaceRule, PlacedFinding, PolicyRef } from './types';
import type { DnsProfile } from '../config';
import { policyNames } from './workspaceHelpers';

/** Where the finding sits: the `Egress` policy type, or the `egress` key when policyTypes is implied. */
function egressSpan(ref: PolicyRef): { span: Span; path: string } {
  const p = ref.policy;
  const pt = p.spec?.policyTypes;
  const i = pt?.items.findIndex((t) => t.value === 'Egress') ?? -1;
  if (pt && i >= 0) return { span: pt.items[i].node.span, path: `${p.pathPrefix}spec.policyTypes[${i}]` };
  if (p.spec?.egress) return { span: p.spec.egress.entry.keySpan, path: `${p.pathPrefix}spec.egress` };
  return { span: p.spec?.entry.keySpan ?? p.root.span, path: `${p.pathPrefix}spec` };
}

function separatePolicyFix(ref: PolicyRef, taken: ReadonlySet<string>, dns: DnsProfile): Fix {
  const name = freeName('allow-dns-egress', taken);
  const ns = ref.policy.namespace ? ` for namespace ${ref.policy.namespace.value}` : '';
  // a whole policy to write: only when someone looks at the fix
  return lazyFix(
    `Add a separate "${name}" policy${ns} (UDP and TCP DNS)`,
    () => {
      const sel = ref.policy.spec?.podSelector;
      const podSelector = sel && !isNull(sel.entry.value) ? toPlain(sel.entry.value) : {};
      return [appendDocument(ref.edit, dnsEgressPolicy(name, ref.policy.namespace?.value, podSelector, dns))];
    },
    true,
  );
}

function addRuleFix(ref: PolicyRef, dns: DnsProfile): Fix | undefined {
  const spec = ref.policy.spec;
  if (!spec?.map) return undefined;
  const rule = dnsEgressRule(dns);
  const egress = spec.egress?.entry;
  const title = 'Add a DNS egress rule (UDP and TCP) to this policy';
  if (!egress) return fixIf(title, [addMapEntry(ref.edit, spec.map, 'egress', [rule])])[0];
  const seq = asSeq(egress.value);
  if (seq) return { title, edits: [appendSeqItems(ref.edit, seq, [rule])] };
  if (isNull(egress.value)) return { title, edits: [setEntryValue(ref.edit, egress, [rule], spec.map.flow)] };
  return undefined;
}

export const missingDnsEgress: NamespaceRule = {
  scope: 'namespace',
  meta: {
    code: 'missing-dns-egress',
    fixAll: true,
    defaultSeverity: 'warning',
    category: 'B',
    description: 'Pods isolated for egress with no policy allowing DNS: every name lookup fails.',
  },
  check({ policies: refs }, ctx) {
    const out: PlacedFinding[] = [];
    const taken = policyNames(refs);
    const coverage = new DnsCoverage(refs, ctx.dns);
    for (const ref of refs) {
      if (!isolatesEgress(ref, ctx.dns)) continue;
      if (coverage.allowanceFor(ref, 'UDP')) continue;
      const { span, path } = egressSpan(ref);
      const ns = ref.policy.namespace ? `namespace "${ref.policy.namespace.value}"` : 'this namespace';
      const fixes = [separatePolicyFix(ref, taken, ctx.dns)];
      const add = addRuleFix(ref, ctx.dns);
      if (add) fixes.push(add);
      out.push({
        ref,
        finding: {
          code: 'missing-dns-egress',
          severity: 'warning',
          message: `${path}: the pods this policy selects are isolated for egress, and no policy in ${ns} allows them DNS (${describeDns(ctx.dns, 'UDP')}): every name lookup will fail.`,
          span,
          fixes,
        },
      });
    }
    return out;
  },
};
