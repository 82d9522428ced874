/** The engine's answers for one pair: per port (`Verdict`) and every port at once (`PairConnections`), with why. */
import type { PortProtocol } from '../model/inventory';
import type { Direction } from '../model/networkPolicy';
import type { ConnectionSet } from './connectionSet';
import type { TierDecision } from './tierTypes';

export interface RuleRef {
  /** `<namespace>/<name>` of the policy. */
  policy: string;
  direction: Direction;
  /** Index of the rule in the policy's `ingress` or `egress` list. */
  rule: number;
}

export interface DirectionVerdict {
  /** Policies that select the pod for this direction (empty: the pod is not isolated, all is allowed). */
  isolatedBy: string[];
  /** The rules that allow this connection (empty when isolated and nothing allows it). */
  allowedBy: RuleRef[];
  allowed: boolean;
  /**
   * With cluster admin policies in the cluster: which tier decided, and how
   * (`[Admin] cluster-guardrails rule deny-cross-tenant: Deny`, `[NetworkPolicy] tenant-a/allow-web
   * ingress[0]`, `[Baseline] …`, `default allow`). Absent without them.
   */
  tier?: 'Admin' | 'NetworkPolicy' | 'Baseline' | 'default';
  reason?: string;
}

export interface Verdict {
  from: string;
  to: string;
  port: number;
  protocol: PortProtocol;
  allowed: boolean;
  /** A pod reaching itself: always allowed, whatever the policies. */
  self: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

/** One direction of a pair's connection set: who isolates it, and what each allowing rule adds. */
export interface DirectionConnections {
  /** Policies that select the pod for this direction (empty: not isolated, all is allowed). */
  isolatedBy: string[];
  /** The rules whose peers admit the other pod and that allow something to the destination. */
  allowedBy: (RuleRef & { allows: ConnectionSet })[];
  allowed: ConnectionSet;
  /**
   * With cluster admin policies in the cluster: the Admin and Baseline rules that decided part of
   * this direction (each with what it decided), what Admin left to NetworkPolicy when one isolates
   * the pod, and what no tier decided (allowed by default). Absent without them.
   */
  tiers?: { decisions: TierDecision[]; networkPolicy?: ConnectionSet; defaultAllowed: ConnectionSet };
}

/** A pair's whole answer: egress-allowed ∩ ingress-allowed (all for a pod to itself), and why. */
export interface PairConnections {
  from: string;
  to: string;
  self: boolean;
  allowed: ConnectionSet;
  egress: DirectionConnections;
  ingress: DirectionConnections;
}
