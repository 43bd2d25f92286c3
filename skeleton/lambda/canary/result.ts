import type { CanaryOutcome } from './canary';
import { connectionNotEstablished } from './failure';
import type { GlobalLag, Heartbeat, HeartbeatRow } from './types';

/**
 * The other region's writer, as this region reaches it across the VPC peering (action `probe` with
 * PEER_HOST). Unreachable only when no connection came about (failure.ts connectionNotEstablished);
 * a server that answers with an error (a rejected login, too many connections, a statement timeout)
 * is reachable, with the error said in `cause` and `message`, and is no outage.
 */
export type PeerResult =
  | { readonly reachable: true; readonly writable: boolean }
  | { readonly reachable: true; readonly cause: string; readonly message: string }
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
  return { ...own, peer: peerResult(peer) };
}

function peerResult(peer: CanaryOutcome): PeerResult {
  if (peer.ok) return { reachable: true, writable: peer.writable };
  const { cause, message } = peer;
  return connectionNotEstablished(peer.stage, cause) ? { reachable: false, cause, message } : { reachable: true, cause, message };
}
