/**
 * Analysis of one document chunk on its own: parse, locate, build the policy models, run the
 * policy rules, read suppression comments. The result depends on the chunk's text only, so it is
 * cached by text and reused until the text changes.
 *
 * A reading for the connectivity answers only (`'models'`) stops at the models: the policies,
 * workloads, Namespaces and unreadable documents are those of a lint reading, but no rule runs
 * (no shape or CRD check, no policy or object rule, no suppression comments, no style for fixes), so its
 * findings are the reader's own (syntax errors) and it must never be finished as a lint result.
 */
import { parseAllDocuments } from 'yaml';
import { DEFAULT_STYLE, detectStyle } from '../edit/style';
import type { DocumentSource } from '../edit/yamlEdits';
import type { Finding } from '../findings';
import { buildPolicy } from '../model/buildPolicy';
import { buildClusterPolicy } from '../model/buildClusterPolicy';
import type { ClusterPolicyModel } from '../model/clusterPolicy';
import { checkClusterPolicy } from '../model/clusterPolicyCheck';
import { clusterPolicySchema } from '../model/clusterPolicySchema';
import { looksLikePolicy, policyRoots } from '../model/documents';
import { ALIAS_EXPANSION_BUDGET, locateWithLimits, type LNode } from '../model/located';
import { INVENTORY_KIND, readInventory, type Inventory, type NamespaceModel, type ObjectModel, type WorkloadModel } from '../model/inventory';
import type { NetworkPolicyModel } from '../model/networkPolicy';
import { NETWORK_POLICY } from '../model/schema';
import { checkShape, type ShapeIssue } from '../model/shape';
import type { ApiServer } from '../kubernetes';
import { engineFinding } from '../rules/engine-rules';
import { POLICY_RULES, RULE_CODES } from '../rules/index';
import { EMPTY_SUPPRESSIONS, readSuppressions, type Suppressions } from '../suppressions';
import type { Chunk } from '../parse/splitDocuments';
import { PARSE_OPTIONS } from '../parse/parseOptions';
import type { ScalarResolver } from '../parse/simpleScalars';
import { readSimpleYaml } from '../parse/simpleYaml';
import { joinFlowLines, type JoinedFlow } from '../parse/flowLeniency';
import { lineEndOf, type LineIndex } from '../text/lineIndex';
import { contain, internalErrorFinding } from '../analysis/contain';
import type { Span } from '../text/span';
import { type ChunkUnreadable, namesConnectivityKind } from './unreadable';

export interface ChunkPolicy {
  policy: NetworkPolicyModel;
  /** Index of the document within the chunk (almost always 0). */
  doc: number;
}

/** What a chunk is read for: linting (every rule), or only the models the connectivity answers read. */
export type Reading = 'lint' | 'models';

export interface ChunkClusterPolicy {
  policy: ClusterPolicyModel;
  doc: number;
}

export interface ChunkFinding {
  doc: number;
  finding: Finding;
}

export interface AnalysedChunk {
  text: string;
  /** The API server the policy rules checked it for (an analysis holds for its text and this). */
  api: ApiServer;
  documentCount: number;
  /** Number of line breaks in the text (for positions without a whole-file line index). */
  lineBreaks: number;
  /** The text's line index, built the first time a position inside it is needed, then kept. */
  readonly lines: { index?: LineIndex };
  policies: ChunkPolicy[];
  /** ClusterNetworkPolicies, AdminNetworkPolicies and BaselineAdminNetworkPolicies (cluster-scoped). */
  clusterPolicies: ChunkClusterPolicy[];
  /** Workloads (Pods, pod templates) and Namespaces declared here, for the workspace rules. */
  workloads: { doc: number; workload: WorkloadModel }[];
  namespaces: { doc: number; namespace: NamespaceModel }[];
  findings: ChunkFinding[];
  /** Its documents that name a kind the connectivity answers read but could not be read (unreadable.ts). */
  unreadable: ChunkUnreadable[];
  suppressions: Suppressions;
  source: DocumentSource;
}

