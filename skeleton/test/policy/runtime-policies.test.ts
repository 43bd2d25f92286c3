// The policy rules of issue 12's runtime, IAM, event and log fixes: each fails a resource (or stack)
// that breaks the AWS constraint behind it and passes one that keeps it.
import {
  eventForwardingOnlyOwnEvents,
  keyPolicyNamedPrincipals,
  keyPolicyPrincipalProblems,
  noReservedConcurrency,
  rdsLogGroupsManaged,
  clustersRequireTls,
  alarmTopicsSubscribed,
} from '../../policy/policies';
import { provider, resource, stackViolations, violations } from './synthetic';

const primary = provider('primary', 'us-east-1');
const secondary = provider('secondary', 'eu-west-1');
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/primary-key-id';

describe('no-reserved-concurrency', () => {
  const fn = (props: Record<string, unknown>) => resource('aws:lambda/function:Function', { name: 'lambda-failover-eu-west-1-dev', ...props });

  it('passes a function without a reservation, or with -1 (the provider\'s "none")', async () => {
    expect(await violations(noReservedConcurrency, fn({}))).toEqual([]);
    expect(await violations(noReservedConcurrency, fn({ reservedConcurrentExecutions: -1 }))).toEqual([]);
  });

  it('fails any reservation, 0 and 1 included, naming the unreserved minimum', async () => {
    for (const reserved of [0, 1, 10]) {
      expect(await violations(noReservedConcurrency, fn({ reservedConcurrentExecutions: reserved }))).toEqual([
        `reservedConcurrentExecutions is ${reserved}; leave it unset: Lambda refuses a reservation that leaves less than 100 unreserved (less in new accounts), and the healthcare requirement forbids it`,
      ]);
    }
  });
});

describe('rds-log-groups-managed', () => {
  const cluster = (extra: { dependsOn?: ReturnType<typeof resource>[] } = {}, exports: string[] = ['postgresql']) =>
    resource('aws:rds/cluster:Cluster', { clusterIdentifier: 'aurora-cluster-us-east-1-dev', enabledCloudwatchLogsExports: exports }, { name: 'aurora-primary', provider: primary, dependencies: extra.dependsOn ?? [] });
  const group = (props: Record<string, unknown> = {}, where = primary) =>
    resource('aws:cloudwatch/logGroup:LogGroup', { name: '/aws/rds/cluster/aurora-cluster-us-east-1-dev/postgresql', retentionInDays: 365, kmsKeyId: KEY, ...props }, { name: 'aurora-primary-postgresql-logs', provider: where });

  it('passes a cluster whose exported log group the stack creates first, with retention and its key', async () => {
    const logs = group();
    expect(await stackViolations(rdsLogGroupsManaged, [logs, cluster({ dependsOn: [logs] })])).toEqual([]);
    // A cluster that exports nothing needs no group.
    expect(await stackViolations(rdsLogGroupsManaged, [resource('aws:rds/cluster:Cluster', { clusterIdentifier: 'c' })])).toEqual([]);
  });

  it('fails a cluster exporting into a log group RDS would create: none in the stack, or one in another region', async () => {
    const message = 'cluster aurora-primary exports postgresql logs, but the stack has no log group /aws/rds/cluster/aurora-cluster-us-east-1-dev/postgresql in us-east-1: RDS would create it with no retention and no key of ours';
    expect(await stackViolations(rdsLogGroupsManaged, [cluster()])).toEqual([message]);
    expect(await stackViolations(rdsLogGroupsManaged, [group({}, secondary), cluster()])).toEqual([message]);
  });

  it('fails a log group without retention or customer key, and a cluster that does not wait for it', async () => {
    const logs = group({ retentionInDays: undefined, kmsKeyId: 'alias/aws/logs' });
    expect(await stackViolations(rdsLogGroupsManaged, [logs, cluster()])).toEqual([
      'log group /aws/rds/cluster/aurora-cluster-us-east-1-dev/postgresql has no retention',
      'log group /aws/rds/cluster/aurora-cluster-us-east-1-dev/postgresql is not encrypted with a customer managed key (kmsKeyId)',
      'cluster aurora-primary does not depend on its log group /aws/rds/cluster/aurora-cluster-us-east-1-dev/postgresql: RDS may create the group first (dependsOn)',
    ]);
  });
});

