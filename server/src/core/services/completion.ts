/**
 * Completion inside a NetworkPolicy: the keys valid at the cursor (never one already there, with the
 * indentation the file uses, inside list items too), enum values, and what the workspace knows:
 * label keys and values of its workloads and namespaces, namespace names, container ports.
 *
 * It reads the lines around the cursor rather than the parsed tree, because the document being
 * typed is often not valid YAML yet; only the current document's lines are looked at, so the cost
 * does not grow with the file.
 */
import { NAMESPACE_NAME_LABEL } from '../config';
import { NETWORK_POLICY, type FieldType } from '../model/schema';
import type { Span } from '../text/span';
import type { Workspace } from '../workspace/workspace';
import { clusterCompletion } from './clusterCompletion';
import { documentSnippets, snippetPrefixAt } from './documentSnippets';
import { fieldDoc } from './fieldDocs';
import { policyAt } from './locate';
import { destinationWorkloads } from './selection';
import { mdText } from '../text/markdown';

export type CompletionKind = 'key' | 'value' | 'label-key' | 'label-value' | 'namespace' | 'port' | 'snippet';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** Replaces `span` (file offsets). */
  insertText: string;
  span: Span;
  detail?: string;
  documentation?: string;
}

interface Line {
  /** Column of the key (after indentation and any `- `), or of the value for a bare `- value`. */
  col: number;
  /** Column of this line's innermost `- `, if it starts a list item. */
  dash?: number;
  key?: string;
}