/** The analysis of one chunk for `api`; `scalars` is the caller's memo of plain scalars (shared between documents). */
export function analyseChunk(chunk: Chunk, api: ApiServer, scalars: ScalarResolver, reading: Reading = 'lint'): AnalysedChunk {
  return contain(
    'the parser',
    () => analyse(chunk, api, scalars, reading),
    (error) => ({
      ...notOurs(chunk, api),
      unreadable: namesConnectivityKind(chunk.text) ? [{ doc: 0, offset: 0, message: 'netpol-lint failed reading this document (an internal error)' }] : [],
      findings: [
        { doc: 0, finding: internalErrorFinding('reading the document', error, { start: 0, end: Math.min(chunk.text.length, lineEndOf(chunk.text, 0)) }) },
      ],
    }),
  );
}

function notOurs(chunk: Chunk, api: ApiServer): AnalysedChunk {
  const { text } = chunk;
  return {
    text,
    api,
    documentCount: chunk.estimatedDocuments,
    lineBreaks: countLineBreaks(text),
    lines: {},
    policies: [],
    clusterPolicies: [],
    workloads: [],
    namespaces: [],
    findings: [],
    unreadable: [],
    suppressions: EMPTY_SUPPRESSIONS,
    source: { text, style: { ...DEFAULT_STYLE } },
  };
}

