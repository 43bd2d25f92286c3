/**
 * AWS facts the answers are checked against. This is the only place they live: the generator
 * validates answers with them, and the generated Pulumi program validates its config with the same
 * file. Each fact names its source; re-check them when AWS changes the service.
 *
 * Last reviewed against public AWS documentation: 2026-11-21; versions, instance families and sizes,
 * and connection limits re-checked 2026-11-22. Facts marked "UNCONFIRMED" could not be re-read in
 * the current AWS text during those reviews; see the note on each.
 */

export type Engine = 'aurora-postgresql' | 'aurora-mysql';

export interface RegionFact {
  /** Region code, e.g. `us-east-1`. */
  readonly code: string;
  readonly name: string;
  /** Availability Zones a new account can use in the region. */
  readonly azCount: number;
  /** Engines whose Aurora global databases the region can host. */
  readonly globalDatabase: readonly Engine[];
  /**
   * AWS's own short form of the region: the prefix of its AZ IDs (`use1` of `use1-az1`). Names use it
   * instead of the region code only where the whole code does not fit the AWS name limit.
   */
  readonly azIdPrefix: string;
}

const BOTH: readonly Engine[] = ['aurora-postgresql', 'aurora-mysql'];
/** Aurora MySQL confirmed in the current table; Aurora PostgreSQL not confirmed (see REGIONS). */
const MYSQL_ONLY: readonly Engine[] = ['aurora-mysql'];
const NONE: readonly Engine[] = [];

