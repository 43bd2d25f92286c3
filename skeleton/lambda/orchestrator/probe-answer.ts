import type { SecondaryProbe } from './decide';

/** The secondary canary's answer to `{ "action": "probe" }` (lambda/canary/result.ts CanaryResult), as JSON. */
export interface ProbeAnswer {
  ok: boolean;
  cause?: string;
  writable?: boolean;
  heartbeat?: { ageSeconds: number };
  globalLag?: { rpoLagMs: number; calculatedSecondsAgo: number };
  peer?: { reachable: true } | { reachable: false; cause: string; message: string };
}

/**
 * What the decision needs from the canary's answer. A canary without PEER_HOST cannot say whether the
 * primary writer is reachable, so its answer counts as a failed probe, never as a reachable primary.
 * The AWS adapter reads the answer from Lambda; the template's local drill from the canary in-process.
 */
export function secondaryProbe(answer: ProbeAnswer): SecondaryProbe {
  if (!answer.ok) return { ok: false, cause: answer.cause ?? 'unknown' };
  if (!answer.peer) return { ok: false, cause: 'the secondary canary has no PEER_HOST, so it cannot probe the primary writer' };
  const { peer, heartbeat, globalLag } = answer;
  return {
    ok: true,
    writable: answer.writable === true,
    ...(heartbeat ? { heartbeatAgeSeconds: heartbeat.ageSeconds } : {}),
    ...(globalLag ? { globalLag: { rpoLagSeconds: globalLag.rpoLagMs / 1000, calculatedSecondsAgo: globalLag.calculatedSecondsAgo } } : {}),
    primary: peer.reachable ? { reachable: true } : { reachable: false, cause: `${peer.cause}: ${peer.message}` },
  };
}