describe('kms-key-policy-named-principals', () => {
  const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
  const key = (...statements: object[]) => resource('aws:kms/key:Key', { policy: doc(...statements) });
  const root = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' };
  const logs = {
    Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: 'kms:Encrypt', Resource: '*',
    Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:123456789012:log-group:*' } },
  };

  it('passes the account root, a named role, and service principals bound by a documented condition', async () => {
    const role = { Sid: 'Role', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/r' }, Action: 'kms:Decrypt', Resource: '*' };
    expect(await violations(keyPolicyNamedPrincipals, key(root, role, logs))).toEqual([]);
  });

  it('fails "*" as principal, even bounded by account and service (the AWS managed keys\' statement)', async () => {
    const anyone = { Sid: 'ThroughRds', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '123456789012', 'kms:ViaService': 'rds.us-east-1.amazonaws.com' } } };
    expect(await violations(keyPolicyNamedPrincipals, key(root, anyone))).toEqual(['ThroughRds allows any principal (*); name the account root, a role, or a service principal']);
    expect(keyPolicyPrincipalProblems({ Effect: 'Allow', Principal: '*' })).toEqual(['statement allows any principal (*); name the account root, a role, or a service principal']);
  });

  it('fails a service principal with no condition binding it to this account', async () => {
    const alarms = { Sid: 'Alarms', Effect: 'Allow', Principal: { Service: ['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com'] }, Action: 'kms:Decrypt', Resource: '*' };
    expect(await violations(keyPolicyNamedPrincipals, key(root, alarms))).toEqual([
      'Alarms lets cloudwatch.amazonaws.com, events.rds.amazonaws.com use the key with no condition binding it to this account\'s resources (kms:EncryptionContext:aws:logs:arn, kms:EncryptionContext:aws:sns:topicArn, kms:ViaService, aws:SourceArn, aws:SourceAccount)',
    ]);
  });

  it('ignores Deny statements and keys without a policy', async () => {
    expect(keyPolicyPrincipalProblems({ Effect: 'Deny', Principal: '*' })).toEqual([]);
    expect(await violations(keyPolicyNamedPrincipals, resource('aws:kms/key:Key', {}))).toEqual([]);
  });
});

