/**
 * The indentation style a document already uses, so that generated YAML looks like the user's:
 * the indentation step of nested maps, and whether list items are indented under their key
 * (`ports:\n  - port: 80`) or not (`ports:\n- port: 80`, kubectl's style).
 */
import { columnOf, detectEol } from '../text/lineIndex';
import type { LNode } from '../model/located';

export interface EditStyle {
  indent: number;
  seqIndent: boolean;
  eol: string;
}

/** The style of generated YAML when no document shows one: 2 spaces, list items indented, LF. */
export const DEFAULT_STYLE: Readonly<EditStyle> = Object.freeze({ indent: 2, seqIndent: true, eol: '\n' });

export function detectStyle(text: string, root: LNode | undefined): EditStyle {
  let indent: number | undefined;
  let seqIndent: boolean | undefined;
  const visit = (node: LNode): void => {
    if (indent !== undefined && seqIndent !== undefined) return;
    if (node.kind === 'map') {
      for (const e of node.entries) {
        const v = e.value;
        if (!node.flow && v.kind === 'map' && !v.flow && v.entries.length > 0 && indent === undefined) {
          const d = columnOf(text, v.entries[0].keySpan.start) - columnOf(text, e.keySpan.start);
          if (d > 0) indent = d;
        }
        if (!node.flow && v.kind === 'seq' && !v.flow && v.items.length > 0 && seqIndent === undefined) {
          seqIndent = columnOf(text, v.span.start) > columnOf(text, e.keySpan.start);
        }
        visit(v);
      }
    } else if (node.kind === 'seq') {
      for (const it of node.items) visit(it);
    }
  };
  if (root) visit(root);
  return { indent: indent ?? DEFAULT_STYLE.indent, seqIndent: seqIndent ?? DEFAULT_STYLE.seqIndent, eol: detectEol(text) };
}
