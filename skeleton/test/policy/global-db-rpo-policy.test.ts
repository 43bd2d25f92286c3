// global-db-rpo-primary-only: rds.global_db_rpo in the secondary's parameter group would block every commit of
// the writer a failover makes when the primary region is lost (aws-facts.ts GLOBAL_DB_RPO_PARAMETER).
import { globalDbRpoPrimaryOnly } from '../../policy/policies';
import { provider, resource, stackViolations } from './synthetic';

const primary = provider('primary', 'us-east-1');
const secondary = provider('secondary', 'eu-west-1');
const forceSsl = { name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' };
const bound = { name: 'rds.global_db_rpo', value: '30', applyMethod: 'immediate' };

const group = (region: 'us-east-1' | 'eu-west-1', parameters: unknown[]) =>
  resource('aws:rds/clusterParameterGroup:ClusterParameterGroup', { name: `aurora-params-${region}-dev`, family: 'aurora-postgresql16', parameters }, { name: `aurora-${region === 'us-east-1' ? 'primary' : 'secondary'}-params`, provider: region === 'us-east-1' ? primary : secondary });
const cluster = (region: 'us-east-1' | 'eu-west-1', props: Record<string, unknown> = {}, dependencies: ReturnType<typeof resource>[] = []) =>
  resource('aws:rds/cluster:Cluster', { clusterIdentifier: `aurora-cluster-${region}-dev`, globalClusterIdentifier: 'aurora-global-us-east-1-dev', dbClusterParameterGroupName: `aurora-params-${region}-dev`, ...props }, {
    name: `aurora-${region === 'us-east-1' ? 'primary' : 'secondary'}`, provider: region === 'us-east-1' ? primary : secondary, dependencies,
  });

describe('global-db-rpo-primary-only', () => {
  it('passes the bound on the primary\'s group, and a stack without a bound', async () => {
    expect(await stackViolations(globalDbRpoPrimaryOnly, [group('us-east-1', [forceSsl, bound]), group('eu-west-1', [forceSsl]), cluster('us-east-1'), cluster('eu-west-1')])).toEqual([]);
    expect(await stackViolations(globalDbRpoPrimaryOnly, [group('us-east-1', [forceSsl]), group('eu-west-1', [forceSsl]), cluster('us-east-1'), cluster('eu-west-1')])).toEqual([]);
  });

  it('fails the bound on the secondary\'s group, found by name or, before the name is known, by dependency', async () => {
    const message = 'secondary cluster aurora-secondary uses parameter group aurora-params-eu-west-1-dev, which sets rds.global_db_rpo to "30": after a failover that loses the primary region it becomes the writer with no secondary to keep up, and Aurora blocks every commit. Leave it at the default there (AWS\'s advice for a two-region global database); npm run dr:relax -- --restore moves the bound to the writer once a secondary exists again';
    const secondaryGroup = group('eu-west-1', [forceSsl, bound]);
    expect(await stackViolations(globalDbRpoPrimaryOnly, [group('us-east-1', [forceSsl, bound]), secondaryGroup, cluster('us-east-1'), cluster('eu-west-1')])).toEqual([message]);
    expect(await stackViolations(globalDbRpoPrimaryOnly, [secondaryGroup, cluster('eu-west-1', { dbClusterParameterGroupName: undefined }, [secondaryGroup])])).toEqual([message]);
  });

  it('passes a secondary on the default group, or on a group without parameters: neither sets a bound', async () => {
    expect(await stackViolations(globalDbRpoPrimaryOnly, [cluster('eu-west-1', { dbClusterParameterGroupName: undefined })])).toEqual([]);
    const bare = resource('aws:rds/clusterParameterGroup:ClusterParameterGroup', { name: 'aurora-params-eu-west-1-dev', family: 'aurora-postgresql16' }, { provider: secondary });
    expect(await stackViolations(globalDbRpoPrimaryOnly, [bare, cluster('eu-west-1')])).toEqual([]);
  });

  it('leaves a secondary-side cluster that is no member of a global database alone', async () => {
    expect(await stackViolations(globalDbRpoPrimaryOnly, [group('eu-west-1', [bound]), cluster('eu-west-1', { globalClusterIdentifier: undefined })])).toEqual([]);
  });
});
