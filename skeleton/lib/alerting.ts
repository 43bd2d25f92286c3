import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Side } from './regions';

/**
 * RDS events that matter for a global database, by the source type and category they can be
 * subscribed through (RDS filters by category, not by event ID). Source: "Amazon RDS event
 * categories and event messages for Aurora", Amazon Aurora User Guide
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_Events.Messages.html).
 */
export const GLOBAL_DATABASE_EVENTS = [
  {
    purpose: 'global-failover',
    // DB cluster events, category "global-failover": RDS-EVENT-0238/0239 (global failover completed /
    // failed), also switchover progress (0181–0187, 0423), resynchronization (0240/0241) and the
    // global writer endpoint moving (0397).
    sourceType: 'db-cluster',
    eventCategories: ['global-failover'],
  },
  {
    purpose: 'write-fencing',
    // DB instance events RDS-EVENT-0390/0391 (blocking writes before a switchover or failover
    // succeeded / timed out). The table lists them as "notification, global database"; only
    // "notification" is a category name confirmed for subscriptions, so it is used, and it also
    // brings other instance notifications (stopped, started, topology changes).
    sourceType: 'db-instance',
    eventCategories: ['notification'],
  },
] as const;

export interface AlertingArgs {
  readonly side: Side;
  /** Key of this region; the topic is encrypted with it. */
  readonly keyArn: pulumi.Input<string>;
  /** Subscribed to the topic when given; AWS mails a confirmation link first. */
  readonly alarmEmail?: string;
  /**
   * Whether RDS global-database events of the region go to the topic (default true). Off for the
   * health-check alarm topic in us-east-1 when no database lives there.
   */
  readonly rdsEvents?: boolean;
  /** Purpose in the topic's name; default `alarms`. */
  readonly purpose?: string;
}

/**
 * The alarm topic of one region: CloudWatch alarms and RDS global-database events of every DB
 * cluster and instance in the region publish to it. With `rdsEvents: false`, only CloudWatch alarms.
 */
export class Alerting extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:Alerting', name, {}, opts);
    const { side } = args;
    const resourceOpts = { parent: this, provider: side.provider };
    const rdsEvents = args.rdsEvents ?? true;

    const topic = new aws.sns.Topic(`${name}-topic`, {
      name: side.name('snsTopic', 'sns', args.purpose ?? 'alarms'),
      kmsMasterKeyId: args.keyArn,
    }, resourceOpts);
    const accountId = topic.arn.apply((arn) => arn.split(':')[4]);

    new aws.sns.TopicPolicy(`${name}-topic-policy`, {
      arn: topic.arn,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [{
          Sid: rdsEvents ? 'AllowAlarmsAndRdsEvents' : 'AllowAlarms',
          Effect: 'Allow',
          Principal: { Service: rdsEvents ? ['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com'] : 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: topic.arn,
          Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
        }],
      }),
    }, resourceOpts);

    if (args.alarmEmail) {
      new aws.sns.TopicSubscription(`${name}-email`, {
        topic: topic.arn,
        protocol: 'email',
        endpoint: args.alarmEmail,
      }, resourceOpts);
    }

    for (const events of rdsEvents ? GLOBAL_DATABASE_EVENTS : []) {
      new aws.rds.EventSubscription(`${name}-${events.purpose}`, {
        name: side.name('rdsEventSubscription', 'rds', events.purpose),
        snsTopic: topic.arn,
        sourceType: events.sourceType,
        eventCategories: [...events.eventCategories],
      }, resourceOpts);
    }

    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
