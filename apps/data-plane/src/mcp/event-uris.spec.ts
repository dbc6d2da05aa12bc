import { AppError } from '@causeway/platform';
import { eventsAfterUri, matchesFilter, parseEventsUri } from './event-uris';

const refusal = (uri: string) => {
  try {
    parseEventsUri(uri);
  } catch (error) {
    return error as AppError;
  }
  throw new Error(`expected ${uri} to be refused`);
};

describe('causeway://events URIs', () => {
  it('reads the list, its position and filters, and one event by id', () => {
    expect(parseEventsUri('causeway://events')).toEqual({ kind: 'list', filter: { typePrefixes: [] } });
    expect(parseEventsUri('causeway://events?after=42&type=com.github.&type=com.slack.&connectionId=c1')).toEqual({
      kind: 'list',
      after: '42',
      filter: { typePrefixes: ['com.github.', 'com.slack.'], connectionId: 'c1' },
    });
    expect(parseEventsUri('causeway://events/6F1C0D2E-1111-4222-8333-444455556666')).toEqual({ kind: 'one', id: '6f1c0d2e-1111-4222-8333-444455556666' });
  });

  it.each([
    ['not a uri', 'is not a URI'],
    ['https://events', 'unknown resource'],
    ['causeway://tools', 'unknown resource'],
    ['causeway://events/42', 'uuid'],
    ['causeway://events?after=yesterday', 'after must be'],
    ['causeway://events?limit=5', 'unknown parameter "limit"'],
    [`causeway://events?${Array.from({ length: 21 }, (_, i) => `type=t${i}`).join('&')}`, 'at most 20'],
    [`causeway://events?connectionId=${'x'.repeat(201)}`, 'longer than 200'],
  ])('refuses %s naming the uri', (uri, message) => {
    const error = refusal(uri);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('invalid_input');
    expect(error.extra.field).toBe('uri');
    expect(error.message).toContain(message);
  });

  it('continues a list after a position with the same filter', () => {
    const filter = { typePrefixes: ['com.github.'], connectionId: 'c1' };
    const next = eventsAfterUri('7', filter);
    expect(parseEventsUri(next)).toEqual({ kind: 'list', after: '7', filter });
  });

  it('matches events by type prefix and connection as the feed does', () => {
    const event = { type: 'com.github.pull_request.opened', event: { connectionid: 'c1' } };
    expect(matchesFilter(event, { typePrefixes: [] })).toBe(true);
    expect(matchesFilter(event, { typePrefixes: ['com.slack.', 'com.github.pull_request.'] })).toBe(true);
    expect(matchesFilter(event, { typePrefixes: ['com.slack.'] })).toBe(false);
    expect(matchesFilter(event, { typePrefixes: [], connectionId: 'c2' })).toBe(false);
  });
});
