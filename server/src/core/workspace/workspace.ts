/**
 * The workspace: every file's prepared analysis, grouped by namespace for the namespace rules
 * (cross-file DNS, duplicates, default deny, workloads). Editors keep one for the open folder; the
 * CLI builds one from its paths. An update reports which other files' findings may have changed.
 */
import { tenantMatcher, type LintConfig } from '../config';
import { SharedAnalyses } from '../analysis/sharedAnalyses';
import { FileAnalyzer, type Edit, type FileResult, type PreparedFile } from '../lint';
import { splitDocuments } from '../parse/splitDocuments';
import type { Span } from '../text/span';
import type { Anchor, NamespaceMembers, PlacedFinding, NamespaceRef, PolicyRef, WorkloadRef } from '../rules/types';
import { NamespaceRuleCache } from './namespaceRules';
import { buildCluster, type Cluster } from '../connectivity/cluster';
import { Connectivity } from '../connectivity/engine';

interface FileMembers {
  policies: PolicyRef[];
  workloads: WorkloadRef[];
  declarations: NamespaceRef[];
}

interface FileState {
  analyzer: FileAnalyzer;
  prepared: PreparedFile;
  /** This file's members by namespace key. */
  members: Map<string, FileMembers>;
}

/** Objects without `metadata.namespace` land in whatever namespace they are applied to: grouped per file. */
function namespaceKey(namespace: string | undefined, file: string): string {
  return namespace ?? `\0${file}`;
}

function membersOf(prepared: PreparedFile): Map<string, FileMembers> {
  const out = new Map<string, FileMembers>();
  const get = (ns: string | undefined) => {
    const key = namespaceKey(ns, prepared.file);
    let m = out.get(key);
    if (!m) out.set(key, (m = { policies: [], workloads: [], declarations: [] }));
    return m;
  };
  for (const r of prepared.policies) get(r.policy.namespace?.value).policies.push(r);
  for (const r of prepared.workloads) get(r.workload.namespace).workloads.push(r);
  for (const r of prepared.namespaces) get(r.namespace.name).declarations.push(r);
  return out;
}

/** The first index of `refs` (in document order) whose document is at or after `document`. */
function firstFrom(refs: readonly { document: number }[], document: number): number {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].document < document) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `membersOf(prepared)` from the members of its base, when only documents [from, to) were placed
 * again: only the namespaces with objects there before or after change, each by copying its lists
 * around that range. (Grouping all 5,000 policies of a large file again cost 1.4 ms a keystroke.)
 */
function membersAfterEdit(before: Map<string, FileMembers>, prepared: PreparedFile, edited: NonNullable<PreparedFile['edited']>): Map<string, FileMembers> {
  const { base, from, to } = edited;
  const within = <T extends { document: number }>(refs: T[]) => refs.slice(firstFrom(refs, from), firstFrom(refs, to));
  const was = { policies: within(base.policies), workloads: within(base.workloads), namespaces: within(base.namespaces) };
  const now = { policies: within(prepared.policies), workloads: within(prepared.workloads), namespaces: within(prepared.namespaces) };
  const inEdit = membersOf({ ...prepared, ...now });
  const keys = new Set([...membersOf({ ...base, ...was }).keys(), ...inEdit.keys()]);
  const out = new Map(before);
  for (const key of keys) {
    const old = before.get(key) ?? { policies: [], workloads: [], declarations: [] };
    const add = inEdit.get(key) ?? { policies: [], workloads: [], declarations: [] };
    const around = <T extends { document: number }>(list: T[], middle: T[]) => [
      ...list.slice(0, firstFrom(list, from)),
      ...middle,
      ...list.slice(firstFrom(list, to)),
    ];
    const m = {
      policies: around(old.policies, add.policies),
      workloads: around(old.workloads, add.workloads),
      declarations: around(old.declarations, add.declarations),
    };
    if (m.policies.length + m.workloads.length + m.declarations.length > 0) out.set(key, m);
    else out.delete(key);
  }
  return out;
}

