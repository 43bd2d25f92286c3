import { CANARY_CODE_PATH, CANARY_NAMESPACE, ConnectivityCanary } from '../lib/connectivity-canary';
import { PROBE_FUNCTION_TIMEOUT_SECONDS, PROBE_INTERVAL_SECONDS, PROBE_TIMEOUT_SECONDS, PROBE_WINDOW_SECONDS } from '../lib/config/timings';
import { json, ofType, runComponents, sharedRuns } from './helpers/components';

interface Statement { Sid?: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown }

const canary = sharedRuns(async (role: 'primary' | 'secondary') => {
  let created: ConnectivityCanary | undefined;
  const run = await runComponents({ primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'qa' }, ({ sides, root }) => {
    const side = sides[role];
    created = new ConnectivityCanary(`${role}-canary`, {
      side,
      accountId: '123456789012',
      runtime: 'nodejs22.x',
      engine: 'aurora-postgresql',
      host: `cluster.${side.region}.rds.amazonaws.com`,
      readerHost: `cluster-ro.${side.region}.rds.amazonaws.com`,
      port: 5432,
      databaseName: 'tapdr',
      secretArn: `arn:aws:secretsmanager:${side.region}:123456789012:secret:db-AbCdEf`,
      kmsKeyArn: `arn:aws:kms:${side.region}:123456789012:key/k`,
      subnetIds: ['subnet-1', 'subnet-2'],
      securityGroupId: 'sg-lambda',
      // The secondary's canary also probes the primary writer across the peering (lib/tap-stack.ts).
      ...(role === 'secondary' ? { peerHost: 'writer.cluster-abc.us-east-1.rds.amazonaws.com' } : {}),
    }, { parent: root });
  });
  return { run, canary: created as ConnectivityCanary };
});

describe('ConnectivityCanary', () => {
  it('runs a VPC function in its own region every minute, with the database contract in its environment', async () => {
    const { run, canary: c } = await canary('secondary');
    const [fn] = ofType(run, 'aws:lambda/function:Function');
    expect(fn.region).toBe('eu-west-1');
    expect(fn.provider).toBe('aws-secondary');
    expect(fn.inputs).toMatchObject({
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      vpcConfig: { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-lambda'] },
      environment: { variables: {
        DB_HOST: 'cluster.eu-west-1.rds.amazonaws.com',
        DB_READER_HOST: 'cluster-ro.eu-west-1.rds.amazonaws.com',
        DB_PORT: '5432',
        DB_ENGINE: 'aurora-postgresql',
        DB_NAME: 'tapdr',
        DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
        POWERTOOLS_METRICS_NAMESPACE: CANARY_NAMESPACE,
        POWERTOOLS_SERVICE_NAME: c.serviceName,
        NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      } },
    });
    expect(fn.inputs.reservedConcurrentExecutions).toBeUndefined();
    expect(JSON.stringify(fn.inputs.code)).toContain(CANARY_CODE_PATH.replace('./', ''));
    const [rule] = ofType(run, 'aws:cloudwatch/eventRule:EventRule');
    expect(rule.inputs.scheduleExpression).toBe('rate(1 minute)');
    expect(ofType(run, 'aws:cloudwatch/eventTarget:EventTarget')).toHaveLength(1);
    expect(ofType(run, 'aws:lambda/permission:Permission')[0].inputs).toMatchObject({ principal: 'events.amazonaws.com', action: 'lambda:InvokeFunction' });
  });

  it('probes every 10 s for the window of each scheduled minute, and outlives its window by the last probe\'s timeouts', async () => {
    const [fn] = ofType((await canary('primary')).run, 'aws:lambda/function:Function');
    const variables = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({ PROBE_INTERVAL_SECONDS: '10', PROBE_WINDOW_SECONDS: String(PROBE_WINDOW_SECONDS), CONNECT_TIMEOUT_MS: String(PROBE_TIMEOUT_SECONDS * 1000) });
    expect(PROBE_INTERVAL_SECONDS).toBe(10);
    // The window covers the minute until the next scheduled run starts, so no 10 s slot goes unprobed.
    expect(PROBE_WINDOW_SECONDS).toBeGreaterThanOrEqual(60 + PROBE_INTERVAL_SECONDS);
    expect(fn.inputs.timeout).toBe(PROBE_FUNCTION_TIMEOUT_SECONDS);
    expect(PROBE_FUNCTION_TIMEOUT_SECONDS).toBeGreaterThanOrEqual(PROBE_WINDOW_SECONDS + 3 * PROBE_TIMEOUT_SECONDS);
  });

  it('gives only the canary it is asked to the peer writer to probe (the secondary\'s, across the peering)', async () => {
    const variablesOf = async (role: 'primary' | 'secondary') => (ofType((await canary(role)).run, 'aws:lambda/function:Function')[0].inputs.environment as { variables: Record<string, string> }).variables;
    expect((await variablesOf('secondary')).PEER_HOST).toBe('writer.cluster-abc.us-east-1.rds.amazonaws.com');
    expect((await variablesOf('primary')).PEER_HOST).toBeUndefined();
  });

  it('keeps its logs encrypted, for a bounded time', async () => {
    const { run, canary: c } = await canary('primary');
    const [logs] = ofType(run, 'aws:cloudwatch/logGroup:LogGroup');
    expect(logs.inputs).toMatchObject({ name: `/aws/lambda/${c.serviceName}`, retentionInDays: 30, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' });
  });

  it('may read only its secret and key; "*" only for the network-interface calls AWS cannot scope', async () => {
    const { run } = await canary('primary');
    const [role] = ofType(run, 'aws:iam/role:Role');
    const trust = json<{ Statement: Array<{ Principal: { Service: string }; Condition: unknown }> }>(role.inputs.assumeRolePolicy);
    expect(trust.Statement[0].Principal.Service).toBe('lambda.amazonaws.com');
    expect(trust.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' } });
    const { Statement } = json<{ Statement: Statement[] }>(ofType(run, 'aws:iam/rolePolicy:RolePolicy')[0].inputs.policy);
    for (const s of Statement) expect([s.Action].flat()).not.toContain('*');
    const wildcard = Statement.filter((s) => s.Resource === '*');
    expect(wildcard.map((s) => s.Sid)).toEqual(['ManageVpcNetworkInterfaces']);
    expect([wildcard[0].Action].flat().every((a) => a.startsWith('ec2:') && a.includes('NetworkInterface') || a.includes('PrivateIpAddresses'))).toBe(true);
    expect(Statement.find((s) => s.Sid === 'ReadCredentials')?.Resource).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf');
    // The key only as Secrets Manager of its region decrypting the secret.
    expect(Statement.find((s) => s.Sid === 'DecryptCredentials')?.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } });
  });

  it('names function, role and schedule with region and suffix', async () => {
    const { run } = await canary('primary');
    expect(ofType(run, 'aws:lambda/function:Function')[0].inputs.name).toBe('lambda-db-canary-us-east-1-qa');
    expect(ofType(run, 'aws:iam/role:Role')[0].inputs.name).toBe('iam-db-canary-us-east-1-qa');
    expect(ofType(run, 'aws:cloudwatch/eventRule:EventRule')[0].inputs.name).toBe('events-db-canary-us-east-1-qa');
  });
});
