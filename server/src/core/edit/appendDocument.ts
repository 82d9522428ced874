/** Inserting a whole new YAML document (a policy) after a document, in the file's own style. */
import type { TextEdit } from '../findings';
import { emitBlock } from './emit';
import type { EditStyle } from './style';
import type { DocumentSource } from './yamlEdits';

/** An edit that appends `doc` as a new `---` document at the end of the chunk `edit` describes. */
export function appendDocument(edit: DocumentSource, doc: unknown): TextEdit {
  const { start, lead } = documentAppendPoint(edit);
  return { start, end: start, newText: documentText(lead, doc, edit.style) };
}

/** Where a new document goes (the end of the chunk), and what must precede it there. */
export function documentAppendPoint({ text, style }: DocumentSource): { start: number; lead: string } {
  // a final lone CR is a line break to YAML but not to every parser: start on a line of our own
  return { start: text.length, lead: text.length > 0 && !text.endsWith('\n') ? style.eol : '' };
}

/** A `---` document holding `doc`, after `lead`. */
export function documentText(lead: string, doc: unknown, style: EditStyle): string {
  return lead + ['---', ...emitBlock(doc, style)].join(style.eol) + style.eol;
}

/** A name not in `taken`: `base`, else `base-2`, `base-3`, … */
export function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

/** The default-deny policy our fixes write: every pod of the namespace, for the given directions. */
export function defaultDenyPolicy(name: string, namespace: string, directions: readonly ('Ingress' | 'Egress')[]): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { podSelector: {}, policyTypes: [...directions] },
  };
}

/** `default-deny-all`, `default-deny-ingress` or `default-deny-egress`. */
export function defaultDenyName(directions: readonly ('Ingress' | 'Egress')[]): string {
  return directions.length === 2 ? 'default-deny-all' : `default-deny-${directions[0].toLowerCase()}`;
}
