import { emitFlow } from '../edit/emit';
import type { DocumentSource } from '../edit/yamlEdits';
import type { Fix, Report } from '../findings';
import type { WrongTypeIssue } from '../model/shape';
import type { PolicyRule } from './types';

/**
 * One wrong type, reported. `rejected` says what the API server does with the object: "this policy",
 * or for the other kinds also that the workspace leaves the object out.
 */
function report(issue: WrongTypeIssue, source: DocumentSource, rejected: string): Report {
  const text = source.text.slice(issue.span.start, issue.span.end);
  const single = /^[^\r\n]*$/.test(text) ? text : undefined;
  // `1.0` is the number 1 once read: say "a number", as its text reads, not "an integer"
  const found = issue.found === 'an integer' && single !== undefined && /^[-+]?[0-9_]*\.[0-9_]*([eE][-+]?[0-9]+)?$/.test(single) ? 'a number' : issue.found;
  // a port: only a YAML 1.1 boolean (`on`, `yes`) can be a name written without quotes; `true` is a boolean in any YAML
  const named = issue.expected !== 'a string';
  const why =
    issue.yaml11Scalar && single !== undefined && !(named && /^(true|false)$/i.test(single))
      ? `Kubernetes reads YAML 1.1, where an unquoted ${single} is ${found}; `
      : '';
  const fixes: Fix[] = [];
  if (issue.wrapScalar && single !== undefined && issue.value !== undefined) {
    const list = emitFlow([issue.value]);
    fixes.push({ title: `Make ${issue.path} a list: ${list}`, edits: [{ start: issue.span.start, end: issue.span.end, newText: list }], preferred: true });
  }
  // a quoted `port: on` would be the port name "on": rarely what was meant, and fix all would apply it
  if (why && !named) {
    const quoted = JSON.stringify(single);
    fixes.push({ title: `Quote it: ${quoted}`, edits: [{ start: issue.span.start, end: issue.span.end, newText: quoted }], preferred: true });
  }
  return {
    // the point first (the Problems panel cuts long lines), then why YAML read it so, then what follows
    message: `Must be ${issue.expected}, not ${found}: ${why}${rejected}.`,
    path: issue.path,
    span: issue.span,
    fixes: fixes.length ? fixes : undefined,
  };
}

export const wrongType: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'wrong-type',
    fixAll: true,
    defaultSeverity: 'error',
    category: 'A',
    description:
      'A field has the wrong type: a map where a list belongs, a boolean for a port, a string for a list, a YAML 1.1 `yes` for a name or label (NetworkPolicies and cluster policies).',
  },
  check(p, ctx) {
    // a name or namespace of another type leaves the policy in no namespace: the workspace leaves it out (placeable)
    const placing = new Set(['metadata', 'metadata.name', 'metadata.namespace'].map((f) => p.pathPrefix + f));
    return ctx.shape.flatMap((issue) =>
      issue.type === 'wrong-type'
        ? [
            report(
              issue,
              ctx.source,
              `the API server rejects this policy${placing.has(issue.path) ? ', so reach, explain and the workspace rules leave it out' : ''}`,
            ),
          ]
        : [],
    );
  },
  checkClusterPolicy: (p, ctx) =>
    ctx.shape.flatMap((issue) => (issue.type === 'wrong-type' ? [report(issue, ctx.source, `the API server rejects this ${p.kind}`)] : [])),
  checkObject: (object, ctx) =>
    object.shape.map((issue) =>
      report(issue, ctx.source, `the API server rejects this ${object.kind}, so reach, explain and the workspace rules leave it out`),
    ),
};
