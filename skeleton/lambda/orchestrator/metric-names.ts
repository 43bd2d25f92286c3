// Names of the orchestrator's metrics, shared by its handler (which publishes them) and the Pulumi
// program's alarms on them (lib/orchestrator-alarms.ts). No imports: the program loads this file too.

/** Count metric of every probe, with the dimension `decision` = the outcome. */
export const DECISION_METRIC = 'FailoverDecision';
/**
 * Count metric of every probe under the `service` dimension only: the alarm that watches the
 * orchestrator itself fires when it stops, whatever the outcomes were.
 */
export const DECISIONS_RECORDED_METRIC = 'DecisionsRecorded';
/** Seconds, per probe: what the decision weighed (lambda/orchestrator/orchestrate.ts DecisionFigures). */
export const FIGURE_METRICS = {
  heartbeatAgeSeconds: 'HeartbeatAgeSeconds',
  unreachableSeconds: 'PrimaryUnreachableSeconds',
  estimatedLossSeconds: 'EstimatedLossSeconds',
  windowSeconds: 'ConfirmationWindowSeconds',
} as const;
