import type { OfflineRun, RecordedResource } from './offline/recorder';

/**
 * The architecture diagram (Mermaid) derived from the preview graph, so it shows what the program
 * builds, not what someone remembered to draw: one box per region with the components that have
 * resources there, a box for the global services, and the edges the graph holds (VPC peering,
 * Aurora and S3 replication, the secret replica, the database names and the health checks behind them).
 */

/** What a node says about the resources of one type it holds; types not listed are only counted. */
const SUMMARIES: Readonly<Record<string, (all: RecordedResource[]) => string>> = {
  'aws:ec2/vpc:Vpc': (all) => `VPC ${all.map((r) => r.inputs.cidrBlock).join(', ')}`,
  'aws:ec2/subnet:Subnet': (all) => `${all.length} subnets`,
  'aws:ec2/natGateway:NatGateway': (all) => `${all.length} NAT gateway${all.length === 1 ? '' : 's'}`,
  'aws:rds/cluster:Cluster': (all) => all.map((r) => `${String(r.inputs.engine)} ${String(r.inputs.engineVersion)} cluster`).join(', '),
  'aws:rds/clusterInstance:ClusterInstance': (all) => `${all.length} × ${String(all[0]?.inputs.instanceClass)}`,
  'aws:rds/globalCluster:GlobalCluster': () => 'global cluster',
  'aws:s3/bucket:Bucket': (all) => `${all.length} S3 bucket${all.length === 1 ? '' : 's'}`,
  'aws:lambda/function:Function': (all) => all.map((r) => `Lambda ${String(r.inputs.runtime)}`).join(', '),
  'aws:cloudwatch/metricAlarm:MetricAlarm': (all) => `${all.length} alarm${all.length === 1 ? '' : 's'}`,
  'aws:kms/key:Key': () => 'KMS key (rotating)',
  'aws:secretsmanager/secret:Secret': () => 'master secret',
  'aws:sns/topic:Topic': () => 'SNS topic',
  // A zone attached to VPCs is private; the application tier's own zone is public.
  'aws:route53/zone:Zone': (all) => all.map((r) => `${Array.isArray(r.inputs.vpcs) && r.inputs.vpcs.length > 0 ? 'private' : 'public'} zone ${String(r.inputs.name)}`).join(', '),
  'aws:route53/healthCheck:HealthCheck': (all) => `${all.length} health check${all.length === 1 ? '' : 's'}`,
  'aws:iam/role:Role': (all) => `${all.length} IAM role${all.length === 1 ? '' : 's'}`,
  'aws:lb/loadBalancer:LoadBalancer': () => 'application load balancer',
  'aws:cloudwatch/eventBus:EventBus': () => 'event bus',
  'aws:cloudwatch/dashboard:Dashboard': () => 'dashboard',
};

interface Node {
  readonly id: string;
  readonly component: RecordedResource;
  readonly place: string;
  readonly resources: RecordedResource[];
}

const GLOBAL = 'global';
const nodeId = (component: string, place: string) => `${component}_${place}`.replace(/[^A-Za-z0-9_]/g, '_');
const quote = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;

