/**
 * The two tools of the class computation: the pods indexed by namespace and by distinct label set
 * (selectors evaluated once per namespace and once per label set), and partition refinement (split
 * classes by membership of one test's pods at a time).
 */
import { selectorMatches } from '../analysis/selectors';
import type { PeerModel, SelectorModel } from '../model/networkPolicy';
import type { Pod } from './cluster';
import { peerMatches, type NamespaceLabels } from './semantics';

function selectorKey(sel: SelectorModel | undefined): string {
  if (!sel) return '*';
  return JSON.stringify([sel.matchLabels.map((m) => [m.key, m.value ?? null]), sel.matchExpressions.map((e) => [e.key ?? null, e.operator ?? null, e.values])]);
}

/** Pods by namespace and by distinct label set, and selectors evaluated once per namespace / label set. */
export class Index {
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
  /** peerPods by the namespaces (a namespace, or namespacesMatching's array) and labelsMatch's array. */
  private readonly peerMemo = new Map<number | number[], Map<Uint8Array, number[]>>();

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
      // only the namespaces with a label pair the selector requires can match (one name among thousands)
      const required = sel.matchLabels.find((l) => l.value !== undefined);
      const candidates = required ? (this.nsWithLabel().get(`${required.key}\0${required.value}`) ?? []) : undefined;
      if (candidates) {
        for (const i of candidates) if (selectorMatches(sel, this.nsLabels(this.nsNames[i]))) m.push(i);
      } else for (let i = 0; i < this.nsNames.length; i++) if (selectorMatches(sel, this.nsLabels(this.nsNames[i]))) m.push(i);
      this.nsMemo.set(key, m);
    }
    this.nsBySelector.set(sel, m);
    return m;
  }

  /** The namespaces (indexes, ascending) by label pair `key\0value`; built again when a namespace was added since. */
  private nsByLabel: { count: number; map: Map<string, number[]> } | undefined;
  private nsWithLabel(): Map<string, number[]> {
    if (this.nsByLabel?.count === this.nsNames.length) return this.nsByLabel.map;
    const map = new Map<string, number[]>();
    this.nsNames.forEach((name, i) => {
      for (const [k, v] of Object.entries(this.nsLabels(name))) {
        const key = `${k}\0${v}`;
        const list = map.get(key);
        if (list) list.push(i);
        else map.set(key, [i]);
      }
    });
    this.nsByLabel = { count: this.nsNames.length, map };
    return map;
  }

  /** The pods of namespace `ns` the selector matches, appended to `out`. */
  podsIn(ns: number, sel: SelectorModel | undefined, out: number[], match = this.labelsMatch(sel)): void {
    for (const i of this.podsByNs[ns]) if (match[this.groupOf[i]]) out.push(i);
  }

  /**
   * The pods one peer admits (as `peerMatches`), each once. Peers that admit the same pods by the
   * same selectors (the same namespaces, the same label sets) get the same array: never written to.
   */
  peerPods(peer: PeerModel, policyNamespace: string): readonly number[] {
    if (peer.ipBlock) {
      const out: number[] = [];
      for (const i of this.withAddress) if (peerMatches(peer, policyNamespace, this.pods[i], this.nsLabels)) out.push(i);
      return out;
    }
    if (!peer.namespaceSelector && !peer.podSelector) return [];
    const namespaces = peer.namespaceSelector ? this.namespacesMatching(peer.namespaceSelector) : this.ns(policyNamespace);
    const match = this.labelsMatch(peer.podSelector);
    let byMatch = this.peerMemo.get(namespaces);
    if (!byMatch) this.peerMemo.set(namespaces, (byMatch = new Map()));
    let out = byMatch.get(match);
    if (!out) {
      out = [];
      if (typeof namespaces === 'number') this.podsIn(namespaces, peer.podSelector, out, match);
      else for (const ns of namespaces) this.podsIn(ns, peer.podSelector, out, match);
      byMatch.set(match, out);
    }
    return out;
  }
}

/** Splits classes by membership of a set of pods (each pod once). */
export class Partition {
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
