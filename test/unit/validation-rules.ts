import { MAX_SUFFIX_LENGTH } from '../../skeleton/lib/config/naming';

/** One rule: answers that break it, the field blamed, words of the reason, and answers that pass. */
export interface Rule {
  readonly rule: string;
  readonly bad: Record<string, unknown>;
  readonly field: string;
  readonly reason: RegExp;
  readonly good: Record<string, unknown>;
}

export const RULES: readonly Rule[] = [
  { rule: 'unknown region', bad: { primaryRegion: 'us-east-9' }, field: 'primaryRegion', reason: /not one of the allowed values/, good: { primaryRegion: 'us-east-2' } },
  { rule: 'primary = secondary', bad: { primaryRegion: 'eu-west-1', secondaryRegion: 'eu-west-1' }, field: 'secondaryRegion', reason: /same as the primary region/, good: { primaryRegion: 'eu-west-1', secondaryRegion: 'eu-central-1' } },
  { rule: 'region without global databases', bad: { secondaryRegion: 'ap-southeast-7' }, field: 'secondaryRegion', reason: /does not offer Aurora PostgreSQL global databases/, good: { secondaryRegion: 'ap-southeast-1' } },
  { rule: 'region without global databases for this engine', bad: { engine: 'aurora-postgresql', secondaryRegion: 'ca-west-1' }, field: 'secondaryRegion', reason: /does not offer Aurora PostgreSQL/, good: { engine: 'aurora-mysql', secondaryRegion: 'ca-west-1' } },
  { rule: 'engine version below the global-database minimum', bad: { engineVersion: '14.2' }, field: 'engineVersion', reason: /older than 14\.3/, good: { engineVersion: '14.6' } },
  { rule: 'engine version line without global databases', bad: { engineVersion: '11.9' }, field: 'engineVersion', reason: /release line .* that supports global databases/, good: { engineVersion: '15.4' } },
  { rule: 'engine version of the other engine', bad: { engine: 'aurora-mysql', engineVersion: '16.6' }, field: 'engineVersion', reason: /not a version string of Aurora MySQL/, good: { engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.05.2' } },
  { rule: 'MySQL version below the minimum', bad: { engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.03.1' }, field: 'engineVersion', reason: /older than 8\.0\.mysql_aurora\.3\.04\.0/, good: { engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.04.0' } },
  { rule: 'burstable instance class', bad: { instanceClass: 'db.t4g.medium' }, field: 'instanceClass', reason: /burstable class/, good: { instanceClass: 'db.r7g.xlarge' } },
  { rule: 'instance family not offered', bad: { instanceClass: 'db.m6g.large' }, field: 'instanceClass', reason: /not a memory-optimized family/, good: { instanceClass: 'db.r6i.large' } },
  { rule: 'instance size not offered', bad: { instanceClass: 'db.r6g.medium' }, field: 'instanceClass', reason: /size \(medium\)/, good: { instanceClass: 'db.r6g.2xlarge' } },
  { rule: 'malformed instance class', bad: { instanceClass: 'r6g.large' }, field: 'instanceClass', reason: /not an instance class/, good: { instanceClass: 'db.r6g.large' } },
  { rule: 'instance size the family does not offer', bad: { instanceClass: 'db.r6g.24xlarge' }, field: 'instanceClass', reason: /the r6g family does not offer/, good: { instanceClass: 'db.r6i.24xlarge' } },
  { rule: 'instance family newer than the engine version', bad: { instanceClass: 'db.r8g.large', engineVersion: '16.1' }, field: 'instanceClass', reason: /needs Aurora PostgreSQL 16\.3 or later/, good: { instanceClass: 'db.r8g.large', engineVersion: '16.3' } },
  { rule: 'empty instance class', bad: { instanceClass: '' }, field: 'instanceClass', reason: /not an instance class/, good: { instanceClass: 'db.r6g.large' } },
  { rule: 'serverless class', bad: { instanceClass: 'db.serverless' }, field: 'instanceClass', reason: /Aurora Serverless v2/, good: { instanceClass: 'db.r5.large' } },
  { rule: 'suffix with upper case or symbols', bad: { environmentSuffix: 'Prod_1' }, field: 'environmentSuffix', reason: /characters or a shape/, good: { environmentSuffix: 'prod1' } },
  { rule: 'suffix too long for the tightest name', bad: { environmentSuffix: 'a'.repeat(MAX_SUFFIX_LENGTH + 1) }, field: 'environmentSuffix', reason: /too long/, good: { environmentSuffix: 'a'.repeat(MAX_SUFFIX_LENGTH) } },
  { rule: 'empty suffix', bad: { environmentSuffix: '' }, field: 'environmentSuffix', reason: /too short/, good: { environmentSuffix: 'x' } },
  { rule: 'malformed CIDR', bad: { primaryVpcCidr: '10.0.0/16' }, field: 'primaryVpcCidr', reason: /not an IPv4 CIDR/, good: { primaryVpcCidr: '10.20.0.0/16' } },
  { rule: 'CIDR octet above 255', bad: { primaryVpcCidr: '10.300.0.0/16' }, field: 'primaryVpcCidr', reason: /octet above 255/, good: { primaryVpcCidr: '10.30.0.0/16' } },
  { rule: 'CIDR with host bits', bad: { secondaryVpcCidr: '10.1.0.1/16' }, field: 'secondaryVpcCidr', reason: /network address is 10\.1\.0\.0\/16/, good: { secondaryVpcCidr: '10.1.0.0/16' } },
  { rule: 'CIDR prefix out of VPC range', bad: { secondaryVpcCidr: '10.0.0.0/8' }, field: 'secondaryVpcCidr', reason: /prefix \/8/, good: { secondaryVpcCidr: '172.16.0.0/16' } },
  { rule: 'CIDR prefix above 32', bad: { secondaryVpcCidr: '10.1.0.0/33' }, field: 'secondaryVpcCidr', reason: /prefix length above 32/, good: { secondaryVpcCidr: '10.1.0.0/24' } },
  { rule: 'overlapping CIDRs', bad: { primaryVpcCidr: '10.0.0.0/16', secondaryVpcCidr: '10.0.128.0/17' }, field: 'secondaryVpcCidr', reason: /overlaps the primary VPC/, good: { primaryVpcCidr: '10.0.0.0/17', secondaryVpcCidr: '10.0.128.0/17' } },
  { rule: 'AZ count below 2', bad: { azCount: 1 }, field: 'azCount', reason: /too small/, good: { azCount: 2 } },
  { rule: 'AZ count above 3', bad: { azCount: 4 }, field: 'azCount', reason: /too large/, good: { azCount: 3 } },
  { rule: 'AZ count above what the region has', bad: { secondaryRegion: 'us-west-1', azCount: 3 }, field: 'azCount', reason: /2 Availability Zones of us-west-1/, good: { secondaryRegion: 'us-west-1', azCount: 2, natGatewayCount: 1 } },
  { rule: 'NAT count above AZ count', bad: { azCount: 2, natGatewayCount: 3 }, field: 'natGatewayCount', reason: /more than the AZ count \(2\)/, good: { azCount: 2, natGatewayCount: 2 } },
  { rule: 'negative NAT count', bad: { natGatewayCount: -1 }, field: 'natGatewayCount', reason: /too small/, good: { natGatewayCount: 0 } },
  { rule: 'backup retention below 1', bad: { backupRetentionDays: 0 }, field: 'backupRetentionDays', reason: /too small/, good: { backupRetentionDays: 1 } },
  { rule: 'backup retention above 35', bad: { backupRetentionDays: 36 }, field: 'backupRetentionDays', reason: /too large/, good: { backupRetentionDays: 35 } },
  { rule: 'backup retention not an integer', bad: { backupRetentionDays: 7.5 }, field: 'backupRetentionDays', reason: /not an integer|is a number/, good: { backupRetentionDays: 14 } },
  { rule: 'lag alarm not below the RPO target', bad: { rpoTargetSeconds: 60, replicationLagAlarmSeconds: 60 }, field: 'replicationLagAlarmSeconds', reason: /not below the RPO target \(60 s\)/, good: { rpoTargetSeconds: 60, replicationLagAlarmSeconds: 59 } },
  { rule: 'RTO target below the recovery budget', bad: { rtoTargetSeconds: 600 }, field: 'rtoTargetSeconds', reason: /below the worst-case recovery time of 810 s .*largest term is decision "on-call engineer runs the failover command[\s\S]*\| \*\*total\*\* \| misses the 600 s target by 210 s \| \*\*810\*\* \|/, good: { rtoTargetSeconds: 600, failoverMode: 'automatic' } },
  { rule: 'automatic failover with a window too long for the RTO', bad: { rtoTargetSeconds: 300, failoverMode: 'automatic', replicationLagAlarmSeconds: 5, failoverConfirmationSeconds: 120 }, field: 'rtoTargetSeconds', reason: /worst-case recovery time of 335 s[\s\S]*confirmation window[^|]*\| 120 \|/, good: { rtoTargetSeconds: 300, failoverMode: 'automatic', replicationLagAlarmSeconds: 5, failoverConfirmationSeconds: 30 } },
  { rule: 'PostgreSQL RPO target below what rds.global_db_rpo can bound', bad: { rpoTargetSeconds: 15, replicationLagAlarmSeconds: 5 }, field: 'rpoTargetSeconds', reason: /worst-case data loss of 20 s[\s\S]*rds\.global_db_rpo[^|]*\| 20 \|/, good: { rpoTargetSeconds: 40, replicationLagAlarmSeconds: 5 } },
  { rule: 'confirmation window above an hour', bad: { failoverConfirmationSeconds: 3601 }, field: 'failoverConfirmationSeconds', reason: /too large/, good: { failoverConfirmationSeconds: 0 } },
  { rule: 'malformed e-mail', bad: { alarmEmail: 'oncall-at-example.com' }, field: 'alarmEmail', reason: /not a valid email/, good: { alarmEmail: 'oncall@example.com' } },
  { rule: 'zone name with one label', bad: { domainName: 'localhost' }, field: 'domainName', reason: /is not a valid DNS zone name/, good: { domainName: 'db.example.com' } },
  { rule: 'zone name with bad characters', bad: { domainName: 'dr_zone.example.com' }, field: 'domainName', reason: /is not a valid DNS zone name/, good: { domainName: 'dr-zone.example.com' } },
  { rule: 'zone name with a label over 63 characters', bad: { domainName: `${'a'.repeat(64)}.com` }, field: 'domainName', reason: /is not a valid DNS zone name/, good: { domainName: `${'a'.repeat(63)}.com` } },
  { rule: 'project name not an npm name', bad: { name: 'My DR' }, field: 'name', reason: /characters or a shape/, good: { name: '@bank/my-dr' } },
  { rule: 'stack name with spaces', bad: { stack: 'prod east' }, field: 'stack', reason: /characters or a shape/, good: { stack: 'prod-east' } },
  { rule: 'instances per cluster above 16', bad: { instancesPerCluster: 17 }, field: 'instancesPerCluster', reason: /too large/, good: { instancesPerCluster: 16 } },
  { rule: 'unknown engine', bad: { engine: 'postgres' }, field: 'engine', reason: /not one of the allowed values/, good: { engine: 'aurora-mysql' } },
  { rule: 'unknown Lambda runtime', bad: { lambdaRuntime: 'nodejs18.x' }, field: 'lambdaRuntime', reason: /not one of the allowed values/, good: { lambdaRuntime: 'nodejs24.x' } },
  { rule: 'unknown failover mode', bad: { failoverMode: 'auto' }, field: 'failoverMode', reason: /not one of the allowed values/, good: { failoverMode: 'automatic' } },
  { rule: 'health-check interval other than 10 or 30', bad: { healthCheckIntervalSeconds: 20 }, field: 'healthCheckIntervalSeconds', reason: /not one of the allowed values/, good: { healthCheckIntervalSeconds: 10 } },
  { rule: 'health-check failure threshold above 10', bad: { healthCheckFailureThreshold: 11 }, field: 'healthCheckFailureThreshold', reason: /too large/, good: { healthCheckFailureThreshold: 10 } },
  { rule: 'boolean given as text', bad: { appTier: 'yes' }, field: 'appTier', reason: /is a string, not a boolean/, good: { appTier: true } },
  { rule: 'reserved tag key', bad: { tags: { 'DR-Role': 'x' } }, field: 'tags.DR-Role', reason: /set by the stack/, good: { tags: { Team: 'dba' } } },
  { rule: 'aws: tag prefix', bad: { tags: { 'aws:owner': 'x' } }, field: 'tags.aws:owner', reason: /reserved aws: prefix/, good: { tags: { owner: 'x' } } },
  { rule: 'tag value too long', bad: { tags: { Team: 'x'.repeat(257) } }, field: 'tags.Team', reason: /longer than 256/, good: { tags: { Team: 'x'.repeat(256) } } },
  { rule: 'tag key too long', bad: { tags: { ['k'.repeat(129)]: 'x' } }, field: `tags.${'k'.repeat(129)}`, reason: /1 to 128 characters/, good: { tags: { ['k'.repeat(128)]: 'x' } } },
  { rule: 'tag with characters AWS rejects', bad: { tags: { Team: 'a|b' } }, field: 'tags.Team', reason: /characters AWS does not allow/, good: { tags: { Team: 'a-b' } } },
  { rule: 'tag value not text', bad: { tags: { Team: 3 } }, field: 'tags.Team', reason: /is a number, not a string/, good: { tags: { Team: '3' } } },
  { rule: 'owner not an entity reference', bad: { owner: 'team dba' }, field: 'owner', reason: /characters or a shape/, good: { owner: 'group:default/dba' } },
  { rule: 'unknown field', bad: { primaryRegon: 'us-east-1' }, field: 'primaryRegon', reason: /not an answer this template knows/, good: { primaryRegion: 'us-east-1' } },
];

