/** Decisions of the EventBridge integration check (see checks.ts for the pattern). */

/** The copies of the event with `marker` among a log group's messages (FilterLogEvents), as EventBridge wrote them. */
function copiesOf(messages: readonly (string | undefined)[], marker: string): Array<{ region?: string }> {
  return messages.flatMap((message) => {
    try {
      const event = JSON.parse(message ?? '') as { region?: string; detail?: { marker?: string } };
      return event.detail?.marker === marker ? [event] : [];
    } catch {
      return [];
    }
  });
}

/**
 * The event with `marker`, put on the bus of `origin`, arrived in `destination`'s log group, still
 * naming `origin` as the Region it originated in (what keeps the forward rules from sending it back).
 */
export function eventArrivalProblems(messages: readonly (string | undefined)[], marker: string, origin: string, destination: string): string[] {
  const [copy] = copiesOf(messages, marker);
  if (!copy) return [`the event ${marker} put in ${origin} has not reached the log group in ${destination}`];
  if (copy.region !== origin) return [`the event ${marker} reached ${destination} naming ${String(copy.region)} as its region, not ${origin} where it was put: the forward rule in ${destination} would send it back`];
  return [];
}

/** The event with `marker` is in its own region's log group once: it was not forwarded back. */
export function eventReturnProblems(messages: readonly (string | undefined)[], marker: string, origin: string): string[] {
  const copies = copiesOf(messages, marker).length;
  return copies === 1 ? [] : [`the event ${marker} is in the log group of ${origin}, where it was put, ${copies} times; once is right (${copies === 0 ? 'it was not kept there' : 'it came back'})`];
}
