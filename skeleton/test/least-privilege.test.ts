// Least privilege, checked on the resource graph this repository would deploy: every action an IAM
// role of the stack may take has a caller in the stack, named below with the code that makes the call;
// the failover orchestrator has every permission it calls; and every key policy names who uses the key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../lib/config/answers-schema';
import { json, list, ofType, statements } from './helpers/components';
import { generatedAnswers, REPO_ROOT } from './helpers/repo';
import { runWholeStack } from './helpers/whole-stack';
import { MOCK_ACCOUNT, mockArnOf } from '../scripts/offline/aws-mocks';
import type { OfflineRun, RecordedResource } from '../scripts/offline/recorder';

/** Who calls an action: the file, and the text in it that makes (or causes) the call. */
interface Caller {
  readonly file: string;
  readonly evidence: string;
  readonly why: string;
}

const RUNTIME_LOGS: Caller = { file: 'lib/connectivity-canary.ts', evidence: "loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name }", why: 'the Lambda runtime writes the function log into its own log group' };
const runtimeLogs = (file: string): Caller => ({ ...RUNTIME_LOGS, file });
const vpcNetworking = (file: string): Caller => ({ file, evidence: 'vpcConfig:', why: 'Lambda creates and removes the network interfaces of a function in the VPC' });
const ENI_ACTIONS = ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'];
const ORCHESTRATOR = 'lambda/orchestrator/aws-adapter.ts';

/**
 * Statement → caller, per role of the stack (by the purpose in the role's name). A grant not listed
 * here fails the test: it has no caller. Every caller's evidence must be in its file.
 */
const CALLERS: Readonly<Record<string, Readonly<Record<string, Caller>>>> = {
  // The failover orchestrator runs as the failover role (lib/failover-role.ts + lib/failover-orchestrator.ts).
  failover: {
    'rds:DescribeGlobalClusters': { file: ORCHESTRATOR, evidence: 'new DescribeGlobalClustersCommand(', why: 'reads the global cluster before every decision' },
    'rds:DescribeDBClusters': { file: ORCHESTRATOR, evidence: 'new DescribeDBClustersCommand(', why: "reads the primary cluster through its own region's RDS API: dark region or in-region recovery" },
    'rds:DescribeDBInstances': { file: ORCHESTRATOR, evidence: 'new DescribeDBInstancesCommand(', why: "reads the primary writer's instance status through its own region's RDS API: a reboot leaves the cluster available" },
    'rds:FailoverGlobalCluster': { file: ORCHESTRATOR, evidence: 'new FailoverGlobalClusterCommand(', why: 'promotes the secondary (automatic mode)' },
    'lambda:InvokeFunction': { file: ORCHESTRATOR, evidence: 'new InvokeCommand(', why: 'asks the secondary canary to probe the primary writer and read the replicated heartbeat' },
    'cloudwatch:DescribeAlarms': { file: ORCHESTRATOR, evidence: 'new DescribeAlarmsCommand(', why: "reads the primary canary's alarm" },
    'cloudwatch:GetMetricData': { file: ORCHESTRATOR, evidence: 'new GetMetricDataCommand(', why: 'reads the replication lag from before the primary fell silent' },
    'dynamodb:UpdateItem': { file: ORCHESTRATOR, evidence: 'new UpdateItemCommand(', why: 'records since when the primary is unreachable (the earliest time wins)' },
    'dynamodb:PutItem': { file: ORCHESTRATOR, evidence: 'new PutItemCommand(', why: 'claims the failover, or a page, with a conditional write' },
    'dynamodb:DeleteItem': { file: ORCHESTRATOR, evidence: 'new DeleteItemCommand(', why: 'clears the unreachable record, and releases a claim whose failover failed' },
    'sns:Publish': { file: ORCHESTRATOR, evidence: 'new PublishCommand(', why: 'pages the on-call' },
    'kms:GenerateDataKey': { file: 'lib/alerting.ts', evidence: 'kmsMasterKeyId: args.keyArn', why: "SNS asks KMS for a data key of the topic's key on the publisher's behalf" },
    'kms:Decrypt': { file: 'lib/alerting.ts', evidence: 'kmsMasterKeyId: args.keyArn', why: "SNS asks KMS for a data key of the topic's key on the publisher's behalf" },
    'logs:CreateLogStream': runtimeLogs('lib/failover-orchestrator.ts'),
    'logs:PutLogEvents': runtimeLogs('lib/failover-orchestrator.ts'),
  },
  'db-canary': {
    'secretsmanager:GetSecretValue': { file: 'lambda/canary/handler.ts', evidence: 'secrets.get(secretArn', why: 'reads the database password' },
    'kms:Decrypt': { file: 'lib/credentials.ts', evidence: 'kmsKeyId: args.primaryKeyArn', why: "Secrets Manager decrypts the secret with the region's key on the reader's behalf" },
    'logs:CreateLogStream': RUNTIME_LOGS,
    'logs:PutLogEvents': RUNTIME_LOGS,
    ...Object.fromEntries(ENI_ACTIONS.map((action) => [action, vpcNetworking('lib/connectivity-canary.ts')])),
  },
  app: {
    'logs:CreateLogStream': runtimeLogs('lib/app-tier.ts'),
    'logs:PutLogEvents': runtimeLogs('lib/app-tier.ts'),
    ...Object.fromEntries(ENI_ACTIONS.map((action) => [action, vpcNetworking('lib/app-tier.ts')])),
  },
  'events-forward': {
    'events:PutEvents': { file: 'lib/event-forwarding.ts', evidence: 'roleArn: role.arn', why: "EventBridge puts the forwarded events on the other region's bus as this role" },
  },
};

