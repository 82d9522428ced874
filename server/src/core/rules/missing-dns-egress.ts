import { describeDns } from '../analysis/dns';
import { dnsEgressRule } from '../edit/dnsYaml';
import { documentAppendPoint, freeName } from '../edit/appendDocument';
import { DNS_RULE_TITLE } from '../edit/recipes';
import { addMapEntry, appendSeqItems, blockEntryInsertion, blockSeqInsertion, blockValueReplacement, setEntryValue } from '../edit/yamlEdits';
import { fixIf, recipeFix } from '../edit/fixes';
import type { Fix } from '../findings';
import { asSeq, isNull, toPlain } from '../model/located';
import { DnsCoverage } from './dnsCoverage';
import { adminBlocks, baselineNote, DnsTiers, egressSpan } from './dnsTiers';
import type { NamespaceRule, PlacedReport, PolicyRef } from './types';
import type { DnsProfile } from '../config';
import { policyNames } from './workspaceHelpers';

// Both fixes write whole YAML blocks: they are recipes (edit/recipes.ts), written when read.

function separatePolicyFix(ref: PolicyRef, taken: ReadonlySet<string>, dns: DnsProfile): Fix {
  const name = freeName('allow-dns-egress', taken);
  const namespace = ref.policy.namespace?.value;
  const sel = ref.policy.spec?.podSelector;
  const podSelector = sel && !isNull(sel.entry.value) ? toPlain(sel.entry.value) : {};
  const { start, lead } = documentAppendPoint(ref.source);
  return recipeFix(
    { kind: 'dns-egress-policy', start, lead, name, ...(namespace === undefined ? {} : { namespace }), podSelector, style: ref.source.style, dns },
    true,
  );
}

function addRuleFix(ref: PolicyRef, dns: DnsProfile): Fix | undefined {
  const spec = ref.policy.spec;
  if (!spec?.map) return undefined;
  const egress = spec.egress?.entry;
  const title = DNS_RULE_TITLE;
  const recipe = (start: number, end: number, column: number, withKey: boolean) =>
    recipeFix({ kind: 'dns-egress-rule', start, end, column, withKey, style: ref.source.style, dns });
  const seq = egress && asSeq(egress.value);
  if (!egress) {
    const place = blockEntryInsertion(ref.source, spec.map, 'egress');
    if (place) return recipe(place.at, place.at, place.column, true);
    return fixIf(title, [addMapEntry(ref.source, spec.map, 'egress', [dnsEgressRule(dns)])])[0]; // a flow map
  }
  if (seq && !seq.flow) {
    const { at, column } = blockSeqInsertion(ref.source, seq);
    return recipe(at, at, column, false);
  }
  if (seq) return { title, edits: [appendSeqItems(ref.source, seq, [dnsEgressRule(dns)])] };
  if (isNull(egress.value)) {
    if (spec.map.flow) return { title, edits: [setEntryValue(ref.source, egress, [dnsEgressRule(dns)], true)] };
    const { start, end, column } = blockValueReplacement(ref.source, egress, true);
    return recipe(start, end, column, false);
  }
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
    const out: PlacedReport[] = [];
    // the names taken, for the fix's new policy: only when a finding needs them (a namespace of
    // thousands of policies, re-checked at every keystroke, mostly has none)
    let taken: Set<string> | undefined;
    const coverage = new DnsCoverage(refs, ctx.dns, ctx.dnsCache);
    const tiers = new DnsTiers(ctx.cluster, ctx.namespace, ctx.dns, ctx.dnsCache);
    for (const ref of refs) {
      if (!coverage.isolatesEgress(ref)) continue;
      const admin = tiers.admin(ref, 'UDP');
      if (admin.outcome === 'Accept') continue;
      const { span, path } = egressSpan(ref);
      if (admin.outcome === 'Deny') {
        // decided before any NetworkPolicy: a fix to this policy could not help, so none is offered
        out.push({
          ref,
          report: { message: `No DNS egress: ${adminBlocks(admin.decision, describeDns(ctx.dns, 'UDP'))}: every name lookup will fail.`, path, span },
        });
        continue;
      }
      if (coverage.allowanceFor(ref, 'UDP')) continue;
      const ns = ref.policy.namespace ? `namespace "${ref.policy.namespace.value}"` : 'this namespace';
      const fixes = [separatePolicyFix(ref, (taken ??= policyNames(refs)), ctx.dns)];
      const add = addRuleFix(ref, ctx.dns);
      if (add) fixes.push(add);
      out.push({
        ref,
        report: {
          message: `No DNS egress: the pods this policy selects are isolated for egress, and no policy in ${ns} allows them DNS (${describeDns(ctx.dns, 'UDP')}): every name lookup will fail.${baselineNote(admin)}`,
          path,
          span,
          fixes,
        },
      });
    }
    return out;
  },
};
