import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { lambdaExecutionTrust } from './lambda-execution-trust';
import type { Side } from './regions';

export interface FailoverRoleArgs {
  /** The global side: IAM roles are global, so the orchestrator in the secondary region can run as this one. */
  readonly side: Side;
  readonly accountId: pulumi.Input<string>;
  readonly globalClusterArn: pulumi.Input<string>;
  /** ARNs of the primary and secondary clusters of the global database. */
  readonly memberClusterArns: pulumi.Input<string>[];
}

/**
 * The role the failover orchestrator runs as. It may read this global database and fail it over, and
 * nothing else; the orchestrator adds its own reads, its logs and its notification topic
 * (lib/failover-orchestrator.ts). Every grant has a caller: test/least-privilege.test.ts pairs each
 * action with the code that calls it.
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
      description: 'Run by the failover orchestrator Lambda: reads and fails over the Aurora global database',
      // Only the orchestrator Lambda runs as this role. The runbook scripts (`npm run dr:*`) do not: a person
      // runs them with their own credentials, so CloudTrail names who switched over or failed over (README).
      assumeRolePolicy: lambdaExecutionTrust(args.accountId),
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
            Action: 'rds:FailoverGlobalCluster',
            Resource: databaseArns,
          },
          {
            // Resource types global-cluster and cluster ("Actions, resources, and condition keys for
            // Amazon RDS", Service Authorization Reference). Scoped to ARNs, the call must name the
            // global cluster (GlobalClusterIdentifier); an unfiltered list is denied.
            Sid: 'DescribeThisGlobalDatabase',
            Effect: 'Allow',
            Action: 'rds:DescribeGlobalClusters',
            Resource: databaseArns,
          },
        ],
      }),
    }, resourceOpts);

    this.roleArn = role.arn;
    this.roleName = role.name;
    this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
  }
}