const KEY_LINE = /^( *)((?:- +)*)([^\s:#'"][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

function readLine(text: string): Line | undefined {
  if (/^\s*(#|$)/.test(text) || /^(---|\.\.\.)/.test(text)) return undefined;
  const m = KEY_LINE.exec(text);
  const lead = /^( *)((?:- +)*)/.exec(text)!;
  const col = lead[1].length + lead[2].length;
  const dash = lead[2] ? lead[1].length + lead[2].lastIndexOf('-') : undefined;
  return { col, dash, key: m ? m[3].replace(/^["']|["']$/g, '') : undefined };
}

interface Context {
  /** Keys from the document root to the map the cursor is in (list levels implicit). */
  path: string[];
  /** Keys already present in that map. */
  siblings: Set<string>;
  col: number;
}

/** Where a key typed at column `col` on line `index` belongs: its ancestors and its map's other keys. */
function contextAt(lines: string[], index: number, col: number, startsItem: boolean): Context {
  const path: string[] = [];
  let limit = col;
  for (let i = index - 1; i >= 0; i--) {
    const l = readLine(lines[i]);
    if (!l || l.key === undefined) continue;
    if (l.col < limit) {
      path.unshift(l.key);
      limit = l.col;
      if (limit === 0) break;
    }
  }
  const siblings = new Set<string>();
  const itemBoundary = (l: Line) => l.dash !== undefined && l.dash === col - 2;
  if (!startsItem) {
    for (let i = index - 1; i >= 0; i--) {
      const l = readLine(lines[i]);
      if (!l) continue;
      if (l.col < col) break;
      if (l.col === col && l.key !== undefined) {
        siblings.add(l.key);
        if (itemBoundary(l)) break;
      }
    }
  }
  for (let i = index + 1; i < lines.length; i++) {
    const l = readLine(lines[i]);
    if (!l) continue;
    if (l.col < col || (l.col === col && itemBoundary(l))) break;
    if (l.col === col && l.key !== undefined) siblings.add(l.key);
  }
  return { path, siblings, col };
}

/**
 * The key column of the map item whose dash is at column `col` just above line `index`, when a key
 * at `col` itself would break the YAML: the list is indented under its key (in the kubectl style,
 * dashes at their key's column, a key at `col` is a valid sibling of the list's key).
 */
function itemColumnAtDash(lines: readonly string[], index: number, col: number): number | undefined {
  let item: number | undefined;
  for (let i = index - 1; i >= 0; i--) {
    const l = readLine(lines[i]);
    if (!l) continue;
    if (item === undefined) {
      if (l.dash === col && l.key !== undefined) item = l.col;
      else if (l.col <= col) return undefined;
      continue;
    }
    // above the item: the list's other items and their content, then the key that owns the list
    if (l.dash === col || l.col > col) continue;
    return l.col < col ? item : undefined;
  }
  return undefined;
}

/** The schema type at a key path (list levels stepped through). */
function typeAt(path: readonly string[], root: FieldType = NETWORK_POLICY): FieldType | undefined {
  let t: FieldType | undefined = root;
  for (const key of path) {
    while (t && t.t === 'list') t = t.of;
    if (!t) return undefined;
    if (t.t === 'object') t = t.fields[key];
    else if (t.t === 'map') t = t.of;
    else return undefined;
  }
  while (t && t.t === 'list') t = t.of;
  return t;
}

/** Fields users write; the read-only metadata the API server fills in is not offered. */
const HIDDEN = new Set([
  'status',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'ownerReferences',
  'finalizers',
  'generateName',
]);

function keyInsert(key: string, t: FieldType, col: number, indent: number, seqIndent: boolean, eol: string): string {
  const pad = ' '.repeat(col);
  if (t.t === 'list') return `${key}:${eol}${pad}${seqIndent ? ' '.repeat(indent) : ''}- `;
  if (t.t === 'object' || t.t === 'map') return `${key}:${eol}${pad}${' '.repeat(indent)}`;
  return `${key}: `;
}

const ENUMS: Record<string, string[]> = {
  protocol: ['TCP', 'UDP', 'SCTP'],
  operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
  apiVersion: ['networking.k8s.io/v1'],
  kind: ['NetworkPolicy'],
};

interface WorkspaceLabels {
  podKeys: Map<string, Set<string>>;
  namespaceKeys: Map<string, Set<string>>;
  namespaces: string[];
}

function workspaceLabels(ws: Workspace): WorkspaceLabels {
  const cluster = ws.connectivity().cluster;
  const add = (m: Map<string, Set<string>>, labels: Readonly<Record<string, string>>) => {
    for (const [k, v] of Object.entries(labels)) {
      let s = m.get(k);
      if (!s) m.set(k, (s = new Set()));
      s.add(v);
    }
  };
  const podKeys = new Map<string, Set<string>>();
  const namespaceKeys = new Map<string, Set<string>>();
  for (const p of cluster.pods) add(podKeys, p.labels);
  for (const labels of cluster.namespaces.values()) add(namespaceKeys, labels);
  return { podKeys, namespaceKeys, namespaces: [...cluster.namespaces.keys()].sort() };
}

/** Completion items at `offset` of `file`; empty outside NetworkPolicy documents. */
export function completeAt(ws: Workspace, file: string, offset: number): CompletionItem[] {
  const chunk = ws.snapshot(file)?.chunkAt(offset);
  if (!chunk) return [];
  // "netpol-…" where a document can start: the whole-document snippets (and only there)
  const prefix = snippetPrefixAt(chunk.text, offset - chunk.start);
  if (prefix !== undefined) {
    const span = { start: offset - prefix.length, end: offset };
    return documentSnippets(ws.configuration.dns)
      .filter((x) => x.prefix.startsWith(prefix))
      .map((x) => ({
        label: x.prefix,
        kind: 'snippet' as const,
        insertText: x.body,
        span,
        detail: x.forProfile ? 'for the cluster DNS of .netpol-lint.yaml' : 'NetworkPolicy snippet',
        // Markdown at the edge; the description is plain text (the DNS profile's values come from the config)
        documentation: mdText(x.description),
      }));
  }
  if (!chunk.text.includes('NetworkPolicy')) return [];
  const text = chunk.text;
  // a ClusterNetworkPolicy (or v1alpha1 kind): its CRD's fields, enums and docs
  const cluster = clusterCompletion(text, ws.configuration.clusterNetworkPolicy.channel);
  const root = cluster?.root ?? NETWORK_POLICY;
  const rel = offset - chunk.start;
  const { indent, seqIndent, eol } = chunk.analysed.source.style;
  const lineStart = text.lastIndexOf('\n', rel - 1) + 1;
  const before = text.slice(lineStart, rel);
  const lines = text.split(/\r?\n/);
  const index = text.slice(0, lineStart).split('\n').length - 1;
  const at = (start: number): Span => ({ start: chunk.start + start, end: offset });

  // a key being typed: "  fr", "    - ", "  - po"
  const keyTyping = /^( *)((?:- +)*)([\w./-]*)$/.exec(before);
  if (keyTyping) {
    const typedAt = keyTyping[1].length + keyTyping[2].length;
    const startsItem = keyTyping[2].length > 0;
    // at the column of a list item's dash (Enter after "- protocol: TCP"), a key belongs to that
    // item: it is written at the item's key column, or the YAML would break
    const itemCol = startsItem ? undefined : itemColumnAtDash(lines, index, typedAt);
    const col = itemCol ?? typedAt;
    const pad = ' '.repeat(col - typedAt);
    const ctx = contextAt(lines, index, col, startsItem);
    const parent = typeAt(ctx.path, root);
    const word = keyTyping[3];
    const wordStart = lineStart + typedAt;
    // a bare list item: policyTypes entries, or the values of an expression
    if (startsItem && parent && parent.t !== 'object' && parent.t !== 'map') return listValues(ws, ctx.path, lines, index, at(wordStart));
    if (parent?.t === 'map' && ctx.path.at(-1) === 'matchLabels') return labelKeys(ws, ctx.path, ctx.siblings, at(wordStart));
    if (parent?.t !== 'object') return [];
    const items: CompletionItem[] = [];
    for (const [key, t] of Object.entries(parent.fields)) {
      if (HIDDEN.has(key) || ctx.siblings.has(key)) continue;
      if (ctx.path.length === 0 && key === 'status') continue;
      const doc = cluster ? cluster.doc([...ctx.path, key]) : fieldDoc([...ctx.path, key]);
      items.push({
        label: key,
        kind: 'key',
        insertText: pad + keyInsert(key, t, col, indent, seqIndent, eol),
        span: at(wordStart),
        detail: doc?.title,
        documentation: doc?.text,
      });
    }
    return word ? items.filter((i) => i.label.toLowerCase().startsWith(word.toLowerCase())) : items;
  }

  // a value being typed: "    protocol: U", "  namespace: ", "      app: "
  const valueTyping = /^( *)((?:- +)*)([^\s:#][^:#]*?)\s*:\s+([\w./-]*)$/.exec(before);
  if (valueTyping) {
    const col = valueTyping[1].length + valueTyping[2].length;
    const key = valueTyping[3].replace(/^["']|["']$/g, '');
    const ctx = contextAt(lines, index, col, valueTyping[2].length > 0);
    const word = valueTyping[4];
    const span = at(rel - word.length);
    const path = [...ctx.path, key];
    const closed = cluster?.values(path);
    if (closed)
      return settled(
        word,
        closed.map((v) => ({ label: v, kind: 'value', insertText: v, span })),
      );
    if (!cluster && ENUMS[key] && typeAt(path))
      return settled(
        word,
        ENUMS[key].map((v) => ({ label: v, kind: 'value', insertText: v, span })),
      );
    if (path.join('.') === 'metadata.namespace') return settled(word, namespaceNames(ws, span));
    if (ctx.path.at(-1) === 'matchLabels') return settled(word, labelValues(ws, ctx.path, key, span));
    if (key === 'key' && ctx.path.at(-1) === 'matchExpressions')
      return settled(word, labelKeys(ws, ctx.path.slice(0, -1).concat('matchLabels'), new Set(), span));
    if ((key === 'port' || key === 'endPort') && ctx.path.at(-1) === 'ports') {
      const protocol = itemValue(lines, index, col, 'protocol') ?? 'TCP';
      return settled(word, ports(ws, file, offset, ctx.path, protocol, key === 'port', span), /^[0-9]+$/);
    }
    return [];
  }

  // flow list: "policyTypes: [Ingress, E"
  const flow = /^\s*(?:- +)*policyTypes:\s*\[([^\]]*?)([\w]*)$/.exec(before);
  if (flow) {
    const present = new Set(flow[1].split(',').map((s) => s.trim()));
    return ['Ingress', 'Egress'].filter((v) => !present.has(v)).map((v) => ({ label: v, kind: 'value', insertText: v, span: at(rel - flow[2].length) }));
  }
  return [];
}

/**
 * Value items, unless the value typed is already complete: one of the items itself, or a value of
 * the field's own form (a port number). A list open over a complete value would turn the Enter that
 * ends the line into the acceptance of another value (`port: 53` becoming `port: 5432`).
 */
function settled(word: string, items: CompletionItem[], complete?: RegExp): CompletionItem[] {
  if (word !== '' && (complete?.test(word) || items.some((i) => i.insertText === word || i.label === word))) return [];
  return items;
}

/** The value of `key` in the list item (or map) whose keys sit at column `col` around line `index`. */
function itemValue(lines: readonly string[], index: number, col: number, key: string): string | undefined {
  const match = (line: string) => {
    const l = readLine(line);
    if (!l || l.col !== col || l.key !== key) return undefined;
    return /:\s*["']?([\w.-]+)/.exec(line.slice(l.col))?.[1];
  };
  for (let i = index; i >= 0; i--) {
    const l = readLine(lines[i]);
    if (l && l.col < col) break;
    const v = match(lines[i]);
    if (v !== undefined) return v;
    if (l && l.dash === col - 2) break; // the item's first line
  }
  for (let i = index + 1; i < lines.length; i++) {
    const l = readLine(lines[i]);
    if (l && (l.col < col || l.dash === col - 2)) break;
    const v = match(lines[i]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A namespace selector: a peer's `namespaceSelector`, or a cluster policy's `namespaces`. */
function isNamespaceSelector(path: readonly string[]): boolean {
  return path.at(-2) === 'namespaceSelector' || path.at(-2) === 'namespaces';
}

function labelKeys(ws: Workspace, path: readonly string[], present: ReadonlySet<string>, span: Span): CompletionItem[] {
  const l = workspaceLabels(ws);
  const source = isNamespaceSelector(path) ? l.namespaceKeys : l.podKeys;
  const keys = [...source.keys()].filter((k) => !present.has(k)).sort();
  if (isNamespaceSelector(path) && !keys.includes(NAMESPACE_NAME_LABEL) && !present.has(NAMESPACE_NAME_LABEL)) keys.unshift(NAMESPACE_NAME_LABEL);
  return keys.map((k) => ({
    label: k,
    kind: 'label-key',
    insertText: `${k}: `,
    span,
    detail: `label seen on ${isNamespaceSelector(path) ? 'namespaces' : 'workloads'}: ${[...(source.get(k) ?? [])].slice(0, 5).join(', ')}`,
  }));
}

function labelValues(ws: Workspace, path: readonly string[], key: string, span: Span): CompletionItem[] {
  const l = workspaceLabels(ws);
  if (isNamespaceSelector(path) && key === NAMESPACE_NAME_LABEL) return namespaceNames(ws, span);
  const values = (isNamespaceSelector(path) ? l.namespaceKeys : l.podKeys).get(key);
  return [...(values ?? [])].sort().map((v) => ({ label: v, kind: 'label-value', insertText: v, span, detail: `${key}=${v}` }));
}

function namespaceNames(ws: Workspace, span: Span): CompletionItem[] {
  return workspaceLabels(ws).namespaces.map((n) => ({ label: n, kind: 'namespace', insertText: n, span, detail: 'namespace of the workspace' }));
}

/** A `- ` item in a list of scalars: policyTypes, or an expression's values (of its key). */
function listValues(ws: Workspace, path: readonly string[], lines: string[], index: number, span: Span): CompletionItem[] {
  const last = path.at(-1);
  if (last === 'policyTypes') {
    const present = new Set<string>();
    for (const line of lines) {
      const m = /^\s*- +(Ingress|Egress)\s*$/.exec(line);
      if (m) present.add(m[1]);
    }
    return ['Ingress', 'Egress'].filter((v) => !present.has(v)).map((v) => ({ label: v, kind: 'value', insertText: v, span }));
  }
  if (last === 'values' && path.at(-2) === 'matchExpressions') {
    // the expression's key: the nearest "key:" line above at a smaller indentation
    for (let i = index - 1; i >= 0 && i > index - 10; i--) {
      const m = /^[\s-]*key:\s*(\S+)/.exec(lines[i]);
      if (m) return labelValues(ws, [...path.slice(0, -2), 'matchLabels'], m[1], span);
    }
  }
  return [];
}

/**
 * The container ports of the destination, for the port entry's protocol: for an ingress rule the
 * workloads the policy selects, for an egress rule the workloads its `to` admits (through the
 * engine); nothing when the rule cannot be read, never every workload of the workspace.
 */
function ports(ws: Workspace, file: string, offset: number, path: readonly string[], protocol: string, names: boolean, span: Span): CompletionItem[] {
  const policy = policyAt(ws, file, offset, true);
  if (!policy) return [];
  const direction = path.includes('ingress') ? 'Ingress' : 'Egress';
  // the last rule starting before the cursor (a value being typed may lie past its rule's last character)
  const rule = policy.ref.policy.spec?.egress?.rules.filter((r) => r.node.span.start <= policy.rel).at(-1);
  const pods = destinationWorkloads(ws, policy.ref, direction, rule);
  const seen = new Map<string, CompletionItem>();
  for (const pod of pods) {
    for (const c of pod.ports) {
      if (c.protocol !== protocol) continue;
      const n = String(c.port);
      if (!seen.has(n)) seen.set(n, { label: n, kind: 'port', insertText: n, span, detail: `${c.protocol}${c.name ? ` "${c.name}"` : ''} on ${pod.id}` });
      if (names && c.name && !seen.has(c.name))
        seen.set(c.name, { label: c.name, kind: 'port', insertText: c.name, span, detail: `${c.protocol} ${c.port} on ${pod.id}` });
    }
  }
  return [...seen.values()];
}
