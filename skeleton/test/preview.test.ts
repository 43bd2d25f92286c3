import { formatPreview } from '../scripts/preview-tree';
import { MASKED, mockArn, runOffline, type OfflineRun } from './helpers/offline-stack';
import { generatedAnswers, stackFileConfig } from './helpers/repo';

const answers = generatedAnswers();

describe('npm run preview:offline (the tree a person reads)', () => {
  let run: OfflineRun;
  let text: string;
  beforeAll(async () => {
    run = await runOffline(() => import('../index') as unknown as Promise<Record<string, unknown>>, { stack: answers.stack, config: stackFileConfig(answers.stack) });
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
    ['aws:rds/globalCluster:GlobalCluster', { globalClusterIdentifier: 'g' }, 'arn:aws:rds::123456789012:global-cluster:g'],
    ['aws:s3/bucket:Bucket', { bucket: 'b' }, 'arn:aws:s3:::b'],
    ['aws:kms/key:Key', {}, 'arn:aws:kms:us-east-1:123456789012:key/logical-key-id'],
    ['aws:ec2/vpc:Vpc', {}, 'arn:aws:ec2:us-east-1:123456789012:vpc/logical-id'],
    ['aws:ec2/internetGateway:InternetGateway', {}, 'arn:aws:ec2:us-east-1:123456789012:logical'],
  ])('%s reads like the real one', (type, inputs, arn) => {
    expect(mockArn(type, 'logical', inputs, 'us-east-1')).toBe(arn);
  });
});
