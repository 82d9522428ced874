/** Long request work in slices: the server's other messages (an edit, a cancellation) in between. */
import { type CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { runInSlices, type Steps } from '../core/index';

/** Lets the open documents' requests in between the slices of a background analysis. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Thrown by a long request's pause when the client cancelled it. */
class Cancelled extends Error {}

/** What LSP answers a cancelled request with (RequestCancelled, -32800). */
const cancelledError = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'netpol-lint: request cancelled');

/**
 * Long work of a request (fix all, a reach report, code lenses) in slices of a few milliseconds,
 * with the server's other messages in between (a hover, an edit, the `$/cancelRequest` that sets
 * `token`); cancelled, the work stops at its next pause and the request fails with RequestCancelled.
 */
export async function sliced<T>(steps: Steps<T>, token: CancellationToken): Promise<T> {
  if (token.isCancellationRequested) throw cancelledError();
  try {
    return await runInSlices(steps, async () => {
      await nextTurn();
      if (token.isCancellationRequested) throw new Cancelled();
    });
  } catch (e) {
    throw e instanceof Cancelled ? cancelledError() : e;
  }
}
