import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempFolder } from './helpers/temp';
import { GLOBAL_LAG_DIMENSIONS } from '../lib/config/aws-facts';
import { globalClusterProblems, lagDimensionProblems, regionOfArn, replicaProblems, secondaryProblems } from './integration/checks';
import { FLAT_OUTPUTS_PATH, eventually, flattenStackOutputs, readFlatOutputs } from './integration/outputs';
import { fixture } from './integration/fixtures';

const describeGlobalClusters = fixture<{ GlobalClusters: Array<{ GlobalClusterMembers: Array<{ DBClusterArn: string; IsWriter: boolean }> }> }>('describe-global-clusters');

/** The integration tests' decisions, against AWS responses in their documented shape (no network). */
const members = describeGlobalClusters.GlobalClusters[0].GlobalClusterMembers;

describe('flattenStackOutputs and readFlatOutputs', () => {
  it('lifts the tier outputs to the top and keeps text as text', () => {
    expect(flattenStackOutputs({ globalClusterId: 'g', tiers: { dashboardUrl: 'https://x' }, count: 2 })).toEqual({ globalClusterId: 'g', dashboardUrl: 'https://x', count: '2' });
    expect(() => flattenStackOutputs({ dashboardUrl: 'a', tiers: { dashboardUrl: 'b' } })).toThrow('stack output dashboardUrl appears twice');
  });

  it('skips with a one-line reason when there is no outputs file, and names missing outputs when there is one', () => {
    const root = tempFolder('flat-outputs');
    expect(readFlatOutputs(root, ['globalClusterId'])).toEqual({ skip: `no ${FLAT_OUTPUTS_PATH}: deploy the stack, then run npm run outputs:flat` });
    mkdirSync(join(root, 'cfn-outputs'));
    writeFileSync(join(root, FLAT_OUTPUTS_PATH), JSON.stringify({ globalClusterId: 'g', primaryRegion: '' }));
    expect(readFlatOutputs(root, ['globalClusterId'])).toEqual({ outputs: { globalClusterId: 'g', primaryRegion: '' } });
    expect(() => readFlatOutputs(root, ['globalClusterId', 'primaryRegion', 'secondaryRegion'])).toThrow(`${FLAT_OUTPUTS_PATH} lacks primaryRegion, secondaryRegion: was it written from this stack?`);
  });

  it('eventually: retries until no problems, or gives the last problems at the deadline', async () => {
    let calls = 0;
    expect(await eventually(async () => (++calls < 3 ? ['not yet'] : []), 1000, 1)).toEqual([]);
    expect(calls).toBe(3);
    expect(await eventually(async () => ['never'], 5, 10)).toEqual(['never']);
  });
});

describe('globalClusterProblems', () => {
  it('passes two members with the writer in the primary region and the secondary in the DR region', () => {
    expect(globalClusterProblems(members, 'us-east-1', 'us-west-2')).toEqual([]);
    expect(regionOfArn(members[1].DBClusterArn)).toBe('us-west-2');
    expect(regionOfArn('not-an-arn')).toBe('');
  });

  it('reports a missing member, swapped regions, and no writer', () => {
    expect(globalClusterProblems([members[0]], 'us-east-1', 'us-west-2')).toEqual(['the global cluster has 1 members, expected 2']);
    expect(globalClusterProblems(undefined, 'us-east-1', 'us-west-2')).toEqual(['the global cluster has 0 members, expected 2']);
    expect(globalClusterProblems(members, 'us-west-2', 'us-east-1')).toEqual([
      `the writer is not in us-west-2 (${members[0].DBClusterArn})`,
      `the secondary is not in us-east-1 (${members[1].DBClusterArn})`,
    ]);
    expect(globalClusterProblems([{ IsWriter: false }, { IsWriter: false, DBClusterArn: members[1].DBClusterArn }], 'us-east-1', 'us-west-2')).toEqual([
      'there is no writer',
      'the secondary is not in us-west-2 (no ARN)',
    ]);
    expect(globalClusterProblems([{ IsWriter: true }, { IsWriter: true }], 'us-east-1', 'us-west-2')).toEqual([
      'the writer is not in us-east-1 (no ARN)',
      'there is no secondary',
    ]);
  });
});

describe('secondaryProblems', () => {
  it('passes an available secondary below the threshold', () => {
    expect(secondaryProblems('available', [120, 800], 5)).toEqual([]);
  });

  it('reports a secondary that is not available, lags at or above the threshold, or publishes no lag (the heartbeat keeps it flowing)', () => {
    expect(secondaryProblems('failing-over', [5000], 5)).toEqual(['the secondary cluster is failing-over, not available', 'replication lag reached 5000 ms, at or above the 5 s threshold']);
    expect(secondaryProblems(undefined, [], 5)).toEqual([
      'the secondary cluster is missing, not available',
      'no replication lag was published under the dimensions the lag alarms watch: they are in ALARM (missing data is breaching)',
    ]);
  });
});

describe('lagDimensionProblems', () => {
  const series = (...names: string[]) => ({ Dimensions: names.map((Name) => ({ Name, Value: 'x' })) });

  it('passes when one published series has exactly the alarms\' dimension set, in any order', () => {
    expect(lagDimensionProblems([series('DBClusterIdentifier'), series('SourceRegion', 'DBClusterIdentifier')], GLOBAL_LAG_DIMENSIONS)).toEqual([]);
  });

  it('names the sets AWS publishes when none matches, or says there is none', () => {
    expect(lagDimensionProblems([series('DBClusterIdentifier')], GLOBAL_LAG_DIMENSIONS)).toEqual([
      'the lag alarms watch {DBClusterIdentifier, SourceRegion}, but the metric is published under {DBClusterIdentifier}: correct GLOBAL_LAG_DIMENSIONS in lib/config/aws-facts.ts',
    ]);
    expect(lagDimensionProblems([{}], GLOBAL_LAG_DIMENSIONS)[0]).toMatch(/published under \{\}/);
    expect(lagDimensionProblems([], GLOBAL_LAG_DIMENSIONS)[0]).toMatch(/published under no dimension set/);
    expect(lagDimensionProblems([{ Dimensions: [{}] }], ['x'])[0]).toMatch(/published under \{\}/);
  });
});

describe('replicaProblems', () => {
  it('passes a replica with the source ETag', () => {
    expect(replicaProblems({ ReplicationStatus: 'REPLICA', ETag: '"abc"' }, '"abc"')).toEqual([]);
  });

  it('reports no object yet, an object that is not a replica, or different content', () => {
    expect(replicaProblems(undefined, '"abc"')).toEqual(['the object has not reached the secondary bucket']);
    expect(replicaProblems({ ETag: '"xyz"' }, '"abc"')).toEqual([
      'the object in the secondary bucket has replication status none, not REPLICA',
      'the replica\'s ETag "xyz" differs from the source\'s "abc"',
    ]);
  });
});
