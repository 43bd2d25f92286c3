import { architectureDiagram, architectureDocument, DIAGRAM_END, DIAGRAM_START, replaceDiagramBlock } from '../scripts/architecture';
import { runOffline, type OfflineRun, type RecordedResource } from '../scripts/offline/recorder';
import { generatedAnswers, stackFileConfig } from './helpers/repo';
import { runWholeStack } from './helpers/whole-stack';

const answers = generatedAnswers();
/** The diagram of the program run afresh (its own module registry) with `config` as the stack config. */
const diagramOf = async (config: Record<string, string>) => architectureDiagram(await runOffline(async () => {
  let exports: Record<string, unknown> = {};
  await jest.isolateModulesAsync(async () => {
    exports = { ...(await import('../index')) };
  });
  return exports;
}, { stack: answers.stack, config }));
const id = (text: string) => text.replace(/[^A-Za-z0-9_]/g, '_');

describe('the architecture diagram (npm run diagram)', () => {
  let diagram: string;
  beforeAll(async () => {
    diagram = architectureDiagram(await runWholeStack());
  });

  it('has a box per region, named with its side, and one for the global services', () => {
    expect(diagram).toContain(`subgraph region_${id(answers.primaryRegion)}["${answers.primaryRegion} (primary)"]`);
    expect(diagram).toContain(`subgraph region_${id(answers.secondaryRegion)}["${answers.secondaryRegion} (secondary)"]`);
    expect(diagram).toContain(`subgraph region_global["global services (API in ${answers.primaryRegion})"]`);
  });

  it('draws the components in the regions their resources live in', () => {
    expect(diagram).toMatch(new RegExp(`primary_network_${id(answers.primaryRegion)}\\["<b>Network</b> primary-network<br/>VPC ${answers.primaryVpcCidr.replace(/[./]/g, '\\$&')}`));
    expect(diagram).toContain(`aurora_${id(answers.secondaryRegion)}[`);
    expect(diagram).toContain(`failover_dns_global[`);
  });

  it('draws peering, replication and failover edges from the graph', () => {
    const [p, s] = [id(answers.primaryRegion), id(answers.secondaryRegion)];
    expect(diagram).toContain(`primary_network_${p} <-->|"VPC peering"| secondary_network_${s}`);
    expect(diagram).toContain(`aurora_${p} -->|"Aurora global database replication"| aurora_${s}`);
    expect(diagram).toContain(`backups_${p} -->|"S3 cross-region replication"| backups_${s}`);
    expect(diagram).toContain(`credentials_${p} -->|"secret replica"| secondary_key_${s}`);
    // The write name follows the writer: the global writer endpoint, never a region's cluster.
    expect(diagram).toContain(`failover_dns_global -->|"db: CNAME"| aurora_global`);
    expect(diagram).toContain(`failover_dns_global -->|"read failover: PRIMARY"| aurora_${s}`);
    expect(diagram).toContain(`failover_dns_global -->|"read failover: SECONDARY"| aurora_global`);
    expect(diagram).not.toContain(`failover_dns_global -->|"db failover`);
    // read.<zone>'s checks watch the secondary's reachability and lag alarms, found by name: not whichever
    // component's alarm comes first in a region.
    expect(diagram).toContain(`failover_dns_global -->|"health check watches alarm"| health_${s}`);
    expect(diagram).not.toContain(`failover_dns_global -->|"health check watches alarm"| health_${p}`);
    expect(diagram).not.toContain(`failover_dns_global -->|"health check watches alarm"| backup_export_${p}`);
  });

  it('changes when the config changes: another secondary region, no NAT gateways', async () => {
    const other = ['eu-central-1', 'eu-west-1', 'us-east-2'].find((r) => r !== answers.primaryRegion && r !== answers.secondaryRegion) as string;
    const changed = await diagramOf({ ...stackFileConfig(answers.stack), 'TapStack:secondaryRegion': other, 'TapStack:natGatewayCount': '0' });
    expect(changed).not.toEqual(diagram);
    expect(changed).toContain(`["${other} (secondary)"]`);
    expect(changed).not.toContain(`(${answers.secondaryRegion}`);
    expect(changed).not.toMatch(/NAT gateway/);
  });

  if (answers.appTier && answers.dashboard) {
    it('draws the health-check alarms, their key and topic in a us-east-1 box of their own when neither region is us-east-1', async () => {
      const eu = await diagramOf({ ...stackFileConfig(answers.stack), 'TapStack:primaryRegion': 'eu-central-1', 'TapStack:secondaryRegion': 'eu-west-2' });
      const title = 'subgraph region_us_east_1["us-east-1 (health-check-alarms)"]';
      expect(eu).toContain(title);
      const box = eu.slice(eu.indexOf(title));
      const inBox = box.slice(0, box.indexOf('  end'));
      expect(inBox).toContain('operations_alarms_us_east_1["<b>OperationsAlarms</b> operations-alarms<br/>2 alarms<br/>2 resources"]');
      expect(inBox).toContain('health_check_alarms_key_us_east_1["<b>RegionKey</b> health-check-alarms-key<br/>KMS key (rotating)');
      expect(inBox).toContain('health_check_alerts_us_east_1["<b>Alerting</b> health-check-alerts<br/>SNS topic');
      expect(eu).toContain('subgraph region_eu_central_1["eu-central-1 (primary)"]');
      expect(eu).toContain('subgraph region_global["global services (API in eu-central-1)"]');
    });
  }

  it('refuses a README without the markers, instead of dropping the diagram somewhere', () => {
    expect(() => replaceDiagramBlock('# no markers', architectureDocument('dev', 'flowchart LR'))).toThrow(DIAGRAM_START);
    expect(replaceDiagramBlock(`a\n${DIAGRAM_START}\nold\n${DIAGRAM_END}\nb`, architectureDocument('dev', 'X'))).toBe(`a\n${DIAGRAM_START}\n\`\`\`mermaid\nX\n\`\`\`\n${DIAGRAM_END}\nb`);
  });
});

