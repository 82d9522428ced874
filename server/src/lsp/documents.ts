/**
 * Open documents, kept by the server itself so that each change also yields an edit hint for the
 * analyzer (the offsets it replaced in the previous text). vscode-languageserver's TextDocuments
 * applies changes without telling which; this store uses the same TextDocument implementation.
 */
import type { Connection, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Edit } from '../core/index';

export interface Change {
  document: TextDocument;
  /** Set when the change was one incremental edit. */
  edit?: Edit;
}

export class Documents {
  private readonly docs = new Map<string, TextDocument>();

  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }

  all(): TextDocument[] {
    return [...this.docs.values()];
  }

  listen(connection: Connection, onChange: (c: Change) => void, onClose: (uri: string) => void): void {
    connection.onDidOpenTextDocument(({ textDocument: t }) => {
      const document = TextDocument.create(t.uri, t.languageId, t.version, t.text);
      this.docs.set(t.uri, document);
      onChange({ document });
    });
    connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
      const old = this.docs.get(t.uri);
      if (!old || contentChanges.length === 0) return;
      const edit = contentChanges.length === 1 ? toEdit(old, contentChanges[0]) : undefined;
      const document = TextDocument.update(old, contentChanges, t.version);
      this.docs.set(t.uri, document);
      onChange({ document, edit });
    });
    connection.onDidCloseTextDocument(({ textDocument: t }) => {
      this.docs.delete(t.uri);
      onClose(t.uri);
    });
  }
}

function toEdit(old: TextDocument, change: TextDocumentContentChangeEvent): Edit | undefined {
  if (!('range' in change)) return undefined; // a full-text change: no hint
  const start = old.offsetAt(change.range.start);
  const end = old.offsetAt(change.range.end);
  return { start: Math.min(start, end), end: Math.max(start, end), newLength: change.text.length };
}
