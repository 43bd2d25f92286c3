import { REMIND_EVERY_SECONDS, readOrchestratorConfig } from '../../lambda/orchestrator/config';
import { ENV } from './fixtures';

describe('readOrchestratorConfig', () => {
  it('reads the settings and targets the Pulumi program sets', () => {
    expect(readOrchestratorConfig(ENV)).toEqual({
      config: {
        settings: {
          mode: 'automatic', globalClusterId: 'aurora-global-prod', secondaryClusterArn: ENV.SECONDARY_CLUSTER_ARN, secondaryRegion: 'eu-west-1',
          staleAfterSeconds: 65, confirmationSeconds: 30, intervalSeconds: 60, remindEverySeconds: REMIND_EVERY_SECONDS,
        },
        targets: { primaryRegion: 'us-east-1', primaryAlarmName: ENV.PRIMARY_ALARM_NAME, secondaryCanaryFunction: ENV.SECONDARY_CANARY_FUNCTION, topicArn: ENV.TOPIC_ARN },
      },
    });
  });

  it('names every problem at once: missing variables, bad numbers, an unknown mode', () => {
    expect(readOrchestratorConfig({ ...ENV, TOPIC_ARN: ' ', FAILOVER_MODE: 'auto', CONFIRMATION_SECONDS: '-1', STALE_AFTER_SECONDS: 'x' })).toEqual({
      problems: [
        'FAILOVER_MODE "auto" is neither "automatic" nor "manual"',
        'STALE_AFTER_SECONDS "x" is not a whole number of seconds ≥ 1',
        'CONFIRMATION_SECONDS "-1" is not a whole number of seconds ≥ 0',
        'TOPIC_ARN is not set',
      ],
    });
  });
});