function analyse(chunk: Chunk, api: ApiServer, scalars: ScalarResolver, reading: Reading): AnalysedChunk {
  const { text } = chunk;
  // neither a policy nor a manifest the workspace rules read: no parse at all (a text search or two)
  if (!text.includes('NetworkPolicy') && !INVENTORY_KIND.test(text)) return notOurs(chunk, api);
  // YAML allows a lone CR as a line break and the `yaml` package does not: read it as LF (same offsets)
  const yamlText = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const docs = readDocuments(yamlText, scalars);
  const policies: ChunkPolicy[] = [];
  const clusterPolicies: ChunkClusterPolicy[] = [];
  const workloads: AnalysedChunk['workloads'] = [];
  const namespaces: AnalysedChunk['namespaces'] = [];
  const findings: ChunkFinding[] = [];
  const unreadable: ChunkUnreadable[] = [];
  const objects: { doc: number; object: ObjectModel }[] = [];
  let firstRoot: LNode | undefined;
  const located: { doc: number; roots: ReturnType<typeof policyRoots>['roots']; clusterRoots: ReturnType<typeof policyRoots>['clusterRoots'] }[] = [];
  docs.forEach(({ root, errors, aliasLimit, range, lenientFlows }, i) => {
    firstRoot ??= root;
    const { kind, roots, clusterRoots } = policyRoots(root);
    for (const f of lenientFlows ?? []) {
      findings.push({
        doc: i,
        finding: engineFinding(
          'flow-indentation',
          'Flow collection is not valid YAML: kubectl reads it, but its lines are not indented past its key (or start with a tab). Indent them, or write it on one line, so that every YAML tool reads it.',
          { start: f.start, end: f.end },
        ),
      });
    }
    if (errors.length > 0 && namesConnectivityKind(text.slice(range[0], range[1])))
      unreadable.push({ doc: i, offset: Math.min(errors[0].pos[0], text.length), message: `YAML syntax error: ${firstLine(errors[0].message)}` });
    if (errors.length === 0 && kind !== 'policy' && kind !== 'cluster-policy') {
      const inv: Inventory = { workloads: [], namespaces: [], objects: [] };
      readInventory(root, inv);
      for (const workload of inv.workloads) workloads.push({ doc: i, workload });
      for (const namespace of inv.namespaces) namespaces.push({ doc: i, namespace });
      for (const object of inv.objects) objects.push({ doc: i, object });
    }
    const ours = roots.length > 0 || clusterRoots.length > 0 || (kind === 'unknown' && looksLikePolicy(text.slice(range[0], range[1])));
    if (!ours) return;
    for (const e of errors) {
      const start = errorStart(text, e.pos[0], e.message);
      // moved back to the document's last character: that character (not up to the end)
      const rawEnd = start < e.pos[0] ? start + 1 : Math.max(e.pos[1], start);
      // a duplicate key is reported at its first character: cover the whole key
      const end = e.code === 'DUPLICATE_KEY' ? Math.max(rawEnd, tokenEnd(text, start)) : rawEnd;
      // at least one character, never past the end of the text (errors at the very end say "here")
      const to = Math.min(text.length, Math.max(end, start + 1));
      findings.push({
        doc: i,
        finding: engineFinding('yaml-syntax', `YAML syntax error: ${firstLine(e.message)}`, { start: Math.min(start, to), end: to }),
      });
    }
    if (aliasLimit) {
      findings.push({
        doc: i,
        finding: engineFinding(
          'yaml-syntax',
          `Aliases expand too far: YAML aliases here expand to more than ${ALIAS_EXPANSION_BUDGET} nodes (an alias bomb?), so they are not followed, and what they hold is not checked.`,
          aliasLimit,
        ),
      });
    }
    // a document with syntax errors gets no further findings: its structure is not what the user meant yet
    if (errors.length === 0) located.push({ doc: i, roots, clusterRoots });
  });
  if (reading === 'models') {
    for (const { doc, roots, clusterRoots } of located) {
      for (const r of roots) policies.push({ policy: buildPolicy(r.map, r.apiVersion, r.path ? `${r.path}.` : ''), doc });
      for (const r of clusterRoots) clusterPolicies.push({ policy: buildClusterPolicy(r.map, r.kind, r.apiVersion, r.path ? `${r.path}.` : ''), doc });
    }
    return { ...notOurs(chunk, api), documentCount: docs.length, policies, clusterPolicies, workloads, namespaces, findings, unreadable };
  }
  const source: DocumentSource = { text, style: detectStyle(text, firstRoot) };
  for (const { doc, roots } of located) {
    for (const r of roots) {
      const policy = buildPolicy(r.map, r.apiVersion, r.path ? `${r.path}.` : '');
      const shape: ShapeIssue[] = [];
      checkShape(r.map, NETWORK_POLICY, r.path, shape);
      policies.push({ policy, doc });
      for (const rule of POLICY_RULES) {
        const found = contain(
          rule.meta.code,
          () => rule.check(policy, { source, shape, api }),
          (error) => [internalErrorFinding(`the rule ${rule.meta.code}`, error, policy.root.span)],
        );
        for (const finding of found) findings.push({ doc, finding });
      }
    }
  }
  for (const { doc, clusterRoots } of located) {
    for (const r of clusterRoots) {
      const policy = buildClusterPolicy(r.map, r.kind, r.apiVersion, r.path ? `${r.path}.` : '');
      const other = api.channel === 'standard' ? 'experimental' : 'standard';
      const facts = checkClusterPolicy(r.map, clusterPolicySchema(r.kind, api.channel), r.path, text, clusterPolicySchema(r.kind, other), other);
      clusterPolicies.push({ policy, doc });
      // its metadata as every object's (labels, annotations); wrong types are the CRD check's
      const metadata = policy.metadata ? [{ path: `${policy.pathPrefix}metadata`, map: policy.metadata }] : [];
      objects.push({ doc, object: { kind: r.kind, pathPrefix: policy.pathPrefix, metadata, shape: [] } });
      for (const rule of POLICY_RULES) {
        const { checkClusterPolicy: check } = rule;
        if (!check) continue;
        const found = contain(
          rule.meta.code,
          () => check(policy, { source, shape: facts.shape, crd: facts.issues, api }),
          (error) => [internalErrorFinding(`the rule ${rule.meta.code}`, error, policy.root.span)],
        );
        for (const finding of found) findings.push({ doc, finding });
      }
    }
  }
  for (const { doc, object } of objects) {
    for (const rule of POLICY_RULES) {
      const { checkObject } = rule;
      if (!checkObject) continue;
      const found = contain(
        rule.meta.code,
        () => checkObject(object, { source, api }),
        (error) => [internalErrorFinding(`the rule ${rule.meta.code}`, error, object.metadata[0]?.map.span ?? { start: 0, end: 0 })],
      );
      for (const finding of found) findings.push({ doc, finding });
    }
  }
  const suppressions = readSuppressions(text, RULE_CODES);
  for (const finding of suppressions.unknown) findings.push({ doc: 0, finding });
  return {
    text,
    api,
    documentCount: docs.length,
    lineBreaks: countLineBreaks(text),
    lines: {},
    policies,
    clusterPolicies,
    workloads,
    namespaces,
    findings,
    unreadable,
    suppressions,
    source,
  };
}