// Commercial (aws partition) Regions only: AWS GovCloud (US) and China are left out on purpose.
//
// Global database support per engine — source: "Supported Regions and DB engines for Aurora global
// databases", Amazon Aurora User Guide
// (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.GlobalDatabase.html).
//  - Aurora MySQL: read from the current page (version 3: 3.01.0+ in most Regions; 3.02.0+ in
//    Hyderabad, Spain, Zurich and UAE; 3.03.0+ in Melbourne; 3.04.0+ in Malaysia; "Not available" in
//    Asia Pacific (New Zealand), (Taipei) and (Thailand)). Stockholm, Milan, Spain, Zurich, Bahrain,
//    UAE and São Paulo were confirmed from the page's archived text (awsdocs/amazon-aurora-user-guide).
//  - Aurora PostgreSQL: the current page's PostgreSQL table could not be re-read in this review.
//    Regions marked BOTH are listed with Aurora PostgreSQL support in the page's archived text
//    (awsdocs/amazon-aurora-user-guide, doc_source/Concepts.Aurora_Fea_Regions_DB-eng.Feature.GlobalDatabase.md);
//    support is not withdrawn from a Region once given. UNCONFIRMED: Aurora PostgreSQL in Melbourne,
//    Malaysia and Calgary (listed MYSQL_ONLY until checked) and in New Zealand, Taipei and Thailand
//    (listed NONE, as for Aurora MySQL). Israel (Tel Aviv, il-central-1) and Mexico (Central,
//    mx-central-1) are left out: support for either engine could not be confirmed either way.
//    Re-checked 2026-11-22: a copy of the page made after August 2026 lists both engines in all of
//    these Regions, but localized copies of the live page still say "not available" for New Zealand,
//    Taipei and Thailand; they stay as they are until `aws rds describe-db-engine-versions ...
//    --query 'DBEngineVersions[].SupportsGlobalDatabases'` in each Region settles it, because
//    accepting a Region AWS refuses fails only at deploy time.
//
// AZ counts — source: "AWS Regions" and "AWS Availability Zones", AWS Regions and Availability Zones
// (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html,
// https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html):
// every Region has at least three AZs. Counts here are the AZs a new account can use: us-west-1 has
// two usable AZs for new accounts; ap-northeast-1 documents four, but apne1-az3 is not offered to new
// accounts, so three. us-east-1 (6), us-west-2 (4) and ap-northeast-2 (4) are the documented counts.
// Confirm any count with `aws ec2 describe-availability-zones --region <code>` for the account.
//
// AZ ID prefixes — source: "AWS Availability Zones" (URL above), read 2026-11-23 in a copy of the page
// made after November 2025: "An AZ ID consists of a Region-specific prefix, followed by `-az`, followed
// by a number", and its tables list every Region's AZ IDs (use1-az1 … for us-east-1, apse5-az1 … for
// ap-southeast-5, ape2-az1 … for ap-east-2). The prefix is unique per Region, 4 or 5 characters.
export const REGIONS: readonly RegionFact[] = [
  // North America
  { code: 'us-east-1', name: 'US East (N. Virginia)', azCount: 6, globalDatabase: BOTH, azIdPrefix: 'use1' },
  { code: 'us-east-2', name: 'US East (Ohio)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'use2' },
  { code: 'us-west-1', name: 'US West (N. California)', azCount: 2, globalDatabase: BOTH, azIdPrefix: 'usw1' },
  { code: 'us-west-2', name: 'US West (Oregon)', azCount: 4, globalDatabase: BOTH, azIdPrefix: 'usw2' },
  { code: 'ca-central-1', name: 'Canada (Central)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'cac1' },
  { code: 'ca-west-1', name: 'Canada West (Calgary)', azCount: 3, globalDatabase: MYSQL_ONLY, azIdPrefix: 'caw1' },
  // South America
  { code: 'sa-east-1', name: 'South America (São Paulo)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'sae1' },
  // Europe
  { code: 'eu-west-1', name: 'Europe (Ireland)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'euw1' },
  { code: 'eu-west-2', name: 'Europe (London)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'euw2' },
  { code: 'eu-west-3', name: 'Europe (Paris)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'euw3' },
  { code: 'eu-central-1', name: 'Europe (Frankfurt)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'euc1' },
  { code: 'eu-central-2', name: 'Europe (Zurich)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'euc2' }, // opt-in
  { code: 'eu-north-1', name: 'Europe (Stockholm)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'eun1' },
  { code: 'eu-south-1', name: 'Europe (Milan)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'eus1' }, // opt-in
  { code: 'eu-south-2', name: 'Europe (Spain)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'eus2' }, // opt-in
  // Middle East and Africa
  { code: 'me-south-1', name: 'Middle East (Bahrain)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'mes1' }, // opt-in
  { code: 'me-central-1', name: 'Middle East (UAE)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'mec1' }, // opt-in
  { code: 'af-south-1', name: 'Africa (Cape Town)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'afs1' }, // opt-in
  // Asia Pacific
  { code: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'apne1' },
  { code: 'ap-northeast-2', name: 'Asia Pacific (Seoul)', azCount: 4, globalDatabase: BOTH, azIdPrefix: 'apne2' },
  { code: 'ap-northeast-3', name: 'Asia Pacific (Osaka)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'apne3' },
  { code: 'ap-southeast-1', name: 'Asia Pacific (Singapore)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'apse1' },
  { code: 'ap-southeast-2', name: 'Asia Pacific (Sydney)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'apse2' },
  { code: 'ap-south-1', name: 'Asia Pacific (Mumbai)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'aps1' },
  { code: 'ap-south-2', name: 'Asia Pacific (Hyderabad)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'aps2' }, // opt-in
  { code: 'ap-east-1', name: 'Asia Pacific (Hong Kong)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'ape1' }, // opt-in
  { code: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)', azCount: 3, globalDatabase: BOTH, azIdPrefix: 'apse3' }, // opt-in
  { code: 'ap-southeast-4', name: 'Asia Pacific (Melbourne)', azCount: 3, globalDatabase: MYSQL_ONLY, azIdPrefix: 'apse4' }, // opt-in
  { code: 'ap-southeast-5', name: 'Asia Pacific (Malaysia)', azCount: 3, globalDatabase: MYSQL_ONLY, azIdPrefix: 'apse5' }, // opt-in
  // Regions that exist but where the table says Aurora global databases are "Not available".
  { code: 'ap-east-2', name: 'Asia Pacific (Taipei)', azCount: 3, globalDatabase: NONE, azIdPrefix: 'ape2' }, // opt-in
  { code: 'ap-southeast-6', name: 'Asia Pacific (New Zealand)', azCount: 3, globalDatabase: NONE, azIdPrefix: 'apse6' }, // opt-in
  { code: 'ap-southeast-7', name: 'Asia Pacific (Thailand)', azCount: 3, globalDatabase: NONE, azIdPrefix: 'apse7' }, // opt-in
];

export interface EngineFact {
  readonly engine: Engine;
  readonly label: string;
  /** Version a new stack gets when the answers name none. */
  readonly defaultVersion: string;
  /** The AWS page that lists `defaultVersion` as a release, and what it says (see "Defaults" below). */
  readonly defaultVersionSource: { readonly url: string; readonly says: string };
  /**
   * Oldest version of each major line that can be part of a global database. A major line that
   * is not listed is not supported (or out of standard support).
   */
  readonly globalDatabaseMinimums: readonly string[];
  /** Shape of a version string of this engine, e.g. `16.13` or `8.0.mysql_aurora.3.10.3`. */
  readonly versionPattern: RegExp;
  readonly versionExample: string;
  /** Instance families this engine offers for clusters in a global database. */
  readonly instanceFamilies: readonly string[];
  /**
   * Families that need a newer version than `globalDatabaseMinimums`: the oldest version of each
   * release line the family runs. A line not listed for a family runs from its global minimum.
   */
  readonly familyMinimums: Readonly<Record<string, readonly string[]>>;
  readonly port: number;
  /** The DB cluster parameter that makes the cluster refuse connections without TLS (see "TLS" below). */
  readonly tlsRequired: { readonly parameter: string; readonly value: string; readonly applyMethod: 'immediate' | 'pending-reboot' };
}

// Sources for ENGINES:
//  - Version minimums: "Supported Regions and DB engines for Aurora global databases" (URL above).
//    Aurora MySQL version 3: "Version 3.01.0 and higher" in most Regions, up to 3.04.0 in Malaysia;
//    the single minimum kept here is 3.04.0, the lowest that the table accepts in every Region listed
//    above (3.04 is also the older of the two current LTS lines, 3.04 and 3.10, on the LTS page).
//    Aurora PostgreSQL 14: "Version 14.3 and higher" (archived text of the same page). 15.2, 16.1 and
//    17.4 are the first Aurora releases of those major versions and the minimums other current Aurora
//    User Guide tables give (e.g. "Supported DB engines for DB instance classes", db.x2g, and
//    "Supported Regions and DB engines for Aurora machine learning": "17.4 and higher, 16.1 and
//    higher, 15.2 and higher, 14.3 and higher"). Confirmed 2026-11-22 against a copy of the
//    global-database table made after August 2026: "Version 17.4 and higher | Version 16.1 and higher |
//    Version 15.2 and higher | Version 14.3 and higher" in every Region.
//  - Lines in standard support on 2026-11-21: "Release calendar for Aurora PostgreSQL major versions"
//    (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html)
//    and "Using Amazon RDS Extended Support" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/extended-support.html):
//    Aurora MySQL version 2 left standard support on 2024-10-31 (confirmed), so only version 3 is
//    listed. Aurora PostgreSQL 13 left standard support on 2026-02-28, so 13 is dropped; 14 stays in
//    standard support until 2027-02-28 (both dates confirmed 2026-11-22 on the release calendar).
//    Aurora PostgreSQL 18 ("Version 18.3 and higher", released to Aurora 2026-06-11) and Aurora MySQL
//    8.4 (`8.4.mysql_aurora.8.4.x`, "All available versions") are in the current global-database
//    table but not offered here yet: adding them needs their version pattern, default and tests.
//  - Instance classes: "Configuration requirements of an Amazon Aurora global database"
//    (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.configuration.requirements.html):
//    a global database needs memory-optimized classes, db.r5 or higher recommended; burstable db.t*
//    classes are not for global databases. Families per engine: "Supported DB engines for DB instance
//    classes" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html).
//    Both engines offer db.r5, db.r6g, db.r6i, db.r7g, db.r7i, db.r8g and db.x2g. Minimum versions per
//    family (familyMinimums; same page, read 2026-11-22 in a copy of the page made after August 2026):
//    db.r8g and db.r7i: Aurora MySQL "3.08.0 and higher", Aurora PostgreSQL "17.4 and higher, 16.3 and
//    higher, 15.7 and higher, 14.12 and higher"; db.r7g: Aurora MySQL "3.03.1 and higher" (below the
//    global minimum 3.04.0), Aurora PostgreSQL "17.4 and higher, 16.1 and higher, 15.2 and higher,
//    14.7 and higher"; db.r6g, db.r6i and db.x2g: Aurora MySQL all current versions, Aurora
//    PostgreSQL 14.3+/15.2+/16.1+/17.4+ (the global minimums); db.r5: all current versions.
//    db.r9g was added to Aurora on 2026-11-12 ("Document history", Aurora User Guide); its
//    global-database support is unconfirmed, so it is not listed.
//    Optimized Reads classes (db.r6gd, db.r6id, db.r8gd) are left out on purpose.
//  - Defaults, each an AWS-listed release of a line the global-database table supports in every Region
//    above (confirmed 2026-11-23 in copies of the pages; the live pages were not seen):
//    Aurora PostgreSQL 16.13: "Amazon Aurora PostgreSQL updates", PostgreSQL 16 versions
//    (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Updates.html):
//    "This release of Aurora PostgreSQL is compatible with PostgreSQL 16.13", "Aurora PostgreSQL 16.13,
//    April 6, 2026" (the newest 16.x listed; its notes include "Fixed an issue in global databases planned
//    switchover ..."); the global-database table gives "Version 16.1 and higher" in every Region, and
//    every family's minimum for 16.x (familyMinimums: 16.1 or 16.3) is below it.
//    Aurora MySQL 3.10.3: "Aurora MySQL database engine updates 2026-01-02 (version 3.10.3, compatible with
//    MySQL 8.0.42)" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.Updates.3103.html):
//    "Aurora MySQL 3.10.3 is generally available"; 3.10 is a long-term support (LTS) release ("Long-term
//    support (LTS) and beta releases for Amazon Aurora MySQL",
//    https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Update.SpecialVersions.html);
//    the global-database table gives "Version 3.01.0 and higher" (3.04.0 in Malaysia) for version 3, and
//    3.10.3 is above the 3.08.0 db.r7i/db.r8g need.
//    Neither page says on which day a release reaches each Region: before deploying, `aws rds
//    describe-db-engine-versions --engine <engine> --engine-version <version> --region <region> --query
//    'DBEngineVersions[].SupportsGlobalDatabases'` in both Regions settles it.
//  - TLS (tlsRequired): set on every cluster, whatever a version's default, so no client can connect in plaintext.
//    Aurora PostgreSQL, "Requiring an SSL/TLS connection to an Aurora PostgreSQL DB cluster"
//    (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Security.html#AuroraPostgreSQL.Security.SSL.Requiring):
//    "By default, the rds.force_ssl parameter is set to 0 (off). You can set the rds.force_ssl parameter
//    to 1 (on) to require SSL/TLS for connections to your DB cluster"; "If the DB cluster parameter group
//    ... isn't the default one, and the ssl parameter is already set to 1 when you set rds.force_ssl to 1,
//    you don't need to reboot your DB cluster. Otherwise, you must reboot": pending-reboot, which a new
//    cluster applies when it is created. Aurora MySQL, "Requiring an SSL/TLS connection to an Aurora MySQL
//    DB cluster" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Security.html#AuroraMySQL.Security.SSL.RequireSSL):
//    "You can require that all user connections to your Aurora MySQL DB cluster use SSL/TLS by using the
//    require_secure_transport DB cluster parameter. By default, the require_secure_transport parameter is
//    set to OFF. You can set the require_secure_transport parameter to ON"; "You don't need to reboot".
//    The cluster parameter takes ON (RDS for MySQL's instance parameter takes 1: prowler-cloud/prowler#4116).
//    The canaries connect with TLS verified against the RDS CAs (lambda/canary/driver-*.ts, DB_TLS verify).
export const ENGINES: readonly EngineFact[] = [
  {
    engine: 'aurora-postgresql',
    label: 'Aurora PostgreSQL',
    defaultVersion: '16.13',
    defaultVersionSource: {
      url: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Updates.html',
      says: 'Aurora PostgreSQL 16.13, April 6, 2026',
    },
    globalDatabaseMinimums: ['14.3', '15.2', '16.1', '17.4'],
    versionPattern: /^\d+\.\d+$/,
    versionExample: '16.13',
    instanceFamilies: ['r5', 'r6g', 'r6i', 'r7g', 'r7i', 'r8g', 'x2g'],
    familyMinimums: {
      r7g: ['14.7', '15.2', '16.1', '17.4'],
      r7i: ['14.12', '15.7', '16.3', '17.4'],
      r8g: ['14.12', '15.7', '16.3', '17.4'],
    },
    port: 5432,
    tlsRequired: { parameter: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' },
  },
  {
    engine: 'aurora-mysql',
    label: 'Aurora MySQL',
    defaultVersion: '8.0.mysql_aurora.3.10.3',
    defaultVersionSource: {
      url: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.Updates.3103.html',
      says: 'Aurora MySQL 3.10.3 is generally available',
    },
    globalDatabaseMinimums: ['8.0.mysql_aurora.3.04.0'],
    versionPattern: /^8\.0\.mysql_aurora\.\d+\.\d+\.\d+$/,
    versionExample: '8.0.mysql_aurora.3.10.3',
    instanceFamilies: ['r5', 'r6g', 'r6i', 'r7g', 'r7i', 'r8g', 'x2g'],
    familyMinimums: {
      r7i: ['8.0.mysql_aurora.3.08.0'],
      r8g: ['8.0.mysql_aurora.3.08.0'],
    },
    port: 3306,
    tlsRequired: { parameter: 'require_secure_transport', value: 'ON', applyMethod: 'immediate' },
  },
];

// Sizes each family offers in Aurora, the same for both engines. Sources: "Supported DB engines for
// DB instance classes" and "Hardware specifications for DB instance classes for Aurora", Amazon Aurora
// User Guide (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html,
// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.Summary.html),
// and the per-class rows of the max_connections table (MAX_CONNECTIONS below); read 2026-11-22:
//   db.r5:  large … 24xlarge
//   db.r6g, db.r7g, db.x2g: large … 16xlarge
//   db.r6i: large … 32xlarge
//   db.r7i, db.r8g: large … 24xlarge and 48xlarge (no 32xlarge)
const UP_TO_16XLARGE = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'] as const;
export const FAMILY_SIZES: Readonly<Record<string, readonly string[]>> = {
  r5: [...UP_TO_16XLARGE, '24xlarge'],
  r6g: UP_TO_16XLARGE,
  r6i: [...UP_TO_16XLARGE, '24xlarge', '32xlarge'],
  r7g: UP_TO_16XLARGE,
  r7i: [...UP_TO_16XLARGE, '24xlarge', '48xlarge'],
  r8g: [...UP_TO_16XLARGE, '24xlarge', '48xlarge'],
  x2g: UP_TO_16XLARGE,
};

/** Every size some family offers, smallest first (for messages and prompts). */
export const INSTANCE_SIZES: readonly string[] = [...new Set(Object.values(FAMILY_SIZES).flat())];

/**
 * Longest names AWS accepts, per kind of resource we name.
 * Sources (API references; the `Name`/identifier parameter of each call):
 * - loadBalancer 32: Elastic Load Balancing `CreateLoadBalancer` `Name` ("maximum of 32 characters")
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
 * - targetGroup 32: Elastic Load Balancing `CreateTargetGroup` `Name`
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
 * - s3Bucket 63: Amazon S3 "General purpose bucket naming rules" (3 to 63 characters)
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 * - rdsCluster 63: RDS `CreateDBCluster` `DBClusterIdentifier` ("1 to 63 (for Aurora DB clusters)")
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html
 *   In a global database, cluster names must also be unique across all Regions ("Configuration
 *   requirements of an Amazon Aurora global database").
 * - rdsInstance 63: RDS `CreateDBInstance` `DBInstanceIdentifier` (1 to 63 for Aurora engines)
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
 * - rdsGlobalCluster 63: RDS `CreateGlobalCluster` / `ModifyGlobalCluster` global cluster identifier
 *   ("Must contain from 1 to 63 letters, numbers, or hyphens")
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyGlobalCluster.html
 * - rdsParameterGroup 255: RDS `CreateDBClusterParameterGroup` / `CreateDBParameterGroup` name
 *   ("1 to 255 letters, numbers, or hyphens")
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBClusterParameterGroup.html
 * - rdsSubnetGroup 255: RDS `CreateDBSubnetGroup` `DBSubnetGroupName` ("no more than 255")
 * - rdsEventSubscription 254: RDS `CreateEventSubscription` `SubscriptionName` ("less than 255 characters")
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
 * - iamRole 64, iamPolicy 128: IAM "IAM and AWS STS quotas" (role name 64, policy name 128)
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * - lambdaFunction 64: Lambda `CreateFunction` `FunctionName` (64 for the name alone; an ARN may be longer)
 *   https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
 * - eventRule 64: EventBridge `PutRule` `Name`
 *   https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
 * - eventBus 256: EventBridge `CreateEventBus` `Name`
 *   https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
 * - snsTopic 256: SNS `CreateTopic` `Name` (256, including the `.fifo` suffix for FIFO topics)
 *   https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
 * - kmsAlias 256: KMS `CreateAlias` `AliasName` (256 including the required `alias/` prefix)
 *   https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
 * - secret 512: Secrets Manager `CreateSecret` `Name`
 *   https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
 * - alarm 255: CloudWatch `PutMetricAlarm` `AlarmName`
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * - logGroup 512: CloudWatch Logs `CreateLogGroup` `logGroupName`
 *   https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
 * - securityGroup 255: EC2 `CreateSecurityGroup` `GroupName` (255; may not start with `sg-`)
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
 * - dashboard 255: CloudWatch `PutDashboard` `DashboardName` ("maximum length is 255")
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
 * - dynamodbTable 255: DynamoDB `CreateTable` `TableName` (3 to 255 characters)
 *   https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
 */
export const NAME_LIMITS = {
  loadBalancer: 32,
  targetGroup: 32,
  s3Bucket: 63,
  rdsCluster: 63,
  rdsInstance: 63,
  rdsGlobalCluster: 63,
  rdsParameterGroup: 255,
  rdsSubnetGroup: 255,
  rdsEventSubscription: 254,
  iamRole: 64,
  iamPolicy: 128,
  lambdaFunction: 64,
  eventRule: 64,
  eventBus: 256,
  snsTopic: 256,
  kmsAlias: 256,
  secret: 512,
  alarm: 255,
  logGroup: 512,
  securityGroup: 255,
  dashboard: 255,
  dynamodbTable: 255,
} as const satisfies Record<string, number>;

export type NamedKind = keyof typeof NAME_LIMITS;

// Source: "Building Lambda functions with Node.js", AWS Lambda Developer Guide
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html): from Node.js 20 on, Lambda no
// longer loads the Amazon CA certificates (among them the RDS CAs) by default; the runtime keeps them
// in this file, and NODE_EXTRA_CA_CERTS pointing at it adds them to Node's trust store.
export const LAMBDA_AMAZON_CA_BUNDLE = '/var/runtime/ca-cert.pem';

// Source: "Lambda runtimes", AWS Lambda Developer Guide
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-supported).
// Both are supported on 2026-11-21: nodejs22.x (released 2024-11-22; deprecation date 2027-04-30)
// and nodejs24.x (released 2025-11-25; deprecation date 2028-04-30). Dates as tracked by
// https://endoflife.date/aws-lambda; re-check the Lambda page before nodejs22.x's date.
export const LAMBDA_RUNTIMES = ['nodejs22.x', 'nodejs24.x'] as const;

// Source: Amazon Aurora User Guide, "Overview of backing up and restoring an Aurora DB cluster" — the
// automated backup retention period is 1 to 35 days
// (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.Backups.html).
export const BACKUP_RETENTION_DAYS = { min: 1, max: 35 } as const;

// Source: "Configuration requirements of an Amazon Aurora global database", Amazon Aurora User Guide
// (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.configuration.requirements.html):
// the primary cluster has 1 writer and up to 15 Aurora Replicas (16 instances); a secondary cluster
// has no writer and up to 16 read-only instances. Either way at most 16 instances per cluster.
// (A global database has 1 primary and up to 10 secondary Regions.)
export const INSTANCES_PER_CLUSTER = { min: 1, max: 16 } as const;

// Source: Amazon VPC User Guide, "VPC CIDR blocks" — an IPv4 VPC block is between /16 and /28
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html).
// We stop at /24 so each of up to 3 AZs still gets a public and a private subnet of /27 or larger.
export const VPC_PREFIX = { min: 16, max: 24 } as const;

// Source: "Using switchover or failover in an Amazon Aurora global database" and the Aurora Global
// Database overview, Amazon Aurora User Guide
// (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html,
// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html): a
// secondary Region can be promoted to take full read/write workloads "in under a minute" (also the
// Well-Architected DR labs: "promote a secondary region ... in under a minute"). AWS states it as
// typical, not as a guarantee: it is the promotion term of the recovery budget, so re-check it in the
// first DR test of a deployed stack (npm run dr:switchover prints how long a switchover took).
export const MANAGED_FAILOVER_SECONDS = 60;

// Source: "Meeting compliance requirements with S3 Replication Time Control", Amazon S3 User Guide
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html): S3 RTC
// replicates 99.99 % of new objects within 15 minutes.
export const S3_REPLICATION_TIME_SECONDS = 900;
// Source: Route 53 API reference, `CreateHealthCheck` / `HealthCheckConfig`
// (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html):
// `RequestInterval` is 10 or 30 seconds (fixed once created) and `FailureThreshold` 1 to 10.
// Health-check metrics (`AWS/Route53`, `HealthCheckStatus`) are published only in us-east-1
// ("Monitoring health check status and getting notifications", Route 53 Developer Guide).
export const ROUTE53_HEALTH_CHECK = {
  intervals: [10, 30],
  failureThreshold: { min: 1, max: 10 },
  metricsRegion: 'us-east-1',
} as const;

/**
 * Default `max_connections` of one DB instance, per engine and instance size; db.x2g, which has twice
 * the memory of the other families at each size, has its own row (MAX_CONNECTIONS_X2G). Alarms fire
 * near this limit. Sources:
 * - Aurora MySQL: the table "Maximum connections to an Aurora MySQL DB instance"
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Performance.html,
 *   read 2026-11-22): db.r5/r6g/r6i/r7g/r7i/r8g large 1000, xlarge 2000, 2xlarge 3000, 4xlarge 4000,
 *   8xlarge 5000, 12xlarge 6000, 16xlarge 6000, 24xlarge 7000, db.r6i.32xlarge 7000,
 *   db.r7i/r8g.48xlarge 8000; db.x2g large 2000, xlarge 3000, 2xlarge 4000, 4xlarge 5000,
 *   8xlarge 6000, 12xlarge 7000, 16xlarge 7000. The parameter can be raised (16000; 50000 on 8.4.10+).
 * - Aurora PostgreSQL: `LEAST({DBInstanceClassMemory/9531392}, 5000)`, "Maximum connections to an
 *   Aurora PostgreSQL DB instance"
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Managing.html).
 *   The last per-class table of that page (archived in awsdocs/amazon-aurora-user-guide) gives
 *   db.r5 large 1600, xlarge 3300; db.r6g large 1722, xlarge 3479; db.x2g large 3479, xlarge 5000;
 *   2xlarge and larger 5000 (the cap). Later families are not in it: large 1600 and xlarge 3200,
 *   at or below every value listed, err towards alarming early.
 */
export const MAX_CONNECTIONS: Readonly<Record<Engine, Readonly<Record<string, number>>>> = {
  'aurora-mysql': {
    large: 1000, xlarge: 2000, '2xlarge': 3000, '4xlarge': 4000, '8xlarge': 5000, '12xlarge': 6000,
    '16xlarge': 6000, '24xlarge': 7000, '32xlarge': 7000, '48xlarge': 8000,
  },
  'aurora-postgresql': {
    large: 1600, xlarge: 3200, '2xlarge': 5000, '4xlarge': 5000, '8xlarge': 5000, '12xlarge': 5000,
    '16xlarge': 5000, '24xlarge': 5000, '32xlarge': 5000, '48xlarge': 5000,
  },
};
/** db.x2g's row of the tables above (sources there). */
export const MAX_CONNECTIONS_X2G: Readonly<Record<Engine, Readonly<Record<string, number>>>> = {
  'aurora-mysql': { large: 2000, xlarge: 3000, '2xlarge': 4000, '4xlarge': 5000, '8xlarge': 6000, '12xlarge': 7000, '16xlarge': 7000 },
  'aurora-postgresql': { large: 3479, xlarge: 5000, '2xlarge': 5000, '4xlarge': 5000, '8xlarge': 5000, '12xlarge': 5000, '16xlarge': 5000 },
};

// ---- Lambda runtime, database logs, event routing, VPC traffic (issue 12) ---------------------------

// Source: "Publishing Aurora PostgreSQL logs to Amazon CloudWatch Logs" and "Publishing Amazon Aurora
// MySQL logs to Amazon CloudWatch Logs", Amazon Aurora User Guide
// (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.CloudWatch.html,
// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Integrating.CloudWatch.html):
// "A new log group is automatically created for the Aurora DB cluster under the following prefix ...
// /aws/rds/cluster/cluster-name/log_type"; "If a log group with the specified name exists, Aurora uses
// that log group to export log data"; otherwise the new group gets "the default log retention period,
// Never Expire". So the stack creates these groups itself, with retention and its key, before the cluster.
export const rdsLogGroupName = (clusterIdentifier: string, logType: string): string => `/aws/rds/cluster/${clusterIdentifier}/${logType}`;

// How the Node.js runtime calls a handler. Source: the runtime interface client that the nodejs22.x and
// nodejs24.x runtimes run (https://github.com/aws/aws-lambda-nodejs-runtime-interface-client): version 3
// (src/Runtime.js) calls `handler(event, context, callback)`; version 4, used by nodejs24.x
// (src/runtime/buffered-invoke-processor.ts, src/function/callback-deprecation.ts), calls
// `handler(event, context)` and refuses a handler that declares three or more parameters: "AWS Lambda
// has removed support for callback-based function handlers starting with Node.js 24". Either way the
// second argument is the context, never anything a default parameter could stand for.
// test/helpers/lambda-runtime-runner.js imitates both.
export const LAMBDA_HANDLER_PARAMETERS = ['event', 'context'] as const;

// Where Aurora puts an instance (lib/global-database.ts sets each instance's AZ). Sources: RDS API CreateDBInstance,
// AvailabilityZone (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html,
// as the AWS SDK reference generated from it puts it: https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/availability-zone.html):
// "Aurora automatically chooses an appropriate Availability Zone if you don't specify one. Default: A
// random, system-chosen Availability Zone in the endpoint's Amazon Web Services Region." Aurora User
// Guide, "High availability for Amazon Aurora" / failover: place reader instances in different AZs from
// the writer (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-failover.html: "create
// at least one or more reader instances in two or more different Availability Zones"). So the stack sets
// each instance's AZ, in turn over the subnets' AZs.

// Who may assume a Lambda execution role. Sources:
//  - "Defining Lambda function permissions with an execution role", AWS Lambda Developer Guide
//    (https://docs.aws.amazon.com/lambda/latest/dg/policy-templates.html): "In order for Lambda
//    to properly assume your execution role, the role's trust policy must specify the Lambda service
//    principal (lambda.amazonaws.com) as a trusted service."
//  - "The confused deputy problem", IAM User Guide
//    (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html): AWS recommends the
//    aws:SourceAccount / aws:SourceArn global condition keys to bound what a service principal may do on
//    another's behalf. The Lambda guide does not list the keys Lambda sends when it assumes the role; AWS's
//    own published Lambda trust policy carries aws:SourceAccount
//    (https://github.com/aws/agent-toolkit-for-aws/blob/main/skills/specialized-skills/serverless-skills/deploying-custom-domain-rest-api/scripts/lambda-trust-policy.json).
//    Were Lambda not to send it, CreateFunction would fail at once ("The role defined for the function
//    cannot be assumed by Lambda"), before anything runs, not silently later.
export const LAMBDA_SERVICE_PRINCIPAL = 'lambda.amazonaws.com';

// Who an alarm topic reaches. Source: Amazon SNS API Reference, ListSubscriptionsByTopic
// (https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html): "Each call returns a
// limited list of subscriptions, up to 100. If there are more subscriptions, a NextToken is also
// returned." A subscription not yet confirmed (an email nobody clicked) receives nothing and is listed
// with the SubscriptionArn "PendingConfirmation" (how the AWS CLI shows it; the reference does not spell
// the value), so only a subscription with an ARN counts as confirmed.
export const isConfirmedSubscription = (subscriptionArn: string | undefined): boolean => subscriptionArn?.startsWith('arn:') === true;

// What leaves a function in a VPC through the VPC, and what does not. Sources:
//  - "Using source function ARN to control function access behavior", AWS Lambda Developer Guide
//    (https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html): CloudWatch Logs
//    CreateLogGroup, CreateLogStream and PutLogEvents are requests "that Lambda makes on your behalf
//    outside of your execution environment" "to store logs into a CloudWatch Logs log group".
//  - "Using the embedded metric format with Lambda", Amazon CloudWatch User Guide
//    (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Lambda.html):
//    "Lambda automatically sends everything that your function writes to standard output (STDOUT) to a
//    CloudWatch Logs log group, and CloudWatch Logs extracts metrics from any log events that follow the
//    embedded metric format specification ... Lambda delivers the logs for you."
// So the canaries' logs and EMF metrics need neither the `logs` nor the `monitoring` interface endpoint
// nor a NAT gateway. What the functions in the VPC do call themselves is Secrets Manager (the canary
// reads the database secret), hence its endpoint; the orchestrator and the backup producer run outside the VPC.
export const STACK_VPC_ENDPOINT_SERVICES = ['secretsmanager'] as const;
/** Interface endpoints a team may add for its own code in the VPC that calls CloudWatch Logs or CloudWatch itself. */
export const OPTIONAL_VPC_ENDPOINT_SERVICES = ['logs', 'monitoring'] as const;
/** The interface endpoints of each VPC (lib/network.ts, and the cost estimate): the stack's, and CloudWatch's when asked for. */
export const vpcEndpointServices = (cloudWatchEndpoints: boolean): string[] =>
  [...STACK_VPC_ENDPOINT_SERVICES, ...(cloudWatchEndpoints ? OPTIONAL_VPC_ENDPOINT_SERVICES : [])];

// Source: "Amazon EventBridge events", Amazon EventBridge User Guide
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events.html): the `region` field
// "Identifies the AWS Region where the event originated"; an event bus rule can match on it. By that
// definition an event forwarded from a bus in one Region to a bus in another still names the Region it
// originated in, so a rule that forwards only events whose `region` is its own never sends a forwarded
// event back. (Read from the field's definition, not from a page about forwarding; the deployed stack's
// integration test, test/integration/event-forwarding.int.test.ts, checks it on real buses.)
// (EventBridge also "can't route events received from a sender event bus to a third event bus" and
// does not send events a receiver account forwards on to a third account ("Sending and receiving
// events between event buses in the same account and Region", "... between AWS accounts"); the pages
// say nothing of a bus sending back to the bus it received from, so the stack does not rely on that.)
export const EVENT_ORIGIN_FIELD = 'region';

// ---------------------------------------------------------------------------------------------
// What the identity that runs `pulumi up` may do: docs/deployer-policy.json is generated from the
// resources the program creates (scripts/deployer-policy.ts) with the actions below.
//
// Sources: the Service Authorization Reference, "Actions defined by …" of each service
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html, …/list_amazonrds.html,
// …/list_amazons3.html, …/list_awskeymanagementservice.html, …/list_awssecretsmanager.html,
// …/list_amazonsns.html, …/list_awslambda.html, …/list_amazoncloudwatch.html,
// …/list_amazoncloudwatchlogs.html, …/list_amazoneventbridge.html, …/list_awsidentityandaccessmanagementiam.html,
// …/list_amazonroute53.html, …/list_awselasticloadbalancingv2.html) name each action. Which calls the
// Pulumi AWS provider makes for a resource is NOT documented by AWS (it documents actions per API
// call, not per provider resource): the create/update/delete/tag calls below follow each resource's
// API, and reads are granted with the services' read-only prefixes. A call missing here fails
// `pulumi up` with AccessDenied naming the action; add it to the resource's row.
// Other facts the document relies on:
// - "AWS: Denies access to AWS based on the requested Region", IAM User Guide
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-requested-region.html):
//   IAM and Route 53 are global services whose single endpoint is in us-east-1, so their requests
//   carry aws:RequestedRegion us-east-1; regional services carry the Region of the request.
// - `iam:PassRole` is needed to hand a role to a service (Lambda functions, S3 replication,
//   EventBridge targets): "Grant a user permissions to pass a role to an AWS service", IAM User Guide
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
// - RDS, Elastic Load Balancing and the RDS/ELB service-linked roles: the first cluster or load
//   balancer of an account creates the service's service-linked role, which needs
//   `iam:CreateServiceLinkedRole` ("Using service-linked roles for Amazon Aurora",
//   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAM.ServiceLinkedRoles.html;
//   "Service-linked role for Elastic Load Balancing",
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-service-linked-roles.html).
// - An encrypted Aurora cluster needs `kms:CreateGrant` and `kms:DescribeKey` on its key from the
//   caller ("Amazon RDS encryption … permissions", "Encrypting Amazon Aurora resources",
//   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.Keys.html); a
//   secret encrypted with a customer managed key needs `kms:GenerateDataKey` and `kms:Decrypt` from
//   the caller that writes it ("Secret encryption and decryption in AWS Secrets Manager",
//   https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html).
// ---------------------------------------------------------------------------------------------

/** What the deployer needs for one resource type: its own service's actions, and others it implies. */
export interface DeployerActions {
  /** Create, update, delete and tag actions of the resource (reads come from DEPLOYER_READ_ACTIONS). */
  readonly actions: readonly string[];
  /** Actions of other services the call needs from the caller (KMS grants, passing a role). */
  readonly also?: readonly string[];
  /** The service whose service-linked role the first resource of an account creates. */
  readonly serviceLinkedRole?: string;
}

const ec2Tags = ['ec2:CreateTags', 'ec2:DeleteTags'];
const ruleActions = (direction: 'Ingress' | 'Egress') => [
  `ec2:AuthorizeSecurityGroup${direction}`, `ec2:RevokeSecurityGroup${direction}`, 'ec2:ModifySecurityGroupRules',
  `ec2:UpdateSecurityGroupRuleDescriptions${direction}`, ...ec2Tags,
];
const rdsTags = ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'];
const tagResource = (service: string) => [`${service}:TagResource`, `${service}:UntagResource`];

/** Per Pulumi resource type (sources above). */
export const DEPLOYER_ACTIONS: Readonly<Record<string, DeployerActions>> = {
  'aws:ec2/vpc:Vpc': { actions: ['ec2:CreateVpc', 'ec2:DeleteVpc', 'ec2:ModifyVpcAttribute', ...ec2Tags] },
  'aws:ec2/subnet:Subnet': { actions: ['ec2:CreateSubnet', 'ec2:DeleteSubnet', 'ec2:ModifySubnetAttribute', ...ec2Tags] },
  'aws:ec2/internetGateway:InternetGateway': { actions: ['ec2:CreateInternetGateway', 'ec2:DeleteInternetGateway', 'ec2:AttachInternetGateway', 'ec2:DetachInternetGateway', ...ec2Tags] },
  'aws:ec2/eip:Eip': { actions: ['ec2:AllocateAddress', 'ec2:ReleaseAddress', 'ec2:DisassociateAddress', ...ec2Tags] },
  'aws:ec2/natGateway:NatGateway': { actions: ['ec2:CreateNatGateway', 'ec2:DeleteNatGateway', ...ec2Tags] },
  'aws:ec2/routeTable:RouteTable': { actions: ['ec2:CreateRouteTable', 'ec2:DeleteRouteTable', ...ec2Tags] },
  'aws:ec2/route:Route': { actions: ['ec2:CreateRoute', 'ec2:DeleteRoute', 'ec2:ReplaceRoute'] },
  'aws:ec2/routeTableAssociation:RouteTableAssociation': { actions: ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable', 'ec2:ReplaceRouteTableAssociation'] },
  // The provider removes the default allow-all egress rule of a new group.
  'aws:ec2/securityGroup:SecurityGroup': { actions: ['ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup', ...ruleActions('Egress'), ...ruleActions('Ingress')] },
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': { actions: ruleActions('Ingress') },
  'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule': { actions: ruleActions('Egress') },
  'aws:ec2/vpcEndpoint:VpcEndpoint': { actions: ['ec2:CreateVpcEndpoint', 'ec2:DeleteVpcEndpoints', 'ec2:ModifyVpcEndpoint', ...ec2Tags] },
  'aws:ec2/vpcPeeringConnection:VpcPeeringConnection': { actions: ['ec2:CreateVpcPeeringConnection', 'ec2:DeleteVpcPeeringConnection', 'ec2:ModifyVpcPeeringConnectionOptions', ...ec2Tags] },
  'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter': { actions: ['ec2:AcceptVpcPeeringConnection', 'ec2:ModifyVpcPeeringConnectionOptions', ...ec2Tags] },
  'aws:ec2/peeringConnectionOptions:PeeringConnectionOptions': { actions: ['ec2:ModifyVpcPeeringConnectionOptions'] },
  'aws:rds/globalCluster:GlobalCluster': { actions: ['rds:CreateGlobalCluster', 'rds:DeleteGlobalCluster', 'rds:ModifyGlobalCluster', 'rds:RemoveFromGlobalCluster', ...rdsTags] },
  'aws:rds/cluster:Cluster': {
    actions: ['rds:CreateDBCluster', 'rds:DeleteDBCluster', 'rds:ModifyDBCluster', 'rds:RemoveFromGlobalCluster', ...rdsTags],
    also: ['kms:CreateGrant', 'kms:DescribeKey'],
    serviceLinkedRole: 'rds.amazonaws.com',
  },
  'aws:rds/clusterInstance:ClusterInstance': { actions: ['rds:CreateDBInstance', 'rds:DeleteDBInstance', 'rds:ModifyDBInstance', 'rds:RebootDBInstance', ...rdsTags] },
  'aws:rds/clusterParameterGroup:ClusterParameterGroup': { actions: ['rds:CreateDBClusterParameterGroup', 'rds:DeleteDBClusterParameterGroup', 'rds:ModifyDBClusterParameterGroup', 'rds:ResetDBClusterParameterGroup', ...rdsTags] },
  'aws:rds/subnetGroup:SubnetGroup': { actions: ['rds:CreateDBSubnetGroup', 'rds:DeleteDBSubnetGroup', 'rds:ModifyDBSubnetGroup', ...rdsTags] },
  'aws:rds/eventSubscription:EventSubscription': { actions: ['rds:CreateEventSubscription', 'rds:DeleteEventSubscription', 'rds:ModifyEventSubscription', 'rds:AddSourceIdentifierToSubscription', 'rds:RemoveSourceIdentifierFromSubscription', ...rdsTags] },
  // Emptying a bucket that is destroyed with force (deletion protection off) deletes its object versions.
  'aws:s3/bucket:Bucket': { actions: ['s3:CreateBucket', 's3:DeleteBucket', 's3:PutBucketTagging', 's3:DeleteObject', 's3:DeleteObjectVersion'] },
  'aws:s3/bucketVersioning:BucketVersioning': { actions: ['s3:PutBucketVersioning'] },
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration': { actions: ['s3:PutEncryptionConfiguration'] },
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock': { actions: ['s3:PutBucketPublicAccessBlock'] },
  'aws:s3/bucketPolicy:BucketPolicy': { actions: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'] },
  'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration': { actions: ['s3:PutLifecycleConfiguration'] },
  'aws:s3/bucketReplicationConfig:BucketReplicationConfig': { actions: ['s3:PutReplicationConfiguration'], also: ['iam:PassRole'] },
  // PutObjectLockConfiguration is authorized by s3:PutBucketObjectLockConfiguration (Service Authorization
  // Reference, list_amazons3.html; "Required permissions for Amazon S3 API operations",
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html). A bucket
  // created with Object Lock on also needs it and s3:PutBucketVersioning for CreateBucket (S3 API
  // Reference, CreateBucket, "Permissions"; not confirmed in the stored copies): this row and
  // BucketVersioning's grant both to the deployer.
  // The orchestrator's state table (lib/failover-orchestrator.ts): on demand, with a TTL attribute;
  // Service Authorization Reference, list_amazondynamodb.html.
  'aws:dynamodb/table:Table': { actions: ['dynamodb:CreateTable', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive', ...tagResource('dynamodb')] },
  'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration': { actions: ['s3:PutBucketObjectLockConfiguration'] },
  'aws:kms/key:Key': { actions: ['kms:CreateKey', 'kms:ScheduleKeyDeletion', 'kms:EnableKeyRotation', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy', 'kms:UpdateKeyDescription', ...tagResource('kms')] },
  'aws:kms/alias:Alias': { actions: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'] },
  'aws:secretsmanager/secret:Secret': {
    actions: ['secretsmanager:CreateSecret', 'secretsmanager:DeleteSecret', 'secretsmanager:UpdateSecret', 'secretsmanager:ReplicateSecretToRegions', 'secretsmanager:RemoveRegionsFromReplication', ...tagResource('secretsmanager')],
    also: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:DescribeKey'],
  },
  'aws:secretsmanager/secretVersion:SecretVersion': { actions: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage', 'secretsmanager:GetSecretValue'], also: ['kms:GenerateDataKey', 'kms:Decrypt'] },
  'aws:sns/topic:Topic': { actions: ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:SetTopicAttributes', ...tagResource('sns')] },
  'aws:sns/topicPolicy:TopicPolicy': { actions: ['sns:SetTopicAttributes'] },
  'aws:sns/topicSubscription:TopicSubscription': { actions: ['sns:Subscribe', 'sns:Unsubscribe', 'sns:SetSubscriptionAttributes'] },
  'aws:lambda/function:Function': {
    actions: ['lambda:CreateFunction', 'lambda:DeleteFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency', ...tagResource('lambda')],
    also: ['iam:PassRole'],
  },
  'aws:lambda/permission:Permission': { actions: ['lambda:AddPermission', 'lambda:RemovePermission'] },
  'aws:cloudwatch/metricAlarm:MetricAlarm': { actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', ...tagResource('cloudwatch')] },
  'aws:cloudwatch/dashboard:Dashboard': { actions: ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards'] },
  'aws:cloudwatch/logGroup:LogGroup': { actions: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:AssociateKmsKey', 'logs:DisassociateKmsKey', ...tagResource('logs')] },
  'aws:cloudwatch/logResourcePolicy:LogResourcePolicy': { actions: ['logs:PutResourcePolicy', 'logs:DeleteResourcePolicy'] },
  'aws:cloudwatch/eventBus:EventBus': { actions: ['events:CreateEventBus', 'events:DeleteEventBus', 'events:UpdateEventBus', ...tagResource('events')] },
  'aws:cloudwatch/eventBusPolicy:EventBusPolicy': { actions: ['events:PutPermission', 'events:RemovePermission'] },
  'aws:cloudwatch/eventRule:EventRule': { actions: ['events:PutRule', 'events:DeleteRule', 'events:EnableRule', 'events:DisableRule', ...tagResource('events')] },
  'aws:cloudwatch/eventTarget:EventTarget': { actions: ['events:PutTargets', 'events:RemoveTargets'], also: ['iam:PassRole'] },
  'aws:iam/role:Role': { actions: ['iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole', 'iam:DeleteRolePolicy'] },
  'aws:iam/rolePolicy:RolePolicy': { actions: ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'] },
  'aws:route53/zone:Zone': { actions: ['route53:CreateHostedZone', 'route53:DeleteHostedZone', 'route53:UpdateHostedZoneComment', 'route53:ChangeTagsForResource', 'route53:AssociateVPCWithHostedZone', 'route53:ChangeResourceRecordSets'] },
  'aws:route53/zoneAssociation:ZoneAssociation': { actions: ['route53:AssociateVPCWithHostedZone', 'route53:DisassociateVPCFromHostedZone'] },
  'aws:route53/record:Record': { actions: ['route53:ChangeResourceRecordSets'] },
  'aws:route53/healthCheck:HealthCheck': { actions: ['route53:CreateHealthCheck', 'route53:DeleteHealthCheck', 'route53:UpdateHealthCheck', 'route53:ChangeTagsForResource'] },
  'aws:lb/loadBalancer:LoadBalancer': {
    actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetSecurityGroups', 'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    serviceLinkedRole: 'elasticloadbalancing.amazonaws.com',
  },
  'aws:lb/targetGroup:TargetGroup': { actions: ['elasticloadbalancing:CreateTargetGroup', 'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:ModifyTargetGroup', 'elasticloadbalancing:ModifyTargetGroupAttributes', 'elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'] },
  'aws:lb/targetGroupAttachment:TargetGroupAttachment': { actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'] },
  'aws:lb/listener:Listener': { actions: ['elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'] },
};

/**
 * Read-only actions per service, for the provider's refreshes and its waits on a resource's state
 * (sources above). Secrets Manager and S3 are listed by name: their `Get*` would read secret values and
 * objects of any secret or bucket.
 */
export const DEPLOYER_READ_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  dynamodb: ['dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive', 'dynamodb:DescribeContinuousBackups', 'dynamodb:ListTagsOfResource'],
  ec2: ['ec2:Describe*'],
  rds: ['rds:Describe*', 'rds:ListTagsForResource'],
  s3: ['s3:GetBucket*', 's3:GetEncryptionConfiguration', 's3:GetLifecycleConfiguration', 's3:GetReplicationConfiguration', 's3:GetAccelerateConfiguration', 's3:GetBucketObjectLockConfiguration', 's3:ListBucket', 's3:ListBucketVersions'],
  kms: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListAliases', 'kms:ListResourceTags'],
  secretsmanager: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy', 'secretsmanager:ListSecretVersionIds'],
  sns: ['sns:GetTopicAttributes', 'sns:GetSubscriptionAttributes', 'sns:ListTagsForResource', 'sns:ListSubscriptionsByTopic'],
  lambda: ['lambda:Get*', 'lambda:List*'],
  cloudwatch: ['cloudwatch:DescribeAlarms', 'cloudwatch:GetDashboard', 'cloudwatch:ListTagsForResource'],
  logs: ['logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
  events: ['events:Describe*', 'events:List*'],
  iam: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:ListInstanceProfilesForRole'],
  route53: ['route53:Get*', 'route53:List*'],
  elasticloadbalancing: ['elasticloadbalancing:Describe*'],
};

/** Services with one endpoint, in us-east-1, whatever Region the stack is in (source above). */
export const GLOBAL_ENDPOINT_SERVICES: readonly string[] = ['iam', 'route53'];

// ---- what the CI preview may do: docs/preview-policy.json (scripts/preview-policy.ts) ----------------
//
// `pulumi preview` (without --refresh) compares the program's inputs with the stack's state; it calls
// AWS only for the provider's start-up and for the program's invokes (data sources), and never writes.
// The preview role gets the services' reads (DEPLOYER_READ_ACTIONS, so a `--refresh` can read the
// stack's resources too) plus the actions of each invoke below, and no secret values: this program
// reads no secret at preview (its database password is generated by @pulumi/random and only written to
// Secrets Manager), and Pulumi's own config secrets are decrypted by the backend's secrets provider,
// not by AWS, unless the stack was created with `--secrets-provider awskms://…` (then kms:Decrypt on
// that one key, granted outside this policy, as the state bucket of a self-managed backend is).
// A `pulumi preview --refresh` reads the secret version's value (GetSecretValue) and is refused: the
// preview job does not refresh.

/**
 * The actions each invoke (data source) of the program needs, by Pulumi token. An invoke missing here
 * fails `npm run diagram` (scripts/preview-policy.ts), so a new data source cannot reach CI without a grant.
 * - getCallerIdentity (sts:GetCallerIdentity): none. "No permissions are required to perform this
 *   operation. If an administrator attaches a policy to your identity that explicitly denies access to
 *   the sts:GetCallerIdentity action, you can still perform this operation." (STS API Reference,
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html). The provider's own
 *   credential check at start-up is the same call.
 * - getAvailabilityZones: the EC2 DescribeAvailabilityZones API (Service Authorization Reference,
 *   list_amazonec2.html: ec2:DescribeAvailabilityZones).
 * - route53 getZone (an existing public zone, lib/public-failover.ts): the Route 53 GetHostedZone API
 *   (list_amazonroute53.html: route53:GetHostedZone); the data source also returns the zone's tags,
 *   read with ListTagsForResource (route53:ListTagsForResource) — which calls the provider makes is not
 *   documented by AWS (NOT confirmed; both are reads).
 * - getRegion, getPartition: answered by the provider from its configuration (no AWS call; not
 *   documented by AWS, from the provider's behaviour: NOT confirmed, none granted).
 */
export const PREVIEW_INVOKE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'aws:index/getCallerIdentity:getCallerIdentity': [],
  'aws:index/getRegion:getRegion': [],
  'aws:index/getPartition:getPartition': [],
  'aws:index/getAvailabilityZones:getAvailabilityZones': ['ec2:DescribeAvailabilityZones'],
  'aws:route53/getZone:getZone': ['route53:GetHostedZone', 'route53:ListTagsForResource'],
};

/**
 * Reads that return secret values, key material or stored data: the preview role must hold none of
 * them (test/preview-policy.test.ts). Service Authorization Reference: list_awssecretsmanager.html
 * (GetSecretValue, BatchGetSecretValue: "Grants permission to retrieve and decrypt" secret values),
 * list_awskeymanagementservice.html (Decrypt; GenerateDataKey* return a plaintext data key),
 * list_amazons3.html (GetObject*: object data, here the database's backup exports), list_awssystemsmanager.html
 * (GetParameter*), list_amazondynamodb.html (GetItem, BatchGetItem, Query, Scan: table items),
 * list_amazoncloudwatchlogs.html (GetLogEvents, FilterLogEvents: log contents), list_amazonrds.html
 * (DownloadDBLogFilePortion, DownloadCompleteDBLogFile: database log contents).
 */
export const SECRET_READ_ACTIONS: readonly string[] = [
  'secretsmanager:GetSecretValue', 'secretsmanager:BatchGetSecretValue',
  'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:GenerateDataKeyPair', 'kms:ReEncryptFrom',
  's3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes',
  'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath',
  'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan',
  'logs:GetLogEvents', 'logs:FilterLogEvents',
  'rds:DownloadDBLogFilePortion', 'rds:DownloadCompleteDBLogFile',
];

// ---- who may assume which role: GitHub's OIDC tokens (README.md, "CI roles") ----------------------
//
// Sources: "Configuring OpenID Connect in Amazon Web Services", GitHub Docs
// (https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services):
// provider URL https://token.actions.githubusercontent.com, audience "sts.amazonaws.com if you are using
// the official action" (aws-actions/configure-aws-credentials); IAM "recommends that users evaluate the
// IAM condition key, token.actions.githubusercontent.com:sub, in the trust policy of any role that trusts
// GitHub's OIDC identity provider". "About security hardening with OpenID Connect", "Example subject
// claims" (https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/about-security-hardening-with-openid-connect):
// a job that references an environment gets `repo:<org>/<repo>:environment:<name>`; otherwise a
// pull_request run gets `repo:<org>/<repo>:pull_request` and a push `repo:<org>/<repo>:ref:refs/heads/<branch>`
// (tags: ref:refs/tags/<tag>). These are the default subject formats: an organisation that customised
// its subject template (the same page, "Customizing the subject claims") must adapt the conditions.
// "Deployments and environments" (https://docs.github.com/actions/reference/deployments-and-environments):
// deployment protection rules can "require a manual approval, delay a job, or restrict the environment to
// certain branches"; a job referencing the environment does not start until they pass.

export const GITHUB_OIDC_PROVIDER = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
/** The subjects a job presents: with an environment, else per event. */
export const githubSubject = {
  environment: (repo: string, environment: string) => `repo:${repo}:environment:${environment}`,
  pullRequest: (repo: string) => `repo:${repo}:pull_request`,
  anyBranch: (repo: string) => `repo:${repo}:ref:refs/heads/*`,
};

// ---- failover: detection, decision and the writer's name (issue 13) ---------------------------

// Source: "High availability for Amazon Aurora", "Fault tolerance for an Aurora DB cluster", Amazon
// Aurora User Guide (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html):
// "If the DB cluster doesn't contain any Aurora Replicas, then the primary instance is recreated in the
// same AZ during a failure event ... Service is restored when the new primary instance is created, which
// typically takes less than 10 minutes." With a replica, "service is typically restored in less than 60
// seconds". A cross-Region failover with AllowDataLoss must not race the in-Region recovery: with one
// instance per cluster, automatic failover needs a confirmation window beyond this figure. (The same page:
// a lone instance in an AZ that is down is not recreated elsewhere on its own.)
export const IN_REGION_RECOVERY_SECONDS = 600;
/** With an Aurora Replica in the cluster: "service is typically restored in less than 60 seconds" (same page). */
export const IN_REGION_REPLICA_FAILOVER_SECONDS = 60;

// Source: "Using switchover or failover in Amazon Aurora Global Database", "Performing managed failovers"
// (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html):
// "If you are using the global writer endpoint and your application or networking layers cache DNS values,
// reduce the time-to-live (TTL) of your DNS cache to a low value such as 5 seconds." And "Connecting to
// Amazon Aurora Global Database" (aurora-global-database-connecting.html): "If the secondary cluster is
// promoted, the global writer endpoint automatically changes to point to that cluster", and "the global
// writer endpoint update ... can take a long time depending upon your ... DNS caching duration".
// The TTL of the global writer endpoint's own record is not documented (UNCONFIRMED): the budget counts
// the cache time AWS recommends, and `db.<zone>` (a CNAME of the endpoint) uses the same TTL.
export const GLOBAL_WRITER_DNS_CACHE_SECONDS = 5;

// Source: "Amazon CloudWatch dimensions for Aurora" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/dimensions.html)
// lists `DBClusterIdentifier` and `SourceRegion` ("The specified Region only") without saying which
// metric carries which set, and "Amazon CloudWatch metrics for Amazon Aurora" (Aurora.AuroraMonitoring.Metrics.html)
// says of `AuroraGlobalDBRPOLag` and `AuroraGlobalDBReplicationLag`: "This metric is available only in
// secondary AWS Regions", in milliseconds. AWS's own Aurora lab "Monitor a Global Database"
// (aws-samples/amazon-aurora-labs-for-mysql, https://awsauroralabsmy.com/global/monitor/) finds
// `AuroraGlobalDBReplicationLag` in the secondary Region's CloudWatch console under the metric group
// "DBClusterIdentifier, SourceRegion" ("the SourceRegion column as the name of your primary global cluster
// region"), and Neptune, which shares the global-database storage, documents its lag as published under
// "DBClusterIdentifier, SourceRegion : in Secondary" (Neptune User Guide, "Neptune CloudWatch Dimensions").
// A CloudWatch alarm sees only the exact dimension set it names, so the lag alarms name that set; an
// alarm on `DBClusterIdentifier` alone may never receive data. Because that cannot be proven offline, no
// lag alarm reads missing data as healthy (treatMissingData breaching): a wrong set shows at once as ALARM,
// and `npm run test:integration` compares the alarm's set with `ListMetrics` of the deployed stack.
export const GLOBAL_LAG_DIMENSIONS = ['DBClusterIdentifier', 'SourceRegion'] as const;
/**
 * The lag metric of every engine version the answers accept (Aurora PostgreSQL, Aurora MySQL 3.04.0 and
 * higher). The RPO lag is "the time it takes for the most recent user transaction COMMIT to be stored on
 * a secondary DB cluster after it's been stored on the primary DB cluster" (aurora_global_db_status.html).
 * Whether Aurora publishes it while nothing commits is not documented (UNCONFIRMED); the primary's canary
 * commits a heartbeat every probe interval, so there always is a recent commit to measure.
 */
export const RPO_LAG_METRIC = 'AuroraGlobalDBRPOLag';

// Source: "Managing RPOs for Aurora PostgreSQL–based global databases" (aurora-global-database-disaster-recovery.html):
// Aurora "Blocks the transaction if all secondary DB clusters have RPO lag times that are larger than the
// RPO"; "The rds.global_db_rpo parameter is dynamic. If you decide that you don't want all write
// transactions to stall until the lag decreases sufficiently, you can reset it quickly. In this case,
// Aurora recognizes and implements the change after a short delay."; "To disable the RPO, reset the
// rds.global_db_rpo parameter" (ResetDBClusterParameterGroup); valid values 20 to 2,147,483,647 seconds.
// Same page, "Important": "In a global database with only two AWS Regions, we recommend keeping the
// rds.global_db_rpo parameter's default value in the secondary Region's parameter group. Otherwise,
// performing a failover due to a loss of the primary AWS Region could cause Aurora to pause transactions.
// Instead, wait until Aurora completes rebuilding the cluster in the old failed AWS Region before changing
// this parameter to enforce a maximum RPO." So the parameter may be set in a secondary cluster's group, and
// it takes effect when that cluster becomes the writer: the bound that governs commits is the one in the
// writer's group, wherever the writer is. The stack sets it on the primary region's group only (the policy
// global-db-rpo-primary-only); after a switchover or failover the writer's commits are unbounded until
// `npm run dr:relax -- --restore --yes` sets it on the new writer's group, which it refuses until a
// secondary exists again. What Aurora does with the bound during a switchover itself (whose
// synchronisation makes the secondary current) is not documented (UNCONFIRMED). Aurora MySQL has no
// such parameter.
export const GLOBAL_DB_RPO_PARAMETER = 'rds.global_db_rpo';

// Source: "aurora_global_db_status" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora_global_db_status.html):
// one row per cluster of the global database with `rpo_lag_in_msec` and `last_lag_calculation_time`;
// "You can run this function from any instance in an Aurora PostgreSQL global database" (usage notes), so
// the secondary's canary reads the last lag its own Region saw, also when the primary is gone.
// Aurora MySQL (3.04.0 and higher) has the same figures in the table
// `information_schema.aurora_global_db_status` (RPO_LAG_IN_MILLISECONDS, LAST_LAG_CALCULATION_TIMESTAMP;
// "Monitoring an Amazon Aurora global database", aurora-global-database-monitoring.html); AWS's page
// shows it queried on the primary, so on a secondary it may be unavailable (UNCONFIRMED): then the lag
// metric is the only evidence, as for any engine whose function is missing.
export const GLOBAL_STATUS_SOURCE: Readonly<Record<Engine, string>> = {
  'aurora-postgresql': 'aurora_global_db_status()',
  'aurora-mysql': 'information_schema.aurora_global_db_status',
};

// Source: AWS sample "Amazon Aurora PostgreSQL Fast Failover Demo" (aws-samples/amazon-aurora-postgresql-fast-failover-demo,
// README and lambda-functions/DatabaseCanary.py): "A Lambda canary process continually scans the primary
// region (every 10 seconds) from the secondary region"; its handler, invoked on a one-minute schedule,
// loops for 60 seconds, tests the connection (3 s connect timeout) and sleeps 10 seconds between tries.
// EventBridge schedules have a one-minute granularity, so probing more often than once a minute means
// looping inside a scheduled invocation, as the sample does.
export const FAST_FAILOVER_PROBE_SECONDS = 10;

// Source: "How Lambda handles errors and retries with asynchronous invocation", AWS Lambda Developer Guide
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html): "Even if your
// function doesn't return an error, it's possible for it to receive the same event from Lambda multiple
// times because the queue itself is eventually consistent." Scheduled rules invoke asynchronously, so two
// orchestrator runs can overlap without reserved concurrency: the one action that must happen once (the
// failover) is claimed with a DynamoDB conditional write first ("Condition expressions", Amazon DynamoDB
// Developer Guide, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html:
// a PutItem/UpdateItem whose condition is false fails with ConditionalCheckFailedException and writes nothing).
export const CONDITIONAL_CHECK_FAILED = 'ConditionalCheckFailedException';

// Source: "How Amazon Route 53 chooses records when health checking is configured", Route 53 Developer
// Guide (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html):
// a non-alias record with no health check associated is considered healthy; and "Active-active and
// active-passive failover" (dns-failover-types.html): "If all the primary resources are unhealthy, Route 53
// begins to include only the healthy secondary resources". So `read.<zone>` answers with the secondary's
// readers while their check passes and with the writer (its SECONDARY record, unchecked) otherwise.
// The failover routing policy works in private hosted zones ("Failover routing", routing-policy-failover.html:
// "You can use failover routing policy for records in a private hosted zone"). (lib/failover-dns.ts)

// ---- S3 bucket names, Object Lock, lifecycle and RDS snapshot export (backups) ------------------

/**
 * Bucket names are global. Source: "Namespaces for general purpose buckets", Amazon S3 User Guide
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/gpbucketnamespaces.html): "each bucket name
 * must be unique across all AWS accounts in all the AWS Regions within a partition"; creating a name
 * another account holds fails with HTTP 409 BucketAlreadyExists. A name made of region and suffix
 * only (`s3-backups-us-east-1-dev`) therefore collides with any other account using the same suffix;
 * the stack puts the 12-digit account ID into every bucket name (lib/bucket-name.ts).
 * The same page describes an "account regional namespace" (names ending `-<account>-<region>-an`,
 * CreateBucket `BucketNamespace`), which only the owning account can use, but "not in Middle East
 * (Bahrain) and Middle East (UAE)" and with a fixed suffix that breaks `{...}-{environmentSuffix}`;
 * it is not used here.
 * An account ID is "a 12-digit number" ("View AWS account identifiers", AWS Account Management
 * Reference Guide, https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html).
 */
export const ACCOUNT_ID_DIGITS = 12;

/**
 * S3 Object Lock. Sources, Amazon S3 User Guide and API Reference:
 * - "Configuring S3 Object Lock" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html):
 *   "Before you lock any objects, you must enable S3 Versioning and Object Lock on a general purpose
 *   bucket"; "After you enable Object Lock on a bucket, you can't disable Object Lock or suspend
 *   versioning for that bucket".
 * - `PutObjectLockConfiguration` (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLockConfiguration.html):
 *   "You can enable Object Lock for new or existing buckets"; DefaultRetention needs a mode and Days
 *   or Years, not both. (Older copies of the page said existing buckets needed AWS Support.)
 * - "Object Lock considerations" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html):
 *   governance mode can be bypassed only with `s3:BypassGovernanceRetention` and the
 *   `x-amz-bypass-governance-retention:true` header; lifecycle rules keep working on locked objects
 *   and may add delete markers, but "protected object versions remain safe from being deleted or
 *   overwritten by a lifecycle configuration".
 * - Same page, "Using Object Lock with replication": "The Amazon S3 destination bucket must have
 *   Object Lock enabled on it" and the replication role needs `s3:GetObjectRetention` and
 *   `s3:GetObjectLegalHold` on the source; replication copies locked objects "and their retention
 *   metadata". S3 reports DstBucketObjectLockConfigMissing otherwise ("Amazon S3 replication failure
 *   reasons", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html).
 * - Uploads to a bucket with default retention must carry Content-MD5 or an `x-amz-checksum-*` header
 *   (S3 answers "Content-MD5 HTTP header is required for Put Object requests with Object Lock
 *   parameters" otherwise; the AWS SDKs for JavaScript v3 send a CRC32 checksum by default).
 * Governance, not compliance: a destroyable stack (deletionProtection off) must be emptied by
 * `pulumi destroy`, which the AWS provider's forceDestroy does with BypassGovernanceRetention
 * (terraform-provider-aws, which @pulumi/aws wraps, internal/service/s3/delete.go: `force` "override[s]
 * any S3 object lock protections on object lock enabled buckets"; the deployer then needs
 * `s3:BypassGovernanceRetention`); compliance mode would keep every backup, and the bucket, until its
 * retention ends.
 */
export const S3_OBJECT_LOCK = {
  mode: 'GOVERNANCE',
  replicationSourceActions: ['s3:GetObjectRetention', 's3:GetObjectLegalHold'],
} as const;

/**
 * S3 lifecycle on versioned buckets. Sources, Amazon S3 User Guide: "Lifecycle configuration
 * elements" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html):
 * in a versioning-enabled bucket the Expiration action of a current version only adds a delete
 * marker, NoncurrentVersionExpiration removes noncurrent versions "a specified number of days after
 * they become noncurrent", ExpiredObjectDeleteMarker removes delete markers with no versions left and
 * cannot be combined with Days in one rule; S3 adds the days to the object's creation time and rounds
 * "to the next day midnight UTC", and acts asynchronously. So an object version is kept at least
 * `days` days and removed one noncurrent day (plus rounding) after its expiry.
 * Objects smaller than 128 KB are not transitioned by lifecycle by default
 * (`TransitionDefaultMinimumObjectSize` all_storage_classes_128K; "Transitioning objects using Amazon
 * S3 Lifecycle"), and have no minimum age for a transition to INTELLIGENT_TIERING.
 * "Replicating delete markers between buckets" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-marker-replication.html):
 * "the delete markers added by the S3 Lifecycle expiration rule won't be replicated to the destination
 * bucket", so the destination needs lifecycle rules of its own (both buckets get the same ones).
 */
export const S3_LIFECYCLE = {
  /** Noncurrent days before an expired (or overwritten) version is removed for good. */
  noncurrentExpiryDays: 1,
  /** Days after which parts of an upload that never completed are removed. */
  incompleteUploadDays: 7,
} as const;

/**
 * RDS snapshot export to S3 (StartExportTask). Sources, Amazon Aurora User Guide, "Exporting DB
 * cluster snapshot data to Amazon S3" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-export-snapshot.html)
 * and the RDS API Reference `StartExportTask` (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StartExportTask.html):
 * - "You can export manual snapshots and automated system snapshots"; the data is stored as Apache
 *   Parquet, and "You can't restore exported snapshot data from S3 to a new DB cluster": a restore
 *   from an export is a data load, not an RDS restore (scripts/dr/restore.ts says so).
 * - The bucket "must be in the same AWS Region as the snapshot"; the export role is assumed by
 *   `export.rds.amazonaws.com` and needs `s3:PutObject*`, `s3:GetObject*`, `s3:ListBucket`,
 *   `s3:DeleteObject*` and `s3:GetBucketLocation` on the bucket and its objects (narrowed here to the
 *   export prefix); the page's trust policy has no condition, and none is added (an unconfirmed
 *   condition key could make every export fail).
 * - `KmsKeyId` is required. The current API model says "The caller of this operation must be
 *   authorized to run the following operations. These can be set in the Amazon Web Services KMS key
 *   policy: kms:CreateGrant, kms:DescribeKey" (StartExportTaskRequest.KmsKeyId, AWS SDK reference
 *   generated from it: https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-start-export-task-request/kms-key-id.html);
 *   older versions of the page listed the grant's operations too (Encrypt, Decrypt, ...), which RDS
 *   gets through the grant, not from the caller. Granting only these two keeps the producer from
 *   decrypting anything under the region key ("If you use a Lambda function to export a snapshot, add
 *   the kms:DescribeKey action to the Lambda function policy", user guide).
 * - Limits: "You can't run multiple export tasks for the same DB cluster snapshot simultaneously";
 *   "up to five concurrent DB snapshot export tasks in progress per AWS account"; S3 prefixes must
 *   not contain ":"; "We strongly recommend that you use a unique name for each export task"
 *   (ExportTaskAlreadyExists otherwise). Files land under `<S3Prefix>/<ExportTaskIdentifier>/`.
 * - Duration: not stated. "Exporting RDS snapshots can take a while depending on your database type
 *   and size. The export task first restores and scales the entire database before extracting the
 *   data" (status STARTING, then IN_PROGRESS, then COMPLETE, FAILED or CANCELED).
 * - Regions: "Supported Regions and Aurora DB engines for exporting snapshot data to Amazon S3"
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.ExportSnapshotToS3.html):
 *   "available in all AWS Regions except" Asia Pacific (Malaysia), (New Zealand), (Taipei), (Thailand)
 *   and Mexico (Central) (and GovCloud), with every current Aurora MySQL and PostgreSQL version. Of
 *   the REGIONS above only Malaysia offers global databases without snapshot export: it cannot be the
 *   primary region, where the producer exports.
 * - The API page gives no length or character rule for ExportTaskIdentifier (UNCONFIRMED): the
 *   producer keeps to the RDS identifier shape (a letter first, letters, digits and single hyphens,
 *   at most 60 characters).
 * - Writing into a bucket with Object Lock default retention: no AWS page says whether the export
 *   sends the checksum such uploads need (UNCONFIRMED); one public deployment exports into a bucket
 *   with default retention (github.com/Jos1k/rds-snapshot-exporter). The producer's overdue alarm
 *   and `npm run test:integration` (the newest export exists) catch it if it does not.
 */
export const SNAPSHOT_EXPORT = {
  servicePrincipal: 'export.rds.amazonaws.com',
  roleS3BucketActions: ['s3:ListBucket', 's3:GetBucketLocation'],
  roleS3ObjectActions: ['s3:PutObject*', 's3:GetObject*', 's3:DeleteObject*'],
  callerKmsActions: ['kms:CreateGrant', 'kms:DescribeKey'],
  maxTaskIdentifierLength: 60,
  unavailableRegions: ['ap-southeast-5', 'ap-southeast-6', 'ap-east-2', 'ap-southeast-7', 'mx-central-1'],
  concurrentTasksPerAccount: 5,
} as const;

// ---- DNS names Route 53 refuses, or that cannot work as the application's public zone ----------

/**
 * Domains under which Route 53 refuses to create a hosted zone: `CreateHostedZone` fails with
 * `InvalidDomainName` ("The specified domain name is not valid", Route 53 API Reference,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateHostedZone.html) and the message
 * "<name> is reserved by AWS!". They are the names IANA reserves for documentation (RFC 2606 §3,
 * https://www.rfc-editor.org/rfc/rfc2606#section-3: "example.com", "example.net", "example.org").
 * AWS does not publish the list: the refusal of `healthcare-dr.example.com` is the one issue 12 found,
 * and AWS's own sample repository changed its placeholder for it ("example.com is IANA-reserved
 * (RFC 2606); Route 53 rejects it with InvalidDomainName", aws-samples/sample-agentic-value-accelerator
 * pull request 126, 2026-08-21). UNCONFIRMED whether private hosted zones are refused too: the template
 * rejects these names for both kinds of zone, which costs nothing.
 */
export const ROUTE53_RESERVED_DOMAINS = ['example.com', 'example.net', 'example.org'] as const;

/**
 * Top-level domains the DNS root never delegates, so a public zone under them is created but can never
 * be delegated and never answers on the internet (the application's failover name would never
 * resolve). Sources: RFC 6761 §6.2–6.5 (https://www.rfc-editor.org/rfc/rfc6761#section-6: "test",
 * "localhost", "invalid", "example"), RFC 2606 §2 (the same four), RFC 6762 §3 ("local", multicast
 * DNS, https://www.rfc-editor.org/rfc/rfc6762#section-3), and ICANN's reservation of "internal" for
 * private use (Board resolution of 2024-07-29; not re-read in a stored copy). Whether Route 53 refuses a
 * public zone under them is not documented; they are fine for the private zone of the database.
 */
export const NON_PUBLIC_TLDS = ['test', 'localhost', 'invalid', 'example', 'local', 'internal'] as const;

/*
 * Route 53 Resolver inside a VPC, "Public and private hosted zones that have overlapping namespaces",
 * Route 53 Developer Guide (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html):
 * "If you have private and public hosted zones that have overlapping namespaces, such as example.com and
 * accounting.example.com, Resolver routes traffic based on the most specific match", and "If there's a
 * matching private hosted zone but there's no record that matches the domain name and type in the
 * request, Resolver doesn't forward the request to a public DNS resolver. Instead, it returns NXDOMAIN".
 * So inside the VPCs every name at or below a private zone's name is answered from that zone alone: a
 * private zone named like the public zone, or like any domain above it, hides `app.<public zone>` there
 * (rules in lib/config/dns-names.ts, checked by the answers and by the policy pack).
 */

/**
 * Route 53 hosted zone IDs: "The ID that Amazon Route 53 assigned to the hosted zone when you created
 * it", at most 32 characters (Route 53 API Reference, `GetHostedZone` `Id`,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetHostedZone.html). That they are upper-case
 * letters and digits starting with `Z` is what every zone ID in AWS's examples shows, not a documented
 * rule (UNCONFIRMED); the template does not take the `/hostedzone/` prefix the API also accepts.
 */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/**
 * Inputs of each member cluster that Pulumi must not try to change back. Source: `aws.rds.GlobalCluster`,
 * "Upgrading Engine Versions" (Pulumi Registry, @pulumi/aws 7): "When you upgrade the version of an
 * `aws.rds.GlobalCluster`, the provider will attempt to in-place upgrade the engine versions of all
 * associated clusters. Since the `aws.rds.Cluster` resource is being updated through the
 * `aws.rds.GlobalCluster`, you are likely to get an error (`Provider produced inconsistent final plan`).
 * To avoid this, use the `lifecycle` `ignoreChanges` meta argument as shown below on the
 * `aws.rds.Cluster`" — `ignoreChanges: ["engineVersion"]`, with the instances taking
 * `engineVersion: primary.engineVersion`. `aws.rds.Cluster` `replicationSourceIdentifier` (same registry,
 * @pulumi/aws 7.48): "Removing this attribute after creation will promote the read replica to a standalone
 * cluster. If DB Cluster is part of a Global Cluster, use the `ignoreChanges` resource option to prevent
 * Pulumi from showing differences for this argument". After a failover or switchover the original primary
 * is the secondary: a `pulumi up` after `pulumi refresh` would otherwise try to clear it on that cluster,
 * so both members ignore it.
 */
export const MEMBER_CLUSTER_IGNORED_CHANGES = ['engineVersion', 'replicationSourceIdentifier'] as const;

// ---- failover: the primary region's control plane as evidence (issue 13, item 7) ---------------

/**
 * The failover orchestrator reads the primary cluster through the primary region's RDS API before an
 * automatic failover that allows data loss: an API that does not answer (timeout, network error, 5xx)
 * says the region is down, and a cross-region failover is the only recovery; an API that answers says
 * the region is up, so the primary may be recovering in-region and the slower path applies.
 *
 * - `DescribeDBClusters`, Amazon RDS API Reference
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html):
 *   `DBClusterIdentifier` is "The user-supplied DB cluster identifier or the Amazon Resource Name (ARN) of
 *   the DB cluster. If this parameter is specified, information for only the specific DB cluster is
 *   returned"; each `DBCluster` carries `Status` and `DBClusterMembers`, whose `IsClusterWriter` marks
 *   the writer (DBClusterMember data type). An identifier that matches no cluster fails with
 *   `DBClusterNotFoundFault` (HTTP 404), a client error like AccessDenied and throttling.
 * - "Actions, resources, and condition keys for Amazon RDS", Service Authorization Reference
 *   (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html):
 *   `rds:DescribeDBClusters`, access level List, resource type `cluster*` (required): it can be granted
 *   on the one cluster's ARN, and the orchestrator gets it on the primary cluster's ARN only.
 */
export const PRIMARY_CLUSTER_READ_ACTION = 'rds:DescribeDBClusters';

/**
 * After DescribeDBClusters names the writer (DBClusterMember `IsClusterWriter`, `DBInstanceIdentifier`),
 * the orchestrator reads that instance's `DBInstanceStatus` through the same primary-region client: a
 * reboot or a change of the writer leaves the cluster "available" (WRITER_RECOVERY_STATUSES).
 *
 * - `DescribeDBInstances`, Amazon RDS API Reference
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html):
 *   `DBInstanceIdentifier` is "The user-supplied instance identifier or the Amazon Resource Name (ARN) of
 *   the DB instance. If this parameter is specified, information from only the specific DB instance is
 *   returned"; an identifier that matches no instance fails with `DBInstanceNotFound` (HTTP 404).
 * - "Actions, resources, and condition keys for Amazon RDS", Service Authorization Reference
 *   (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html):
 *   `DescribeDBInstances` "Grants permission to return information about provisioned RDS instances",
 *   access level List, resource type `db*` (required), whose ARN is
 *   `arn:${Partition}:rds:${Region}:${Account}:db:${DbInstanceName}`. So it can be granted on named
 *   instances: the orchestrator gets it on the primary cluster's instances that the stack creates (after
 *   an in-region failover any of them can be the writer), not on `db:*`.
 * - That a call naming one `DBInstanceIdentifier` is authorized against that one instance's ARN, and a
 *   call naming none against `db:*`, is not written in AWS's documentation: it is what AWS's own error
 *   messages show (hashicorp/terraform-provider-aws issue 35737: "not authorized to perform:
 *   rds:DescribeDBInstances on resource: arn:aws:rds:us-east-1:111111111111:db:<the identifier passed>";
 *   awslabs/pireporter issue 8: an unfiltered call is refused "on resource: arn:aws:rds:us-east-1:…:db:*").
 *   UNCONFIRMED by AWS documentation. A writer the stack did not create (a replica added by hand) is
 *   refused: the reading then has no writer status and the orchestrator decides on the cluster's alone.
 */
export const PRIMARY_WRITER_READ_ACTION = 'rds:DescribeDBInstances';

/**
 * The orchestrator reads the primary's canary alarm (a metric alarm) from the primary region with
 * `DescribeAlarms` naming it. Source: DescribeAlarms, Amazon CloudWatch API Reference
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html): "Retrieves
 * the specified alarms"; `AlarmNames`: "The names of the alarms to retrieve information about";
 * `AlarmTypes`: "If you omit this parameter, only metric alarms are returned"; `StateValue` is one of
 * `OK | ALARM | INSUFFICIENT_DATA`; its only listed error is `InvalidNextToken`. So a name that matches no
 * alarm answers an empty `MetricAlarms` list rather than an error: read from the reference (no "not
 * found" error exists), not stated there in those words.
 */
export const METRIC_ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

/**
 * DB cluster statuses during which Aurora itself is restoring or changing the cluster in its region, so
 * a writer that does not answer is expected to come back there. Source: "DB cluster status", Amazon
 * Aurora User Guide (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Status.html):
 * "failing-over: A failover from the primary instance to an Aurora Replica is being performed";
 * "maintenance: Amazon RDS is applying a maintenance update to the DB cluster"; "upgrading: The DB cluster
 * engine version is being upgraded"; "starting: The DB cluster is starting". Not "modifying" ("The DB
 * cluster is being modified because of a customer request"): most cluster changes (backup retention, a
 * parameter group, tags) do not stop the writer, and a cluster can stay "modifying" while its writer is
 * down for another reason; a writer that a change does stop shows it in its own status
 * (WRITER_RECOVERY_STATUSES). "rebooting" is in the table of DB instance statuses
 * ("DB instance status", Overview.DBInstance.Status.html: "The DB instance is being rebooted"), not in the
 * copy of the cluster table we could read: whether DescribeDBClusters ever reports it for a cluster is
 * UNCONFIRMED; it is listed so that a reboot, if reported, is treated as the in-region recovery it is.
 * Every other status ("available" included) takes the slow path, never the fast one.
 */
export const IN_REGION_RECOVERY_STATUSES: readonly string[] = ['failing-over', 'maintenance', 'rebooting', 'upgrading', 'starting'];

/**
 * DB instance statuses of the writer during which it is down for a change or a restart in its own region
 * and comes back "available" there. Source: "Viewing DB instance status in an Aurora cluster", Amazon
 * Aurora User Guide (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.DBInstance.Status.html;
 * read in the guide's source, awsdocs/amazon-aurora-user-guide doc_source/accessing-monitoring.md):
 * "rebooting: The DB instance is being rebooted because of a customer request or an Amazon RDS process
 * that requires the rebooting of the DB instance"; "modifying: The DB instance is being modified because
 * of a customer request to modify the DB instance"; "upgrading: The database engine version is being
 * upgraded"; "maintenance: Amazon RDS is applying a maintenance update to the DB instance. This status is
 * used for instance-level maintenance that RDS schedules well in advance"; "starting: The DB instance is
 * starting". And "Rebooting an Amazon Aurora DB cluster or Amazon Aurora DB instance" (USER_RebootCluster.html):
 * "Rebooting a DB instance results in a momentary outage, during which the DB instance status is set to
 * rebooting." How these statuses hold a cross-region failover back: PLANNED_CHANGE_STATUSES.
 */
export const WRITER_RECOVERY_STATUSES: readonly string[] = ['rebooting', 'modifying', 'upgrading', 'maintenance', 'starting'];

/**
 * Of the recovery statuses above (cluster or writer), those of a change a customer asked for or RDS
 * scheduled in advance (the descriptions quoted above: "because of a customer request", "schedules well in
 * advance", an engine upgrade, a start). AWS states no upper bound on how long they last, and the primary
 * comes back in its region when they end: while one lasts, the orchestrator never fails over automatically,
 * it pages (lambda/orchestrator/decide.ts). The others ("failing-over", "rebooting") are Aurora recovering
 * from a fault: they hold a failover back for the slow path's window only.
 */
export const PLANNED_CHANGE_STATUSES: readonly string[] = ['maintenance', 'modifying', 'upgrading', 'starting'];

/**
 * Statuses of the primary cluster or its writer in which Aurora says it cannot serve and cannot recover
 * on its own in its region: the only answers of a primary region that is up which let the orchestrator
 * fail over automatically (on the slow path, with the primary's own alarm in ALARM). Sources: "DB cluster
 * status" (Aurora.Status.html): "inaccessible-encryption-credentials: The AWS KMS key used to encrypt or
 * decrypt the DB cluster can't be accessed or recovered"; "inaccessible-encryption-credentials-recoverable:
 * The KMS key used to encrypt or decrypt the DB cluster can't be accessed. However, if the KMS key is active,
 * restarting the DB cluster can recover it". "DB instance status" (Overview.DBInstance.Status.html, read in
 * awsdocs/amazon-aurora-user-guide doc_source/accessing-monitoring.md): "failed: The DB instance has failed
 * and Amazon RDS can't recover it"; "incompatible-network: Amazon RDS is attempting to perform a recovery
 * action on a DB instance but can't do so because the VPC is in a state that prevents the action from being
 * completed"; the two inaccessible-encryption-credentials statuses as for the cluster. The secondary cluster
 * is encrypted with its own region's key, so a failover recovers from the primary's key being unusable.
 */
export const PRIMARY_FAILED_STATUSES: readonly string[] = ['failed', 'inaccessible-encryption-credentials', 'inaccessible-encryption-credentials-recoverable', 'incompatible-network'];

/**
 * Which endpoint of a cluster reaches an instance that can commit or read the heartbeat, whichever role
 * the cluster has now. The canaries are given both and try both on every probe (lambda/canary/canary.ts).
 * - "Reader endpoints for Amazon Aurora" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Endpoints.Reader.html):
 *   "If the cluster contains one or more Aurora Replicas, the reader endpoint balances each connection
 *   request among the Aurora Replicas. In that case, you can only perform read-only statements", and
 *   with no replica it connects to the primary instance. So after a switchover the promoted cluster's
 *   reader endpoint cannot commit when `instancesPerCluster` is 2 or more.
 * - "Connecting to an Aurora Global Database" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-connecting.html):
 *   "There is a single cluster endpoint associated with the primary cluster that you use for write
 *   operations. The primary cluster and each secondary cluster has a reader endpoint". So the demoted
 *   cluster's cluster endpoint is no longer the one to reach it by. What a connection to a secondary
 *   cluster's cluster endpoint does (no DNS answer, refused, or a read-only instance) is not documented
 *   (UNCONFIRMED): the canary accepts any of them and reads through whichever endpoint answers.
 */
export const CLUSTER_ENDPOINTS = {
  readerEndpointWithReplicas: 'read-only',
  clusterEndpointOfSecondary: 'inactive',
} as const;
