/**
 * The explanation under the cursor: on a policy's `spec.podSelector`, the whole policy in plain
 * English and which workloads it selects; on a rule, what that rule allows. On a cluster policy's
 * key, what the field means (clusterHover.ts).
 */
import { describePeer, explainPolicy, explainRule } from '../connectivity/explain';
import { describeClusterPeer, explainClusterPolicy, explainClusterRule } from '../connectivity/explainCluster';
import type { ClusterPolicyModel } from '../model/clusterPolicy';
import { rulesOf } from '../model/networkPolicy';
import type { Span } from '../text/span';
import type { Workspace } from '../workspace/workspace';
import { NAMESPACE_NAME_LABEL } from '../config';
import { fieldDoc, fieldDocMarkdown } from './fieldDocs';
import { clusterPolicyAt, keyPathAt, policyAt } from './locate';
import { clusterFieldHover } from './clusterHover';
import { ruleSetsText } from './ruleSets';
import { replacementText, selectedWorkloads, selectionText, unreadableCaveat } from './selection';
import { mdCode, mdText } from '../text/markdown';

export interface HoverResult {
  markdown: string;
  /** File offsets of the hovered part. */
  span: Span;
}

const inside = (s: Span, rel: number) => rel >= s.start && rel <= s.end;

/**
 * The hover: the field's documentation on a key; which workspace namespaces a namespaceSelector
 * label matches; and the plain-English explanation of the policy (on its podSelector) or the rule.
 */
export function hoverAt(ws: Workspace, file: string, offset: number): HoverResult | undefined {
  const at = policyAt(ws, file, offset);
  if (!at) {
    const cluster = clusterPolicyAt(ws, file, offset);
    if (!cluster) return undefined;
    const h = clusterFieldHover(cluster.ref.clusterPolicy, cluster.rel);
    const base = offset - cluster.rel;
    // on the subject or a rule: what it does in plain English, as for a NetworkPolicy
    const plain = clusterPlainHover(cluster.ref.clusterPolicy, cluster.rel);
    const span = h?.span ?? plain?.span;
    if (!span) return undefined;
    const markdown = [h?.markdown, plain?.markdown].filter((x) => x !== undefined).join('\n\n---\n\n');
    return { markdown, span: { start: span.start + base, end: span.end + base } };
  }
  const { ref, rel } = at;
  const p = ref.policy;
  const base = offset - rel;
  const shift = (s: Span) => ({ start: s.start + base, end: s.end + base });
  const parts: string[] = [];
  let span: Span | undefined;
  const key = keyPathAt(p.root, rel);
  if (key?.onKey) {
    const doc = fieldDoc(key.path);
    if (doc) parts.push(fieldDocMarkdown(doc));
    span = key.entry.keySpan;
  }
  if (key && key.path.length >= 3 && key.path.at(-3) === 'namespaceSelector' && key.path.at(-2) === 'matchLabels') {
    parts.push(namespacesWithLabel(ws, key.entry.key, key.entry.value.kind === 'scalar' ? key.entry.value.value : undefined));
    span = key.entry.span;
  }
  const sel = p.spec?.podSelector;
  if (sel && inside(sel.entry.span, rel)) {
    const e = explainPolicy(p);
    // values reach the Markdown escaped (mdText): the explanation is plain text, a sentence a line
    const selection = (replacementText(ws, ref, mdText) ?? selectionText(selectedWorkloads(ws, ref), 10, mdText)) + unreadableCaveat(ws);
    parts.push(`**NetworkPolicy ${mdText(e.policy)}** ${selection}.\n\n${e.text.split('\n').map(mdText).join('\n\n')}`);
    span ??= sel.entry.span;
  } else {
    rules: for (const d of ['Ingress', 'Egress'] as const) {
      for (const rule of rulesOf(p, d)) {
        if (!inside(rule.node.span, rel)) continue;
        const ns = p.namespace?.value ?? 'default';
        // inside one peer: that peer first, in plain English
        const peer = rule.peers?.find((x) => inside(x.node.span, rel));
        if (peer) parts.push(`**${d === 'Ingress' ? 'From' : 'To'}:** ${mdText(describePeer(peer, ns))}.`);
        parts.push(`**${d} rule ${rule.index + 1}** of ${mdText(`${ns}/${p.name?.value ?? '(unnamed)'}`)} ${mdText(explainRule(rule, ns))}.`);
        const sets = ruleSetsText(ws, ref, d, rule);
        if (sets) parts.push(`${sets}${unreadableCaveat(ws) ? `\n\n${unreadableCaveat(ws).trim()}.` : ''}`);
        span ??= rule.node.span;
        break rules;
      }
    }
  }
  if (parts.length === 0 || !span) return undefined;
  return { markdown: parts.join('\n\n---\n\n'), span: shift(span) };
}

function namespacesWithLabel(ws: Workspace, key: string, value: unknown): string {
  const namespaces = ws.connectivity().cluster.namespaces;
  // `key:` with no value is null, which the API server decodes as the empty value "" (as the model reads it)
  const want = value === undefined ? undefined : value === null ? '' : String(value);
  const matching = [...namespaces]
    .filter(([, labels]) => want !== undefined && labels[key] === want)
    .map(([name]) => name)
    .sort();
  const label = want === '' ? `${mdCode(`${key}=""`)} (the label set to the empty value)` : mdCode(`${key}=${want ?? ''}`);
  const caveat = unreadableCaveat(ws);
  if (matching.length > 0)
    return `${label} matches ${matching.length} namespace${matching.length === 1 ? '' : 's'} of the workspace: ${matching.map(mdText).join(', ')}${caveat}.`;
  return `${label} matches none of the ${namespaces.size} namespaces the workspace declares${key !== NAMESPACE_NAME_LABEL ? ` (namespaces carry \`${NAMESPACE_NAME_LABEL}\` for sure; other labels only if someone added them)` : ''}${caveat}.`;
}

/** A cluster policy's subject (the whole explanation) or rule (its sentence) at an offset of its document, in plain English. */
function clusterPlainHover(p: ClusterPolicyModel, rel: number): { markdown: string; span: Span } | undefined {
  if (p.subject && inside(p.subject.entry.span, rel)) {
    const e = explainClusterPolicy(p);
    return { markdown: `**${mdText(`${e.kind} ${e.policy}`)}**\n\n${e.text.split('\n').map(mdText).join('\n\n')}`, span: p.subject.entry.span };
  }
  for (const rule of [...p.ingress, ...p.egress]) {
    if (!inside(rule.node.span, rel)) continue;
    const peer = rule.peers.find((x) => inside(x.node.span, rel));
    const parts = peer ? [`**${rule.direction === 'Ingress' ? 'From' : 'To'}:** ${mdText(describeClusterPeer(peer))}.`] : [];
    parts.push(
      `**${rule.direction} rule ${rule.index + 1}**${rule.name ? ` (${mdText(rule.name.value)})` : ''} of ${mdText(p.name?.value ?? '(unnamed)')} ${mdText(explainClusterRule(rule))}.`,
    );
    return { markdown: parts.join('\n\n'), span: rule.node.span };
  }
  return undefined;
}
