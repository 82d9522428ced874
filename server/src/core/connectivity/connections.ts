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
 * External endpoints (the address ranges ipBlocks cut the IP spaces into) are paired with pods in
 * `externalSets.ts`, over this matrix's pod classes and the ranges' own classes: outside the
 * cluster no policy applies, so only the pod's side decides.
 */
import { appendAll } from '../arrays';
import { effectivePolicyTypes, rulesOf, type RuleModel } from '../model/networkPolicy';
import type { Cluster, Pod } from './cluster';
import type { ConnectionSet } from './connectionSet';
import { ALL_ID, NONE_ID, SetTable } from './setTable';
import { Index, Partition } from './classes';
import { portsSet, usesNamedPort, type NamespaceLabels } from './semantics';
import { refineForTiers, TierCells } from './tierMatrix';

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
    return this.table.sets[this.classId(a, b)];
  }

  /** The set id from a pod of class a to a different pod of class b. */
  classId(a: number, b: number): number {
    return this.cells[this.row(a) + b];
  }

  /** The set ids from a pod of class a to a different pod of each class, by class (a view: read, never written). */
  classRow(a: number): Uint32Array {
    const r = this.row(a);
    return this.cells.subarray(r, r + this.classCount);
  }

  private row(a: number): number {
    const r = this.rowOf[a];
    if (r < 0) throw new Error(`the connections from class ${a} were not computed (not among the sources asked for)`);
    return r * this.classCount;
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
  /** The pods its peers admit; undefined: every pod (no `from`/`to`). Shared by rules with the same peers: never written to. */
  pods?: readonly number[];
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
  const refined = new Set<readonly number[]>();

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
          if (rule.peers.length === 1) info.pods = index.peerPods(rule.peers[0], p.namespace);
          else {
            const raw: number[] = [];
            for (const peer of rule.peers) appendAll(raw, index.peerPods(peer, p.namespace));
            info.pods = dedupe(raw, seen, stamp++);
          }
          // refining by the same pods again splits nothing: many rules share their peers' list
          if (!refined.has(info.pods)) {
            refined.add(info.pods);
            partition.refine(info.pods);
          }
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
  if (cluster.tiers) refineForTiers(partition, pods, cluster.tiers, nsLabels);

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
  // the classes of a rule's pods, once per list (rules with the same peers share the list)
  const classMemo = new Map<readonly number[], number[]>();

  const egressIsolated = new Uint8Array(k);
  const ingressIsolated = new Uint8Array(k);
  const egressRules: number[][] = Array.from({ length: k }, () => []);
  const ingressRules: number[][] = Array.from({ length: k }, () => []);
  for (const r of rules) {
    if (r.pods) {
      let classes = classMemo.get(r.pods);
      if (!classes) classMemo.set(r.pods, (classes = classesOf(r.pods)));
      r.classes = classes;
    }
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
  // the cluster admin's tiers around each direction's NetworkPolicy answer
  const tiers = cluster.tiers ? new TierCells(cluster.tiers, pods, reps, nsLabels, table) : undefined;
  for (let y = 0; y < w; y++) {
    const row = egressRow[wanted[y]];
    const base = y * k;
    for (let b = 0; b < k; b++) {
      const col = ingressCol[b];
      if (tiers) {
        const a = wanted[y];
        const e = tiers.direction('Egress', a, b, row !== undefined, row ? row[b] : ALL_ID);
        cells[base + b] = table.intersect(e, tiers.direction('Ingress', b, a, col !== undefined, col ? col[y] : ALL_ID));
        continue;
      }
      const e = row ? row[b] : ALL_ID;
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