function sameRefs(a: FileMembers | undefined, b: FileMembers | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const same = <T>(x: T[], y: T[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return same(a.policies, b.policies) && same(a.workloads, b.workloads) && same(a.declarations, b.declarations);
}

function sameMembers(a: FileMembers | undefined, b: FileMembers | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const same = <T>(x: T[], y: T[], model: (t: T) => object) => x.length === y.length && x.every((v, i) => model(v) === model(y[i]));
  return (
    same(a.policies, b.policies, (r) => r.policy) &&
    same(a.workloads, b.workloads, (r) => r.workload) &&
    same(a.declarations, b.declarations, (r) => r.namespace)
  );
}

/** How long a background update works before it yields to the open documents. */
const SLICE_MS = 8;

export class Workspace {
  private readonly files = new Map<string, FileState>();
  /** Document analyses shared by all files, by text. */
  private readonly shared = new SharedAnalyses();
  /** Namespace key -> the files with members there. */
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly rules = new NamespaceRuleCache();
  private policyFiles = new Set<string>();
  private engine: Connectivity | undefined;
  /**
   * Per namespace: its members (in workspace order) and its namespace-rule findings by file,
   * kept until a file's refs there change (the refs, not just the models: findings are placed
   * through them). A file's result then costs its own namespaces, not the whole namespace.
   */
  private nsCache = new Map<string, { members: NamespaceMembers; byFile?: Map<string, PlacedFinding[]>; hasPolicies?: boolean }>();

  private isTenant: (namespace: string) => boolean;

  constructor(private config: LintConfig) {
    this.isTenant = tenantMatcher(config.tenantNamespaces);
  }

  get configuration(): LintConfig {
    return this.config;
  }

  /** New settings: every file's findings may change (the caller re-reads them all). */
  setConfig(config: LintConfig): void {
    this.config = config;
    this.isTenant = tenantMatcher(config.tenantNamespaces);
    this.rules.clear();
    this.nsCache.clear();
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  fileKeys(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Sets a file's text; returns the other files whose findings may have changed. */
  update(file: string, text: string, edit?: Edit): Set<string> {
    const analyzer = this.analyzerFor(file);
    return this.store(file, analyzer, analyzer.prepare(text, this.config, edit));
  }

  /**
   * `update` for a file nobody is looking at (the workspace index): its documents are analysed in
   * slices of a few milliseconds, yielding between them, so that the open documents never wait
   * long for a large file of the index (`yieldNow` gives the caller's other work its turn); the file
   * is then assembled in one step.
   */
  async updateInBackground(file: string, text: string, yieldNow: () => Promise<void>): Promise<Set<string>> {
    const analyzer = this.analyzerFor(file);
    const chunks = splitDocuments(text);
    if (text.length <= this.config.limits.maxFileBytes && chunks.length <= this.config.limits.maxDocuments) {
      let slice = performance.now();
      for (const c of chunks) {
        if (!analyzer.analyseAhead(c)) continue;
        if (performance.now() - slice > SLICE_MS) {
          await yieldNow();
          slice = performance.now();
        }
      }
    }
    return this.store(file, analyzer, analyzer.prepareSplit(text, this.config, chunks));
  }

  /** The file's analyzer (it keeps the file's documents between updates), or a new one. */
  private analyzerFor(file: string): FileAnalyzer {
    return this.files.get(file)?.analyzer ?? new FileAnalyzer(file, this.shared);
  }

  /** Forgets a file; returns the other files whose findings may have changed. */
  remove(file: string): Set<string> {
    if (!this.files.has(file)) return new Set();
    return this.store(file, undefined, undefined);
  }

  private store(file: string, analyzer: FileAnalyzer | undefined, prepared: PreparedFile | undefined): Set<string> {
    this.engine = undefined;
    const previous = this.files.get(file);
    if (previous && previous.analyzer !== analyzer) previous.analyzer.dispose(); // the file left: let go of its documents
    const old = previous?.members ?? new Map<string, FileMembers>();
    const edited = prepared?.edited;
    const now = !prepared
      ? new Map<string, FileMembers>()
      : previous && edited && previous.prepared === edited.base
        ? membersAfterEdit(old, prepared, edited)
        : membersOf(prepared);
    if (analyzer && prepared) this.files.set(file, { analyzer, prepared, members: now });
    else this.files.delete(file);
    const hadPolicies = this.policyFiles.size > 0;
    if (prepared && prepared.policies.length > 0) this.policyFiles.add(file);
    else this.policyFiles.delete(file);
    const affected = new Set<string>();
    const touch = (key: string) => this.byNamespace.get(key)?.forEach((f) => affected.add(f));
    if (hadPolicies !== this.policyFiles.size > 0) for (const f of this.files.keys()) affected.add(f);
    for (const key of new Set([...old.keys(), ...now.keys()])) {
      if (!sameRefs(old.get(key), now.get(key))) this.nsCache.delete(key);
      if (sameMembers(old.get(key), now.get(key))) continue;
      touch(key);
      let set = this.byNamespace.get(key);
      if (now.has(key)) {
        if (!set) this.byNamespace.set(key, (set = new Set()));
        set.add(file);
      } else if (set) {
        set.delete(file);
        if (set.size === 0) {
          this.byNamespace.delete(key);
          this.rules.delete(key);
        }
      }
      touch(key);
    }
    affected.delete(file);
    return affected;
  }

  /** Everything the workspace declares in one namespace, in workspace order. */
  members(key: string): NamespaceMembers {
    let entry = this.nsCache.get(key);
    if (!entry) this.nsCache.set(key, (entry = { members: this.collectMembers(key) }));
    return entry.members;
  }

  private collectMembers(key: string): NamespaceMembers {
    const out: FileMembers = { policies: [], workloads: [], declarations: [] };
    for (const f of [...(this.byNamespace.get(key) ?? [])].sort()) {
      const m = this.files.get(f)?.members.get(key);
      if (!m) continue;
      out.policies.push(...m.policies);
      out.workloads.push(...m.workloads);
      out.declarations.push(...m.declarations);
    }
    return out;
  }

  /** Namespace keys with members (a key is a namespace name, or a file's namespace-less group). */
  namespaceKeys(): string[] {
    return [...this.byNamespace.keys()].sort();
  }

  /** The file's findings, its own and those the namespace rules attach to it; undefined if unknown. */
  result(file: string): FileResult | undefined {
    const state = this.files.get(file);
    if (!state) return undefined;
    const attached: PlacedFinding[] = [];
    for (const key of state.members.keys()) {
      const namespace = key.startsWith('\0') ? undefined : key;
      const ctx = {
        dns: this.config.dns,
        namespace,
        tenant: namespace !== undefined && this.isTenant(namespace),
        workspaceHasPolicies: this.policyFiles.size > 0,
      };
      const members = this.members(key);
      const entry = this.nsCache.get(key)!;
      if (!entry.byFile || entry.hasPolicies !== ctx.workspaceHasPolicies) {
        entry.byFile = new Map();
        entry.hasPolicies = ctx.workspaceHasPolicies;
        for (const f of this.rules.findings(key, members, ctx)) {
          const list = entry.byFile.get(f.ref.file);
          if (list) list.push(f);
          else entry.byFile.set(f.ref.file, [f]);
        }
      }
      for (const f of entry.byFile.get(file) ?? []) attached.push(f);
    }
    return FileAnalyzer.finish(state.prepared, attached, this.config);
  }

  /** Every policy, workload and Namespace of the workspace, files in key order (the engine's input). */
  objects(): { policies: PolicyRef[]; workloads: WorkloadRef[]; namespaces: NamespaceRef[] } {
    const out = { policies: [] as PolicyRef[], workloads: [] as WorkloadRef[], namespaces: [] as NamespaceRef[] };
    for (const f of this.fileKeys()) {
      const p = this.files.get(f)!.prepared;
      out.policies.push(...p.policies);
      out.workloads.push(...p.workloads);
      out.namespaces.push(...p.namespaces);
    }
    return out;
  }

  /** The cluster the workspace declares, for the connectivity engine. */
  cluster(): Cluster {
    const o = this.objects();
    return buildCluster({ policies: o.policies, workloads: o.workloads, namespaces: o.namespaces.map((n) => n.namespace) });
  }

  /** The connectivity engine over the current cluster (kept until the next update). */
  connectivity(): Connectivity {
    return (this.engine ??= new Connectivity(this.cluster()));
  }

  /** The file offsets of an object's document chunk: [start, end). */
  chunkOf(ref: Anchor): Span | undefined {
    const at = this.files.get(ref.file)?.prepared.places.get(ref);
    return at ? { start: at.chunk.start, end: at.chunk.start + at.chunk.text.length } : undefined;
  }

  /** The offset in its file's text where an object's span starts (spans are relative to their document). */
  offsetIn(ref: Anchor, span: Span): number | undefined {
    const at = this.files.get(ref.file)?.prepared.places.get(ref);
    return at ? at.chunk.start + span.start : undefined;
  }

  /** The prepared analysis of a file (its policies, workloads and namespaces), if known. */
  prepared(file: string): PreparedFile | undefined {
    return this.files.get(file)?.prepared;
  }
}

/** One-shot lint of a text on its own (tests, stdin); editors and the CLI keep a Workspace. */
export function lintText(text: string, config: LintConfig, file = 'stdin'): FileResult {
  const ws = new Workspace(config);
  ws.update(file, text);
  return ws.result(file)!;
}
