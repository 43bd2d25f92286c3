import type { CanaryOutcome } from './canary';
import type { GlobalLag, Heartbeat, HeartbeatRow } from './types';

/** The other region's writer, as this region reaches it across the VPC peering (action `probe` with PEER_HOST). */
export type PeerResult =
  | { readonly reachable: true; readonly writable: boolean }
  | { readonly reachable: false; readonly cause: string; readonly message: string };

/**
 * What an invocation returns. A scheduled invocation probes for its window and returns its last probe
 * and how many it made. `{ "action": "probe" }` makes one probe with detail: the failover orchestrator
 * invokes the secondary region's canary so to read the replicated heartbeat, Aurora's last lag figure
 * and whether the primary writer is reachable from there; `npm run dr:drill` reads the heartbeats.
 */
export interface CanaryResult {
  readonly ok: boolean;
  readonly cause?: string;
  readonly writable?: boolean;
  readonly commit?: { readonly ok: true; readonly writtenAt: string } | { readonly ok: false; readonly cause: string };
  readonly heartbeat?: Heartbeat;
  readonly globalLag?: GlobalLag;
  readonly heartbeats?: HeartbeatRow[];
  readonly peer?: PeerResult;
  /** Scheduled invocations only. */
  readonly probes?: number;
}

/**
 * The result of a probe of this region's cluster and, for the probe action, of the peer writer. The
 * Lambda handler returns it; the template's local drill builds it from the same probes in-process.
 */
export function canaryResult(outcome: CanaryOutcome, peer?: CanaryOutcome): CanaryResult {
  const own: CanaryResult = outcome.ok
    ? {
      ok: true,
      writable: outcome.writable,
      ...(outcome.commit ? { commit: outcome.commit.ok ? { ok: true, writtenAt: outcome.commit.heartbeat.writtenAt } : { ok: false, cause: outcome.commit.cause } } : {}),
      ...(outcome.heartbeat ? { heartbeat: outcome.heartbeat } : {}),
      ...(outcome.globalLag ? { globalLag: outcome.globalLag } : {}),
      ...(outcome.heartbeats ? { heartbeats: outcome.heartbeats } : {}),
    }
    : { ok: false, cause: outcome.cause };
  if (!peer) return own;
  return { ...own, peer: peer.ok ? { reachable: true, writable: peer.writable } : { reachable: false, cause: peer.cause, message: peer.message } };
}
