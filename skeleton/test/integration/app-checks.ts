/** Decisions of the application tier's integration checks (see checks.ts for the pattern). */

/** GET /health: 200 with the ALB-compatible JSON body naming the expected region. */
export function healthResponseProblems(status: number, body: string, expectedRegion: string): string[] {
  if (status !== 200) return [`/health answered ${status}, not 200`];
  let parsed: { status?: unknown; region?: unknown; timestamp?: unknown };
  try {
    parsed = JSON.parse(body);
  } catch {
    return [`/health answered something that is not JSON: ${body.slice(0, 80)}`];
  }
  const problems: string[] = [];
  if (parsed.status !== 'healthy') problems.push(`/health says status ${String(parsed.status)}, not healthy`);
  if (parsed.region !== expectedRegion) problems.push(`/health answered from ${String(parsed.region)}, not ${expectedRegion}`);
  if (typeof parsed.timestamp !== 'string' || Number.isNaN(Date.parse(parsed.timestamp))) problems.push('/health gives no ISO timestamp');
  return problems;
}

export interface HealthCheckObservation {
  readonly Region?: string;
  readonly StatusReport?: { readonly Status?: string };
}

/**
 * Route 53 GetHealthCheckStatus: healthy when more than half of the checkers report success, as
 * Route 53 itself decides ("Success: HTTP Status Code 200, OK").
 */
export function healthCheckProblems(id: string, observations: readonly HealthCheckObservation[] | undefined): string[] {
  const list = observations ?? [];
  if (list.length === 0) return [`health check ${id} has no observations yet`];
  const ok = list.filter((o) => o.StatusReport?.Status?.startsWith('Success')).length;
  return ok * 2 > list.length ? [] : [`health check ${id}: ${ok} of ${list.length} checkers see it healthy`];
}
