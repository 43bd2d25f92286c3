import { formatPreview } from '../scripts/preview-tree';
import { mockArn, mockId } from '../scripts/offline/aws-mocks';
import { MASKED, type OfflineRun } from '../scripts/offline/recorder';
import { generatedAnswers } from './helpers/repo';
import { runWholeStack } from './helpers/whole-stack';

const answers = generatedAnswers();

describe('npm run preview:offline (the tree a person reads)', () => {
  let run: OfflineRun;
  let text: string;
  beforeAll(async () => {
    run = await runWholeStack();
    text = formatPreview('TapStack', answers.stack, run);
  });

  it('has one "+" line per resource plus the stack, and says how many will be created', () => {
    const plus = text.split('\n').filter((l) => l.startsWith('+ create '));
    expect(plus).toHaveLength(run.resources.length + 1);
    expect(plus[0]).toBe(`+ create  pulumi:pulumi:Stack  TapStack-${answers.stack}`);
    expect(text).toContain(`+ ${run.resources.length + 1} to create`);
  });

  it('groups each component\'s resources under the region they live in, naming the side', () => {
    const lines = text.split('\n');
    const network = lines.findIndex((l) => /tap:dr:Network {2}secondary-network$/.test(l));
    expect(lines[network + 1]).toMatch(new RegExp(`── ${answers.secondaryRegion} \\(secondary\\)$`));
    const vpcLine = lines.slice(network).find((l) => l.includes('aws:ec2/vpc:Vpc'));
    expect(vpcLine).toMatch(/secondary-network-vpc$/);
    expect(text).toContain(`── ${answers.primaryRegion} (primary, global)`);
  });

  it('ends with the count of each type, matching the graph', () => {
    const clusters = run.resources.filter((r) => r.type === 'aws:rds/cluster:Cluster').length;
    expect(text).toMatch(new RegExp(`\\n\\s+${clusters}  aws:rds/cluster:Cluster\\n`));
    expect(clusters).toBe(2);
  });

  it('prints the stack outputs, never a secret value', () => {
    expect(text).toContain(`databaseDnsName`);
    expect(text).toContain(`db.${answers.domainName}`);
    const cluster = run.resources.find((r) => r.type === 'aws:rds/cluster:Cluster' && r.inputs.masterPassword !== undefined);
    expect(cluster?.inputs.masterPassword).toBe(MASKED);
    const secretValue = run.resources.find((r) => r.type === 'aws:secretsmanager/secretVersion:SecretVersion');
    expect(secretValue?.inputs.secretString).toBe(MASKED);
  });

  it('omits the outputs section when the program exports nothing', () => {
    expect(formatPreview('P', 's', { resources: [], outputs: {} })).not.toContain('Outputs:');
  });
});

describe('mock ARNs', () => {
  it.each([
    ['aws:sns/topic:Topic', { name: 'sns-alarms-us-east-1-dev' }, 'arn:aws:sns:us-east-1:123456789012:sns-alarms-us-east-1-dev'],
    ['aws:lambda/function:Function', { name: 'f' }, 'arn:aws:lambda:us-east-1:123456789012:function:f'],
    ['aws:rds/cluster:Cluster', { clusterIdentifier: 'c' }, 'arn:aws:rds:us-east-1:123456789012:cluster:c'],
    // An instance is named by its own identifier, not by the cluster it belongs to.
    ['aws:rds/clusterInstance:ClusterInstance', { identifier: 'i', clusterIdentifier: 'c' }, 'arn:aws:rds:us-east-1:123456789012:db:i'],
    ['aws:rds/globalCluster:GlobalCluster', { globalClusterIdentifier: 'g' }, 'arn:aws:rds::123456789012:global-cluster:g'],
    ['aws:s3/bucket:Bucket', { bucket: 'b' }, 'arn:aws:s3:::b'],
    ['aws:kms/key:Key', {}, 'arn:aws:kms:us-east-1:123456789012:key/the-id'],
    ['aws:ec2/vpc:Vpc', {}, 'arn:aws:ec2:us-east-1:123456789012:vpc/the-id'],
    ['aws:ec2/internetGateway:InternetGateway', {}, 'arn:aws:ec2:us-east-1:123456789012:logical'],
  ])('%s reads like the real one', (type, inputs, arn) => {
    expect(mockArn(type, 'logical', inputs, 'us-east-1', 'the-id')).toBe(arn);
  });
});

describe('mock ids', () => {
  const id = (type: string, inputs: Record<string, unknown> = {}, name = 'logical') =>
    mockId({ urn: `urn:pulumi:dev::TapStack::${type}::${name}`, type, name, inputs, region: 'us-east-1' });

  it.each([
    ['aws:ec2/vpc:Vpc', /^vpc-0[0-9a-f]{16}$/],
    ['aws:ec2/subnet:Subnet', /^subnet-0[0-9a-f]{16}$/],
    ['aws:ec2/securityGroup:SecurityGroup', /^sg-0[0-9a-f]{16}$/],
    ['aws:ec2/routeTable:RouteTable', /^rtb-0[0-9a-f]{16}$/],
    ['aws:ec2/natGateway:NatGateway', /^nat-0[0-9a-f]{16}$/],
    ['aws:ec2/eip:Eip', /^eipalloc-0[0-9a-f]{16}$/],
    ['aws:ec2/vpcPeeringConnection:VpcPeeringConnection', /^pcx-0[0-9a-f]{16}$/],
    ['aws:ec2/internetGateway:InternetGateway', /^igw-0[0-9a-f]{16}$/],
    ['aws:ec2/vpcEndpoint:VpcEndpoint', /^vpce-0[0-9a-f]{16}$/],
    ['aws:route53/zone:Zone', /^Z0[0-9A-Z]{19}$/],
    ['aws:route53/healthCheck:HealthCheck', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/],
    ['aws:kms/key:Key', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/],
  ])('%s looks like the real id', (type, format) => {
    expect(id(type)).toMatch(format);
  });

  it('are the same on every run and differ between resources', () => {
    expect(id('aws:ec2/vpc:Vpc')).toBe(id('aws:ec2/vpc:Vpc'));
    expect(id('aws:ec2/vpc:Vpc', {}, 'other')).not.toBe(id('aws:ec2/vpc:Vpc'));
  });

  it('use the physical name where AWS does, the ARN where the provider does, and ZONE_name_TYPE for records', () => {
    expect(id('aws:rds/cluster:Cluster', { clusterIdentifier: 'aurora-cluster-us-east-1-dev' })).toBe('aurora-cluster-us-east-1-dev');
    expect(id('aws:s3/bucket:Bucket', { bucket: 'b' })).toBe('b');
    expect(id('aws:lambda/function:Function')).toBe('logical');
    expect(id('aws:sns/topic:Topic', { name: 't' })).toBe('arn:aws:sns:us-east-1:123456789012:t');
    expect(id('aws:route53/record:Record', { zoneId: 'Z0ABC', name: 'db.example', type: 'CNAME' })).toBe('Z0ABC_db.example_CNAME');
  });
});