export function architectureDiagram(run: OfflineRun): string {
  const byKey = new Map(run.resources.map((r) => [`${r.type}::${r.name}`, r]));
  const providers = new Map(run.resources.filter((r) => r.type === 'pulumi:providers:aws').map((p) => [p.name, p]));
  const role = (provider: string | undefined) => (provider ? provider.replace(/^aws-/, '') : undefined);

  // Where a resource sits: its region, or the global box for resources on the global provider.
  const place = (r: RecordedResource) => (role(r.provider) === GLOBAL && r.inputs.region === undefined ? GLOBAL : r.region);
  // The top-level component (a child of the stack's root component) a resource belongs to.
  const topComponent = (r: RecordedResource): RecordedResource | undefined => {
    const parent = r.parent ? byKey.get(r.parent) : undefined;
    if (!parent) return undefined;
    return parent.parent && byKey.get(parent.parent)?.parent ? topComponent(parent) : parent;
  };

  const nodes = new Map<string, Node>();
  for (const r of run.resources.filter((x) => x.custom && x.type.startsWith('aws:'))) {
    const component = topComponent(r);
    const where = place(r);
    if (!component || !where) continue;
    const id = nodeId(component.name, where);
    const node = nodes.get(id) ?? { id, component, place: where, resources: [] };
    node.resources.push(r);
    nodes.set(id, node);
  }
  const nodeOf = (r: RecordedResource) => {
    const component = topComponent(r);
    const where = place(r);
    return component && where ? nodeId(component.name, where) : undefined;
  };
  const nodeIn = (type: string, region: string) => run.resources.filter((r) => r.type === type && r.region === region).map(nodeOf)[0];

  const label = (node: Node) => {
    const byType = new Map<string, RecordedResource[]>();
    for (const r of node.resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
    const facts = [...byType].filter(([type]) => SUMMARIES[type]).map(([type, all]) => SUMMARIES[type]?.(all));
    return quote([`<b>${node.component.type.replace(/^tap:dr:/, '')}</b> ${node.component.name}`, ...facts, `${node.resources.length} resources`].join('<br/>'));
  };

  const boxes = new Map<string, string>();
  for (const p of providers.values()) if (role(p.name) !== GLOBAL) boxes.set(p.region as string, `${p.region} (${role(p.name)})`);
  const globalRegion = [...providers.values()].find((p) => role(p.name) === GLOBAL)?.region;
  boxes.set(GLOBAL, `global services (API in ${globalRegion})`);

  const lines = ['flowchart LR'];
  for (const [where, title] of boxes) {
    lines.push(`  subgraph ${nodeId('region', where)}[${quote(title)}]`, '    direction TB');
    for (const node of [...nodes.values()].filter((n) => n.place === where)) lines.push(`    ${node.id}[${label(node)}]`);
    lines.push('  end');
  }

  const edges = new Set<string>();
  const add = (from: string | undefined, text: string, to: string | undefined, both = false) => {
    if (from && to && from !== to) edges.add(`  ${from} ${both ? '<-->' : '-->'}|${quote(text)}| ${to}`);
  };
  for (const r of run.resources) {
    switch (r.type) {
      case 'aws:ec2/vpcPeeringConnection:VpcPeeringConnection':
        add(nodeIn('aws:ec2/vpc:Vpc', r.region as string), 'VPC peering', nodeIn('aws:ec2/vpc:Vpc', String(r.inputs.peerRegion)), true);
        break;
      case 'aws:rds/cluster:Cluster':
        // The primary cluster is the one that holds the master credentials; the others replicate from it.
        if (r.inputs.masterUsername !== undefined) {
          for (const other of run.resources.filter((x) => x.type === r.type && x !== r && x.inputs.globalClusterIdentifier === r.inputs.globalClusterIdentifier)) {
            add(nodeOf(r), 'Aurora global database replication', nodeOf(other));
          }
        }
        break;
      case 'aws:s3/bucketReplicationConfig:BucketReplicationConfig':
        for (const rule of (r.inputs.rules ?? []) as Array<{ destination?: { bucket?: string } }>) {
          const target = run.resources.find((b) => b.type === 'aws:s3/bucket:Bucket' && rule.destination?.bucket === `arn:aws:s3:::${String(b.inputs.bucket)}`);
          add(nodeOf(r), 'S3 cross-region replication', target && nodeOf(target));
        }
        break;
      case 'aws:secretsmanager/secret:Secret':
        for (const replica of (r.inputs.replicas ?? []) as Array<{ region: string }>) add(nodeOf(r), 'secret replica', nodeIn('aws:kms/key:Key', replica.region));
        break;
      case 'aws:route53/record:Record': {
        // A database name points into a region's cluster, or at the global writer endpoint (the global cluster).
        const records = (r.inputs.records ?? []) as string[];
        const region = [...boxes.keys()].find((where) => where !== GLOBAL && records.some((rec) => rec.includes(`.${where}.rds.amazonaws.com`)));
        const global = records.some((rec) => rec.endsWith('.global.rds.amazonaws.com')) ? run.resources.find((x) => x.type === 'aws:rds/globalCluster:GlobalCluster') : undefined;
        const target = region ? nodeIn('aws:rds/cluster:Cluster', region) : global && nodeOf(global);
        const policies = (r.inputs.failoverRoutingPolicies ?? []) as Array<{ type: string }>;
        const name = String(r.inputs.name).split('.')[0];
        if (policies.length === 0) add(nodeOf(r), `${name}: ${String(r.inputs.type)}`, target);
        for (const policy of policies) add(nodeOf(r), `${name} failover: ${policy.type}`, target);
        break;
      }
      case 'aws:route53/healthCheck:HealthCheck': {
        // The alarm by its name: several components have alarms in one region (health, backups, operations).
        const alarm = run.resources.find((a) => a.type === 'aws:cloudwatch/metricAlarm:MetricAlarm' && a.region === r.inputs.cloudwatchAlarmRegion && a.inputs.name === r.inputs.cloudwatchAlarmName);
        add(nodeOf(r), 'health check watches alarm', alarm && nodeOf(alarm));
        break;
      }
      default:
        break;
    }
  }
  return [...lines, ...[...edges].sort()].join('\n');
}

export const DIAGRAM_START = '<!-- architecture:start (npm run diagram writes this block from the preview graph) -->';
export const DIAGRAM_END = '<!-- architecture:end -->';

/** docs/architecture.md: the diagram and how it was made. */
export function architectureDocument(stack: string, mermaid: string): string {
  return `# Architecture (stack \`${stack}\`)\n\nDerived from the offline preview graph by \`npm run diagram\`; \`npm test\` fails when this file or the copy in README.md no longer matches the program.\n\n${DIAGRAM_START}\n\`\`\`mermaid\n${mermaid}\n\`\`\`\n${DIAGRAM_END}\n`;
}

/** `text` with the block between the diagram markers replaced by `block`; throws when the markers are missing. */
export function replaceDiagramBlock(text: string, document: string): string {
  const block = document.slice(document.indexOf(DIAGRAM_START), document.indexOf(DIAGRAM_END) + DIAGRAM_END.length);
  const start = text.indexOf(DIAGRAM_START);
  const end = text.indexOf(DIAGRAM_END);
  if (start < 0 || end < start) throw new Error(`the diagram markers ${DIAGRAM_START} … ${DIAGRAM_END} are missing`);
  return text.slice(0, start) + block + text.slice(end + DIAGRAM_END.length);
}
