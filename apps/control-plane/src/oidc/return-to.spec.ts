import { parseReturnTo } from './return-to';

describe('parseReturnTo', () => {
  it('keeps a path on this server, with its query', () => {
    expect(parseReturnTo('/graphql?tab=1', '/x')).toBe('/graphql?tab=1');
    expect(parseReturnTo(undefined, '/graphql')).toBe('/graphql');
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example', 'graphql', '/ spaced'])('refuses %s, which could leave this server', (value) => {
    expect(() => parseReturnTo(value, '/graphql')).toThrow('redirect: must be a path on this server');
  });
});
