import { createHash } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';

/**
 * Runs Pulumi code in-process under `pulumi.runtime.setMocks`, the way `pulumi preview` would run it,
 * and records every resource: type, name, inputs, parent, provider and the AWS region it resolves
 * to. Shared by the unit tests and `npm run preview:offline`; no Pulumi CLI, no AWS.
 */

export const MOCK_ACCOUNT = '123456789012';

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** `type::name` of the parent resource, or undefined for children of the stack. */
  readonly parent?: string;
  /** Name of the provider resource that manages it (custom resources only). */
  readonly provider?: string;
  /** AWS region it lives in: its own `region` input, else its provider's region. */
  readonly region?: string;
  readonly custom: boolean;
  /** Whether the program asked Pulumi to protect it (`protect: true`). */
  readonly protect?: boolean;
}

export interface OfflineRun {
  readonly resources: RecordedResource[];
  readonly outputs: Record<string, unknown>;
}

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  provider?: string;
  custom: boolean;
}

const key = (type: string, name: string) => `${type}::${name}`;

/** Prefixes of EC2 ids (`vpc-0123456789abcdef0`), as the EC2 API writes them: 17 hex digits after the prefix. */
const EC2_ID_PREFIXES: Readonly<Record<string, string>> = {
  'aws:ec2/vpc:Vpc': 'vpc',
  'aws:ec2/subnet:Subnet': 'subnet',
  'aws:ec2/securityGroup:SecurityGroup': 'sg',
  'aws:ec2/routeTable:RouteTable': 'rtb',
  'aws:ec2/natGateway:NatGateway': 'nat',
  'aws:ec2/eip:Eip': 'eipalloc',
  'aws:ec2/vpcPeeringConnection:VpcPeeringConnection': 'pcx',
  'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter': 'pcx',
  'aws:ec2/internetGateway:InternetGateway': 'igw',
  'aws:ec2/vpcEndpoint:VpcEndpoint': 'vpce',
  'aws:ec2/routeTableAssociation:RouteTableAssociation': 'rtbassoc',
  'aws:ec2/route:Route': 'r-rtb',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': 'sgr',
  'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule': 'sgr',
};

/** Types whose id is an ARN (SNS topics, secrets, load balancers, IAM policies). */
const ARN_IDS = new Set([
  'aws:sns/topic:Topic',
  'aws:secretsmanager/secret:Secret',
  'aws:lb/loadBalancer:LoadBalancer',
  'aws:lb/targetGroup:TargetGroup',
  'aws:lb/listener:Listener',
  'aws:iam/policy:Policy',
]);

/** Hex digits derived from the URN: the same resource gets the same id on every run. */
const digest = (urn: string) => createHash('sha256').update(urn).digest('hex');

const uuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;

/**
 * The id the mocks give a resource, in the format AWS gives that type (EC2 `vpc-…`, Route 53 zone
 * `Z…`, health check and KMS key UUIDs, the physical name where AWS uses it as the id, the ARN where
 * the provider does), derived from its URN. Other resources' inputs carry it where they refer to it.
 */
export function mockId(resource: { urn: string; type: string; name: string; inputs: Record<string, unknown>; region?: string }): string {
  const { urn, type, name, inputs } = resource;
  const hex = digest(urn);
  const prefix = EC2_ID_PREFIXES[type];
  if (prefix) return `${prefix}-0${hex.slice(0, 16)}`;
  switch (type) {
    case 'aws:route53/zone:Zone':
      return `Z0${BigInt(`0x${hex.slice(0, 24)}`).toString(36).toUpperCase().padStart(19, '0').slice(0, 19)}`;
    case 'aws:route53/healthCheck:HealthCheck':
    case 'aws:kms/key:Key':
      return uuid(hex);
    case 'aws:route53/record:Record':
      return `${String(inputs.zoneId)}_${String(inputs.name)}_${String(inputs.type)}`;
    default:
      if (ARN_IDS.has(type)) return mockArn(type, name, inputs, resource.region ?? 'us-east-1');
      return physicalName(name, inputs);
  }
}
const STACK_TYPE = 'pulumi:pulumi:Stack';

/**
 * ARN formats per type, as AWS writes them (Service Authorization Reference, "Resource types" of
 * each service): `{r}` region, `{a}` account, `{n}` the physical name (its name input, else the
 * logical name). Types not listed get `arn:aws:<module>:{r}:{a}:{n}`.
 */
