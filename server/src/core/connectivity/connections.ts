/**
 * Every pair's connection set: for a source and a destination pod, what the source's egress allows
 * to the destination intersected with what the destination's ingress allows from the source (a
 * side no policy isolates allows all; a pod reaching itself is allowed all, as in `verdict`).
 *
 * The work is done on equivalence classes: pods that no policy's podSelector, no rule's peers and
 * no named port can tell apart (the same answers to every selector test, the same numbers under
 * every port name the rules use) have the same row and column, so the matrix is computed over
 * classes and each pod pair reads its class pair. Classes come from partition refinement over the
 * pods each test admits; selectors are evaluated once per namespace and once per distinct label
 * set. Sets are interned (ids), with union and intersection memoised by id pair. Pure.
 *
 * External endpoints (the address ranges ipBlocks cut the IP spaces into, issue #22 item 2) are
 * meant to join as endpoints of their own kind: selected by no policy (open both ways on their own
 * side), in no namespace, admitted only by ipBlock peers that contain their range; each range one
 * test of the refinement, as a pod IP is today. The CLI's endpoints carry `kind: "pod"` for that.
 */
import { appendAll } from '../arrays';
import { selectorMatches } from '../analysis/selectors';
import { effectivePolicyTypes, rulesOf, type PeerModel, type RuleModel, type SelectorModel } from '../model/networkPolicy';
import type { Cluster, Pod } from './cluster';
import type { ConnectionSet } from './connectionSet';
import { ALL_ID, NONE_ID, SetTable } from './setTable';
import { peerMatches, portsSet, usesNamedPort, type NamespaceLabels } from './semantics';

/** Every pod pair's connection set, read through the pods' classes. */
export class ConnectionMatrix {
  constructor(
    readonly pods: readonly Pod[],
    /** The class of each pod (classes are numbered in the order of their first pod). */
    readonly classOf: Int32Array,
    readonly classCount: number,
    /** cells[rowOf[a] * classCount + b]: the set id from class a to class b (different pods). */
    private readonly cells: Uint32Array,
    /** The row of each source class in `cells`; -1 for a class whose row was not asked for. */
    private readonly rowOf: Int32Array,
    readonly table: SetTable,
  ) {}

  /** Was the row of pod i computed (every pod's is, unless the matrix was asked for some sources only)? */
  hasSource(i: number): boolean {
    return this.rowOf[this.classOf[i]] >= 0;
  }

  /** The set id from pod i to pod j (indexes into `pods`); a pod to itself is all. */
  idOf(i: number, j: number): number {
    if (i === j) return ALL_ID;
    return this.cells[this.row(this.classOf[i]) + this.classOf[j]];
  }

  /** What pod i may open to pod j. */
  get(i: number, j: number): ConnectionSet {
    return this.table.sets[this.idOf(i, j)];
  }

  /** From a pod of class a to a different pod of class b. */
  classSet(a: number, b: number): ConnectionSet {
    return this.table.sets[this.cells[this.row(a) + b]];
  }

  private row(a: number): number {
    const r = this.rowOf[a];
    if (r < 0) throw new Error(`the connections from class ${a} were not computed (not among the sources asked for)`);
    return r * this.classCount;
  }
}

function selectorKey(sel: SelectorModel | undefined): string {
  if (!sel) return '*';
  return JSON.stringify([sel.matchLabels.map((m) => [m.key, m.value ?? null]), sel.matchExpressions.map((e) => [e.key ?? null, e.operator ?? null, e.values])]);
}

/** Pods by namespace and by distinct label set, and selectors evaluated once per namespace / label set. */
class Index {
  readonly nsIndex = new Map<string, number>();
  readonly nsNames: string[] = [];
  readonly podsByNs: number[][] = [];
  readonly groupOf: Int32Array;
  readonly groupLabels: Readonly<Record<string, string>>[] = [];
  readonly withAddress: number[] = [];
  private readonly podMemo = new Map<string, Uint8Array>();
  private readonly bySelector = new WeakMap<SelectorModel, Uint8Array>();
  private readonly nsBySelector = new WeakMap<SelectorModel, number[]>();
  private all: Uint8Array | undefined;
  private readonly nsMemo = new Map<string, number[]>();

