import { eventArrivalProblems, eventReturnProblems } from './integration/event-checks';
import { fixture } from './integration/fixtures';

// FilterLogEvents on the secondary's log group after an event was put on the primary bus (us-east-1).
const filterLogEvents = fixture<{ events: Array<{ message: string }> }>('filter-log-events');
const messages: string[] = filterLogEvents.events.map((e) => e.message);
const MARKER = 'integration-1764075600000';

describe('eventArrivalProblems', () => {
  it('passes when the forwarded event with the marker is in the log group, naming the region it was put in', () => {
    expect(eventArrivalProblems(messages, MARKER, 'us-east-1', 'us-west-2')).toEqual([]);
  });

  it('reports an event that has not arrived, ignoring other and unreadable lines', () => {
    expect(eventArrivalProblems([...messages, 'not json', undefined], 'integration-2', 'us-east-1', 'us-west-2')).toEqual(['the event integration-2 put in us-east-1 has not reached the log group in us-west-2']);
  });

  it('reports an event that arrived naming another region than its origin: the forward rules would loop on it', () => {
    expect(eventArrivalProblems(messages, MARKER, 'us-west-2', 'us-east-1')).toEqual([
      `the event ${MARKER} reached us-east-1 naming us-east-1 as its region, not us-west-2 where it was put: the forward rule in us-east-1 would send it back`,
    ]);
  });
});

describe('eventReturnProblems', () => {
  it('passes when the event is once in the log group of the region it was put in', () => {
    expect(eventReturnProblems(messages, MARKER, 'us-east-1')).toEqual([]);
  });

  it('reports an event that came back, or was not kept at all', () => {
    expect(eventReturnProblems([...messages, ...messages], MARKER, 'us-east-1')).toEqual([`the event ${MARKER} is in the log group of us-east-1, where it was put, 2 times; once is right (it came back)`]);
    expect(eventReturnProblems([], MARKER, 'us-east-1')).toEqual([`the event ${MARKER} is in the log group of us-east-1, where it was put, 0 times; once is right (it was not kept there)`]);
  });
});
