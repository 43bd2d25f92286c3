import { readProducerConfig } from '../../lambda/backup-export/config';

const ENV = {
  CLUSTER_ID: 'aurora-cluster-us-east-1-prod',
  BACKUP_BUCKET: 's3-backups-123456789012-us-east-1-prod',
  EXPORT_PREFIX: 'exports/aurora-cluster-us-east-1-prod',
  EXPORT_ROLE_ARN: 'arn:aws:iam::123456789012:role/iam-snapshot-export-us-east-1-prod',
  KMS_KEY_ARN: 'arn:aws:kms:us-east-1:123456789012:key/primary',
  EXPORT_INTERVAL_DAYS: '1',
  AWS_REGION: 'us-east-1',
};

describe('readProducerConfig', () => {
  it('reads what the Pulumi program sets', () => {
    expect(readProducerConfig(ENV)).toEqual({
      config: {
        clusterId: ENV.CLUSTER_ID, bucket: ENV.BACKUP_BUCKET, prefix: ENV.EXPORT_PREFIX, exportRoleArn: ENV.EXPORT_ROLE_ARN,
        kmsKeyArn: ENV.KMS_KEY_ARN, intervalDays: 1, region: 'us-east-1',
      },
    });
    expect(readProducerConfig({ ...ENV, EXPORT_PREFIX: 'exports/x//' })).toMatchObject({ config: { prefix: 'exports/x' } });
  });

  it('names every missing or bad variable at once', () => {
    expect(readProducerConfig({ ...ENV, CLUSTER_ID: ' ', KMS_KEY_ARN: undefined, EXPORT_INTERVAL_DAYS: '1.5', EXPORT_PREFIX: 'exports/a:b' })).toEqual({
      problems: ['CLUSTER_ID is not set', 'KMS_KEY_ARN is not set', 'EXPORT_INTERVAL_DAYS "1.5" is not a whole number of days ≥ 1', 'EXPORT_PREFIX "exports/a:b" contains ":", which snapshot exports do not accept'],
    });
    expect(readProducerConfig({ ...ENV, EXPORT_INTERVAL_DAYS: '0' })).toEqual({ problems: ['EXPORT_INTERVAL_DAYS "0" is not a whole number of days ≥ 1'] });
    expect(readProducerConfig({ ...ENV, EXPORT_INTERVAL_DAYS: undefined })).toEqual({ problems: ['EXPORT_INTERVAL_DAYS is not set'] });
  });
});