  constructor(
    readonly pods: readonly Pod[],
    private readonly nsLabels: NamespaceLabels,
    namespaces: Iterable<string>,
  ) {
    for (const ns of namespaces) this.ns(ns);
    this.groupOf = new Int32Array(pods.length);
    const groups = new Map<string, number>();
    pods.forEach((p, i) => {
      this.podsByNs[this.ns(p.namespace)].push(i);
      const key = JSON.stringify(Object.entries(p.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      let g = groups.get(key);
      if (g === undefined) {
        groups.set(key, (g = this.groupLabels.length));
        this.groupLabels.push(p.labels);
      }
      this.groupOf[i] = g;
      if (p.address) this.withAddress.push(i);
    });
  }

  ns(name: string): number {
    let i = this.nsIndex.get(name);
    if (i === undefined) {
      this.nsIndex.set(name, (i = this.nsNames.length));
      this.nsNames.push(name);
      this.podsByNs.push([]);
    }
    return i;
  }

  /** Per label set: does the pod selector match (undefined matches all)? Memoised by selector and by its text. */
  labelsMatch(sel: SelectorModel | undefined): Uint8Array {
    const cached = sel ? this.bySelector.get(sel) : this.all;
    if (cached) return cached;
    const key = selectorKey(sel);
    let m = this.podMemo.get(key);
    if (!m) {
      m = new Uint8Array(this.groupLabels.length);
      this.groupLabels.forEach((labels, g) => (m![g] = selectorMatches(sel, labels) ? 1 : 0));
      this.podMemo.set(key, m);
    }
    if (sel) this.bySelector.set(sel, m);
    else this.all = m;
    return m;
  }

  /** The namespaces (indexes) whose labels the selector matches. */
  namespacesMatching(sel: SelectorModel): number[] {
    const cached = this.nsBySelector.get(sel);
    if (cached) return cached;
    const key = selectorKey(sel);
    let m = this.nsMemo.get(key);
    if (!m) {
      m = [];
      for (let i = 0; i < this.nsNames.length; i++) if (selectorMatches(sel, this.nsLabels(this.nsNames[i]))) m.push(i);
      this.nsMemo.set(key, m);
    }
    this.nsBySelector.set(sel, m);
    return m;
  }

  /** The pods of namespace `ns` the selector matches, appended to `out`. */
  podsIn(ns: number, sel: SelectorModel | undefined, out: number[], match = this.labelsMatch(sel)): void {
    for (const i of this.podsByNs[ns]) if (match[this.groupOf[i]]) out.push(i);
  }

  /** The pods one peer admits (as `peerMatches`). */
  peerPods(peer: PeerModel, policyNamespace: string, out: number[]): void {
    if (peer.ipBlock) {
      for (const i of this.withAddress) if (peerMatches(peer, policyNamespace, this.pods[i], this.nsLabels)) out.push(i);
    } else if (peer.namespaceSelector) {
      const match = this.labelsMatch(peer.podSelector);
      for (const ns of this.namespacesMatching(peer.namespaceSelector)) this.podsIn(ns, peer.podSelector, out, match);
    } else if (peer.podSelector) this.podsIn(this.ns(policyNamespace), peer.podSelector, out);
  }
}

/** Splits classes by membership of a set of pods (each pod once). */
class Partition {
  readonly classOf: Int32Array;
  count = 1;
  private readonly size: Int32Array;
  private readonly hit: Int32Array;
  private readonly stamp: Int32Array;
  private readonly twin: Int32Array;
  private round = 0;
  private readonly touched: number[] = [];

  constructor(n: number) {
    this.classOf = new Int32Array(n);
    this.size = new Int32Array(Math.max(1, n));
    this.size[0] = n;
    this.hit = new Int32Array(Math.max(1, n));
    this.stamp = new Int32Array(Math.max(1, n)).fill(-1);
    this.twin = new Int32Array(Math.max(1, n));
  }

  refine(members: readonly number[]): void {
    const r = this.round++;
    const touched = this.touched;
    touched.length = 0;
    for (const m of members) {
      const c = this.classOf[m];
      if (this.stamp[c] !== r) {
        this.stamp[c] = r;
        this.hit[c] = 0;
        touched.push(c);
      }
      this.hit[c]++;
    }
    for (const c of touched) {
      if (this.hit[c] === this.size[c]) this.twin[c] = -1;
      else {
        const t = this.count++;
        this.twin[c] = t;
        this.size[c] -= this.hit[c];
        this.size[t] = this.hit[c];
      }
    }
    for (const m of members) {
      const t = this.twin[this.classOf[m]];
      if (t >= 0) this.classOf[m] = t;
    }
  }
}

/** Marks each pod once: the union of peer lists without duplicates. */
function dedupe(list: number[], seen: Int32Array, stamp: number): number[] {
  const out: number[] = [];
  for (const i of list)
    if (seen[i] !== stamp) {
      seen[i] = stamp;
      out.push(i);
    }
  return out;
}

interface RuleInfo {
  rule: RuleModel;
  /** The pods its peers admit; undefined: every pod (no `from`/`to`). */
  pods?: number[];
  /** Then the classes. */
  classes?: number[];
  named: boolean;
  /** The set id when it does not depend on the destination (no named port). */
  constant: number;
  /** Per destination class, for a rule with a named port (-1 not yet computed). */
  byClass?: Int32Array;
  /** `classes` as flags, when needed. */
  member?: Uint8Array;
}

/**
 * Computes every pair's connection set over the cluster's pods; with `sources` (pod indexes), only
 * the rows of those pods' classes (each to every destination): the cost of the matrix part then
 * grows with the sources' classes, not with all classes squared.
 */
export function connectionMatrix(cluster: Cluster, nsLabels: NamespaceLabels, sources?: readonly number[]): ConnectionMatrix {
  const pods = cluster.pods;
  const n = pods.length;
  if (n === 0) return new ConnectionMatrix(pods, new Int32Array(0), 0, new Uint32Array(0), new Int32Array(0), new SetTable());
  const index = new Index(pods, nsLabels, cluster.namespaces.keys());
  const table = new SetTable();
  const partition = new Partition(n);
  const seen = new Int32Array(n).fill(-1);
  let stamp = 0;

  // the tests: which pods each policy selects, which pods each rule's peers admit
  const selected: number[][] = [];
  const rules: RuleInfo[] = [];
  const policyRules: { egress: number[]; ingress: number[]; types: Set<string> }[] = [];
  for (const p of cluster.policies) {
    const sel: number[] = [];
    if (p.policy.spec !== undefined) index.podsIn(index.ns(p.namespace), p.policy.spec.podSelector, sel);
    selected.push(sel);
    partition.refine(sel);
    const types = effectivePolicyTypes(p.policy);
    const pr = { egress: [] as number[], ingress: [] as number[], types: types as Set<string> };
    for (const d of types) {
      for (const rule of rulesOf(p.policy, d)) {
        const info: RuleInfo = { rule, named: usesNamedPort(rule), constant: NONE_ID };
        if (rule.peers && rule.peers.length > 0) {
          const raw: number[] = [];
          for (const peer of rule.peers) index.peerPods(peer, p.namespace, raw);
          info.pods = dedupe(raw, seen, stamp++);
          partition.refine(info.pods);
        }
        (d === 'Egress' ? pr.egress : pr.ingress).push(rules.length);
        rules.push(info);
      }
    }
    policyRules.push(pr);
  }
  // named ports: pods that declare different numbers under a name the rules use differ
  const names = new Set<string>();
  for (const r of rules) for (const e of r.rule.ports ?? []) if (typeof e.port === 'string') names.add(`${e.protocol ?? 'TCP'}\0${e.port}`);
  for (const name of names) {
    const byValue = new Map<string, number[]>();
    const [protocol, portName] = name.split('\0');
    pods.forEach((pod, i) => {
      const numbers = pod.ports.filter((c) => c.name === portName && c.protocol === protocol).map((c) => c.port);
      if (numbers.length === 0) return;
      const key = numbers.sort((a, b) => a - b).join(',');
      const list = byValue.get(key);
      if (list) list.push(i);
      else byValue.set(key, [i]);
    });
    for (const list of byValue.values()) partition.refine(list);
  }

  // classes numbered in pod order, each with a representative (its first pod)
  const k = partition.count;
  const renumber = new Int32Array(k).fill(-1);
  const classOf = new Int32Array(n);
  const reps: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = partition.classOf[i];
    if (renumber[c] < 0) {
      renumber[c] = reps.length;
      reps.push(i);
    }
    classOf[i] = renumber[c];
  }
  const seenClass = new Int32Array(k).fill(-1);
  let classStamp = 0;
  const classesOf = (list: readonly number[]): number[] =>
    dedupe(
      list.map((i) => classOf[i]),
      seenClass,
      classStamp++,
    );

  const egressIsolated = new Uint8Array(k);
  const ingressIsolated = new Uint8Array(k);
  const egressRules: number[][] = Array.from({ length: k }, () => []);
  const ingressRules: number[][] = Array.from({ length: k }, () => []);
  for (const r of rules) {
    if (r.pods) r.classes = classesOf(r.pods);
    if (!r.named) r.constant = table.id(portsSet(r.rule, pods[0]));
    else r.byClass = new Int32Array(k).fill(-1);
  }
  cluster.policies.forEach((_p, pi) => {
    const pr = policyRules[pi];
    for (const c of classesOf(selected[pi])) {
      if (pr.types.has('Egress')) {
        egressIsolated[c] = 1;
        appendAll(egressRules[c], pr.egress);
      }
      if (pr.types.has('Ingress')) {
        ingressIsolated[c] = 1;
        appendAll(ingressRules[c], pr.ingress);
      }
    }
  });
  const ruleSet = (r: RuleInfo, dest: number): number => {
    if (!r.byClass) return r.constant;
    let id = r.byClass[dest];
    if (id < 0) r.byClass[dest] = id = table.id(portsSet(r.rule, pods[reps[dest]]));
    return id;
  };
  const allClasses = Array.from({ length: k }, (_x, c) => c);
  // the source classes asked for, and the place of each among them (-1: not asked for)
  const rowOf = new Int32Array(k).fill(-1);
  const wanted: number[] = [];
  for (const i of sources ?? reps) {
    const c = classOf[i];
    if (rowOf[c] < 0) {
      rowOf[c] = wanted.length;
      wanted.push(c);
    }
  }
  const w = wanted.length;

  // egress rows: from an isolated class, per destination class; shared by classes with the same rules
  const rows = new Map<string, Uint32Array>();
  const egressRow: (Uint32Array | undefined)[] = new Array(k);
  for (const c of wanted) {
    if (!egressIsolated[c]) continue;
    const key = egressRules[c].join(',');
    let row = rows.get(key);
    if (!row) {
      row = new Uint32Array(k);
      for (const ri of egressRules[c]) {
        const r = rules[ri];
        for (const d of r.classes ?? allClasses) row[d] = table.union(row[d], ruleSet(r, d));
      }
      rows.set(key, row);
    }
    egressRow[c] = row;
  }
  // ingress columns: into an isolated class, per source class asked for (by its place); shared as the rows
  const cols = new Map<string, Uint32Array>();
  const ingressCol: (Uint32Array | undefined)[] = new Array(k);
  for (let c = 0; c < k; c++) {
    if (!ingressIsolated[c]) continue;
    const ids = ingressRules[c].map((ri) => ruleSet(rules[ri], c));
    const key = `${ingressRules[c].join(',')}|${ids.join(',')}`;
    let col = cols.get(key);
    if (!col) {
      col = new Uint32Array(w);
      ingressRules[c].forEach((ri, x) => {
        const admitted = rules[ri].classes;
        if (admitted === undefined || admitted.length > w) {
          // fewer sources asked for than the rule admits: test each source
          const member = admittedSet(rules[ri], k);
          for (let y = 0; y < w; y++) if (!member || member[wanted[y]]) col![y] = table.union(col![y], ids[x]);
        } else
          for (const s of admitted) {
            const y = rowOf[s];
            if (y >= 0) col![y] = table.union(col![y], ids[x]);
          }
      });
      cols.set(key, col);
    }
    ingressCol[c] = col;
  }
  const cells = new Uint32Array(w * k);
  for (let y = 0; y < w; y++) {
    const row = egressRow[wanted[y]];
    const base = y * k;
    for (let b = 0; b < k; b++) {
      const e = row ? row[b] : ALL_ID;
      const col = ingressCol[b];
      cells[base + b] = col ? table.intersect(e, col[y]) : e;
    }
  }
  return new ConnectionMatrix(pods, classOf, k, cells, rowOf, table);
}

/** The classes a rule admits as flags (undefined: every class), built once per rule. */
function admittedSet(r: RuleInfo, k: number): Uint8Array | undefined {
  if (r.classes === undefined) return undefined;
  if (!r.member) {
    r.member = new Uint8Array(k);
    for (const c of r.classes) r.member[c] = 1;
  }
  return r.member;
}
