/**
 * Fault containment: an exception in one rule (or in the parser) becomes one `internal-error`
 * finding on that document, and everything else still runs. Never a crash, never a silent gap.
 */
import type { Finding } from '../findings';
import { engineFinding } from '../rules/engine-rules';
import type { Span } from '../text/span';

/** Called with every contained failure (the language server logs it with its stack). */
export let onInternalError: (code: string, error: unknown) => void = () => undefined;

export function setInternalErrorHandler(handler: (code: string, error: unknown) => void): void {
  onInternalError = handler;
}

export function internalErrorFinding(what: string, error: unknown, span: Span): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  return engineFinding(
    'internal-error',
    `Internal error in netpol-lint: ${what} failed on this document (${reason}); other checks still ran. Please report this with the document.`,
    span,
  );
}

/** Runs `fn`; on an exception, reports it and returns `fallback(error)`. */
export function contain<T>(what: string, fn: () => T, fallback: (error: unknown) => T): T {
  try {
    return fn();
  } catch (error) {
    onInternalError(what, error);
    return fallback(error);
  }
}
