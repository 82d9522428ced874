/**
 * The JSON encoder of the stdio connection: JSON.stringify for every message, except a
 * publishDiagnostics notification made by `publication`, whose text is assembled from the JSON the
 * diagnostics kept from earlier publishes (at 5,000 documents, serialising 2,400 diagnostics again
 * for every keystroke took 9 ms; assembling them takes about 1).
 */
import type { ContentTypeEncoder, Message } from 'vscode-languageserver/node';
import { PUBLICATION_JSON, type Publication } from './convert';

function isPublication(params: unknown): params is Publication {
  return typeof params === 'object' && params !== null && typeof (params as Partial<Publication>)[PUBLICATION_JSON] === 'function';
}

export function messageJson(msg: Message): string {
  const m = msg as Message & { method?: string; params?: unknown };
  if (m.method !== undefined && isPublication(m.params)) {
    return `{"jsonrpc":${JSON.stringify(m.jsonrpc)},"method":${JSON.stringify(m.method)},"params":${m.params[PUBLICATION_JSON]()}}`;
  }
  return JSON.stringify(msg, undefined, 0);
}

export const publishEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode: (msg) => Promise.resolve(Buffer.from(messageJson(msg), 'utf8')),
};
