import { createHash } from 'node:crypto';

/**
 * What the mocks answer for AWS, in the formats AWS uses: resource ids, ARNs, the attributes AWS
 * fills in (endpoints, zone ids, DNS names) and data-source calls (availability zones, caller
 * identity). Everything is derived from the resource's URN and inputs, so the same program gets the
 * same answers on every run. Used by the recorder (./recorder.ts), the offline policy run (policy/)
 * and the tests, which compare other resources' inputs with these ids and ARNs.
 */

export const MOCK_ACCOUNT = '123456789012';

/** What the mocks know about a resource when they name it. */
export interface MockedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** AWS region it lives in; `us-east-1` when unknown. */
  readonly region?: string;
}

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
export function mockId(resource: MockedResource): string {
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

/**
 * ARN formats per type, as AWS writes them (Service Authorization Reference, "Resource types" of
 * each service): `{r}` region, `{a}` account, `{n}` the physical name (its name input, else the
 * logical name). Types not listed get `arn:aws:<module>:{r}:{a}:{n}`.
 */
const ARN_FORMATS: Readonly<Record<string, string>> = {
  'aws:sns/topic:Topic': 'arn:aws:sns:{r}:{a}:{n}',
  'aws:lambda/function:Function': 'arn:aws:lambda:{r}:{a}:function:{n}',
  'aws:dynamodb/table:Table': 'arn:aws:dynamodb:{r}:{a}:table/{n}',
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

/**
 * Inputs that carry a resource's physical AWS name, by the types that use them, the first found wins. A
 * cluster instance's own name is `identifier`; its `clusterIdentifier` names the cluster it belongs to.
 */
const NAME_INPUTS = ['name', 'bucket', 'identifier', 'clusterIdentifier', 'globalClusterIdentifier', 'dashboardName'];

const physicalName = (name: string, inputs: Record<string, unknown>) =>
  String(NAME_INPUTS.map((k) => inputs[k]).find((v) => typeof v === 'string') ?? name);

/** `id` fills `{id}` in the formats of types whose ARN ends with their id (EC2, KMS keys, health checks). */
export function mockArn(type: string, name: string, inputs: Record<string, unknown>, region: string, id = `${name}-id`): string {
  const format = ARN_FORMATS[type] ?? `arn:aws:${type.split(':')[1]?.split('/')[0]}:{r}:{a}:{n}`;
  return format.replace('{r}', region).replace('{a}', MOCK_ACCOUNT).replace('{n}', physicalName(name, inputs)).replace('{id}', id);
}

/** The ARN the mocks gave a recorded resource, which other resources' inputs carry where they refer to it. */
export const mockArnOf = (resource: MockedResource) =>
  mockArn(resource.type, resource.name, resource.inputs, resource.region ?? 'us-east-1', mockId(resource));

/** Realistic ids and attributes per type, so outputs and the preview read like the real thing. */
export function mockState(type: string, name: string, inputs: Record<string, unknown>, region: string | undefined, id: string): Record<string, unknown> {
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
      state.nameServers = inputs.vpcs ? ['ns-0.awsdns-00.com'] : [...MOCK_NAME_SERVERS];
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

/** The four name servers Route 53 gives a public zone, one per top-level domain, as AWS hands them out. */
export const MOCK_NAME_SERVERS = ['ns-1234.awsdns-12.org', 'ns-567.awsdns-34.net', 'ns-89.awsdns-56.com', 'ns-1890.awsdns-78.co.uk'] as const;

/** A hosted zone the mocked account already has. */
export interface ExistingZone {
  readonly name: string;
  readonly privateZone?: boolean;
}

/**
 * Answers to data-source calls the program makes. `existingZones` (by zone ID) are the hosted zones the
 * mocked account already has; a zone ID it does not hold is a public zone named `<id>.unknown.invalid`.
 */
export function mockCall(token: string, inputs: Record<string, unknown>, region: string | undefined, existingZones: Readonly<Record<string, ExistingZone>> = {}): Record<string, unknown> {
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
    case 'aws:route53/getZone:getZone': {
      const zoneId = String(inputs.zoneId);
      const zone = existingZones[zoneId] ?? { name: `${zoneId.toLowerCase()}.unknown.invalid` };
      return { id: zoneId, zoneId, name: `${zone.name}.`, privateZone: zone.privateZone ?? false, nameServers: [...MOCK_NAME_SERVERS], arn: `arn:aws:route53:::hostedzone/${zoneId}` };
    }
    default:
      return inputs;
  }
}
