import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Side } from './regions';

/** Events whose `source` starts with this are the application's, and are forwarded. */
export const APPLICATION_EVENT_SOURCE_PREFIX = 'app.';
export const APPLICATION_EVENT_PATTERN = { source: [{ prefix: APPLICATION_EVENT_SOURCE_PREFIX }] };
export const EVENT_LOG_RETENTION_DAYS = 30;

export interface EventForwardingArgs {
  readonly primary: Side;
  readonly secondary: Side;
  /** IAM is global: the forwarding role lives on this side. */
  readonly global: Side;
  readonly accountId: pulumi.Input<string>;
  /** Key of the secondary region: encrypts the log group the forwarded events land in. */
  readonly secondaryKeyArn: pulumi.Input<string>;
}

/**
 * An application event bus in each region. Application events put on the primary bus are forwarded
 * to the secondary bus (a rule with a cross-region target and its role; the secondary bus's policy
 * admits them), and a rule on the secondary bus writes them to a log group, where they can be seen.
 */
export class EventForwarding extends pulumi.ComponentResource {
  public readonly primaryBusArn: pulumi.Output<string>;
  public readonly primaryBusName: pulumi.Output<string>;
  public readonly secondaryBusArn: pulumi.Output<string>;
  public readonly secondaryBusName: pulumi.Output<string>;
  public readonly secondaryLogGroupName: pulumi.Output<string>;

  constructor(name: string, args: EventForwardingArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:EventForwarding', name, {}, opts);
    const { primary, secondary, global } = args;
    const at = (side: Side) => ({ parent: this, provider: side.provider });

    const bus = (side: Side) => new aws.cloudwatch.EventBus(`${name}-${side.role}-bus`, {
      name: side.name('eventBus', 'events', 'app'),
      description: `Application events (${side.role} region)`,
    }, at(side));
    const primaryBus = bus(primary);
    const secondaryBus = bus(secondary);

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
    new aws.iam.RolePolicy(`${name}-role-policy`, {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'PutOnSecondaryBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: secondaryBus.arn }],
      }),
    }, at(global));

    // Same account, but the requirement asks the DR bus to say whom it accepts: only the forwarding role.
    const busPolicy = new aws.cloudwatch.EventBusPolicy(`${name}-secondary-bus-policy`, {
      eventBusName: secondaryBus.name,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'AcceptForwardedEvents', Effect: 'Allow', Principal: { AWS: role.arn }, Action: 'events:PutEvents', Resource: secondaryBus.arn }],
      }),
    }, at(secondary));

    const forward = new aws.cloudwatch.EventRule(`${name}-forward`, {
      name: primary.name('eventRule', 'events', 'forward'),
      description: `Forwards application events (source ${APPLICATION_EVENT_SOURCE_PREFIX}*) to the ${secondary.region} bus`,
      eventBusName: primaryBus.name,
      eventPattern: JSON.stringify(APPLICATION_EVENT_PATTERN),
    }, at(primary));
    new aws.cloudwatch.EventTarget(`${name}-forward-target`, {
      rule: forward.name,
      eventBusName: primaryBus.name,
      arn: secondaryBus.arn,
      roleArn: role.arn,
    }, { ...at(primary), dependsOn: [busPolicy] });

    // EventBridge writes to CloudWatch Logs only into groups under /aws/events/.
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-received`, {
      name: `/aws/events/${secondary.name('logGroup', 'events', 'received')}`,
      retentionInDays: EVENT_LOG_RETENTION_DAYS,
      kmsKeyId: args.secondaryKeyArn,
    }, at(secondary));
    new aws.cloudwatch.LogResourcePolicy(`${name}-received-policy`, {
      policyName: secondary.name('logGroup', 'events', 'to-logs'),
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
    }, at(secondary));
    const received = new aws.cloudwatch.EventRule(`${name}-received`, {
      name: secondary.name('eventRule', 'events', 'received'),
      description: 'Keeps application events that reach this region in a log group',
      eventBusName: secondaryBus.name,
      eventPattern: JSON.stringify(APPLICATION_EVENT_PATTERN),
    }, at(secondary));
    new aws.cloudwatch.EventTarget(`${name}-received-target`, {
      rule: received.name,
      eventBusName: secondaryBus.name,
      arn: logGroup.arn,
    }, at(secondary));

    this.primaryBusArn = primaryBus.arn;
    this.primaryBusName = primaryBus.name;
    this.secondaryBusArn = secondaryBus.arn;
    this.secondaryBusName = secondaryBus.name;
    this.secondaryLogGroupName = logGroup.name;
    this.registerOutputs({ primaryBusArn: this.primaryBusArn, secondaryBusArn: this.secondaryBusArn, secondaryLogGroupName: this.secondaryLogGroupName });
  }
}
