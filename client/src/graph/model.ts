/**
 * The graph view's data model: the server's graph (netpolLint/graph), the filters a person sets,
 * and the Cytoscape elements drawn. Pure (no vscode, no DOM): the webview script and the unit tests
 * import it.
 */

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type SetJson = 'all' | { protocol: Protocol; ports: [number, number][] }[];

export interface Location {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface GraphNode {
  id: string;
  kind: 'workloads' | 'external';
  namespace?: string;
  label: string;
  title: string;
  members: string[];
  location?: Location;
  /** Compared with git HEAD: workloads only the workspace has (added) or only HEAD (removed). */
  change?: 'added' | 'removed';
}

export interface GraphEdge {
  from: string;
  to: string;
  label: string;
  text: string;
  allowed: SetJson;
  scope: 'namespace' | 'cross-namespace' | 'external';
  pairs: number;
  /** Compared with git HEAD, an edge that differs: how, and its set at HEAD as text. */
  change?: 'added' | 'removed' | 'changed';
  before?: string;
}

export interface GraphData {
  namespaces: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface Filters {
  /** Only the edges with an end in this namespace (and its workloads). */
  namespace?: string;
  /** Only the edges that allow this port (of `protocol`, or of any protocol). */
  port?: number;
  /** Only the edges that allow something of this protocol. */
  protocol?: Protocol;
  crossNamespaceOnly?: boolean;
  externalOnly?: boolean;
}

/** Does the set allow the port / protocol asked for (both optional)? */
export function setAllows(set: SetJson, port: number | undefined, protocol: Protocol | undefined): boolean {
  if (set === 'all') return true;
  return set.some((p) => (protocol === undefined || p.protocol === protocol) && (port === undefined || p.ports.some(([a, b]) => a <= port && port <= b)));
}

/** A filter string from the view's port box: a port 1-65535, or undefined for none (anything else too). */
export function parsePortFilter(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** The nodes and edges the filters keep: every node of the namespace (all without one), and every end of a kept edge. */
export function filterGraph(g: GraphData, f: Filters): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const inNs = (id: string) => byId.get(id)?.namespace === f.namespace;
  const edges = g.edges.filter(
    (e) =>
      (f.namespace === undefined || inNs(e.from) || inNs(e.to)) &&
      (!f.crossNamespaceOnly || e.scope === 'cross-namespace') &&
      (!f.externalOnly || e.scope === 'external') &&
      ((f.port === undefined && f.protocol === undefined) || setAllows(e.allowed, f.port, f.protocol)),
  );
  // a filter on the edges: only their ends; else the namespace's (or every) node, isolated ones too
  const edgeFilter = f.crossNamespaceOnly || f.externalOnly || f.port !== undefined || f.protocol !== undefined;
  const keep = new Set<string>();
  if (!edgeFilter) for (const n of g.nodes) if (f.namespace === undefined || n.namespace === f.namespace) keep.add(n.id);
  for (const e of edges) keep.add(e.from).add(e.to);
  return { nodes: g.nodes.filter((n) => keep.has(n.id)), edges };
}

/** The edge's id in the drawing (from and to node ids; one edge per ordered pair). */
export const edgeId = (e: Pick<GraphEdge, 'from' | 'to'>) => `${e.from}\u2192${e.to}`;

/**
 * The Cytoscape element definitions: namespaces as compound parents, an "outside the cluster" parent
 * for the external nodes; compared with git HEAD, a changed node or edge also has its change as a class.
 */
export function elementsOf(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
): { group: 'nodes' | 'edges'; data: Record<string, unknown>; classes?: string }[] {
  const parents = new Set<string>();
  const out: { group: 'nodes' | 'edges'; data: Record<string, unknown>; classes?: string }[] = [];
  for (const n of nodes) {
    const parent = n.kind === 'external' ? 'outside:' : `ns:${n.namespace}`;
    if (!parents.has(parent)) {
      parents.add(parent);
      out.push({ group: 'nodes', data: { id: parent, label: n.kind === 'external' ? 'outside the cluster' : n.namespace }, classes: 'group' });
    }
    out.push({ group: 'nodes', data: { id: n.id, parent, label: n.label, title: n.title }, classes: n.change ? `${n.kind} ${n.change}` : n.kind });
  }
  for (const e of edges) {
    const title = e.change === 'changed' ? `${e.before} -> ${e.text}` : e.change === 'removed' ? `${e.before} (removed)` : e.text;
    out.push({
      group: 'edges',
      data: { id: edgeId(e), source: e.from, target: e.to, label: e.label, title },
      classes: e.change ? `${e.scope} ${e.change}` : e.scope,
    });
  }
  return out;
}
