/**
 * The workspace: every file's snapshot, grouped by namespace for the namespace rules
 * (cross-file DNS, duplicates, default deny, workloads). Editors keep one for the open folder; the
 * CLI builds one from its paths. An update reports which other files' findings may have changed.
 * Cluster policies are in no namespace: a change to one affects every file (clusterScope.ts).
 */
import { tenantMatcher, type LintConfig } from '../config';
import { type TextChange, type FileResult, FilePipeline, type FileSnapshot, type Reading, SharedAnalyses, type UnreadableDocument } from '../pipeline/index';
import { ScalarResolver } from '../parse/simpleScalars';
import { splitDocuments } from '../parse/splitDocuments';
import type { Span } from '../text/span';
import type { Anchor, ClusterInfo, ClusterPolicyRef, NamespaceMembers, PlacedFinding, NamespaceRef, PolicyRef, WorkloadRef } from '../rules/types';
import { placeable } from '../model/networkPolicy';
import { NamespaceRuleCache } from './namespaceRules';
import { type FileMembers, membersAfterEdit, membersOf, sameList, sameMembers, sameRefs } from './members';
import { ClusterScope } from './clusterScope';
import { ClusterRuleCache } from './clusterRules';
import type { ClusterPlacedFinding } from '../rules/clusterRule';
import { tierPolicies } from '../connectivity/tierTypes';
import { buildPods, type Cluster, type ClusterPods, withPolicies } from '../connectivity/cluster';
import { Connectivity } from '../connectivity/engine';
import { clusterNamespaceLabels } from '../connectivity/tiers';
import { appendAll } from '../arrays';
import { isKustomizationKey } from '../kustomize';
import { withKustomizationFindings } from './kustomizations';
import { runInSlices, type Steps } from '../steps';

interface FileState {
  pipeline: FilePipeline;
  snapshot: FileSnapshot;
  /** This file's members by namespace key. */
  members: Map<string, FileMembers>;
}

export class Workspace {
  private readonly files = new Map<string, FileState>();
  /** Document analyses shared by all files, by text. */
  private readonly shared = new SharedAnalyses();
  /** The plain scalars the fast reader resolved, for every file. */
  private readonly scalars = new ScalarResolver();
  /** Namespace key -> the files with members there. */
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly rules = new NamespaceRuleCache();
  private policyFiles = new Set<string>();
  private readonly clusterScope = new ClusterScope();
  private readonly clusterRules = new ClusterRuleCache();
  /** The kustomization files: any change may change their findings (they read their resources' policies). */
  private readonly kustomizations = new Set<string>();
  private engine: Connectivity | undefined;
  /** The cluster's pods and namespaces, kept while no file's workloads or Namespaces change (an edit of a policy keeps them). */
  private pods: ClusterPods | undefined;
  /**
   * Per namespace: its members (in workspace order) and its namespace-rule findings by file,
   * kept until a file's refs there change (the refs, not just the models: findings are placed
   * through them). A file's result then costs its own namespaces, not the whole namespace.
   */
  private nsCache = new Map<string, { members: NamespaceMembers; byFile?: Map<string, PlacedFinding[]>; hasPolicies?: boolean; cluster?: ClusterInfo }>();
  /** What the namespace rules read of the cluster policies (null: to be made again; undefined: there are none). */
  private clusterInfo: ClusterInfo | undefined | null = null;

  private isTenant: (namespace: string) => boolean;

  constructor(
    private config: LintConfig,
    /**
     * The Helm chart whose `templates/` folder holds a file (a display path such as `deploy/web`),
     * or undefined: such a file is a template, never parsed (core/helm.ts). The edges look at the
     * disk for Chart.yaml; the core never does. Asked once per file, when it enters the workspace.
     */
    private readonly chartOf: (file: string) => string | undefined = () => undefined,
    /**
     * 'models': the workspace is read for the connectivity answers only (`reach`, `explain`): the
     * policies, workloads, Namespaces and unreadable documents are those of a lint reading, but no
     * rule runs, and `result` is not available.
     */
    readonly reading: Reading = 'lint',
  ) {
    this.isTenant = tenantMatcher(config.tenantNamespaces);
  }

