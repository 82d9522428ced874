/**
 * The explanation under the cursor: on a policy's `spec.podSelector`, the whole policy in plain
 * English and which workloads it selects; on a rule, what that rule allows.
 */
import { explainPolicy, explainRule } from '../connectivity/explain';
import { rulesOf } from '../model/networkPolicy';
import type { Span } from '../text/span';
import type { Workspace } from '../workspace/workspace';
import { policyAt } from './locate';
import { selectedWorkloads, selectionText } from './selection';

export interface HoverResult {
  markdown: string;
  /** File offsets of the hovered part. */
  span: Span;
}

const inside = (s: Span, rel: number) => rel >= s.start && rel <= s.end;

export function explanationHover(ws: Workspace, file: string, offset: number): HoverResult | undefined {
  const at = policyAt(ws, file, offset);
  if (!at) return undefined;
  const { ref, rel } = at;
  const p = ref.policy;
  const base = offset - rel;
  const shift = (s: Span) => ({ start: s.start + base, end: s.end + base });
  const sel = p.spec?.podSelector;
  if (sel && inside(sel.entry.span, rel)) {
    const e = explainPolicy(p);
    const selection = selectionText(selectedWorkloads(ws, ref));
    return { markdown: `**NetworkPolicy ${e.policy}** ${selection}.\n\n${e.text.split('\n').join('\n\n')}`, span: shift(sel.entry.span) };
  }
  for (const d of ['Ingress', 'Egress'] as const) {
    for (const rule of rulesOf(p, d)) {
      if (!inside(rule.node.span, rel)) continue;
      const ns = p.namespace?.value ?? 'default';
      return { markdown: `**${d} rule ${rule.index + 1}** of ${ns}/${p.name?.value ?? '(unnamed)'} ${explainRule(rule, ns)}.`, span: shift(rule.node.span) };
    }
  }
  return undefined;
}
