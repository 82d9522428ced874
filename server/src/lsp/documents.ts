/**
 * Open documents, kept by the server itself: each change also yields an edit hint for the analyzer
 * (the offsets it replaced in the previous text, and the inserted text), and the text is kept in
 * blocks of lines (core/text/blockText.ts), so that a keystroke in a large file costs the block it
 * falls in. Positions follow vscode-languageserver-textdocument's conventions (a differential test
 * compares both).
 */
import type { Connection, Position, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { BlockText, type TextChange } from '../core/index';

/** The client's document version if it is one LSP allows (an integer), else undefined. */
export function validVersion(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

export class EditorDocument {
  private readonly text: BlockText;
  /**
   * The version the server knows the text by (in each diagnostic's data, checked by the code
   * actions): the client's, or when the client sent none or not a number, the previous one plus 1.
   */
  version: number;
  /** The client's version, when it sent a valid one: only then does a publish carry a version. */
  clientVersion: number | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: unknown,
    text: string,
  ) {
    this.text = new BlockText(text);
    this.clientVersion = validVersion(version);
    this.version = this.clientVersion ?? 0;
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
  apply(changes: readonly TextDocumentContentChangeEvent[], version: unknown): TextChange | undefined {
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
    this.clientVersion = validVersion(version);
    this.version = this.clientVersion ?? this.version + 1;
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

  /**
   * Keeps the documents from the client's notifications. A notification without a string URI, or
   * whose text or changes are not what LSP says, is ignored with one line to `log` (never thrown:
   * the client would see nothing and the document would be half-changed).
   */
  listen(connection: Connection, onChange: (c: Change) => void, onClose: (uri: string, length: number) => void, log: (m: string) => void = () => {}): void {
    connection.onDidOpenTextDocument(({ textDocument: t }) => {
      if (typeof t?.uri !== 'string' || typeof t.text !== 'string') return log('netpol-lint: ignored a didOpen without a document URI and text');
      const document = new EditorDocument(t.uri, t.languageId, t.version, t.text);
      this.docs.set(t.uri, document);
      onChange({ document });
    });
    connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
      const document = typeof t?.uri === 'string' ? this.docs.get(t.uri) : undefined;
      if (!document || !Array.isArray(contentChanges) || contentChanges.length === 0) return;
      if (!contentChanges.every(validChange)) return log(`netpol-lint: ignored a didChange of ${t.uri} with a malformed change`);
      const edit = document.apply(contentChanges, t.version);
      onChange({ document, edit });
    });
    connection.onDidCloseTextDocument(({ textDocument: t }) => {
      if (typeof t?.uri !== 'string') return;
      const length = this.docs.get(t.uri)?.length ?? 0;
      this.docs.delete(t.uri);
      onClose(t.uri, length);
    });
  }
}

const isPosition = (p: unknown): boolean =>
  typeof p === 'object' && p !== null && Number.isInteger((p as Position).line) && Number.isInteger((p as Position).character);

/** A content change as LSP has it: a text, and if a range, one of two positions. */
function validChange(c: unknown): c is TextDocumentContentChangeEvent {
  if (typeof c !== 'object' || c === null || typeof (c as { text?: unknown }).text !== 'string') return false;
  if (!('range' in c)) return true;
  const r = (c as { range: unknown }).range;
  return typeof r === 'object' && r !== null && isPosition((r as { start: unknown }).start) && isPosition((r as { end: unknown }).end);
}
