import * as pulumi from '@pulumi/pulumi';
import { NAME_LIMITS } from '../lib/config/aws-facts';
import {
  DATABASE_NAME,
  DatabaseCredentials,
  MASTER_USERNAME,
  PASSWORD_SPECIAL_CHARACTERS,
  credentialsJson,
  replicaSecretArn,
} from '../lib/credentials';
import { only, runComponents, sharedRuns } from './helpers/components';
import { mockId } from '../scripts/offline/aws-mocks';

const PRIMARY_KEY = 'arn:aws:kms:us-east-1:123456789012:key/primary';
const SECONDARY_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/secondary';

const credentials = sharedRuns(async (deletionProtection: boolean) => {
  let component: DatabaseCredentials | undefined;
  const input = { primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'prod', deletionProtection };
  const run = await runComponents(input, ({ answers, sides, root }) => {
    component = new DatabaseCredentials('credentials', {
      primary: sides.primary,
      secondary: sides.secondary,
      primaryKeyArn: PRIMARY_KEY,
      secondaryKeyArn: SECONDARY_KEY,
      engine: answers.engine,
      port: 5432,
      deletionProtection,
    }, { parent: root });
    return { secretArn: component.secretArn, secondarySecretArn: component.secondarySecretArn };
  });
  return { run, component: component as DatabaseCredentials, only: (type: string) => only(run, type) };
});

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe('DatabaseCredentials', () => {
  it('keeps the secret in the primary region with the primary key and replicates it with the secondary key', async () => {
    const { only } = await credentials(true);
    const secret = only('aws:secretsmanager/secret:Secret');
    expect(secret.region).toBe('us-east-1');
    expect(secret.provider).toBe('aws-primary');
    expect(secret.inputs.kmsKeyId).toBe(PRIMARY_KEY);
    expect(secret.inputs.replicas).toEqual([{ region: 'eu-west-1', kmsKeyId: SECONDARY_KEY }]);
  });

  it('keeps a deleted secret recoverable for 7 days under deletion protection', async () => {
    const { only } = await credentials(true);
    expect(only('aws:secretsmanager/secret:Secret').inputs.recoveryWindowInDays).toBe(7);
  });

  it('deletes the secret at once without deletion protection, so the stack can be destroyed and re-created', async () => {
    const { only } = await credentials(false);
    expect(only('aws:secretsmanager/secret:Secret').inputs.recoveryWindowInDays).toBe(0);
  });

  it('names the secret with the suffix, within the Secrets Manager limit', async () => {
    const { only } = await credentials(true);
    const name = String(only('aws:secretsmanager/secret:Secret').inputs.name);
    expect(name).toBe('secret-db-master-us-east-1-prod');
    expect(name.length).toBeLessThanOrEqual(NAME_LIMITS.secret);
  });

  it('generates a 32-character password from characters RDS accepts', async () => {
    const { only } = await credentials(true);
    const password = only('random:index/randomPassword:RandomPassword');
    expect(password.inputs).toMatchObject({ length: 32, special: true, overrideSpecial: PASSWORD_SPECIAL_CHARACTERS });
    for (const forbidden of ['/', '@', '"', ' ']) expect(PASSWORD_SPECIAL_CHARACTERS).not.toContain(forbidden);
    expect(PASSWORD_SPECIAL_CHARACTERS).toMatch(/^[!-~]+$/);
  });

  it('stores the credentials as a secret version of that secret', async () => {
    const { only } = await credentials(true);
    const version = only('aws:secretsmanager/secretVersion:SecretVersion');
    expect(version.inputs.secretId).toBe(mockId(only('aws:secretsmanager/secret:Secret')));
    expect(version.inputs.secretString).toBe('[secret]');
    expect(version.region).toBe('us-east-1');
  });

  it('puts every AWS resource on the primary provider, as children of the component', async () => {
    const { run } = await credentials(true);
    const own = run.resources.filter((r) => r.parent === 'tap:dr:DatabaseCredentials::credentials');
    expect(own.map((r) => r.type).sort()).toEqual([
      'aws:secretsmanager/secret:Secret',
      'aws:secretsmanager/secretVersion:SecretVersion',
      'random:index/randomPassword:RandomPassword',
    ]);
    for (const resource of own.filter((r) => r.type.startsWith('aws:'))) {
      expect(resource).toMatchObject({ provider: 'aws-primary', region: 'us-east-1' });
    }
  });

  it('outputs the replica ARN in the secondary region, the user, the database name and a secret password', async () => {
    const { run, component } = await credentials(true);
    const secretArn = String(run.outputs.secretArn);
    expect(secretArn.split(':')[3]).toBe('us-east-1');
    expect(run.outputs.secondarySecretArn).toBe(replicaSecretArn(secretArn, 'eu-west-1'));
    expect(component.username).toBe(MASTER_USERNAME);
    expect(component.databaseName).toBe(DATABASE_NAME);
    expect(await pulumi.isSecret(component.password)).toBe(true);
  });
});

describe('credentialsJson', () => {
  it('holds engine, username, password, port and database name', async () => {
    const json = await resolved(credentialsJson('aurora-mysql', 3306, 'p4ss!word'));
    expect(JSON.parse(json)).toEqual({ engine: 'aurora-mysql', username: 'dbadmin', password: 'p4ss!word', port: 3306, dbname: 'tapdr' });
  });
});

describe('replicaSecretArn', () => {
  it('swaps only the region of the ARN', () => {
    expect(replicaSecretArn('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-master-AbCdEf', 'us-west-2')).toBe(
      'arn:aws:secretsmanager:us-west-2:123456789012:secret:db-master-AbCdEf',
    );
  });
});