  get configuration(): LintConfig {
    return this.config;
  }

  /** New settings: every file's findings may change (the caller re-reads them all). */
  setConfig(config: LintConfig): void {
    const reanalyse =
      config.kubernetesVersion !== this.config.kubernetesVersion || config.clusterNetworkPolicy.channel !== this.config.clusterNetworkPolicy.channel;
    this.config = config;
    this.isTenant = tenantMatcher(config.tenantNamespaces);
    this.rules.clear();
    this.clusterRules.clear();
    this.nsCache.clear();
    this.clusterInfo = null;
    // the documents were checked for another API server (or CRD channel): every file is analysed again
    if (reanalyse) for (const [file, { pipeline, snapshot }] of [...this.files]) this.store(file, pipeline, pipeline.update(snapshot.text, config));
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  fileKeys(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Sets a file's text; returns the other files whose findings may have changed. */
  update(file: string, text: string, edit?: TextChange): Set<string> {
    const pipeline = this.pipelineFor(file);
    return this.store(file, pipeline, pipeline.update(text, this.config, edit));
  }

  /**
   * `update` for a file nobody is looking at (the workspace index): its documents are analysed in
   * slices of a few milliseconds, yielding between them, so that the open documents never wait
   * long for a large file of the index (`yieldNow` gives the caller's other work its turn); the file
   * is then assembled in one step.
   */
  updateInBackground(file: string, text: string, yieldNow: () => Promise<void>): Promise<Set<string>> {
    return runInSlices(this.updateSteps(file, text), yieldNow);
  }

  /** `update` that may pause between its documents (see core/steps.ts; updateInBackground runs it). */
  *updateSteps(file: string, text: string): Steps<Set<string>> {
    const pipeline = this.pipelineFor(file);
    const chunks = splitDocuments(text);
    if (text.length <= this.config.limits.maxFileBytes && chunks.length <= this.config.limits.maxDocuments && !pipeline.isTemplate(text)) {
      for (const c of chunks) if (pipeline.analyseAhead(c, this.config)) yield;
    }
    return this.store(file, pipeline, pipeline.updateSplit(text, this.config, chunks));
  }

  /** The file's pipeline (it keeps the file's documents between updates), or a new one. */
  private pipelineFor(file: string): FilePipeline {
    return this.files.get(file)?.pipeline ?? new FilePipeline(file, this.shared, this.scalars, this.chartOf(file), this.reading);
  }

  /** Forgets a file; returns the other files whose findings may have changed. */
  remove(file: string): Set<string> {
    if (!this.files.has(file)) return new Set();
    return this.store(file, undefined, undefined);
  }

  private store(file: string, pipeline: FilePipeline | undefined, snapshot: FileSnapshot | undefined): Set<string> {
    this.engine = undefined;
    const previous = this.files.get(file);
    const namespacesChanged = !sameList(previous?.snapshot.namespaces, snapshot?.namespaces);
    const podsChanged = !sameList(previous?.snapshot.workloads, snapshot?.workloads) || namespacesChanged;
    if (podsChanged) this.pods = undefined;
    const policiesChanged = !sameList(previous?.snapshot.policies, snapshot?.policies);
    if (previous && previous.pipeline !== pipeline) previous.pipeline.dispose(); // the file left: let go of its documents
    const old = previous?.members ?? new Map<string, FileMembers>();
    const edited = snapshot?.edited;
    const now = !snapshot
      ? new Map<string, FileMembers>()
      : previous && edited && previous.pipeline === pipeline && previous.snapshot.serial === edited.base
        ? membersAfterEdit(old, previous.snapshot, snapshot, edited)
        : membersOf(snapshot);
    if (pipeline && snapshot) this.files.set(file, { pipeline, snapshot, members: now });
    else this.files.delete(file);
    const hadPolicies = this.policyFiles.size > 0;
    if (snapshot && snapshot.policies.length > 0) this.policyFiles.add(file);
    else this.policyFiles.delete(file);
    if (snapshot && isKustomizationKey(file)) this.kustomizations.add(file);
    else this.kustomizations.delete(file);
    const affected = new Set<string>();
    // a kustomization reads the policies of its resource files (and the kustomizations it builds on)
    if ((previous?.snapshot.policies.length ?? 0) > 0 || (snapshot?.policies.length ?? 0) > 0 || isKustomizationKey(file))
      for (const k of this.kustomizations) affected.add(k);
    const touch = (key: string) => this.byNamespace.get(key)?.forEach((f) => affected.add(f));
    if (hadPolicies !== this.policyFiles.size > 0) for (const f of this.files.keys()) affected.add(f);
    // cluster-scoped: a change to one may change what every namespace's pods may send or receive
    // and the namespace labels they select by: a Namespace's labels change them too
    const clusterChanged = this.clusterScope.set(file, snapshot?.clusterPolicies ?? []);
    if (clusterChanged || (namespacesChanged && this.clusterScope.all().length > 0)) {
      this.clusterInfo = null;
      for (const f of this.files.keys()) affected.add(f);
    }
    // the cluster rules read the pods and namespaces, and (for the Baseline tier) what NetworkPolicies isolate
    else if (podsChanged || (policiesChanged && this.clusterScope.hasBaseline())) for (const f of this.clusterScope.files()) affected.add(f);
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
      appendAll(out.policies, m.policies);
      appendAll(out.workloads, m.workloads);
      appendAll(out.declarations, m.declarations);
    }
    return out;
  }

  /** Namespace keys with members (a key is a namespace name, or a file's namespace-less group). */
  namespaceKeys(): string[] {
    return [...this.byNamespace.keys()].sort();
  }

  /** The file's findings, its own and those the namespace rules attach to it; undefined if unknown. */
  result(file: string): FileResult | undefined {
    if (this.reading !== 'lint') throw new Error('Workspace.result: this workspace reads models only (no rules ran)');
    const state = this.files.get(file);
    if (!state) return undefined;
    const attached: (PlacedFinding | ClusterPlacedFinding)[] = [];
    const cluster = this.namespaceRulesCluster();
    for (const key of state.members.keys()) {
      const namespace = key.startsWith('\0') ? undefined : key;
      const ctx = {
        dns: this.config.dns,
        namespace,
        tenant: namespace !== undefined && this.isTenant(namespace),
        workspaceHasPolicies: this.policyFiles.size > 0,
        ...(cluster ? { cluster } : {}),
      };
      const members = this.members(key);
      const entry = this.nsCache.get(key)!;
      if (!entry.byFile || entry.hasPolicies !== ctx.workspaceHasPolicies || entry.cluster !== cluster) {
        entry.byFile = new Map();
        entry.hasPolicies = ctx.workspaceHasPolicies;
        entry.cluster = cluster;
        for (const f of this.rules.findings(key, members, ctx)) {
          const list = entry.byFile.get(f.ref.file);
          if (list) list.push(f);
          else entry.byFile.set(f.ref.file, [f]);
        }
      }
      for (const f of entry.byFile.get(file) ?? []) attached.push(f);
    }
    if (state.snapshot.clusterPolicies.length > 0) appendAll(attached, this.clusterFindings(file));
    const result = state.snapshot.finish(attached, this.config);
    return isKustomizationKey(file) ? withKustomizationFindings(file, state.snapshot, result, this.config, (f) => this.files.get(f)?.snapshot) : result;
  }

  /** The workspace-wide cluster rules' findings on this file's cluster policies (see clusterRules.ts). */
  private clusterFindings(file: string): ClusterPlacedFinding[] {
    const refs = this.clusterPolicies();
    return this.clusterRules.findings(file, {
      refs,
      pods: this.clusterPods(),
      isTenant: this.isTenant,
      policies: () => this.placedPolicies().map((r) => r.policy),
      context: () => ({
        tiers: tierPolicies(refs),
        pods: this.clusterPods(),
        isTenant: this.isTenant,
        isolatedBy: (pod, d) => this.connectivity().isolatedBy(pod, d),
      }),
    });
  }

  /** The cluster policies and namespace labels for the namespace rules (the same object until either changes). */
  private namespaceRulesCluster(): ClusterInfo | undefined {
    if (this.clusterInfo !== null) return this.clusterInfo;
    const policies = this.clusterPolicies();
    if (policies.length === 0) return (this.clusterInfo = undefined);
    // the cluster's namespaces (a namespace only a workload names has the labels the fallback gives it)
    return (this.clusterInfo = { policies, namespaceLabels: clusterNamespaceLabels(this.clusterPods().namespaces) });
  }

  /** Every policy, workload and Namespace of the workspace, files in key order (the engine's input). */
  objects(): { policies: PolicyRef[]; workloads: WorkloadRef[]; namespaces: NamespaceRef[] } {
    const out = { policies: [] as PolicyRef[], workloads: [] as WorkloadRef[], namespaces: [] as NamespaceRef[] };
    for (const f of this.fileKeys()) {
      const p = this.files.get(f)!.snapshot;
      for (const r of p.policies) if (placeable(r.policy)) out.policies.push(r);
      appendAll(out.workloads, p.workloads);
      appendAll(out.namespaces, p.namespaces);
    }
    return out;
  }

  /**
   * Every ClusterNetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy of the workspace,
   * files in key order, then documents (the same list until one of them changes).
   */
  clusterPolicies(): readonly ClusterPolicyRef[] {
    return this.clusterScope.all();
  }

  /**
   * The documents the cluster leaves out because they could not be read (YAML errors, a file over
   * the limits) though they name a kind it reads, files in key order: every connectivity answer
   * must say so.
   */
  unreadable(): UnreadableDocument[] {
    return this.fileKeys().flatMap((f) => this.files.get(f)!.snapshot.unreadable);
  }

  /** How many documents `unreadable()` lists (without ordering them). */
  unreadableCount(): number {
    let n = 0;
    for (const { snapshot } of this.files.values()) n += snapshot.unreadable.length;
    return n;
  }

  /** The cluster the workspace declares, for the connectivity engine (its pods kept while no workload or Namespace changes). */
  cluster(): Cluster {
    if (!this.pods) {
      const o = this.objects();
      this.pods = buildPods(o);
      return withPolicies(this.pods, o.policies, this.clusterPolicies());
    }
    return withPolicies(this.pods, this.placedPolicies(), this.clusterPolicies());
  }

  /** The cluster's pods and namespaces (kept while no file's workloads or Namespaces change). */
  private clusterPods(): ClusterPods {
    return (this.pods ??= buildPods(this.objects()));
  }

  /** The NetworkPolicies the cluster places, files in key order. */
  private placedPolicies(): PolicyRef[] {
    const policies: PolicyRef[] = [];
    for (const f of this.fileKeys()) for (const r of this.files.get(f)!.snapshot.policies) if (placeable(r.policy)) policies.push(r);
    return policies;
  }

  /** The connectivity engine over the current cluster (kept until the next update). */
  connectivity(): Connectivity {
    return (this.engine ??= new Connectivity(this.cluster()));
  }

  /** The file offsets of an object's document chunk: [start, end). */
  chunkOf(ref: Anchor | ClusterPolicyRef): Span | undefined {
    return this.files.get(ref.file)?.snapshot.chunkSpanOf(ref);
  }

  /** The offset in its file's text where an object's span starts (spans are relative to their document). */
  offsetIn(ref: Anchor | ClusterPolicyRef, span: Span): number | undefined {
    const chunk = this.files.get(ref.file)?.snapshot.chunkSpanOf(ref);
    return chunk ? chunk.start + span.start : undefined;
  }

  /** A file's current snapshot (its text, chunks, policies, workloads and namespaces), if known. */
  snapshot(file: string): FileSnapshot | undefined {
    return this.files.get(file)?.snapshot;
  }
}

/** One-shot lint of a text on its own (tests, stdin); editors and the CLI keep a Workspace. */
export function lintText(text: string, config: LintConfig, file = 'stdin'): FileResult {
  const ws = new Workspace(config);
  ws.update(file, text);
  return ws.result(file)!;
}