const ARN_FORMATS: Readonly<Record<string, string>> = {
  'aws:sns/topic:Topic': 'arn:aws:sns:{r}:{a}:{n}',
  'aws:lambda/function:Function': 'arn:aws:lambda:{r}:{a}:function:{n}',
  'aws:cloudwatch/eventRule:EventRule': 'arn:aws:events:{r}:{a}:rule/{n}',
  'aws:cloudwatch/eventBus:EventBus': 'arn:aws:events:{r}:{a}:event-bus/{n}',
  'aws:cloudwatch/logGroup:LogGroup': 'arn:aws:logs:{r}:{a}:log-group:{n}',
  'aws:cloudwatch/metricAlarm:MetricAlarm': 'arn:aws:cloudwatch:{r}:{a}:alarm:{n}',
  'aws:cloudwatch/dashboard:Dashboard': 'arn:aws:cloudwatch::{a}:dashboard/{n}',
  'aws:secretsmanager/secret:Secret': 'arn:aws:secretsmanager:{r}:{a}:secret:{n}-AbCdEf',
  'aws:rds/cluster:Cluster': 'arn:aws:rds:{r}:{a}:cluster:{n}',
  'aws:rds/clusterInstance:ClusterInstance': 'arn:aws:rds:{r}:{a}:db:{n}',
  'aws:rds/globalCluster:GlobalCluster': 'arn:aws:rds::{a}:global-cluster:{n}',
  'aws:rds/subnetGroup:SubnetGroup': 'arn:aws:rds:{r}:{a}:subgrp:{n}',
  'aws:rds/clusterParameterGroup:ClusterParameterGroup': 'arn:aws:rds:{r}:{a}:cluster-pg:{n}',
  'aws:rds/eventSubscription:EventSubscription': 'arn:aws:rds:{r}:{a}:es:{n}',
  'aws:iam/role:Role': 'arn:aws:iam::{a}:role/{n}',
  'aws:iam/policy:Policy': 'arn:aws:iam::{a}:policy/{n}',
  'aws:kms/key:Key': 'arn:aws:kms:{r}:{a}:key/{id}',
  'aws:kms/alias:Alias': 'arn:aws:kms:{r}:{a}:{n}',
  'aws:s3/bucket:Bucket': 'arn:aws:s3:::{n}',
  'aws:route53/healthCheck:HealthCheck': 'arn:aws:route53:::healthcheck/{id}',
  'aws:lb/loadBalancer:LoadBalancer': 'arn:aws:elasticloadbalancing:{r}:{a}:loadbalancer/app/{n}/0123456789abcdef',
  'aws:lb/targetGroup:TargetGroup': 'arn:aws:elasticloadbalancing:{r}:{a}:targetgroup/{n}/0123456789abcdef',
  'aws:lb/listener:Listener': 'arn:aws:elasticloadbalancing:{r}:{a}:listener/app/{n}/0123456789abcdef/fedcba9876543210',
  'aws:ec2/vpc:Vpc': 'arn:aws:ec2:{r}:{a}:vpc/{id}',
  'aws:ec2/subnet:Subnet': 'arn:aws:ec2:{r}:{a}:subnet/{id}',
  'aws:ec2/securityGroup:SecurityGroup': 'arn:aws:ec2:{r}:{a}:security-group/{id}',
};

/** Inputs that carry a resource's physical AWS name, by the types that use them. */
const NAME_INPUTS = ['name', 'bucket', 'clusterIdentifier', 'identifier', 'globalClusterIdentifier', 'dashboardName'];

const physicalName = (name: string, inputs: Record<string, unknown>) =>
  String(NAME_INPUTS.map((k) => inputs[k]).find((v) => typeof v === 'string') ?? name);

/** `id` fills `{id}` in the formats of types whose ARN ends with their id (EC2, KMS keys, health checks). */
export function mockArn(type: string, name: string, inputs: Record<string, unknown>, region: string, id = `${name}-id`): string {
  const format = ARN_FORMATS[type] ?? `arn:aws:${type.split(':')[1]?.split('/')[0]}:{r}:{a}:{n}`;
  return format.replace('{r}', region).replace('{a}', MOCK_ACCOUNT).replace('{n}', physicalName(name, inputs)).replace('{id}', id);
}