const answers: Answers = generatedAnswers();
/** Roles of optional tiers, whose code (and callers) this repository holds only with the tier. */
const TIER_OF: Readonly<Record<string, 'appTier' | 'eventBridge'>> = { app: 'appTier', 'events-forward': 'eventBridge' };
const rendered = (purpose: string) => TIER_OF[purpose] === undefined || answers[TIER_OF[purpose]];
let run: OfflineRun;
beforeAll(async () => {
  run = await runWholeStack();
});

/** The purpose in a role's name: iam-<purpose>-[<region>-]<suffix>. */
const purposeOf = (roleName: string) => Object.keys(CALLERS).find((purpose) => roleName.startsWith(`iam-${purpose}-`));
/** Every action granted to the role called `name`, by all its inline policies. */
const grantedTo = (name: string) => ofType(run, 'aws:iam/rolePolicy:RolePolicy')
  .filter((p) => p.inputs.role === name)
  .flatMap((p) => statements(p.inputs.policy).filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action)));
const roles = () => ofType(run, 'aws:iam/role:Role').filter((r) => purposeOf(String(r.inputs.name)) !== undefined);
const source = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

describe('every permission of the stack\'s roles has a caller', () => {
  it('finds the roles of the orchestrator and the canaries, and those of the tiers rendered', () => {
    const purposes = new Set(roles().map((r) => purposeOf(String(r.inputs.name))));
    expect(purposes).toEqual(new Set(['failover', 'db-canary', ...(answers.appTier ? ['app'] : []), ...(answers.eventBridge ? ['events-forward'] : [])]));
  });

  it('grants each role only actions a caller of the stack makes', () => {
    for (const role of roles()) {
      const callers = CALLERS[purposeOf(String(role.inputs.name)) as string];
      const uncalled = grantedTo(String(role.inputs.name)).filter((action) => !(action in callers));
      expect({ role: role.inputs.name, uncalled }).toEqual({ role: role.inputs.name, uncalled: [] });
    }
  });

  it('grants the failover orchestrator every action it calls', () => {
    const failover = roles().find((r) => purposeOf(String(r.inputs.name)) === 'failover') as RecordedResource;
    expect(new Set(grantedTo(String(failover.inputs.name)))).toEqual(new Set(Object.keys(CALLERS.failover)));
  });

  it.each(Object.entries(CALLERS).filter(([purpose]) => rendered(purpose)).flatMap(([purpose, actions]) => Object.entries(actions).map(([action, caller]) => [purpose, action, caller] as const)))(
    '%s: %s is called by %s',
    (_purpose, _action, caller) => {
      expect(source(caller.file)).toContain(caller.evidence);
      expect(caller.why).not.toBe('');
    },
  );

  it('lets no role be assumed by a service that runs nothing of the stack', () => {
    const trusted = roles().flatMap((r) => statements(r.inputs.assumeRolePolicy).map((s) => (s.Principal as { Service: string }).Service));
    expect(new Set(trusted.flat())).toEqual(new Set(['lambda.amazonaws.com', ...(answers.eventBridge ? ['events.amazonaws.com'] : [])]));
  });
});

describe('every key policy names who uses the key', () => {
  const keyPolicies = () => ofType(run, 'aws:kms/key:Key').map((key) => ({ key, statements: json<{ Statement: Array<{ Sid: string; Principal: { AWS?: string; Service?: string | string[] }; Condition?: Record<string, Record<string, string>> }> }>(key.inputs.policy).Statement }));

  it('no statement allows any principal ("*")', () => {
    for (const { statements: all } of keyPolicies()) {
      for (const statement of all) expect([statement.Sid, statement.Principal.AWS]).not.toEqual([statement.Sid, '*']);
    }
  });

  /** What is encrypted with `key`: the resources of `type` whose `input` names its ARN. */
  const encryptedWith = (key: RecordedResource, type: string, input: string) => ofType(run, type).filter((r) => r.inputs[input] === mockArnOf(key));

  it('CloudWatch Logs may use a key only for log groups of this account and region, and the stack has such groups', () => {
    for (const { key, statements: all } of keyPolicies().filter(({ statements: s }) => s.some((x) => x.Sid === 'CloudWatchLogsOfThisAccount'))) {
      expect(encryptedWith(key, 'aws:cloudwatch/logGroup:LogGroup', 'kmsKeyId').length).toBeGreaterThan(0);
      expect(all.find((s) => s.Sid === 'CloudWatchLogsOfThisAccount')?.Condition?.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBe(`arn:aws:logs:${key.region}:${MOCK_ACCOUNT}:log-group:*`);
    }
  });

  it('each service that publishes to a topic encrypted with a key is named, bound to its topics, and publishes to one', () => {
    for (const { key, statements: all } of keyPolicies()) {
      const topics = encryptedWith(key, 'aws:sns/topic:Topic', 'kmsMasterKeyId').map(mockArnOf);
      for (const statement of all.filter((s) => s.Principal.Service && s.Sid !== 'CloudWatchLogsOfThisAccount')) {
        expect(statement.Condition?.ArnLike['kms:EncryptionContext:aws:sns:topicArn']).toBe(`arn:aws:sns:${key.region}:${MOCK_ACCOUNT}:*`);
        for (const service of list(statement.Principal.Service as string | string[])) {
          const publishes = service === 'cloudwatch.amazonaws.com'
            ? ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').some((alarm) => list((alarm.inputs.alarmActions ?? []) as string[]).some((action) => topics.includes(action)))
            : ofType(run, 'aws:rds/eventSubscription:EventSubscription').some((subscription) => topics.includes(String(subscription.inputs.snsTopic)));
          expect([key.name, service, publishes]).toEqual([key.name, service, true]);
        }
      }
    }
  });
});