/**
 * The diagram of a small hand-made graph: what this repository's own program may not build (the
 * tiers it was rendered without, a single NAT gateway or bucket), and what a diagram leaves out.
 */
describe('the architecture diagram of a hand-made graph', () => {
  const provider = (role: string, region: string): RecordedResource => ({
    urn: `urn:${role}`, type: 'pulumi:providers:aws', name: `aws-${role}`, inputs: { region }, region, custom: true,
  });
  const component = (type: string, name: string, parent = 'tap:dr:TapStack::tap-dr'): RecordedResource => ({
    urn: `urn:${name}`, type: `tap:dr:${type}`, name, inputs: {}, parent, custom: false,
  });
  const aws = (type: string, name: string, parent: string | undefined, inputs: Record<string, unknown> = {}, where = { provider: 'aws-primary', region: 'eu-west-1' }): RecordedResource => ({
    urn: `urn:${name}`, type, name, inputs, parent, ...where, custom: true,
  });
  const graph: OfflineRun = {
    outputs: {},
    resources: [
      { urn: 'urn:root', type: 'tap:dr:TapStack', name: 'tap-dr', inputs: {}, custom: false },
      provider('primary', 'eu-west-1'), provider('secondary', 'eu-west-2'), provider('global', 'eu-west-1'),
      component('App', 'primary-app'),
      // A component inside a component: its resources belong to the top-level one.
      component('Listener', 'listener', 'tap:dr:App::primary-app'),
      aws('aws:lb/loadBalancer:LoadBalancer', 'alb', 'tap:dr:Listener::listener'),
      aws('aws:ec2/natGateway:NatGateway', 'nat', 'tap:dr:App::primary-app'),
      aws('aws:s3/bucket:Bucket', 'logs', 'tap:dr:App::primary-app', { bucket: 'logs' }),
      aws('aws:iam/role:Role', 'role', 'tap:dr:App::primary-app'),
      aws('aws:cloudwatch/eventBus:EventBus', 'bus', 'tap:dr:App::primary-app'),
      aws('aws:cloudwatch/dashboard:Dashboard', 'board', 'tap:dr:App::primary-app'),
      // Replication within one component, and configurations without rules, replicas or records: no edge.
      aws('aws:s3/bucketReplicationConfig:BucketReplicationConfig', 'to-self', 'tap:dr:App::primary-app', { rules: [{ destination: { bucket: 'arn:aws:s3:::logs' } }] }),
      aws('aws:s3/bucketReplicationConfig:BucketReplicationConfig', 'no-rules', 'tap:dr:App::primary-app'),
      aws('aws:secretsmanager/secret:Secret', 'secret', 'tap:dr:App::primary-app'),
      aws('aws:route53/record:Record', 'record', 'tap:dr:App::primary-app', { failoverRoutingPolicies: [{ type: 'PRIMARY' }] }),
      aws('aws:route53/record:Record', 'plain-record', 'tap:dr:App::primary-app'),
      // A check on an alarm the graph does not hold: no edge.
      aws('aws:route53/healthCheck:HealthCheck', 'check', 'tap:dr:App::primary-app', { type: 'CLOUDWATCH_METRIC', cloudwatchAlarmName: 'elsewhere', cloudwatchAlarmRegion: 'eu-west-1' }),
      component('Data', 'data'),
      ...['a', 'b'].flatMap((n) => [
        aws('aws:ec2/natGateway:NatGateway', `nat-${n}`, 'tap:dr:Data::data'),
        aws('aws:s3/bucket:Bucket', `bucket-${n}`, 'tap:dr:Data::data', { bucket: n }),
        aws('aws:iam/role:Role', `role-${n}`, 'tap:dr:Data::data'),
      ]),
      aws('aws:cloudwatch/metricAlarm:MetricAlarm', 'alarm', 'tap:dr:Data::data'),
      component('Dns', 'dns'),
      aws('aws:route53/zone:Zone', 'public-zone', 'tap:dr:Dns::dns', { name: 'dr.example.org' }),
      aws('aws:route53/zone:Zone', 'private-zone', 'tap:dr:Dns::dns', { name: 'dr.internal', vpcs: [{ vpcId: 'vpc-1' }] }),
      // Outside every component, or with neither provider nor region: not drawn, nor its edges.
      aws('aws:sns/topic:Topic', 'stray-topic', undefined),
      aws('aws:s3/bucketReplicationConfig:BucketReplicationConfig', 'stray-replication', undefined, { rules: [{ destination: { bucket: 'arn:aws:s3:::a' } }] }),
      aws('aws:sqs/queue:Queue', 'unplaced', 'tap:dr:App::primary-app', {}, { provider: undefined as unknown as string, region: undefined as unknown as string }),
    ],
  };
  const diagram = architectureDiagram(graph);

  it('summarises each type once, singular where there is one, and counts the rest', () => {
    expect(diagram).toContain(
      'primary_app_eu_west_1["<b>App</b> primary-app<br/>application load balancer<br/>1 NAT gateway<br/>1 S3 bucket<br/>1 IAM role<br/>event bus<br/>dashboard<br/>master secret<br/>1 health check<br/>12 resources"]',
    );
    expect(diagram).toContain('data_eu_west_1["<b>Data</b> data<br/>2 NAT gateways<br/>2 S3 buckets<br/>2 IAM roles<br/>1 alarm<br/>7 resources"]');
    // A zone attached to VPCs is private; one without is the public zone of the application tier.
    expect(diagram).toContain('dns_eu_west_1["<b>Dns</b> dns<br/>public zone dr.example.org, private zone dr.internal<br/>2 resources"]');
    expect(diagram).toContain('subgraph region_eu_west_2["eu-west-2 (secondary)"]');
    expect(diagram).toContain('subgraph region_global["global services (API in eu-west-1)"]');
  });

  it('leaves out resources outside every component or without a place, and edges that would start and end in one node', () => {
    expect(diagram).not.toMatch(/stray|unplaced|SNS topic/);
    expect(diagram).not.toContain('-->');
  });
});