interface ReadDocument {
  root: LNode | undefined;
  errors: readonly { code: string; message: string; pos: [number, number] }[];
  aliasLimit?: Span;
  /** The document's text: from its first to its last character. */
  range: [number, number];
  /** Flow collections read as kubectl reads them (not valid YAML as written). */
  lenientFlows?: readonly JoinedFlow[];
}

/**
 * The chunk's documents as located trees. Most documents are simple block YAML, which the fast
 * reader turns into the tree directly; anything else goes through the `yaml` package (same tree,
 * checked by a differential test, and its error messages).
 */
function readDocuments(source: string, scalars: ScalarResolver): ReadDocument[] {
  const simple = readSimpleYaml(source, scalars);
  if (simple) return [{ root: simple.root, errors: [], range: [0, source.length] }];
  const docs = parseAllDocuments(source, PARSE_OPTIONS);
  if (docs.some((d) => d.errors.length > 0)) {
    // what kubectl reads: multi-line flow collections indented as Go's parser allows (flowLeniency.ts)
    const lenient = joinFlowLines(source);
    const again = lenient && parseAllDocuments(lenient.text, PARSE_OPTIONS);
    if (lenient && again && again.length === docs.length && again.every((d) => d.errors.length === 0)) {
      return again.map((doc) => {
        const { root, aliasLimit } = locateWithLimits(doc, lenient.text);
        const range: [number, number] = [doc.range[0], doc.range[2]];
        const flows = lenient.flows.filter((f) => f.start >= range[0] && f.end <= range[1]);
        return { root, errors: [], aliasLimit, range, lenientFlows: flows };
      });
    }
  }
  return docs.map((doc) => {
    const { root, aliasLimit } = locateWithLimits(doc, source);
    return { root, errors: doc.errors, aliasLimit, range: [doc.range[0], doc.range[2]] };
  });
}

/** Line breaks as LSP counts them: "\n", "\r\n" and a lone "\r" each end a line. */
export function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  if (text.includes('\r')) for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) n++;
  return n;
}

/**
 * Where a syntax error is shown, so that its range is on the line of what it is about, and stays
 * there when a comment line is added above that line ("Disable yaml-syntax for this line" must
 * silence it, and the parser reports some errors at the start of the blanks and comments before
 * a token, which then include the new comment):
 * - an error in a line's indentation (`All mapping items must start at the same column` points at
 *   the blanks before the key), at a comment line before the token, or at a line break: at the
 *   next token, past blanks, line breaks and comment lines;
 * - an error at the end of its document (an unclosed flow collection): at the document's last
 *   character that is not a blank, its last line.
 * Any other error (and one about a comment) stays where the parser put it.
 */
function errorStart(text: string, at: number, message: string): number {
  // an error about a comment is where the comment is
  if (/^(?:YAML syntax error: )?Comment/.test(message)) return at;
  let lineStart = at;
  while (lineStart > 0 && (text.charCodeAt(lineStart - 1) === 32 || text.charCodeAt(lineStart - 1) === 9)) lineStart--;
  const inIndentation = lineStart === 0 || text.charCodeAt(lineStart - 1) === 10 || text.charCodeAt(lineStart - 1) === 13;
  const c = text.charCodeAt(at);
  const blank = c === 32 || c === 9 || c === 35;
  const rest = /^(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n|$))*/.exec(text.slice(at, at + 4096))![0];
  if (at + rest.length >= text.length) {
    // nothing after it in the document but blanks and comments: its last non-blank character
    let i = Math.min(at, text.length);
    while (i > 0 && /\s/.test(text[i - 1])) i--;
    return i > 0 ? i - 1 : at;
  }
  // at a line break: the parser saw what the next line starts with (`must be sufficiently indented
  // and end with a ]` is reported at the break before the closing bracket)
  const lineBreak = c === 10 || c === 13;
  if (!(inIndentation && blank) && !lineBreak) return at;
  const m = /^(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n))*[ \t]*(?=[^ \t\r\n#])/.exec(text.slice(at, at + 4096));
  return m ? at + m[0].length : at;
}

function tokenEnd(text: string, start: number): number {
  const m = /^(?:"[^"\n]*"|'[^'\n]*'|[^\s:,{}[\]]+)/.exec(text.slice(start, start + 300));
  return start + (m ? m[0].length : 1);
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
