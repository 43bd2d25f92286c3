/**
 * The IAM actions each `npm run dr:*` command calls. The commands run with the operator's own AWS
 * credentials, not the stack's failover role (only the orchestrator Lambda may assume that one), so
 * CloudTrail names the person who switched over or failed over. Grant these to the people, or the
 * role they assume, who run the runbook. The README lists them; test/dr/operator-permissions.test.ts
 * checks them against the calls each command makes (and that every command of runbook.ts is listed;
 * this file imports nothing, so the generator can render the README from it).
 */
export const OPERATOR_ACTIONS = {
  status: ['rds:DescribeGlobalClusters', 'cloudwatch:GetMetricStatistics', 'cloudwatch:DescribeAlarms', 'sns:ListSubscriptionsByTopic', 'route53:ListResourceRecordSets', 'route53:GetHealthCheckStatus'],
  switchover: ['rds:DescribeGlobalClusters', 'rds:SwitchoverGlobalCluster'],
  failover: ['rds:DescribeGlobalClusters', 'rds:FailoverGlobalCluster'],
  failback: ['rds:DescribeGlobalClusters', 'rds:SwitchoverGlobalCluster'],
  // dr:relax reads where the writer is: the bound it lifts or restores is the writer's.
  relax: ['rds:DescribeGlobalClusters', 'rds:DescribeDBClusterParameters', 'rds:ResetDBClusterParameterGroup', 'rds:ModifyDBClusterParameterGroup'],
  // The drill commits its markers through the canaries (InvokeFunction), and reads the lag between switchovers.
  drill: ['rds:DescribeGlobalClusters', 'rds:SwitchoverGlobalCluster', 'cloudwatch:GetMetricStatistics', 'lambda:InvokeFunction'],
} as const satisfies Readonly<Record<string, readonly string[]>>;
