import { eventArrivalProblems } from './integration/event-checks';
import { fixture } from './integration/fixtures';

const filterLogEvents = fixture<{ events: Array<{ message: string }> }>('filter-log-events');

const messages: string[] = filterLogEvents.events.map((e) => e.message);

describe('eventArrivalProblems', () => {
  it('passes when the forwarded event with the marker is in the log group', () => {
    expect(eventArrivalProblems(messages, 'integration-1764075600000')).toEqual([]);
  });

  it('reports an event that has not arrived, ignoring other and unreadable lines', () => {
    expect(eventArrivalProblems([...messages, 'not json', undefined], 'integration-2')).toEqual(['the event integration-2 has not reached the secondary region\'s log group']);
  });
});
