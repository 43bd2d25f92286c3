import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Side } from './regions';

export interface RegionKeyArgs {
  readonly side: Side;
  readonly accountId: pulumi.Input<string>;
  /** Days a scheduled deletion can still be cancelled (7 to 30). Default 30, the longest. */
  readonly deletionWindowInDays?: number;
  /**
   * What the key encrypts and who may use it; default REGION_DATA, the region's DR data (database,
   * backups, secret, logs, alarm topic).
   */
  readonly use?: KeyUse;
}

/** What a key is for: the purpose in its alias, its description and its key policy. */
export interface KeyUse {
  readonly purpose: string;
  readonly description: (side: Side) => string;
  readonly policy: (region: string, accountId: string) => KeyPolicy;
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: { AWS: string } | { Service: string | string[] };
  readonly Action: string | string[];
  readonly Resource: '*';
  readonly Condition?: Record<string, Record<string, string>>;
}

export interface KeyPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

// AWS's default key policy statement: the account's IAM policies decide who administers the key.
// The only statement granting `kms:*`; without it a wrong key policy could lock everyone out.
export const accountAdministers = (accountId: string): PolicyStatement => ({
  Sid: 'AccountAdministersKeyThroughIam',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${accountId}:root` },
  Action: 'kms:*',
  Resource: '*',
});

/**
 * CloudWatch Logs encrypts the log groups of this account and region with the key; the encryption
 * context names the log group. Source: "Encrypt log data in CloudWatch Logs using AWS Key Management
 * Service", Amazon CloudWatch Logs User Guide.
 */
export const logsUseKey = (region: string, accountId: string): PolicyStatement => ({
  Sid: 'CloudWatchLogsOfThisAccount',
  Effect: 'Allow',
  Principal: { Service: `logs.${region}.amazonaws.com` },
  Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
  Resource: '*',
  Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:log-group:*` } },
});

/**
 * AWS services that publish to the SNS topics of this account and region encrypted with the key
 * (CloudWatch alarms; RDS event subscriptions): the data keys SNS asks for on their behalf carry the
 * topic's ARN as encryption context. Sources: policy/facts.ts, KEY_POLICY_SERVICE_CONDITION_KEYS.
 */
export const publishersUseKey = (sid: string, services: string[], region: string, accountId: string): PolicyStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: { Service: services },
  Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
  Resource: '*',
  Condition: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:aws:sns:${region}:${accountId}:*` } },
});

/**
 * The key policy of the region's key. Only the account (through IAM) and the two services that use
 * the key as themselves are named. Everything else that uses it acts through an IAM role of this stack
 * whose policy grants the KMS actions on this key (the canary: kms:Decrypt for the secret; the
 * orchestrator: kms:GenerateDataKey for its topic; S3 replication: both bucket keys), or with the
 * deploying principal's own IAM permissions: RDS storage, the secret and its replica, the buckets
 * (kms:CreateGrant, kms:DescribeKey, kms:GenerateDataKey*, kms:Decrypt on these keys, which an
 * administrator has).
 */
export function keyPolicy(region: string, accountId: string): KeyPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      accountAdministers(accountId),
      logsUseKey(region, accountId),
      publishersUseKey('AlarmAndRdsEventNotifications', ['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com'], region, accountId),
    ],
  };
}

/** The key of a region's DR data, the default of RegionKey. */
export const REGION_DATA: KeyUse = {
  purpose: 'dr',
  description: (side) => `Disaster-recovery data of the ${side.role} region (${side.region}): database, backups, secret, logs, alarms`,
  policy: keyPolicy,
};

/**
 * The customer managed key of one region, with yearly rotation: Aurora storage, the backup bucket,
 * the database secret (or its replica), log groups and alarm topics of that region use it, or what
 * `use` says.
 */
export class RegionKey extends pulumi.ComponentResource {
  public readonly keyArn: pulumi.Output<string>;
  public readonly keyId: pulumi.Output<string>;
  public readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: RegionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:RegionKey', name, {}, opts);
    const { side } = args;
    const options = { parent: this, provider: side.provider };
    const use = args.use ?? REGION_DATA;
    const keyName = side.name('kmsAlias', 'kms', use.purpose);

    const key = new aws.kms.Key(`${name}-key`, {
      description: use.description(side),
      enableKeyRotation: true,
      deletionWindowInDays: args.deletionWindowInDays ?? 30,
      policy: pulumi.jsonStringify(pulumi.output(args.accountId).apply((account) => use.policy(side.region, account))),
      tags: { Name: keyName },
    }, options);
    const alias = new aws.kms.Alias(`${name}-alias`, {
      name: `alias/${keyName}`,
      targetKeyId: key.keyId,
    }, options);

    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
    this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.aliasName });
  }
}
