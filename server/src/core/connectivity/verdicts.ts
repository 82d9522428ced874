/** The engine's answers for one pair: per port (`Verdict`) and every port at once (`PairConnections`), with why. */
import type { PortProtocol } from '../model/inventory';
import type { Direction } from '../model/networkPolicy';
import type { ConnectionSet } from './connectionSet';

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
