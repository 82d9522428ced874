/**
 * The reader of `.netpol-lint.yaml`'s sections (core/configFile.ts reads the file): problems
 * collected with their ranges, problem first and key path last, as findings are.
 */
import { asSeq, type LEntry, type LNode } from './model/located';
import { closest } from './model/editDistance';
import { withPath } from './rules/stamp';
import type { Span } from './text/span';

export interface ConfigProblem {
  message: string;
  span: Span;
}

export class Reader {
  readonly problems: ConfigProblem[] = [];

  /** The problem first, the key's path (when there is one) after, as for findings. */
  problem(message: string, span: Span, path?: string): void {
    this.problems.push({ message: withPath(message, path), span });
  }

  unknown(e: LEntry, known: readonly string[], where?: string): void {
    const hint = closest(e.key, known);
    const allowed = known.join(', ');
    this.problem(
      hint ? `Unknown key "${e.key}": did you mean "${hint}"? Allowed: ${allowed}` : `Unknown key "${e.key}": the allowed keys are ${allowed}`,
      e.keySpan,
      where,
    );
  }

  stringList(e: LEntry, path: string, check?: (s: string) => string | undefined): string[] | undefined {
    const seq = asSeq(e.value);
    if (!seq) {
      this.problem('Must be a list of strings', e.value.span.end > e.value.span.start ? e.value.span : e.keySpan, path);
      return undefined;
    }
    const out: string[] = [];
    for (const item of seq.items) {
      const v = item.kind === 'scalar' && typeof item.value === 'string' ? item.value : undefined;
      const bad = v === undefined ? 'must be a string' : check?.(v);
      if (bad) this.problem(`Invalid item: ${JSON.stringify(item.kind === 'scalar' ? item.value : '…')} ${bad}`, item.span, path);
      else out.push(v!);
    }
    return out;
  }
}

/** A label key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const spanOf = (e: LEntry) => (e.value.span.end > e.value.span.start ? e.value.span : e.keySpan);
export const stringOf = (n: LNode) => (n.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined);