describe('event-forwarding-no-loop', () => {
  const busArn = (region: string) => `arn:aws:events:${region}:123456789012:event-bus/events-app-${region}-dev`;
  const rule = (pattern: object, where = primary, name = 'events-forward-us-east-1-dev') =>
    resource('aws:cloudwatch/eventRule:EventRule', { name, eventBusName: 'events-app-us-east-1-dev', eventPattern: JSON.stringify(pattern) }, { name: `rule-${name}`, provider: where });
  const target = (arn: unknown, extra: Record<string, unknown> = {}, where = primary) =>
    resource('aws:cloudwatch/eventTarget:EventTarget', { rule: 'events-forward-us-east-1-dev', eventBusName: 'events-app-us-east-1-dev', arn }, { name: 'forward-target', provider: where, ...extra });
  const APP = { source: [{ prefix: 'app.' }] };

  it('passes a cross-region forward that only sends events that originated in its own region', async () => {
    expect(await stackViolations(eventForwardingOnlyOwnEvents, [rule({ ...APP, region: ['us-east-1'] }), target(busArn('eu-west-1'))])).toEqual([]);
  });

  it('fails a cross-region forward whose rule lets forwarded events through, naming the fix', async () => {
    const expected = 'forward-target forwards events from us-east-1 to a bus in eu-west-1, but its rule rule-events-forward-us-east-1-dev does not limit them to events that originated in us-east-1 (event pattern "region": ["us-east-1"]): events forwarded to us-east-1 would be sent back';
    expect(await stackViolations(eventForwardingOnlyOwnEvents, [rule(APP), target(busArn('eu-west-1'))])).toEqual([expected]);
    expect(await stackViolations(eventForwardingOnlyOwnEvents, [rule({ ...APP, region: ['eu-west-1'] }), target(busArn('eu-west-1'))])).toEqual([expected]);
    expect(await stackViolations(eventForwardingOnlyOwnEvents, [rule({ ...APP, region: ['us-east-1', 'eu-west-1'] }), target(busArn('eu-west-1'))])).toEqual([expected]);
  });

  it('finds the target bus from the bus resource when its ARN is not known yet (a real preview), and the rule through the property dependency', async () => {
    const bus = resource('aws:cloudwatch/eventBus:EventBus', { name: 'events-app-eu-west-1-dev' }, { provider: secondary });
    const forwarding = rule(APP, primary, 'renamed');
    expect(await stackViolations(eventForwardingOnlyOwnEvents, [forwarding, target(undefined, { propertyDependencies: { arn: [bus], rule: [forwarding] } })])).toEqual([
      'forward-target forwards events from us-east-1 to a bus in eu-west-1, but its rule rule-renamed does not limit them to events that originated in us-east-1 (event pattern "region": ["us-east-1"]): events forwarded to us-east-1 would be sent back',
    ]);
    // A rule without a pattern (a schedule) forwards everything; a rule the stack does not hold is reported too.
    const scheduled = resource('aws:cloudwatch/eventRule:EventRule', { name: 'events-forward-us-east-1-dev', scheduleExpression: 'rate(1 minute)' }, { name: 'rule-scheduled', provider: primary });
    expect(await stackViolations(eventForwardingOnlyOwnEvents, [scheduled, target(busArn('eu-west-1'))])).toHaveLength(1);
    expect(await stackViolations(eventForwardingOnlyOwnEvents, [target(busArn('eu-west-1'))])).toEqual([
      'forward-target forwards events from us-east-1 to a bus in eu-west-1, but its rule does not limit them to events that originated in us-east-1 (event pattern "region": ["us-east-1"]): events forwarded to us-east-1 would be sent back',
    ]);
  });

  it('leaves targets in the same region, and targets that are not event buses, alone', async () => {
    expect(await stackViolations(eventForwardingOnlyOwnEvents, [rule(APP), target(busArn('us-east-1'))])).toEqual([]);
    expect(await stackViolations(eventForwardingOnlyOwnEvents, [rule(APP), target('arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/x')])).toEqual([]);
  });
});

