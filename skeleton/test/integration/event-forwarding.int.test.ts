// Integration check of the deployed EventBridge forwarding (npm run test:integration): an application
// event put in either region reaches the other one, still naming the region it was put in, and is not
// sent back.
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { APPLICATION_EVENT_SOURCE_PREFIX } from '../../lib/event-forwarding';
import { REPO_ROOT } from '../helpers/repo';
import { eventArrivalProblems, eventReturnProblems } from './event-checks';
import { eventually, readFlatOutputs } from './outputs';

const REQUIRED = ['primaryRegion', 'secondaryRegion', 'primaryEventBusName', 'secondaryEventBusName', 'primaryEventLogGroup', 'secondaryEventLogGroup'];
const found = readFlatOutputs(REPO_ROOT, REQUIRED);

if ('skip' in found) {
  describe.skip(`the deployed event forwarding (skipped: ${found.skip})`, () => {
    it('is not checked', () => undefined);
  });
} else {
  const { outputs } = found;
  const side = (which: 'primary' | 'secondary') => ({ region: outputs[`${which}Region`], bus: outputs[`${which}EventBusName`], logGroup: outputs[`${which}EventLogGroup`] });
  const messagesIn = async (where: ReturnType<typeof side>, marker: string, startTime: number) => {
    const { events } = await new CloudWatchLogsClient({ region: where.region }).send(new FilterLogEventsCommand({ logGroupName: where.logGroup, startTime, filterPattern: `"${marker}"` }));
    return (events ?? []).map((e) => e.message);
  };

  describe('the deployed event forwarding', () => {
    it.each([['primary', 'secondary'], ['secondary', 'primary']] as const)('an application event put in the %s region arrives in the %s region once, and does not come back (within 5 minutes)', async (fromRole, toRole) => {
      const [from, to] = [side(fromRole), side(toRole)];
      const marker = `integration-${fromRole}-${Date.now()}`;
      const startTime = Date.now() - 60_000;
      const put = await new EventBridgeClient({ region: from.region }).send(new PutEventsCommand({
        Entries: [{ EventBusName: from.bus, Source: `${APPLICATION_EVENT_SOURCE_PREFIX}integration-test`, DetailType: 'IntegrationTest', Detail: JSON.stringify({ marker }) }],
      }));
      expect(put.FailedEntryCount).toBe(0);
      expect(await eventually(async () => eventArrivalProblems(await messagesIn(to, marker, startTime), marker, from.region, to.region), 5 * 60_000, 10_000)).toEqual([]);
      // A copy sent back would reach the origin's log group about as fast as the forward took.
      await new Promise((resolve) => setTimeout(resolve, 60_000));
      expect(eventReturnProblems(await messagesIn(from, marker, startTime), marker, from.region)).toEqual([]);
    }, 8 * 60_000);
  });
}
