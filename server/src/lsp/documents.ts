/**
 * Open documents, kept by the server itself: each change also yields an edit hint for the analyzer
 * (the offsets it replaced in the previous text, and the inserted text), and the text is kept in
 * blocks of lines (core/text/blockText.ts), so that a keystroke in a large file costs the block it
 * falls in. Positions follow vscode-languageserver-textdocument's conventions (a differential test
 * compares both).
 */
import type { Connection, Position, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { BlockText, type TextChange } from '../core/index';

export class EditorDocument {
  private readonly text: BlockText;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.text = new BlockText(text);
  }

  getText(): string {
    return this.text.getText();
  }

  /** The text's length in UTF-16 code units. */
  get length(): number {
    return this.text.length;
  }

  get lineCount(): number {
    return this.text.lineCount;
  }

  positionAt(offset: number): Position {
    return this.text.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.text.offsetAt(position);
  }

  /** Applies the changes of one didChange; returns the edit hint when there was exactly one incremental change. */
  apply(changes: readonly TextDocumentContentChangeEvent[], version: number): TextChange | undefined {
    let edit: TextChange | undefined;
    for (const change of changes) {
      if ('range' in change) {
        const a = this.offsetAt(change.range.start);
        const b = this.offsetAt(change.range.end);
        edit = { start: Math.min(a, b), end: Math.max(a, b), newLength: change.text.length, newText: change.text };
        this.text.replace(edit.start, edit.end, change.text);
      } else {
        edit = undefined;
        this.text.replace(0, this.text.length, change.text);
      }
    }
    this.version = version;
    return changes.length === 1 ? edit : undefined;
  }
}

interface Change {
  document: EditorDocument;
  /** Set when the change was one incremental edit. */
  edit?: TextChange;
}

export class Documents {
  private readonly docs = new Map<string, EditorDocument>();

  get(uri: string): EditorDocument | undefined {
    return this.docs.get(uri);
  }

  listen(connection: Connection, onChange: (c: Change) => void, onClose: (uri: string, length: number) => void): void {
    connection.onDidOpenTextDocument(({ textDocument: t }) => {
      const document = new EditorDocument(t.uri, t.languageId, t.version, t.text);
      this.docs.set(t.uri, document);
      onChange({ document });
    });
    connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
      const document = this.docs.get(t.uri);
      if (!document || contentChanges.length === 0) return;
      const edit = document.apply(contentChanges, t.version);
      onChange({ document, edit });
    });
    connection.onDidCloseTextDocument(({ textDocument: t }) => {
      const length = this.docs.get(t.uri)?.length ?? 0;
      this.docs.delete(t.uri);
      onClose(t.uri, length);
    });
  }
}
