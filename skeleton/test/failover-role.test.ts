import * as pulumi from '@pulumi/pulumi';
import { NAME_LIMITS } from '../lib/config/aws-facts';
import { FailoverRole } from '../lib/failover-role';
import { list, only, runComponents, sharedRuns, statements } from './helpers/components';
import { MOCK_ACCOUNT } from '../scripts/offline/aws-mocks';

const GLOBAL_CLUSTER = `arn:aws:rds::${MOCK_ACCOUNT}:global-cluster:aurora-global-prod`;
const PRIMARY_CLUSTER = `arn:aws:rds:us-east-1:${MOCK_ACCOUNT}:cluster:aurora-cluster-us-east-1-prod`;
const SECONDARY_CLUSTER = `arn:aws:rds:eu-west-1:${MOCK_ACCOUNT}:cluster:aurora-cluster-eu-west-1-prod`;

const failoverRole = sharedRuns(async () => {
  const run = await runComponents({ primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'prod' }, ({ sides, root }) => {
    const role = new FailoverRole('failover', {
      side: sides.global,
      accountId: MOCK_ACCOUNT,
      globalClusterArn: GLOBAL_CLUSTER,
      memberClusterArns: [PRIMARY_CLUSTER, pulumi.output(SECONDARY_CLUSTER)],
    }, { parent: root });
    return { roleArn: role.roleArn, roleName: role.roleName };
  });
  return { run, only: (type: string) => only(run, type) };
});

describe('FailoverRole', () => {
  it('is one global role, named with the primary region and the suffix, within the IAM limit', async () => {
    const { only } = await failoverRole();
    const role = only('aws:iam/role:Role');
    expect(role).toMatchObject({ provider: 'aws-global', parent: 'tap:dr:FailoverRole::failover' });
    expect(role.inputs.name).toBe('iam-failover-us-east-1-prod');
    expect(String(role.inputs.name).length).toBeLessThanOrEqual(NAME_LIMITS.iamRole);
  });

  it('can be assumed by Lambda of this account only (the orchestrator), not by SSM or anyone else', async () => {
    const { only } = await failoverRole();
    expect(statements(only('aws:iam/role:Role').inputs.assumeRolePolicy)).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': MOCK_ACCOUNT } },
    }]);
  });

  it('may describe and fail over this global database and its two clusters, and nothing else: no switchover, no DNS', async () => {
    const { only } = await failoverRole();
    const databaseArns = [GLOBAL_CLUSTER, PRIMARY_CLUSTER, SECONDARY_CLUSTER];
    expect(statements(only('aws:iam/rolePolicy:RolePolicy').inputs.policy)).toEqual([
      { Sid: 'FailOverThisGlobalDatabase', Effect: 'Allow', Action: 'rds:FailoverGlobalCluster', Resource: databaseArns },
      { Sid: 'DescribeThisGlobalDatabase', Effect: 'Allow', Action: 'rds:DescribeGlobalClusters', Resource: databaseArns },
    ]);
  });

  it('grants no wildcard action and no unscoped resource', async () => {
    const { only } = await failoverRole();
    const policy = only('aws:iam/rolePolicy:RolePolicy');
    expect(policy).toMatchObject({ provider: 'aws-global', parent: 'tap:dr:FailoverRole::failover' });
    expect(policy.inputs.name).toBe('iam-failover-us-east-1-prod');
    const granted = statements(policy.inputs.policy);
    expect(granted).toHaveLength(2);
    for (const statement of granted) {
      for (const action of list(statement.Action)) expect(action).not.toContain('*');
      for (const resource of list(statement.Resource)) expect(resource).not.toBe('*');
    }
  });

  it('outputs the role ARN and name', async () => {
    const { run } = await failoverRole();
    expect(run.outputs).toEqual({ roleArn: `arn:aws:iam::${MOCK_ACCOUNT}:role/iam-failover-us-east-1-prod`, roleName: 'iam-failover-us-east-1-prod' });
  });
});
