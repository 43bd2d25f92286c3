import type { RecordedResource } from '../scripts/offline/recorder';
import { formatPreview } from '../scripts/preview-tree';

// A hand-made graph for the layout rules the real preview (test/preview.test.ts) does not reach
// with every answer set: their order and a region no provider was made for.
const res = (type: string, name: string, extra: Partial<RecordedResource> = {}): RecordedResource => ({ urn: `urn:${type}::${name}`, type, name, inputs: {}, custom: true, ...extra });

it('lists a component\'s region-less children first, then one group per region in program order, unlabelled where no provider is', () => {
  const run = {
    resources: [
      res('pulumi:providers:aws', 'aws-primary', { region: 'us-east-1' }),
      res('tap:dr:Thing', 'thing', { custom: false }),
      res('aws:s3/bucket:Bucket', 'east', { parent: 'tap:dr:Thing::thing', region: 'us-east-1' }),
      res('random:index/randomPassword:RandomPassword', 'password', { parent: 'tap:dr:Thing::thing' }),
      res('aws:s3/bucket:Bucket', 'west', { parent: 'tap:dr:Thing::thing', region: 'us-west-2' }),
    ],
    outputs: {},
  };
  const lines = formatPreview('P', 's', run).split('\n');
  const thing = lines.indexOf('+ create     tap:dr:Thing  thing');
  expect(lines.slice(thing + 1, thing + 6)).toEqual([
    '+ create        random:index/randomPassword:RandomPassword  password',
    '                ── us-east-1 (primary)',
    '+ create           aws:s3/bucket:Bucket  east',
    '                ── us-west-2',
    '+ create           aws:s3/bucket:Bucket  west',
  ]);
});
