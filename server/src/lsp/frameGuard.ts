/**
 * The stdio input's framing, checked before vscode-jsonrpc reads it. Its reader reports a frame it
 * cannot read (no `Content-Length`, not a number) as an error event and goes on reading the rest of
 * the stream as headers, and waits forever for a body longer than what comes: the server was left
 * alive, answering nothing and logging nothing, and the editor never restarted it. A frame this
 * guard cannot read is not recoverable (where the next message starts is unknown), so the server
 * says why in one line on stderr and exits with a non-zero code: the client restarts it.
 *
 * A frame is headers (`Name: value` lines, each ended by CRLF, then an empty line) with a decimal
 * `Content-Length` of at least 2 and at most MAX_BODY bytes, then a body of that many bytes that
 * starts with `{` or `[` and ends with `}` or `]` (a JSON-RPC message or batch; whitespace around
 * allowed). The bytes are passed on unchanged; the JSON itself is the reader's to parse.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** A header section longer than this without its empty line is not a header. */
const MAX_HEADERS = 16 * 1024;
/** Larger bodies are refused: a string this long would not fit in Node.js (~512 MiB). */
export const MAX_BODY = 256 * 1024 * 1024;

const CRLFCRLF = Buffer.from('\r\n\r\n');
const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

export class FrameError extends Error {}

/** Checks the frames flowing through it; a bad one fails the stream with a FrameError. */
export class FrameGuard extends Transform {
  private headers: Buffer = Buffer.alloc(0);
  /** Body bytes still to come (-1: reading headers). */
  private remaining = -1;
  private first = -1;
  private last = -1;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.check(chunk);
    } catch (e) {
      done(e as Error);
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    // the client closed the stream: a frame cut short is no longer a problem (the server exits)
    done();
  }

  private check(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining < 0) {
        const before = this.headers.length;
        this.headers = before === 0 ? chunk.subarray(at) : Buffer.concat([this.headers, chunk.subarray(at)]);
        const end = this.headers.indexOf(CRLFCRLF);
        if (end < 0) {
          if (this.headers.length > MAX_HEADERS) throw new FrameError(`no end of the message headers in ${MAX_HEADERS} bytes`);
          this.headers = Buffer.from(this.headers); // (not a view of a chunk kept alive)
          return;
        }
        this.remaining = contentLength(this.headers.subarray(0, end).toString('latin1'));
        this.first = -1;
        this.last = -1;
        at += end + CRLFCRLF.length - before;
        this.headers = Buffer.alloc(0);
      } else {
        const n = Math.min(this.remaining, chunk.length - at);
        for (let i = at; i < at + n; i++) {
          const b = chunk[i];
          if (isSpace(b)) continue;
          if (this.first < 0) this.first = b;
          this.last = b;
        }
        at += n;
        this.remaining -= n;
        if (this.remaining === 0) {
          if ((this.first !== 0x7b && this.first !== 0x5b) || (this.last !== 0x7d && this.last !== 0x5d))
            throw new FrameError('a message body that is not a JSON object or array: its Content-Length does not match it');
          this.remaining = -1;
        }
      }
    }
  }
}

/** The body length the headers declare; throws a FrameError for headers that cannot frame a message. */
function contentLength(text: string): number {
  let length: number | undefined;
  for (const line of text.split('\r\n')) {
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m) throw new FrameError(`a malformed message header ${JSON.stringify(line.slice(0, 80))}`);
    if (m[1].toLowerCase() !== 'content-length') continue;
    if (!/^\d{1,12}$/.test(m[2])) throw new FrameError(`a Content-Length that is not a number of bytes: ${JSON.stringify(m[2].slice(0, 40))}`);
    length = Number(m[2]);
  }
  if (length === undefined) throw new FrameError('a message without a Content-Length header');
  if (length < 2) throw new FrameError(`a Content-Length of ${length}: too small for a message`);
  if (length > MAX_BODY) throw new FrameError(`a Content-Length of ${length} bytes, above the limit of ${MAX_BODY}`);
  return length;
}
