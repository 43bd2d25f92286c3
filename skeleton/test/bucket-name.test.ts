import { accountBucketName } from '../lib/bucket-name';
import { NAME_LIMITS, REGIONS, SNAPSHOT_EXPORT } from '../lib/config/aws-facts';
import { MAX_SUFFIX_LENGTH } from '../lib/config/naming';
import { runComponents } from './helpers/components';

describe('accountBucketName', () => {
  it('puts the account ID into the purpose: {service}-{purpose}-{account}-{region}-{suffix}', async () => {
    const run = await runComponents({ primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'dev' }, ({ sides }) => ({
      primary: accountBucketName(sides.primary, 'backups', '123456789012'),
      secondary: accountBucketName(sides.secondary, 'backups', '123456789012'),
      otherAccount: accountBucketName(sides.primary, 'backups', '210987654321'),
    }));
    expect(run.outputs).toEqual({
      primary: 's3-backups-123456789012-us-east-1-dev',
      secondary: 's3-backups-123456789012-eu-west-1-dev',
      otherAccount: 's3-backups-210987654321-us-east-1-dev',
    });
  });

  it('fits the 63-character limit with the longest region and suffix, keeping the whole account ID', async () => {
    const exporting = (code: string) => !(SNAPSHOT_EXPORT.unavailableRegions as readonly string[]).includes(code);
    const longest = [...REGIONS].filter((r) => r.globalDatabase.includes('aurora-mysql') && exporting(r.code)).sort((a, b) => b.code.length - a.code.length)[0]?.code as string;
    const suffix = 'a'.repeat(MAX_SUFFIX_LENGTH);
    const run = await runComponents({ engine: 'aurora-mysql', primaryRegion: longest, secondaryRegion: 'us-east-1', environmentSuffix: suffix }, ({ sides }) => ({
      backups: accountBucketName(sides.primary, 'backups', '123456789012'),
      assets: accountBucketName(sides.primary, 'assets', '123456789012'),
    }));
    for (const name of Object.values(run.outputs) as string[]) {
      expect(name.length).toBeLessThanOrEqual(NAME_LIMITS.s3Bucket);
      expect(name).toContain('-123456789012-');
      expect(name.endsWith(`-${suffix}`)).toBe(true);
    }
  });
});
