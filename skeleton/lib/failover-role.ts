import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Side } from './regions';

/** Services whose automation (Lambda functions, SSM Automation runbooks) runs the failover. */
export const FAILOVER_AUTOMATION_SERVICES = ['lambda.amazonaws.com', 'ssm.amazonaws.com'];

export interface FailoverRoleArgs {
  /** The global side: IAM roles are global, so automation in either region can assume this one. */
  readonly side: Side;
  readonly accountId: pulumi.Input<string>;
  readonly globalClusterArn: pulumi.Input<string>;
  /** ARNs of the primary and secondary clusters of the global database. */
  readonly memberClusterArns: pulumi.Input<string>[];
  readonly hostedZoneArn: pulumi.Input<string>;
}

/**
 * The role the failover automation runs as: it can fail over or switch over this global database
 * and repoint the failover records of this hosted zone, and nothing else. The failover orchestrator
 * (lib/failover-orchestrator.ts) runs as this role and adds the few reads and its notification topic.
 */
export class FailoverRole extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;
  public readonly roleName: pulumi.Output<string>;

  constructor(name: string, args: FailoverRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:FailoverRole', name, {}, opts);
    const { side } = args;
    const resourceOpts = { parent: this, provider: side.provider };
    const databaseArns = [args.globalClusterArn, ...args.memberClusterArns];

    const role = new aws.iam.Role(`${name}-role`, {
      name: side.name('iamRole', 'iam', 'failover'),
      description: 'Fails over the Aurora global database and its DNS records',
      assumeRolePolicy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: FAILOVER_AUTOMATION_SERVICES },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': args.accountId } },
        }],
      }),
    }, resourceOpts);

    new aws.iam.RolePolicy(`${name}-policy`, {
      name: side.name('iamPolicy', 'iam', 'failover'),
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'FailOverThisGlobalDatabase',
            Effect: 'Allow',
            Action: ['rds:FailoverGlobalCluster', 'rds:SwitchoverGlobalCluster'],
            Resource: databaseArns,
          },
          {
            // Resource types global-cluster and cluster ("Actions, resources, and condition keys for
            // Amazon RDS", Service Authorization Reference). Scoped to ARNs, the calls must name the
            // cluster (GlobalClusterIdentifier / DBClusterIdentifier); an unfiltered list is denied.
            Sid: 'DescribeThisGlobalDatabase',
            Effect: 'Allow',
            Action: ['rds:DescribeGlobalClusters', 'rds:DescribeDBClusters'],
            Resource: databaseArns,
          },
          {
            Sid: 'RepointFailoverRecords',
            Effect: 'Allow',
            Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
            Resource: args.hostedZoneArn,
          },
          {
            // Change IDs are only known once a change is submitted.
            Sid: 'WaitForRecordChanges',
            Effect: 'Allow',
            Action: 'route53:GetChange',
            Resource: 'arn:aws:route53:::change/*',
          },
        ],
      }),
    }, resourceOpts);

    this.roleArn = role.arn;
    this.roleName = role.name;
    this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
  }
}
