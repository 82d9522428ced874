/**
 * The graph view's requests: the workspace's connectivity graph, and the rules deciding one edge,
 * with file places turned into LSP locations (the answers come from core/services/graphView.ts).
 */
import { ResponseError } from 'vscode-languageserver';
import type { Range } from 'vscode-languageserver';
import type { Workspace } from '../core/index';
import { explainEdge, type GraphPlace, graphView } from '../core/services/graphView';
import { GitError } from '../node/git';
import { headWorkspace } from './diffReport';

interface Location {
  uri: string;
  range: Range;
}

function locationOf(ws: Workspace, place: GraphPlace | undefined): Location | undefined {
  const lines = place ? ws.snapshot(place.file)?.lines : undefined;
  if (!place || !lines) return undefined;
  return { uri: place.file, range: { start: lines.positionAt(place.start), end: lines.positionAt(place.end) } };
}

/** The graph (compared with `before` when given), each node with the location of its first workload's name (when declared in the workspace). */
export function graphAnswer(ws: Workspace, before?: Workspace) {
  const g = graphView(ws, before);
  return {
    namespaces: g.namespaces,
    nodes: g.nodes.map(({ place, ...n }) => {
      const location = locationOf(ws, place);
      return location ? { ...n, location } : n;
    }),
    edges: g.edges,
  };
}

/** The graph request's parameters: none, or `{ compare: "HEAD" }` for the graph compared with git HEAD. */
export function wantsHead(params: unknown): boolean {
  if (params === undefined || params === null) return false;
  const compare = (params as { compare?: unknown }).compare;
  if (typeof params !== 'object' || (compare !== undefined && compare !== 'HEAD'))
    throw new ResponseError(-32602, 'netpolLint/graph takes no parameters, or { compare: "HEAD" }');
  return compare === 'HEAD';
}

export const GRAPH_HEAD_TITLE = 'The graph view\'s "compare with git HEAD"';

/**
 * netpolLint/graph: the graph, or with `{ compare: "HEAD" }` the graph compared with the workspace
 * folders at git HEAD (`exclude`: the index's globs); git's failure is a request error with its message.
 */
export function graphRequestAnswer(ws: Workspace, params: unknown, folders: readonly string[], exclude: readonly string[]) {
  if (!wantsHead(params)) return graphAnswer(ws);
  let before: Workspace;
  try {
    before = headWorkspace(ws, folders, exclude, GRAPH_HEAD_TITLE).before;
  } catch (e) {
    if (e instanceof GitError) throw new ResponseError(-32603, e.message);
    throw e;
  }
  return graphAnswer(ws, before);
}

interface EdgeArgs {
  from: string;
  to: string;
  toMembers?: string[];
}

function isEdgeArgs(a: unknown): a is EdgeArgs {
  const x = a as EdgeArgs;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.from === 'string' &&
    typeof x.to === 'string' &&
    (x.toMembers === undefined || (Array.isArray(x.toMembers) && x.toMembers.every((m) => typeof m === 'string')))
  );
}

/** The rules deciding an edge, each with the location of its rule in its policy. */
export function graphEdgeAnswer(ws: Workspace, args: unknown) {
  if (!isEdgeArgs(args)) throw new ResponseError(-32602, 'netpolLint/graphEdge wants { from, to } (node ids of the graph)');
  const e = explainEdge(ws, args.from, args.to, { to: args.toMembers });
  if (!e) throw new ResponseError(-32602, `netpol-lint knows no edge from ${args.from} to ${args.to}: the graph changed, refresh it`);
  return {
    ...e,
    rules: e.rules.map(({ place, ...r }) => {
      const location = locationOf(ws, place);
      return location ? { ...r, location } : r;
    }),
  };
}
