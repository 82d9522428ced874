/**
 * Documents the connectivity answers (`reach`, `explain`, the editor's reach report) cannot see.
 *
 * The rule: a YAML document is unreadable when the YAML parser reports an error in it (or
 * netpol-lint failed reading it) and its text names, as `kind: X` (quoted or not, so JSON too), a
 * kind those answers read: NetworkPolicy, NetworkPolicyList, or one of the inventory kinds
 * (Namespace, Pod, the workload controllers, List). A whole file is unreadable when it is over the
 * size limits and its text names such a kind. Nothing else is: a broken ConfigMap changes no answer.
 * An unreadable document declares nothing (the parser's best guess is not what the user meant), so
 * an answer over it must say so rather than quietly leave its objects out.
 */
import { INVENTORY_KIND } from '../model/inventory';

const POLICY_KIND = /\bkind["']?\s*:\s*["']?NetworkPolicy(?:List)?\b/;

/** Does this text name a kind the connectivity answers read? */
export function namesConnectivityKind(text: string): boolean {
  return POLICY_KIND.test(text) || INVENTORY_KIND.test(text);
}

/** An unreadable document of a chunk: its index in the chunk, where (in the chunk) and why. */
export interface ChunkUnreadable {
  doc: number;
  offset: number;
  message: string;
}

/** An unreadable document of the workspace, as the answers report it. */
export interface UnreadableDocument {
  file: string;
  /** The 0-based index of the document in its file. */
  document: number;
  /** 0-based line of the first error (of the file's first line when the whole file was not read). */
  line: number;
  /** Why it could not be read. */
  message: string;
}
