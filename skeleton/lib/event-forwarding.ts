import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { EVENT_ORIGIN_FIELD } from './config/aws-facts';
import type { Side } from './regions';

/** Events whose `source` starts with this are the application's, and are forwarded. */
export const APPLICATION_EVENT_SOURCE_PREFIX = 'app.';
export const APPLICATION_EVENT_PATTERN = { source: [{ prefix: APPLICATION_EVENT_SOURCE_PREFIX }] };
export const EVENT_LOG_RETENTION_DAYS = 30;

/**
 * The application events a forward rule in `region` sends to the other region: those that originated
 * in `region`. An event forwarded here from the other region names that region as its origin, so it
 * is never sent back (EVENT_ORIGIN_FIELD in lib/config/aws-facts.ts; policy rule event-forwarding-no-loop).
 */
export function originatedIn(region: string): Record<string, unknown> {
  return { ...APPLICATION_EVENT_PATTERN, [EVENT_ORIGIN_FIELD]: [region] };
}

export interface EventForwardingArgs {
  readonly primary: Side;
  readonly secondary: Side;
  /** IAM is global: the forwarding role lives on this side. */
  readonly global: Side;
  readonly accountId: pulumi.Input<string>;
  /** Key of each region: encrypts the log group of the events that reach it. */
  readonly primaryKeyArn: pulumi.Input<string>;
  readonly secondaryKeyArn: pulumi.Input<string>;
}

/** One region's bus and the log group of the application events that reach it. */
interface RegionBus {
  readonly side: Side;
  readonly bus: aws.cloudwatch.EventBus;
  readonly policy: aws.cloudwatch.EventBusPolicy;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

/**
 * An application event bus in each region, forwarding both ways: application events that originate on
 * either bus are sent to the other (a rule with a cross-region target and the forwarding role; the
 * receiving bus's policy admits only that role), so events reach both regions before and after a
 * failover, and a forwarded event is never sent back. On each bus a second rule keeps every
 * application event that reaches it (its own and forwarded ones) in a log group, where it can be seen.
 */
export class EventForwarding extends pulumi.ComponentResource {
  public readonly primaryBusArn: pulumi.Output<string>;
  public readonly primaryBusName: pulumi.Output<string>;
  public readonly secondaryBusArn: pulumi.Output<string>;
  public readonly secondaryBusName: pulumi.Output<string>;
  public readonly primaryLogGroupName: pulumi.Output<string>;
  public readonly secondaryLogGroupName: pulumi.Output<string>;

  constructor(name: string, args: EventForwardingArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:EventForwarding', name, {}, opts);
    const { primary, secondary, global } = args;
    const at = (side: Side) => ({ parent: this, provider: side.provider });
    // Names of the one-way version (primary to secondary only), so a stack deployed with it keeps these
    // resources, and the events log group its history, instead of replacing them.
    const formerly = (was: boolean, former: string) => (was ? { aliases: [{ name: `${name}-${former}` }] } : {});

    const role = new aws.iam.Role(`${name}-role`, {
      name: global.name('iamRole', 'iam', 'events-forward'),
      assumeRolePolicy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': args.accountId } },
        }],
      }),
    }, at(global));

    const regionBus = (side: Side, keyArn: pulumi.Input<string>): RegionBus => {
      const bus = new aws.cloudwatch.EventBus(`${name}-${side.role}-bus`, {
        name: side.name('eventBus', 'events', 'app'),
        description: `Application events (${side.role} region)`,
      }, at(side));
      // Same account, but the requirement asks each bus to say whom it accepts: only the forwarding role.
      const policy = new aws.cloudwatch.EventBusPolicy(`${name}-${side.role}-bus-policy`, {
        eventBusName: bus.name,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [{ Sid: 'AcceptForwardedEvents', Effect: 'Allow', Principal: { AWS: role.arn }, Action: 'events:PutEvents', Resource: bus.arn }],
        }),
      }, at(side));

      // EventBridge writes to CloudWatch Logs only into groups under /aws/events/.
      const logGroup = new aws.cloudwatch.LogGroup(`${name}-${side.role}-received`, {
        name: `/aws/events/${side.name('logGroup', 'events', 'received')}`,
        retentionInDays: EVENT_LOG_RETENTION_DAYS,
        kmsKeyId: keyArn,
      }, { ...at(side), ...formerly(side === secondary, 'received') });
      new aws.cloudwatch.LogResourcePolicy(`${name}-${side.role}-received-policy`, {
        policyName: side.name('logGroup', 'events', 'to-logs'),
        policyDocument: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [{
            Sid: 'EventBridgeWritesReceivedEvents',
            Effect: 'Allow',
            Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: pulumi.interpolate`${logGroup.arn}:*`,
          }],
        }),
      }, { ...at(side), ...formerly(side === secondary, 'received-policy') });
      const received = new aws.cloudwatch.EventRule(`${name}-${side.role}-received`, {
        name: side.name('eventRule', 'events', 'received'),
        description: 'Keeps the application events that reach this region, its own and forwarded ones, in a log group',
        eventBusName: bus.name,
        eventPattern: JSON.stringify(APPLICATION_EVENT_PATTERN),
      }, { ...at(side), ...formerly(side === secondary, 'received') });
      new aws.cloudwatch.EventTarget(`${name}-${side.role}-received-target`, {
        rule: received.name,
        eventBusName: bus.name,
        arn: logGroup.arn,
      }, { ...at(side), ...formerly(side === secondary, 'received-target') });
      return { side, bus, policy, logGroup };
    };
    const buses = { primary: regionBus(primary, args.primaryKeyArn), secondary: regionBus(secondary, args.secondaryKeyArn) };

    new aws.iam.RolePolicy(`${name}-role-policy`, {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'PutOnTheOtherRegionsBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: [buses.primary.bus.arn, buses.secondary.bus.arn] }],
      }),
    }, at(global));

    const forward = (from: RegionBus, to: RegionBus) => {
      const rule = new aws.cloudwatch.EventRule(`${name}-${from.side.role}-forward`, {
        name: from.side.name('eventRule', 'events', 'forward'),
        description: `Forwards application events (source ${APPLICATION_EVENT_SOURCE_PREFIX}*) that originated in ${from.side.region} to the ${to.side.region} bus`,
        eventBusName: from.bus.name,
        eventPattern: JSON.stringify(originatedIn(from.side.region)),
      }, { ...at(from.side), ...formerly(from.side === primary, 'forward') });
      new aws.cloudwatch.EventTarget(`${name}-${from.side.role}-forward-target`, {
        rule: rule.name,
        eventBusName: from.bus.name,
        arn: to.bus.arn,
        roleArn: role.arn,
      }, { ...at(from.side), dependsOn: [to.policy], ...formerly(from.side === primary, 'forward-target') });
    };
    forward(buses.primary, buses.secondary);
    forward(buses.secondary, buses.primary);

    this.primaryBusArn = buses.primary.bus.arn;
    this.primaryBusName = buses.primary.bus.name;
    this.secondaryBusArn = buses.secondary.bus.arn;
    this.secondaryBusName = buses.secondary.bus.name;
    this.primaryLogGroupName = buses.primary.logGroup.name;
    this.secondaryLogGroupName = buses.secondary.logGroup.name;
    this.registerOutputs({
      primaryBusArn: this.primaryBusArn,
      secondaryBusArn: this.secondaryBusArn,
      primaryLogGroupName: this.primaryLogGroupName,
      secondaryLogGroupName: this.secondaryLogGroupName,
    });
  }
}
