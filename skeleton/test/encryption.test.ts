import * as aws from '@pulumi/aws';
import type { Answers, AnswersInput } from '../lib/config/answers-schema';
import { NAME_LIMITS } from '../lib/config/aws-facts';
import { RegionKey, type KeyPolicy, type KeyUse, type PolicyStatement } from '../lib/encryption';
import { runComponents, sharedRuns } from './helpers/components';
import { MOCK_ACCOUNT, mockId } from '../scripts/offline/aws-mocks';
import type { OfflineRun, RecordedResource } from '../scripts/offline/recorder';

const SHAPES: Record<string, AnswersInput> = {
  'trading: us-east-1 → eu-west-1': { primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1' },
  'healthcare: us-east-1 → us-west-2': { primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', environmentSuffix: 'synthj5p6r0e5' },
};

const TYPE = { key: 'aws:kms/key:Key', alias: 'aws:kms/alias:Alias' } as const;
/** The secondary key is built with a 7-day deletion window, the primary with the default. */
const DELETION_WINDOW = { primary: 30, secondary: 7 } as const;

const deployKeys = sharedRuns(async (input: AnswersInput): Promise<{ answers: Answers; run: OfflineRun }> => {
  let parsed: Answers | undefined;
  const run = await runComponents(input, ({ answers, sides, root }) => {
    parsed = answers;
    const accountId = aws.getCallerIdentityOutput({}, { parent: root, provider: sides.global.provider }).accountId;
    const primary = new RegionKey('key-primary', { side: sides.primary, accountId }, { parent: root });
    const secondary = new RegionKey('key-secondary', { side: sides.secondary, accountId, deletionWindowInDays: 7 }, { parent: root });
    const outputs = (k: RegionKey) => ({ keyArn: k.keyArn, keyId: k.keyId, aliasName: k.aliasName });
    return { primary: outputs(primary), secondary: outputs(secondary) };
  });
  return { answers: parsed as Answers, run };
});

describe.each(Object.entries(SHAPES))('RegionKey (%s)', (_title, input) => {
  let answers: Answers;
  let run: OfflineRun;
  beforeAll(async () => {
    ({ answers, run } = await deployKeys(input));
  });

  describe.each(['primary', 'secondary'] as const)('in the %s region', (role) => {
    let region: string;
    let own: RecordedResource[];
    let key: RecordedResource;
    let statements: PolicyStatement[];
    const statement = (sid: string) => statements.find((s) => s.Sid === sid) as PolicyStatement;

    beforeAll(() => {
      region = role === 'primary' ? answers.primaryRegion : answers.secondaryRegion;
      own = run.resources.filter((r) => r.parent === `tap:dr:RegionKey::key-${role}`);
      key = own.find((r) => r.type === TYPE.key) as RecordedResource;
      const policy = JSON.parse(key.inputs.policy as string) as KeyPolicy;
      expect(policy.Version).toBe('2012-10-17');
      statements = policy.Statement;
    });

    it('creates one key and one alias, in this region through its provider', () => {
      expect(own.map((r) => r.type).sort()).toEqual([TYPE.alias, TYPE.key]);
      for (const resource of own) expect(resource).toMatchObject({ region, provider: `aws-${role}` });
    });

    it('rotates the key and keeps a scheduled deletion cancellable for the configured window', () => {
      expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: DELETION_WINDOW[role] });
      expect(key.inputs.description).toContain(region);
    });

    it('leaves key administration to the account root, the only statement granting kms:*', () => {
      expect(statement('AccountAdministersKeyThroughIam')).toEqual({
        Sid: 'AccountAdministersKeyThroughIam',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*',
      });
      for (const s of statements.filter((x) => x.Sid !== 'AccountAdministersKeyThroughIam')) {
        const actions = ([] as string[]).concat(s.Action);
        expect(actions.length).toBeGreaterThan(0);
        for (const action of actions) expect(action).toMatch(/^kms:[A-Z][A-Za-z]+\*?$/);
      }
      expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
      expect(new Set(statements.map((s) => s.Sid)).size).toBe(statements.length);
    });

    it("lets CloudWatch Logs of this region encrypt only this account's log groups", () => {
      expect(statement('CloudWatchLogsOfThisAccount')).toEqual({
        Sid: 'CloudWatchLogsOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${MOCK_ACCOUNT}:log-group:*` } },
      });
    });

    it("lets CloudWatch alarms and RDS event subscriptions publish only to this account's topics in this region", () => {
      expect(statement('AlarmAndRdsEventNotifications')).toEqual({
        Sid: 'AlarmAndRdsEventNotifications',
        Effect: 'Allow',
        Principal: { Service: ['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com'] },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:aws:sns:${region}:${MOCK_ACCOUNT}:*` } },
      });
    });

    it('grants nothing else: no principal "*", even bounded by account and service; the roles of the stack get KMS permissions from their IAM policies', () => {
      expect(statements.map((s) => s.Sid)).toEqual([
        'AccountAdministersKeyThroughIam',
        'CloudWatchLogsOfThisAccount',
        'AlarmAndRdsEventNotifications',
      ]);
      expect(statements.map((s) => s.Principal)).not.toContainEqual({ AWS: '*' });
    });

    it('names the alias and the key kms-dr-{region}-{suffix}, within the alias limit', () => {
      const alias = own.find((r) => r.type === TYPE.alias) as RecordedResource;
      const name = `kms-dr-${region}-${answers.environmentSuffix}`;
      expect(alias.inputs).toEqual({ name: `alias/${name}`, targetKeyId: mockId(key) });
      expect(`alias/${name}`.length).toBeLessThanOrEqual(NAME_LIMITS.kmsAlias);
      expect(key.inputs.tags).toEqual({ Name: name });
    });

    it('exposes the key ARN, key id and alias', () => {
      expect(run.outputs[role]).toEqual({
        keyArn: `arn:aws:kms:${region}:${MOCK_ACCOUNT}:key/${mockId(key)}`,
        keyId: mockId(key),
        aliasName: `alias/kms-dr-${region}-${answers.environmentSuffix}`,
      });
    });
  });
});

describe('RegionKey with a use of its own', () => {
  it('takes the alias purpose, description and key policy from it, and still rotates', async () => {
    const use: KeyUse = {
      purpose: 'reports',
      description: (side) => `Reports in ${side.region}`,
      policy: (region, accountId) => ({ Version: '2012-10-17', Statement: [{ Sid: `Only${region}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }] }),
    };
    const run = await runComponents({ primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', environmentSuffix: 'dev' }, ({ sides, root }) => {
      const key = new RegionKey('reports', { side: sides.primary, accountId: '123456789012', use }, { parent: root });
      return { aliasName: key.aliasName };
    });
    const key = run.resources.find((r) => r.type === TYPE.key) as RecordedResource;
    expect(key.inputs).toMatchObject({ description: 'Reports in us-east-1', enableKeyRotation: true, tags: { Name: 'kms-reports-us-east-1-dev' } });
    expect((JSON.parse(String(key.inputs.policy)) as KeyPolicy).Statement.map((st) => st.Sid)).toEqual(['Onlyus-east-1']);
    expect(run.outputs.aliasName).toBe('alias/kms-reports-us-east-1-dev');
  });
});

