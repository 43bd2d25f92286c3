// Integration check of the deployed EventBridge forwarding (npm run test:integration).
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { APPLICATION_EVENT_SOURCE_PREFIX } from '../../lib/event-forwarding';
import { REPO_ROOT } from '../helpers/repo';
import { eventArrivalProblems } from './event-checks';
import { eventually, readFlatOutputs } from './outputs';

const REQUIRED = ['primaryRegion', 'secondaryRegion', 'primaryEventBusName', 'secondaryEventLogGroup'];
const found = readFlatOutputs(REPO_ROOT, REQUIRED);

if ('skip' in found) {
  describe.skip(`the deployed event forwarding (skipped: ${found.skip})`, () => {
    it('is not checked', () => undefined);
  });
} else {
  const { outputs } = found;

  describe('the deployed event forwarding', () => {
    it('an application event put on the primary bus arrives in the secondary region (within 5 minutes)', async () => {
      const marker = `integration-${Date.now()}`;
      const startTime = Date.now() - 60_000;
      const put = await new EventBridgeClient({ region: outputs.primaryRegion }).send(new PutEventsCommand({
        Entries: [{ EventBusName: outputs.primaryEventBusName, Source: `${APPLICATION_EVENT_SOURCE_PREFIX}integration-test`, DetailType: 'IntegrationTest', Detail: JSON.stringify({ marker }) }],
      }));
      expect(put.FailedEntryCount).toBe(0);
      const logs = new CloudWatchLogsClient({ region: outputs.secondaryRegion });
      const problems = await eventually(async () => {
        const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: outputs.secondaryEventLogGroup, startTime, filterPattern: `"${marker}"` }));
        return eventArrivalProblems((events ?? []).map((e) => e.message), marker);
      }, 5 * 60_000, 10_000);
      expect(problems).toEqual([]);
    });
  });
}
