import { redactFields } from './redact-fields';
import { subscriptionMatches } from './subscription-match';

describe('redaction of delivered data', () => {
  const data = {
    pull_request: { title: 't', user: { login: 'octo', email: 'o@x' } },
    comments: [
      { body: 'a', author: 'x' },
      { body: 'b', author: 'y' },
    ],
    'a/b': 1,
  };

  it('removes the fields named by JSON pointers and leaves the rest', () => {
    expect(redactFields(data, ['/pull_request/user/email', '/a~1b'])).toEqual({
      pull_request: { title: 't', user: { login: 'octo' } },
      comments: data.comments,
    });
  });

  it('removes a field from every array item with *', () => {
    expect((redactFields(data, ['/comments/*/author']) as typeof data).comments).toEqual([{ body: 'a' }, { body: 'b' }]);
  });

  it('ignores pointers that name nothing and never changes its input', () => {
    expect(redactFields(data, ['/missing/deeper', '/pull_request/title/x'])).toEqual(data);
    redactFields(data, ['/pull_request']);
    expect(data.pull_request.title).toBe('t');
  });
});

describe('subscription matching', () => {
  const event = { type: 'com.github.pull_request.opened', subject: 'acme/api#7', connectionid: 'gh-1' };
  it('matches an exact type or a prefix pattern', () => {
    expect(subscriptionMatches({ types: ['com.github.pull_request.opened'] }, event)).toBe(true);
    expect(subscriptionMatches({ types: ['com.github.pull_request.*'] }, event)).toBe(true);
    expect(subscriptionMatches({ types: ['com.github.pull.*'] }, event)).toBe(false);
    expect(subscriptionMatches({ types: ['com.github.issues.*'] }, event)).toBe(false);
  });
  it('applies the connection and subject filters', () => {
    expect(subscriptionMatches({ types: ['com.github.*'], connectionIds: ['gh-2'] }, event)).toBe(false);
    expect(subscriptionMatches({ types: ['com.github.*'], subjectPrefix: 'acme/web' }, event)).toBe(false);
    expect(subscriptionMatches({ types: ['com.github.*'], connectionIds: ['gh-1'], subjectPrefix: 'acme/' }, event)).toBe(true);
  });
});