/** The ARN the mocks gave a recorded resource, which other resources' inputs carry where they refer to it. */
export const mockArnOf = (resource: RecordedResource) =>
  mockArn(resource.type, resource.name, resource.inputs, resource.region ?? 'us-east-1', mockId(resource));

/** Realistic ids and attributes per type, so outputs and the preview read like the real thing. */
function mockState(type: string, name: string, inputs: Record<string, unknown>, region: string | undefined, id: string): Record<string, unknown> {
  const where = region ?? 'us-east-1';
  const state: Record<string, unknown> = { ...inputs, arn: mockArn(type, name, inputs, where, id) };
  switch (type) {
    case 'aws:rds/cluster:Cluster':
      state.endpoint = `${inputs.clusterIdentifier ?? name}.cluster-abcdefghijkl.${where}.rds.amazonaws.com`;
      state.readerEndpoint = `${inputs.clusterIdentifier ?? name}.cluster-ro-abcdefghijkl.${where}.rds.amazonaws.com`;
      state.port = inputs.engine === 'aurora-mysql' ? 3306 : 5432;
      break;
    case 'aws:rds/globalCluster:GlobalCluster':
      state.endpoint = `${inputs.globalClusterIdentifier ?? name}.global-abcdefghijkl.global.rds.amazonaws.com`;
      break;
    case 'aws:route53/zone:Zone':
      state.zoneId = id;
      state.nameServers = ['ns-1.awsdns-00.org'];
      break;
    case 'aws:kms/key:Key':
      state.keyId = id;
      break;
    case 'aws:s3/bucket:Bucket':
      state.bucket = inputs.bucket ?? name;
      break;
    case 'aws:lb/loadBalancer:LoadBalancer':
      state.dnsName = `${inputs.name ?? name}-1234567890.${where}.elb.amazonaws.com`;
      state.zoneId = 'Z35SXDOTRQ7X7K';
      state.arnSuffix = `app/${inputs.name ?? name}/0123456789abcdef`;
      break;
    case 'aws:lb/targetGroup:TargetGroup':
      state.arnSuffix = `targetgroup/${inputs.name ?? name}/0123456789abcdef`;
      break;
    default:
      break;
  }
  return state;
}

