/**
 * The per-file pipeline: how a keystroke becomes diagnostics.
 *
 *   text (+ the edit) ─ resplit.ts ─▶ document chunks (only those around the edit are new)
 *     ─ chunkAnalysis.ts ─▶ each chunk parsed, modelled, checked by the policy rules (by text: a
 *       chunk seen before, in this file or another (sharedAnalyses.ts), is not analysed again)
 *     ─ documentLayout.ts ─▶ the chunks' objects and findings placed at their document indices
 *     ─ fileSnapshot.ts ─▶ a FileSnapshot: a value, never changed by a later update
 *     ─ (the workspace runs the namespace rules over the snapshots of all files)
 *     ─ FileSnapshot.finish ─▶ a FileResult: suppressions and configured severities applied, in
 *       file order (fileOrder.ts), finished findings reused while unchanged (fileResult.ts)
 *
 * filePipeline.ts holds the state between updates (the last chunks, the analyses by text) and is
 * the only way in.
 */
export { FilePipeline } from './filePipeline';
export type { FileSnapshot, SnapshotChunk, SnapshotEdit } from './fileSnapshot';
export type { Reading } from './chunkAnalysis';
export type { FileResult, PlacedFileFinding } from './fileResult';
export type { TextChange } from './resplit';
export { SharedAnalyses } from './sharedAnalyses';
export type { UnreadableDocument } from './unreadable';
