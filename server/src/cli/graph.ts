/**
 * `netpol-lint graph <paths…> [--format dot|mermaid|svg|json] [--diff <before>…] [--from …] [--to …] [--port N [--protocol P]]`:
 * the connection sets of `reach` without `--port` as a picture (`core/services/graph.ts`). The
 * endpoints, their names and `--from` / `--to` are reach's; with `--port` each set is cut to that
 * port. JSON: `{ port?, protocol?, before?, changes?, nodes: [ { id, kind, namespace?, label, members,
 * change? } ], edges: [ { from, to, allowed, label, scope, pairs, change?, before? } ], endpoints,
 * unreadable }`, `members` and `endpoints` by reach's endpoint ids, `from` / `to` by node id.
 * With `--diff` (core/services/graphDiff.ts), the before side is read as `diff` reads a side
 * (`sideSpec`, `readSide`): `before` is `{ side, ref?, paths }`, `changes` counts the edges of each
 * change, an edge that differs has `change` (added, removed or changed) and `before` (its set before;
 * `allowed` is after's, empty when removed), an unchanged edge neither; a node of workloads only one
 * side has has `change` (added or removed).
 */
import type { Pod, ExternalRange, UnreadableDocument, Workspace } from '../core/index';
import { Connectivity } from '../core/index';
import { buildGraph, type Graph } from '../core/services/graph';
import { diffGraph, diffGraphSource } from '../core/services/graphDiff';
import { type SideSpec, sideSpec } from './diff';
import { drawnEdges, graphDot, graphMermaid, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT } from '../core/services/graphRender';
import { parsePort, parseProtocol, type ReachFilters, unreadableJson } from './connectivity';
import { chooseSide, podEndpoint, rangeEndpoint } from './endpoints';
import { UsageError } from './files';
import { graphSvg, SvgError } from './graphSvg';

export type GraphFormat = 'dot' | 'mermaid' | 'svg' | 'json';

/** `--format` for graph: dot by default; svg laid out by the bundled Graphviz (graphSvg.ts). */
export function graphFormat(raw: string | undefined): GraphFormat {
  const f = raw ?? 'dot';
  if (f === 'dot' || f === 'mermaid' || f === 'svg' || f === 'json') return f;
  throw new UsageError(`unknown format '${f}' for graph: use dot, mermaid, svg or json`);
}

/** `--port` and `--protocol` for graph: none (every port), or the port with TCP by default. */
export function graphPort(port: string | undefined, protocol: string | undefined): { port: number; protocol: ReturnType<typeof parseProtocol> } | undefined {
  if (port === undefined) {
    if (protocol !== undefined) throw new UsageError('--protocol goes with --port; without --port, graph shows every protocol and port of each pair');
    return undefined;
  }
  return { port: parsePort(port), protocol: parseProtocol(protocol) };
}

/** The graph of a workspace, as reach without --port sees it (filters checked first: a usage error before any output). */
export function workspaceGraph(workspace: Workspace, filters: ReachFilters = {}, only?: { port: number; protocol: ReturnType<typeof parseProtocol> }) {
  const engine = new Connectivity(workspace.cluster());
  const ids = engine.cluster.pods.map((p) => p.id);
  const ranges = engine.externalEndpoints().ranges;
  const filtered = ids.length > 0;
  const rows = chooseSide(ids, ranges, filtered ? filters.from : undefined, '--from');
  const cols = chooseSide(ids, ranges, filtered ? filters.to : undefined, '--to');
  const matrix = filters.from !== undefined && filtered ? engine.connectionsFrom(rows.pods) : engine.connections();
  const ext = engine.externalConnections(matrix);
  return { engine, graph: buildGraph(engine, matrix, ext, rows, cols, only) };
}

/** The before side of `graph --diff`: its workspace, and how it was named. */
export interface GraphBefore {
  workspace: Workspace;
  side: SideSpec;
}

/** `--diff`'s words as diff reads a before side: paths, or `git:<ref>` alone for the graph's own paths at that commit. */
export function graphBeforeSide(words: readonly string[], paths: readonly string[]): SideSpec {
  const side = sideSpec(words, 'before', 'graph --diff');
  if (side.ref !== undefined) side.paths = [...paths];
  else if (side.paths.includes('-') && paths.includes('-')) throw new UsageError('graph --diff: standard input (-) can be one side only');
  return side;
}

/** The diff graph from the before side to the workspace (filters checked first, over both sides' endpoints). */
export function workspaceDiffGraph(
  before: GraphBefore,
  workspace: Workspace,
  filters: ReachFilters = {},
  only?: { port: number; protocol: ReturnType<typeof parseProtocol> },
) {
  const engine = new Connectivity(workspace.cluster());
  const d = diffGraphSource(new Connectivity(before.workspace.cluster()), engine, only);
  const ids = d.pods.map((p) => p.id);
  const filtered = ids.length > 0;
  const rows = chooseSide(ids, d.ranges, filtered ? filters.from : undefined, '--from');
  const cols = chooseSide(ids, d.ranges, filtered ? filters.to : undefined, '--to');
  return { engine, pods: d.pods, ranges: d.ranges, graph: diffGraph(d, rows, cols, before.side.label, only) };
}

