/**
 * Checks a located document against the NetworkPolicy schema and records what does not fit:
 * keys the API server does not know (strict decoding rejects them) and values of the wrong type.
 * These are facts about the document; the `unknown-field` and `wrong-type` rules report them.
 */
import type { Span } from '../text/span';
import { closest } from './editDistance';
import type { LEntry, LNode } from './located';
import { typeName, type FieldType } from './schema';

export interface UnknownFieldIssue {
  type: 'unknown-field';
  path: string;
  key: string;
  keySpan: Span;
  suggestion?: string;
  /** Why the key is unknown here, when it is known elsewhere (a field of another channel's CRD). */
  note?: string;
}

export interface WrongTypeIssue {
  type: 'wrong-type';
  path: string;
  span: Span;
  expected: string;
  found: string;
  /** A single string where a list of strings belongs: wrapping it is the unambiguous fix. */
  wrapScalar: boolean;
  /** The scalar's value, for a fix that rewrites it. */
  value?: string;
  /**
   * A plain (unquoted) scalar that YAML 1.1 reads as a boolean or a number where a string belongs
   * (`namespace: y`, a label value `yes` or `1.0`): quoting its text makes it the string it says.
   */
  yaml11Scalar: boolean;
}

export type ShapeIssue = UnknownFieldIssue | WrongTypeIssue;

export function describeNode(node: LNode): string {
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'seq') return 'a list';
  if (node.kind === 'opaque') return 'an alias';
  const v = node.value;
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'number' || typeof v === 'bigint') return Number.isInteger(Number(v)) ? 'an integer' : 'a number';
  return 'null';
}

function fits(type: FieldType, node: LNode): boolean {
  if (node.kind === 'opaque') return true;
  if (node.kind === 'scalar' && node.value === null) return true; // null decodes to the zero value
  switch (type.t) {
    case 'any':
      return true;
    case 'string':
      return node.kind === 'scalar' && typeof node.value === 'string';
    case 'bool':
      return node.kind === 'scalar' && typeof node.value === 'boolean';
    case 'int':
      return node.kind === 'scalar' && (typeof node.value === 'bigint' || (typeof node.value === 'number' && Number.isInteger(node.value)));
    case 'intOrString':
      return (
        node.kind === 'scalar' &&
        (typeof node.value === 'string' || typeof node.value === 'bigint' || (typeof node.value === 'number' && Number.isInteger(node.value)))
      );
    case 'object':
    case 'map':
      return node.kind === 'map';
    case 'list':
      return node.kind === 'seq';
  }
}

export function checkShape(node: LNode, type: FieldType, path: string, out: ShapeIssue[]): void {
  if (!fits(type, node)) {
    out.push({
      type: 'wrong-type',
      path,
      span: node.span,
      expected: typeName(type),
      found: describeNode(node),
      wrapScalar: type.t === 'list' && type.of.t === 'string' && node.kind === 'scalar' && typeof node.value === 'string',
      value: node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined,
      // quoting the text makes it the string it says: where a string belongs, and a `port: on` (a name)
      yaml11Scalar:
        node.kind === 'scalar' &&
        !node.quoted &&
        ((type.t === 'string' && ['boolean', 'number', 'bigint'].includes(typeof node.value)) || (type.t === 'intOrString' && typeof node.value === 'boolean')),
    });
    return;
  }
  if (node.kind === 'map' && type.t === 'object') {
    for (const e of node.entries) {
      const child = type.fields[e.key];
      const childPath = path ? `${path}.${e.key}` : e.key;
      if (!child) {
        // suggest only keys that are not there already: renaming onto one would duplicate it
        const present = new Set(node.entries.map((x) => x.key));
        const issue = unknownField(
          e,
          childPath,
          Object.keys(type.fields).filter((k) => !present.has(k)),
        );
        out.push(issue);
        // a typo ("form" for "from"): check the value as what it was most likely meant to be
        if (issue.suggestion) checkShape(e.value, type.fields[issue.suggestion], childPath, out);
        continue;
      }
      checkShape(e.value, child, childPath, out);
    }
  } else if (node.kind === 'map' && type.t === 'map') {
    for (const e of node.entries) checkShape(e.value, type.of, `${path}.${e.key}`, out);
  } else if (node.kind === 'seq' && type.t === 'list') {
    node.items.forEach((item, i) => checkShape(item, type.of, `${path}[${i}]`, out));
  }
}

function unknownField(e: LEntry, path: string, known: string[]): UnknownFieldIssue {
  return { type: 'unknown-field', path, key: e.key, keySpan: e.keySpan, suggestion: closest(e.key, known) };
}
