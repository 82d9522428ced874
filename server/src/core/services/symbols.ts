/** The outline: each policy (`namespace/name`) with its rules as children, in file offsets. */
import { explainRule } from '../connectivity/explain';
import { rulesOf } from '../model/networkPolicy';
import type { Span } from '../text/span';
import type { Workspace } from '../workspace/workspace';

export interface OutlineNode {
  name: string;
  detail: string;
  kind: 'policy' | 'rule';
  /** The whole policy or rule. */
  span: Span;
  /** What to highlight when it is picked (the name, or the rule's first line). */
  selection: Span;
  children: OutlineNode[];
}

export function outline(ws: Workspace, file: string): OutlineNode[] {
  const out: OutlineNode[] = [];
  for (const ref of ws.snapshot(file)?.policies ?? []) {
    const chunk = ws.chunkOf(ref);
    if (!chunk) continue;
    const at = (s: Span): Span => ({ start: s.start + chunk.start, end: s.end + chunk.start });
    const p = ref.policy;
    const ns = p.namespace?.value;
    const name = `${ns ? `${ns}/` : ''}${p.name?.value ?? '(unnamed)'}`;
    const children: OutlineNode[] = [];
    for (const d of ['Ingress', 'Egress'] as const) {
      for (const rule of rulesOf(p, d)) {
        const span = at(rule.node.span);
        children.push({
          name: `${d.toLowerCase()}[${rule.index}]`,
          detail: explainRule(rule, ns ?? 'default'),
          kind: 'rule',
          span,
          selection: span,
          children: [],
        });
      }
    }
    const span = at(p.root.span);
    const selection = p.name ? at(p.name.node.span) : span;
    const types = p.spec?.policyTypes?.items.map((t) => t.value).join(', ');
    out.push({ name, detail: `NetworkPolicy${types ? ` (${types})` : ''}`, kind: 'policy', span, selection, children });
  }
  return out;
}