describe('database-requires-tls', () => {
  const params = (parameters: unknown[], extra: { family?: string; where?: typeof primary; name?: string } = {}) =>
    resource('aws:rds/clusterParameterGroup:ClusterParameterGroup', { name: extra.name ?? 'aurora-params-us-east-1-dev', family: extra.family ?? 'aurora-postgresql16', parameters }, { name: 'aurora-primary-params', provider: extra.where ?? primary });
  const cluster = (props: Record<string, unknown>, dependencies: ReturnType<typeof resource>[] = []) =>
    resource('aws:rds/cluster:Cluster', { clusterIdentifier: 'aurora-cluster-us-east-1-dev', ...props }, { name: 'aurora-primary', provider: primary, dependencies });
  const forceSsl = { name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' };

  it('passes a cluster whose group requires TLS, found by name or, when the preview has no name yet, by dependency', async () => {
    const group = params([forceSsl, { name: 'rds.global_db_rpo', value: '30' }]);
    expect(await stackViolations(clustersRequireTls, [group, cluster({ dbClusterParameterGroupName: 'aurora-params-us-east-1-dev' })])).toEqual([]);
    expect(await stackViolations(clustersRequireTls, [group, cluster({}, [group])])).toEqual([]);
    const mysql = params([{ name: 'require_secure_transport', value: 'ON' }], { family: 'aurora-mysql8.0' });
    expect(await stackViolations(clustersRequireTls, [mysql, cluster({ dbClusterParameterGroupName: 'aurora-params-us-east-1-dev' })])).toEqual([]);
  });

  it('fails a cluster on the default group, or on a group of another region', async () => {
    const message = 'cluster aurora-primary uses no parameter group of the stack (the default group): the engine\'s default accepts connections without TLS';
    expect(await stackViolations(clustersRequireTls, [cluster({})])).toEqual([message]);
    expect(await stackViolations(clustersRequireTls, [params([forceSsl], { where: secondary }), cluster({ dbClusterParameterGroupName: 'aurora-params-us-east-1-dev' })])).toEqual([
      'cluster aurora-primary uses no parameter group of the stack ("aurora-params-us-east-1-dev"): the engine\'s default accepts connections without TLS',
    ]);
  });

  it('fails a group that leaves TLS optional: parameter missing, off, or the other engine\'s parameter', async () => {
    const on = (parameters: unknown[], family?: string) => stackViolations(clustersRequireTls, [params(parameters, { family }), cluster({ dbClusterParameterGroupName: 'aurora-params-us-east-1-dev' })]);
    expect(await on([{ name: 'rds.global_db_rpo', value: '30' }])).toEqual([
      'cluster aurora-primary accepts connections without TLS: its parameter group aurora-params-us-east-1-dev sets rds.force_ssl to nothing (the default); set it to 1',
    ]);
    const bare = resource('aws:rds/clusterParameterGroup:ClusterParameterGroup', { name: 'aurora-params-us-east-1-dev', family: 'aurora-postgresql16' }, { provider: primary });
    expect(await stackViolations(clustersRequireTls, [bare, cluster({ dbClusterParameterGroupName: 'aurora-params-us-east-1-dev' })])).toEqual([
      'cluster aurora-primary accepts connections without TLS: its parameter group aurora-params-us-east-1-dev sets rds.force_ssl to nothing (the default); set it to 1',
    ]);
    expect(await on([{ ...forceSsl, value: '0' }])).toEqual([
      'cluster aurora-primary accepts connections without TLS: its parameter group aurora-params-us-east-1-dev sets rds.force_ssl to "0"; set it to 1',
    ]);
    expect(await on([forceSsl], 'aurora-mysql8.0')).toEqual([
      'cluster aurora-primary accepts connections without TLS: its parameter group aurora-params-us-east-1-dev sets require_secure_transport to nothing (the default); set it to ON',
    ]);
    expect(await on([{ name: 'require_secure_transport', value: '1' }], 'aurora-mysql8.0')).toEqual([
      'cluster aurora-primary accepts connections without TLS: its parameter group aurora-params-us-east-1-dev sets require_secure_transport to "1"; set it to ON',
    ]);
    expect(await on([forceSsl], 'postgres16')).toEqual(['parameter group aurora-params-us-east-1-dev has family "postgres16", not one of aurora-postgresql, aurora-mysql']);
  });
});

describe('alarm-topics-subscribed (advisory)', () => {
  const ARN = 'arn:aws:sns:us-east-1:123456789012:sns-alarms-us-east-1-dev';
  const topic = resource('aws:sns/topic:Topic', { name: 'sns-alarms-us-east-1-dev', arn: ARN }, { name: 'primary-alerts-topic', provider: primary });
  const subscription = (props: Record<string, unknown>, dependencies: ReturnType<typeof resource>[] = []) =>
    resource('aws:sns/topicSubscription:TopicSubscription', { protocol: 'email', endpoint: 'oncall@bank.example', ...props }, { provider: primary, dependencies });

  it('is advisory: a paging tool may subscribe outside the stack', () => {
    expect(alarmTopicsSubscribed.enforcementLevel).toBe('advisory');
  });

  it('passes a topic with a subscription, found by ARN or by dependency', async () => {
    expect(await stackViolations(alarmTopicsSubscribed, [topic, subscription({ topic: ARN })])).toEqual([]);
    expect(await stackViolations(alarmTopicsSubscribed, [topic, subscription({}, [topic])])).toEqual([]);
  });

  it('reports a topic nobody is subscribed to, or whose only subscription is another topic\'s', async () => {
    const message = 'topic sns-alarms-us-east-1-dev in us-east-1 has no subscription: its alarms and DR pages reach nobody. Set alarmEmail (tap-dr update --set alarmEmail=<address>), or subscribe your paging tool to it, and confirm the subscription';
    expect(await stackViolations(alarmTopicsSubscribed, [topic])).toEqual([message]);
    expect(await stackViolations(alarmTopicsSubscribed, [topic, subscription({ topic: 'arn:aws:sns:us-east-1:123456789012:other' })])).toEqual([message]);
    const unnamed = resource('aws:sns/topic:Topic', { arn: ARN }, { name: 'primary-alerts-topic', provider: primary });
    expect(await stackViolations(alarmTopicsSubscribed, [unnamed])).toEqual([message.replace('topic sns-alarms-us-east-1-dev', 'topic primary-alerts-topic')]);
  });
});
