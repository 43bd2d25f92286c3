import { LAG_EVIDENCE_MAX_AGE_SECONDS, REMIND_EVERY_SECONDS, readOrchestratorConfig } from '../../lambda/orchestrator/config';
import { ENV, SETTINGS } from './fixtures';

describe('readOrchestratorConfig', () => {
  it('reads the settings and targets the Pulumi program sets', () => {
    expect(readOrchestratorConfig({ ...ENV, PROBE_WINDOW_SECONDS: '70' })).toEqual({
      config: {
        settings: { ...SETTINGS, remindEverySeconds: REMIND_EVERY_SECONDS, lagEvidenceMaxAgeSeconds: LAG_EVIDENCE_MAX_AGE_SECONDS },
        targets: {
          primaryRegion: 'us-east-1', primaryAlarmName: ENV.PRIMARY_ALARM_NAME, primaryClusterArn: ENV.PRIMARY_CLUSTER_ARN, secondaryCanaryFunction: ENV.SECONDARY_CANARY_FUNCTION,
          secondaryClusterId: 'aurora-cluster-eu-west-1-prod', topicArn: ENV.TOPIC_ARN, stateTable: ENV.STATE_TABLE,
        },
        windowMs: 70_000,
      },
    });
  });

  it('names every problem at once: missing variables, bad numbers, an unknown mode', () => {
    expect(readOrchestratorConfig({ ...ENV, TOPIC_ARN: ' ', FAILOVER_MODE: 'auto', CONFIRMATION_SECONDS: '-1', STALE_AFTER_SECONDS: 'x', RPO_BUDGET_SECONDS: '0', STATE_TABLE: undefined, INSTANCES_PER_CLUSTER: '0' })).toEqual({
      problems: [
        'FAILOVER_MODE "auto" is neither "automatic" nor "manual"',
        'CONFIRMATION_SECONDS "-1" is not a whole number of seconds ≥ 0',
        'INSTANCES_PER_CLUSTER "0" is not a whole number ≥ 1',
        'STALE_AFTER_SECONDS "x" is not a whole number of seconds ≥ 1',
        'RPO_BUDGET_SECONDS "0" is not a whole number of seconds ≥ 1',
        'TOPIC_ARN is not set',
        'STATE_TABLE is not set',
      ],
    });
  });
});

describe('readOrchestratorConfig: the slow-path window', () => {
  it('outlasts the primary alarm with replicas, and a lone writer\'s recreation with one instance', () => {
    const with2 = readOrchestratorConfig(ENV);
    const with1 = readOrchestratorConfig({ ...ENV, INSTANCES_PER_CLUSTER: '1', CONFIRMATION_SECONDS: '660' });
    expect('config' in with2 && with2.config.settings).toMatchObject({ confirmationSeconds: 20, slowConfirmationSeconds: 180, inRegionRecoverySeconds: 60 });
    expect('config' in with1 && with1.config.settings).toMatchObject({ confirmationSeconds: 660, slowConfirmationSeconds: 660, inRegionRecoverySeconds: 600 });
    // A page loses no data: with failoverMode manual the slow path waits for the primary alarm only.
    const manual = readOrchestratorConfig({ ...ENV, FAILOVER_MODE: 'manual', INSTANCES_PER_CLUSTER: '1', CONFIRMATION_SECONDS: '60' });
    expect('config' in manual && manual.config.settings).toMatchObject({ slowConfirmationSeconds: 180 });
  });
});
