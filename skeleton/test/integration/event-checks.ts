/** Decision of the EventBridge integration check (see checks.ts for the pattern). */

/** CloudWatch Logs FilterLogEvents on the secondary's log group: the event with `marker` arrived. */
export function eventArrivalProblems(messages: readonly (string | undefined)[], marker: string): string[] {
  const arrived = messages.some((message) => {
    try {
      return (JSON.parse(message ?? '') as { detail?: { marker?: string } }).detail?.marker === marker;
    } catch {
      return false;
    }
  });
  return arrived ? [] : [`the event ${marker} has not reached the secondary region's log group`];
}
