/**
 * Command ids spelled by both the VS Code client and the language server. Plain constants only:
 * the client bundle imports this module, so it must import nothing.
 */

/** Server-side command (workspace/executeCommand): the reach report of the workload at a position. */
export const REACH_COMMAND = 'netpol-lint.reachReport';
/** Server-side command (workspace/executeCommand): the workspace against git HEAD, the diff report (no arguments). */
export const DIFF_COMMAND = 'netpol-lint.diffReport';
/** Client-side command of the palette that shows it. */
export const WHAT_DOES_MY_CHANGE_OPEN_COMMAND = 'netpolLint.whatDoesMyChangeOpen';
/** Client-side command the server's code lens invokes: lists the selected workloads in a quick pick. */
export const SHOW_WORKLOADS_COMMAND = 'netpolLint.showWorkloads';
/** Client-side command the tests file's code lens invokes with `{ title, markdown }`: opens that report (a test's or an invariant's reasons). */
export const SHOW_TEST_REPORT_COMMAND = 'netpolLint.showTestReport';

/** Client-side commands of the palette (and of the language status item). */
export const RESTART_SERVER_COMMAND = 'netpolLint.restartServer';
export const SHOW_OUTPUT_COMMAND = 'netpolLint.showOutput';

/**
 * Server -> client notification (public API, see README): the server's state, sent when it changes
 * (at start, on each configuration change, while indexing and when an index is done).
 */
export const STATUS_NOTIFICATION = 'netpolLint/status';

export interface StatusParams {
  /** The `.netpol-lint.yaml` in effect (a file path), or null: none, the defaults (and the editor's settings). */
  configFile: string | null;
  /** The Kubernetes version the rules follow ("1.36"). */
  kubernetesVersion: string;
  /** While the workspace folders are read: the files read so far and in all; null otherwise. */
  indexing: { done: number; total: number } | null;
  /** YAML and JSON files of the workspace folders read by the last (re)index. */
  indexedFiles: number;
}

/** Client -> server request (no params): the workspace's connectivity graph for the graph view. */
export const GRAPH_REQUEST = 'netpolLint/graph';
/** Client -> server request `{ from, to, toMembers? }` (node ids): the rules that decide one edge of the graph. */
export const GRAPH_EDGE_REQUEST = 'netpolLint/graphEdge';
/** Server -> client notification (no params): the workspace's manifests changed (an edit, a file on disk); the graph view refreshes. */
export const WORKSPACE_CHANGED_NOTIFICATION = 'netpolLint/workspaceChanged';
/** Client-side command of the palette (and of the editor's context menu) that opens the graph view. */
export const SHOW_GRAPH_COMMAND = 'netpolLint.showGraph';
