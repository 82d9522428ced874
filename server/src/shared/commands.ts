/**
 * Command ids spelled by both the VS Code client and the language server. Plain constants only:
 * the client bundle imports this module, so it must import nothing.
 */

/** Server-side command (workspace/executeCommand): the reach report of the workload at a position. */
export const REACH_COMMAND = 'netpol-lint.reachReport';
/** Client-side command the server's code lens invokes: lists the selected workloads in a quick pick. */
export const SHOW_WORKLOADS_COMMAND = 'netpolLint.showWorkloads';
