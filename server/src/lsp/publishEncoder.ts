/**
 * The JSON encoder of the stdio connection: JSON.stringify for every message, except a
 * publishDiagnostics notification made by a Converter, whose UTF-8 bytes are copied together from
 * the bytes its diagnostics kept from earlier publishes (serialising thousands of diagnostics again
 * for every keystroke was the largest part of a keystroke's work).
 *
 * A large publish is copied into a buffer of the encoder's, which is used again once the output
 * stream reports it written (`written`, called by the stream made by `releasingStream`): a fresh
 * buffer per keystroke cost its page faults and kept the memory of every publish until the next
 * garbage collection. Figures: docs/performance.md, "Why the edge is shaped as it is".
 */
import { Writable } from 'node:stream';
import type { Message } from 'vscode-languageserver/node';
import { PUBLICATION_BYTES, type Publication } from './convert';

/** Messages this large are written into a reused buffer. */
const REUSE_FROM = 64 * 1024;

function isPublication(params: unknown): params is Publication {
  return typeof params === 'object' && params !== null && typeof (params as Partial<Publication>)[PUBLICATION_BYTES] === 'function';
}

export class MessageEncoder {
  readonly name = 'application/json';
  /** The buffers this encoder made; `spare` is one the stream has finished writing. */
  private readonly owned = new WeakSet<ArrayBufferLike>();
  private spare: ArrayBuffer | undefined;

  encode(msg: Message): Promise<Uint8Array> {
    return Promise.resolve(this.bytes(msg));
  }

  /** The message as UTF-8 JSON. */
  bytes(msg: Message): Buffer {
    const m = msg as Message & { method?: string; params?: unknown };
    if (m.method === undefined || !isPublication(m.params)) return Buffer.from(JSON.stringify(msg, undefined, 0), 'utf8');
    const params = m.params[PUBLICATION_BYTES]();
    const head = Buffer.from(`{"jsonrpc":${JSON.stringify(m.jsonrpc)},"method":${JSON.stringify(m.method)},"params":`);
    // written straight into one buffer: no list of pieces to build and join per keystroke
    const out = this.buffer(head.length + params.byteLength + 1);
    out.set(head, 0);
    const at = params.writeTo(out, head.length);
    out[at] = 0x7d; // }
    return out;
  }

  /** The stream has written `chunk`: if it is one of this encoder's buffers, it may be used again. */
  written(chunk: Uint8Array): void {
    const b = chunk.buffer;
    if (b instanceof ArrayBuffer && this.owned.has(b) && (!this.spare || b.byteLength > this.spare.byteLength)) this.spare = b;
  }

  private buffer(length: number): Buffer {
    if (length < REUSE_FROM) return Buffer.allocUnsafe(length);
    let b = this.spare;
    if (b && b.byteLength >= length) this.spare = undefined;
    else {
      b = new ArrayBuffer(Math.ceil(length * 1.25));
      this.owned.add(b);
    }
    return Buffer.from(b, 0, length);
  }
}

/**
 * A stream writing to `out` that tells the encoder when each chunk has been written; it fails and
 * closes with `out` (the connection learns of a broken stdout as before).
 */
export function releasingStream(out: NodeJS.WritableStream, encoder: MessageEncoder): Writable {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out.write(chunk, (error) => {
        encoder.written(chunk);
        done(error ?? null);
      });
    },
  });
  out.on('error', (error: Error) => stream.destroy(error));
  out.on('close', () => stream.destroy());
  return stream;
}
