/**
 * The JSON encoder of the stdio connection: JSON.stringify for every message, except a
 * publishDiagnostics notification made by `publication`, whose UTF-8 bytes are copied together
 * from the bytes its diagnostics kept from earlier publishes. At 5,000 documents (2,400
 * diagnostics, 2.4 MB), serialising them again for every keystroke took 9 ms; joining their JSON
 * strings and encoding the result, 6 ms; copying the bytes takes under 1.
 */
import type { ContentTypeEncoder, Message } from 'vscode-languageserver/node';
import { PUBLICATION_BYTES, type Publication } from './convert';

function isPublication(params: unknown): params is Publication {
  return typeof params === 'object' && params !== null && typeof (params as Partial<Publication>)[PUBLICATION_BYTES] === 'function';
}

/** Buffer.concat, without its per-piece overhead (7,000 pieces: 2.3 ms there, 0.7 here). */
function concat(pieces: readonly Uint8Array[]): Buffer {
  let length = 0;
  for (const p of pieces) length += p.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The message as UTF-8 JSON. */
export function messageBytes(msg: Message): Buffer {
  const m = msg as Message & { method?: string; params?: unknown };
  if (m.method !== undefined && isPublication(m.params)) {
    const head = Buffer.from(`{"jsonrpc":${JSON.stringify(m.jsonrpc)},"method":${JSON.stringify(m.method)},"params":`);
    const pieces = m.params[PUBLICATION_BYTES]();
    pieces.unshift(head);
    pieces.push(Buffer.from('}'));
    return concat(pieces);
  }
  return Buffer.from(JSON.stringify(msg, undefined, 0), 'utf8');
}

export const publishEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode: (msg) => Promise.resolve(messageBytes(msg)),
};