export function graphJson(
  g: Graph,
  pods: readonly Pod[],
  ranges: readonly ExternalRange[],
  unreadable: readonly UnreadableDocument[],
  before?: SideSpec,
): string {
  const shownPods = new Set(g.nodes.filter((n) => n.kind === 'workloads').flatMap((n) => n.members));
  const shownRanges = new Set(g.nodes.filter((n) => n.kind === 'external').flatMap((n) => n.members));
  const count = (kind: string) => g.edges.filter((e) => e.change?.kind === kind).length;
  const json = {
    ...(g.port ? { port: g.port.port, protocol: g.port.protocol } : {}),
    ...(before
      ? {
          before: { side: before.label, ...(before.ref !== undefined ? { ref: before.ref } : {}), paths: before.paths },
          changes: { added: count('added'), removed: count('removed'), changed: count('changed') },
        }
      : {}),
    nodes: g.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      ...(n.namespace !== undefined ? { namespace: n.namespace } : {}),
      label: n.label,
      members: n.members,
      ...(n.change ? { change: n.change } : {}),
    })),
    edges: g.edges.map((e) => ({
      from: g.nodes[e.from].id,
      to: g.nodes[e.to].id,
      allowed: e.allowed.toJSON(),
      label: e.label,
      scope: e.scope,
      pairs: e.pairs,
      ...(e.change ? { change: e.change.kind, before: e.change.before.toJSON() } : {}),
    })),
    endpoints: [...pods.filter((p) => shownPods.has(p.id)).map(podEndpoint), ...ranges.filter((r) => shownRanges.has(r.name)).map(rangeEndpoint)],
    unreadable: unreadableJson(unreadable),
  };
  // indented for people below a few hundred nodes, each port range on one line: [80, 80]
  const indent = g.nodes.length + g.edges.length <= 500 ? 2 : undefined;
  return `${JSON.stringify(json, null, indent).replace(/\[\s+(\d+),\s+(\d+)\s+\]/g, '[$1, $2]')}\n`;
}

/** The answer on stdout, and what stderr should say (no pods; a Mermaid text GitHub will not render). */
export async function graphCommandSvg(
  workspace: Workspace,
  unreadable: readonly UnreadableDocument[],
  filters: ReachFilters,
  only?: { port: number; protocol: ReturnType<typeof parseProtocol> },
  before?: GraphBefore,
): Promise<{ out: string; warnings: string[] }> {
  const { warnings, graph } = graphCommand(workspace, 'dot', unreadable, filters, only, before);
  try {
    return { out: await graphSvg(graph), warnings };
  } catch (e) {
    if (e instanceof SvgError) throw new UsageError(e.message);
    throw e;
  }
}

/** The answer on stdout (svg: graphCommandSvg), and what stderr should say (no pods; a Mermaid text GitHub will not render). */
export function graphCommand(
  workspace: Workspace,
  format: Exclude<GraphFormat, 'svg'>,
  unreadable: readonly UnreadableDocument[],
  filters: ReachFilters,
  only?: { port: number; protocol: ReturnType<typeof parseProtocol> },
  before?: GraphBefore,
): { out: string; warnings: string[]; graph: Graph } {
  const { engine, graph, pods, ranges } = before
    ? workspaceDiffGraph(before, workspace, filters, only)
    : (() => {
        const plain = workspaceGraph(workspace, filters, only);
        return { ...plain, pods: plain.engine.cluster.pods, ranges: plain.engine.externalEndpoints().ranges };
      })();
  const warnings: string[] = [];
  if (pods.length === 0) warnings.push('no pods: give the paths of the Pods and workloads (Deployments, …) as well as the policies');
  else if (engine.cluster.pods.length === 0) warnings.push('no pods after the change: give the paths of the Pods and workloads as well as the policies');
  if (format === 'json') return { out: graphJson(graph, pods, ranges, unreadable, before?.side), warnings, graph };
  if (format === 'dot') return { out: graphDot(graph), warnings, graph };
  const out = graphMermaid(graph);
  const links = drawnEdges(graph).length;
  if (out.length > MERMAID_MAX_TEXT || links > MERMAID_MAX_EDGES)
    warnings.push(
      `the Mermaid text has ${links} edges and ${out.length} characters: GitHub renders at most ${MERMAID_MAX_EDGES} edges and ${MERMAID_MAX_TEXT} characters (narrow it with --from / --to, or use --format dot)`,
    );
  return { out, warnings, graph };
}
