/**
 * The workspace features over LSP: the explanation hover, the "selects N workloads" code lens and
 * the reach report command. Offsets become positions here; the answers come from the core.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  ResponseError,
  SymbolKind,
  type CompletionItem,
  type CompletionList,
  type CodeLens,
  type DocumentSymbol,
  type Hover,
  type Position,
  type Range,
} from 'vscode-languageserver';
import {
  completeAt,
  outline,
  type CompletionKind,
  type OutlineNode,
  hoverAt,
  reachReportSteps,
  type Steps,
  selectedWorkloads,
  replacementText,
  selectionText,
  unreadableCaveat,
  workloadAt,
  type ReachDirection,
  type Workspace,
} from '../core/index';
import { SHOW_WORKLOADS_COMMAND } from '../shared/commands';

interface Location {
  uri: string;
  range: Range;
}

/** Positions of a file in the workspace (its line index). */
function rangeIn(ws: Workspace, file: string, start: number, end: number): Range | undefined {
  const lines = ws.snapshot(file)?.lines;
  return lines ? { start: lines.positionAt(start), end: lines.positionAt(end) } : undefined;
}

export function hover(ws: Workspace, file: string, offset: number): Hover | null {
  const h = hoverAt(ws, file, offset);
  if (!h) return null;
  return { contents: { kind: 'markdown', value: h.markdown }, range: rangeIn(ws, file, h.span.start, h.span.end) };
}

interface WorkloadItem extends Location {
  label: string;
  detail: string;
}

/** The code lenses of a file's policies; may pause after each policy (core/steps.ts). */
export function* codeLensSteps(ws: Workspace, file: string): Steps<CodeLens[]> {
  const out: CodeLens[] = [];
  const caveat = unreadableCaveat(ws);
  for (const ref of ws.snapshot(file)?.policies ?? []) {
    const start = ws.offsetIn(ref, ref.policy.root.span);
    const range = start === undefined ? undefined : rangeIn(ws, file, start, start);
    if (!range) continue;
    const pods = selectedWorkloads(ws, ref);
    const items: WorkloadItem[] = [];
    for (const pod of pods) {
      const w = pod.ref;
      if (!w) continue;
      const at = ws.offsetIn(w, w.workload.nameSpan);
      const r = at === undefined ? undefined : rangeIn(ws, w.file, at, at + (w.workload.nameSpan.end - w.workload.nameSpan.start));
      if (r) items.push({ label: pod.id, detail: pod.kind, uri: w.file, range: r });
    }
    const selects = pods.length === 0 ? 'selects no workload of this workspace' : `selects ${pods.length} workload${pods.length === 1 ? '' : 's'}`;
    const title = (replacementText(ws, ref) ?? selects) + caveat;
    out.push({
      range,
      command: {
        title,
        command: SHOW_WORKLOADS_COMMAND,
        arguments: [
          {
            title: `${ref.policy.namespace?.value ?? 'default'}/${ref.policy.name?.value ?? '(unnamed)'} ${selectionText(pods, 0).replace(/:.*$/, '')}`,
            items,
          },
        ],
      },
    });
    yield;
  }
  return out;
}

interface ReachArgs {
  uri: string;
  position?: Position;
  direction: ReachDirection;
}

export function isReachArgs(a: unknown): a is ReachArgs {
  const x = a as ReachArgs;
  return typeof x === 'object' && x !== null && typeof x.uri === 'string' && (x.direction === 'to' || x.direction === 'from');
}

/** The reach report of the workload at `offset`; may pause between its rows (core/steps.ts). */
export function* reachSteps(ws: Workspace, file: string, offset: number, direction: ReachDirection): Steps<{ title: string; markdown: string }> {
  const w = workloadAt(ws, file, offset);
  if (!w) throw new ResponseError(-32602, 'Put the cursor in a Pod or workload manifest (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob).');
  const r = yield* reachReportSteps(ws, w, direction);
  if (!r) throw new ResponseError(-32603, `netpol-lint found no pod for ${w.workload.name}.`);
  return { title: r.title, markdown: r.markdown };
}

/** The outline (Outline view, breadcrumbs): policies with their rules. */
export function documentSymbols(ws: Workspace, file: string): DocumentSymbol[] {
  const convert = (n: OutlineNode): DocumentSymbol | undefined => {
    const range = rangeIn(ws, file, n.span.start, n.span.end);
    const selectionRange = rangeIn(ws, file, n.selection.start, n.selection.end);
    if (!range || !selectionRange) return undefined;
    return {
      name: n.name,
      detail: n.detail,
      kind: n.kind === 'policy' ? SymbolKind.Class : SymbolKind.Property,
      range,
      selectionRange,
      children: n.children.flatMap((c) => convert(c) ?? []),
    };
  };
  return outline(ws, file).flatMap((n) => convert(n) ?? []);
}

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  'label-key': CompletionItemKind.Field,
  'label-value': CompletionItemKind.Value,
  namespace: CompletionItemKind.Module,
  port: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

/**
 * Completion items, marked incomplete: the client asks again at every keystroke, so that a list
 * closes (no items) as soon as what was typed is a complete value.
 */
export function completion(ws: Workspace, file: string, offset: number): CompletionList {
  return { isIncomplete: true, items: completionItems(ws, file, offset) };
}

function completionItems(ws: Workspace, file: string, offset: number): CompletionItem[] {
  return completeAt(ws, file, offset).flatMap((c, i) => {
    const range = rangeIn(ws, file, c.span.start, c.span.end);
    if (!range) return [];
    return [
      {
        label: c.label,
        kind: KINDS[c.kind],
        detail: c.detail,
        documentation: c.documentation ? { kind: 'markdown' as const, value: c.documentation } : undefined,
        textEdit: { range, newText: c.insertText },
        ...(c.kind === 'snippet' ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
        sortText: String(i).padStart(4, '0'),
      },
    ];
  });
}
