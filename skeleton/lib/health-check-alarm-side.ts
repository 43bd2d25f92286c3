import type * as pulumi from '@pulumi/pulumi';
import type { Answers } from './config/answers-schema';
import { accountAdministers, publishersUseKey, type KeyPolicy, type KeyUse } from './encryption';
import { createSide, type Side } from './regions';

/**
 * Where the Route 53 health-check alarms go when neither region of the pair is us-east-1, the only
 * region where Route 53 publishes health-check metrics. Rendered with the application tier and the
 * dashboard together: the checks come from the one, the alarms from the other.
 */

/** Name of the provider of `healthCheckAlarmSide`; the preview tree and the diagram show it as the role of us-east-1. */
export const HEALTH_CHECK_ALARMS_PROVIDER = 'aws-health-check-alarms';

/**
 * A fourth side, in `region` (us-east-1), for the health-check alarms and their topic. Tagged
 * `DR-Role: global`: like the Route 53 health checks it watches, it serves both sides and belongs to
 * neither, and it must keep working when either region is down. Its names carry its own region,
 * us-east-1, because its resources (key, topic, alarms) live there.
 */
export function healthCheckAlarmSide(answers: Answers, region: string, parent: pulumi.Resource): Side {
  return createSide(answers, 'global', region, parent, HEALTH_CHECK_ALARMS_PROVIDER);
}

/**
 * The key policy of the health-check alarm topic's key: administered like the others, used only by
 * CloudWatch alarms publishing to the topic (no RDS events: no database lives in that region).
 * CloudWatch cannot publish to a topic encrypted with the AWS managed `aws/sns` key, hence a key of our own.
 */
export function healthCheckAlarmKeyPolicy(region: string, accountId: string): KeyPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      accountAdministers(accountId),
      publishersUseKey('AlarmNotifications', ['cloudwatch.amazonaws.com'], region, accountId),
    ],
  };
}

/** The key of the health-check alarm topic (RegionKey `use`). */
export const HEALTH_CHECK_ALARM_KEY: KeyUse = {
  purpose: 'r53-alarms',
  description: (side) => `Topic of the Route 53 health-check alarms in ${side.region}, where Route 53 publishes the checks' metrics`,
  policy: healthCheckAlarmKeyPolicy,
};
