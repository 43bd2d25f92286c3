import type { AnswersInput } from '../../skeleton/lib/config/answers-schema';

export interface Preset {
  readonly title: string;
  readonly description: string;
  /** The requirement document the preset reproduces, relative to this package's docs. */
  readonly source: string;
  readonly answers: AnswersInput;
}

/**
 * The two reference scenarios. Each value is an answer the requirement document states (quoted in
 * the comment) or, where the document is silent, the choice its targets imply.
 */
export const PRESETS = {
  trading: {
    title: 'Trading platform',
    description: 'us-east-1 → eu-west-1, RPO < 1 min, RTO < 5 min, automatic failover, deletion protection on.',
    source: 'trading-platform-dr.md',
    answers: {
      name: 'trading-platform-dr',
      // "primary cluster in us-east-1 and secondary in eu-west-1"
      primaryRegion: 'us-east-1',
      secondaryRegion: 'eu-west-1',
      // Silent on the engine; PostgreSQL lets rds.global_db_rpo enforce the RPO on commit.
      engine: 'aurora-postgresql',
      // "Use r6g.large instance type for Aurora clusters"
      instanceClass: 'db.r6g.large',
      // A replica in each cluster keeps an instance failure inside one region well under the 5-min RTO.
      instancesPerCluster: 2,
      // "Configure automatic backups with 7-day retention"
      backupRetentionDays: 7,
      // "RPO target: Under 1 minute", "RTO target: Under 5 minutes"
      rpoTargetSeconds: 60,
      rtoTargetSeconds: 300,
      // "CloudWatch alarms for replication lag exceeding 5 seconds"
      replicationLagAlarmSeconds: 5,
      primaryVpcCidr: '10.0.0.0/16',
      secondaryVpcCidr: '10.1.0.0/16',
      azCount: 3,
      // Silent on NAT; nothing of the stack goes through one (the functions in the VPC reach the databases and the Secrets Manager endpoint).
      natGatewayCount: 0,
      cloudWatchEndpoints: false,
      appTier: false,
      eventBridge: false,
      dashboard: false,
      // "automatic failover capabilities"
      failoverMode: 'automatic',
      // The primary must stay unreachable from eu-west-1 this long, with us-east-1's RDS API not answering
      // either (the region is down), before a failover that allows data loss: the region-down RTO budget
      // stays within 120 s (issue 13). While that API answers, the orchestrator holds during an in-region
      // failover and otherwise waits the slow window (180 s: the primary's own alarm), which still fits
      // the 5-minute target.
      failoverConfirmationSeconds: 20,
      domainName: 'trading-dr.internal',
      // "lifecycle policies to retain backups for exactly 30 days"
      backupRetentionS3Days: 30,
      // "Enable deletion protection on production resources but allow programmatic override"
      deletionProtection: true,
      lambdaRuntime: 'nodejs22.x',
      // "Tag all resources with Environment=production and DisasterRecovery=enabled" (the stack sets DisasterRecovery)
      tags: { Environment: 'production' },
    },
  },
  healthcare: {
    title: 'Healthcare SaaS',
    description: 'us-east-1 → us-west-2, RPO/RTO 15 min, ALB + /health, EventBridge, dashboard, destroyable.',
    source: 'healthcare-saas-dr.md',
    answers: {
      name: 'healthcare-saas-dr',
      // Pulumi.dev.yaml in the document: "TapStack:environmentSuffix: synthj5p6r0e5"
      environmentSuffix: 'synthj5p6r0e5',
      stack: 'dev',
      // "spanning us-east-1 (primary) and us-west-2 (DR)"
      primaryRegion: 'us-east-1',
      secondaryRegion: 'us-west-2',
      // "Use PostgreSQL version 14.6 or later"
      engine: 'aurora-postgresql',
      // "Current: db.r5.large instances" (db.t4g.medium, also mentioned, cannot join a global database)
      instanceClass: 'db.r5.large',
      // The document's cost figure (~$525/month) is one instance per cluster, but a lone writer lost with its
      // AZ is not recreated elsewhere (aws-facts IN_REGION_RECOVERY_SECONDS): the cluster waits for the AZ,
      // and the orchestrator pages instead of failing over. A reader in another AZ fails over in-region in
      // about a minute, so patient data stays writable through an AZ outage. Set 1 to trade that for cost.
      instancesPerCluster: 2,
      // Silent on the number of days; 7 is the template's production floor.
      backupRetentionDays: 7,
      // "strict RPO and RTO requirements of 15 minutes"
      rpoTargetSeconds: 900,
      rtoTargetSeconds: 900,
      replicationLagAlarmSeconds: 60,
      // "10.0.0.0/16 for us-east-1, 10.1.0.0/16 for us-west-2"
      primaryVpcCidr: '10.0.0.0/16',
      secondaryVpcCidr: '10.1.0.0/16',
      // "private subnets across 3 availability zones"
      azCount: 3,
      // "Make instance class and NAT Gateway count configurable", "Consider: Use VPC endpoints for AWS services to
      // reduce NAT Gateway dependency": the Secrets Manager endpoint carries the stack's only AWS call from the VPC, so none.
      natGatewayCount: 0,
      // Lambda ships the functions' logs and metrics itself, outside the VPC: no CloudWatch endpoints needed.
      cloudWatchEndpoints: false,
      // ALB + Lambda /health, EventBridge forwarding, dashboard with alarms
      appTier: true,
      // "Proper VPC integration for Lambda functions"
      appLambdaInVpc: true,
      // "30-second health check intervals with 3 failure threshold"
      healthCheckIntervalSeconds: 30,
      healthCheckFailureThreshold: 3,
      eventBridge: true,
      dashboard: true,
      // "automatically fail over if the primary region goes down"
      failoverMode: 'automatic',
      // The slow path's own window (the primary alarm's delay): a partition that cuts us-west-2 off looks like
      // us-east-1 down, and patient data written meanwhile would be lost, so the fast path waits as long as the
      // slow one; the worst case still fits the 15-minute RTO with room (see the budget). (With
      // instancesPerCluster 1 the window must exceed 600 s, Aurora recreating a lone writer.)
      failoverConfirmationSeconds: 180,
      // Private zone of the database record db.<zone>. The application's public zone (publicDomainName)
      // must be a domain the team controls: no preset can know it, so every front end asks for it.
      domainName: 'healthcare-dr.internal',
      backupRetentionS3Days: 30,
      // "deletionProtection: false", "skipFinalSnapshot: true"
      deletionProtection: false,
      lambdaRuntime: 'nodejs22.x',
      tags: {},
    },
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as string[]).includes(name);
}