/** Answers to data-source calls the program makes. */
function mockCall(token: string, inputs: Record<string, unknown>, region: string | undefined): Record<string, unknown> {
  const where = (inputs.region as string | undefined) ?? region ?? 'us-east-1';
  switch (token) {
    case 'aws:index/getAvailabilityZones:getAvailabilityZones':
      return { names: ['a', 'b', 'c', 'd'].map((z) => `${where}${z}`), zoneIds: ['1', '2', '3', '4'].map((z) => `${where}-az${z}`) };
    case 'aws:index/getCallerIdentity:getCallerIdentity':
      return { accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/mock`, userId: 'MOCK' };
    case 'aws:index/getPartition:getPartition':
      return { partition: 'aws', dnsSuffix: 'amazonaws.com' };
    case 'aws:index/getRegion:getRegion':
      return { name: where, region: where };
    default:
      return inputs;
  }
}

/** Provider name from a mock provider reference `urn:pulumi:…::name::id`. */
function providerName(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const parts = reference.split('::');
  return parts[parts.length - 2];
}

/**
 * Runs `program` as the body of a Pulumi stack named `stack` of project `project` under mocks and
 * returns every resource it registered and the stack outputs.
 */
export async function runOffline(
  program: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  options: { project?: string; stack?: string; config?: Record<string, string> } = {},
): Promise<OfflineRun> {
  // Pulumi keeps a stack trace of every promise it makes (for its promise-leak report), and under
  // jest every frame of it goes through jest's source-map lookup: with jest's 100 frames that was
  // half of the unit tests' CPU time. While the program runs, an error keeps its top frame only: the
  // line that threw. The scripts print messages only, so they lose nothing.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = PROGRAM_STACK_FRAMES;
  try {
    return await record(program, options);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Frames an error made while the program runs keeps (Node's default is 10, jest's 100). */
export const PROGRAM_STACK_FRAMES = 1;

async function record(
  program: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  options: { project?: string; stack?: string; config?: Record<string, string> },
): Promise<OfflineRun> {
  const registrations: Registration[] = [];
  const providerRegions = new Map<string, string>();
  const parents = new Map<string, string>();
  const protectedKeys = new Set<string>();

  // URNs carry the types of every ancestor, as Pulumi writes them: parentType$childType. The stack
  // transformation records a resource's parent before the mocks are asked to create it.
  const qualifiedType = (type: string, name: string): string => {
    const parent = parents.get(key(type, name));
    if (!parent) return type;
    const [parentType, parentName] = parent.split('::');
    return `${qualifiedType(parentType, parentName)}$${type}`;
  };
  const urnOf = (type: string, name: string) => `urn:pulumi:${options.stack ?? 'dev'}::${options.project ?? 'TapStack'}::${qualifiedType(type, name)}::${name}`;

  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const inputs = (await settle(args.inputs ?? {})) as Record<string, unknown>;
        if (args.type === 'pulumi:providers:aws') providerRegions.set(args.name, String(inputs.region));
        const provider = providerName(args.provider);
        registrations.push({ type: args.type, name: args.name, inputs, provider, custom: args.custom ?? false });
        const region = (inputs.region as string | undefined) ?? (provider ? providerRegions.get(provider) : undefined);
        const id = mockId({ urn: urnOf(args.type, args.name), type: args.type, name: args.name, inputs, region });
        return { id, state: mockState(args.type, args.name, inputs, region, id) };
      },
      call: (args) => {
        const provider = providerName(args.provider);
        return mockCall(args.token, (args.inputs ?? {}) as Record<string, unknown>, provider ? providerRegions.get(provider) : undefined);
      },
    },
    options.project ?? 'TapStack',
    options.stack ?? 'dev',
    true,
  );
  if (options.config) pulumi.runtime.setAllConfig(options.config);

  let failure: unknown;
  const outputs = (await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      if (args.opts.protect) protectedKeys.add(key(args.type, args.name));
      const parent = args.opts.parent;
      if (parent && pulumiType(parent) !== STACK_TYPE) {
        parents.set(key(args.type, args.name), key(pulumiType(parent), pulumiName(parent)));
      }
      return undefined;
    });
    try {
      return await program();
    } catch (error) {
      failure = error;
      return {};
    }
  })) as Record<string, unknown>;
  // Registrations that wait on others (dependsOn, outputs) finish after the program returns, also
  // when it failed half way: wait for them, then report the program's error.
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  if (failure !== undefined) throw failure;

  const resources = registrations
    .filter((r) => r.type !== STACK_TYPE)
    .map((r) => {
      const parent = parents.get(key(r.type, r.name));
      const region = (r.inputs.region as string | undefined) ?? (r.provider ? providerRegions.get(r.provider) : undefined);
      return {
        urn: urnOf(r.type, r.name),
        type: r.type,
        name: r.name,
        inputs: maskSecrets(r.inputs) as Record<string, unknown>,
        parent,
        provider: r.provider,
        region: r.type === 'pulumi:providers:aws' ? String(r.inputs.region) : region,
        custom: r.custom,
        ...(protectedKeys.has(key(r.type, r.name)) ? { protect: true } : {}),
      };
    });
  return { resources, outputs: maskSecrets(outputs ?? {}) as Record<string, unknown> };
}

/** Inputs with promises inside (an archive's path) settled, so they can be printed and compared. */
async function settle(value: unknown): Promise<unknown> {
  const resolved = await value;
  if (Array.isArray(resolved)) return Promise.all(resolved.map(settle));
  if (resolved === null || typeof resolved !== 'object') return resolved;
  const entries = await Promise.all(Object.entries(resolved).map(async ([k, v]) => [k, await settle(v)] as const));
  return Object.fromEntries(entries);
}

/** Pulumi's marker on serialized secret values. */
const SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';
export const MASKED = '[secret]';

/** Secret values as `[secret]`, as `pulumi preview` shows them; everything else unchanged. */
function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIGNATURE] === '1b47061264138c4ac30d75fd1eb44270') return MASKED;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, maskSecrets(v)]));
}

/** The type token and logical name Pulumi keeps on every resource object. */
function pulumiType(resource: pulumi.Resource): string {
  return (resource as unknown as { __pulumiType: string }).__pulumiType;
}
function pulumiName(resource: pulumi.Resource): string {
  return (resource as unknown as { __name: string }).__name;
}
