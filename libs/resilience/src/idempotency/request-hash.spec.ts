import { canonicalJson } from '@causeway/contracts';
import { requestHash } from './request-hash';

describe('requestHash', () => {
  it('is the same for the same request whatever the order of fields', () => {
    const a = requestHash({ tool: 'slack.post_message', connectionId: 'c1', input: { channel: 'C1', text: 'hi', blocks: [{ b: 1, a: 2 }] } });
    const b = requestHash({ tool: 'slack.post_message', connectionId: 'c1', input: { blocks: [{ a: 2, b: 1 }], text: 'hi', channel: 'C1' } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when the tool, the connection or user named, or any input value differs', () => {
    const base = { tool: 'jira.create_issue', connectionId: 'c1', input: { summary: 'x', labels: ['a', 'b'] } };
    const hashes = new Set([
      requestHash(base),
      requestHash({ ...base, tool: 'jira.update_issue' }),
      requestHash({ ...base, connectionId: 'c2' }),
      requestHash({ ...base, connectionId: undefined }),
      requestHash({ ...base, onBehalfOf: 'user-1' }),
      requestHash({ ...base, input: { summary: 'y', labels: ['a', 'b'] } }),
      requestHash({ ...base, input: { summary: 'x', labels: ['b', 'a'] } }),
    ]);
    expect(hashes.size).toBe(7);
  });

  it('is unchanged for a request that names no user, so keys stored before onBehalfOf was hashed still replay', () => {
    expect(requestHash({ tool: 't', connectionId: 'c1', input: {} })).toBe(requestHash({ tool: 't', connectionId: 'c1', onBehalfOf: undefined, input: {} }));
    expect(canonicalJson({ tool: 't', connectionId: null, onBehalfOf: undefined, input: {} })).toBe('{"connectionId":null,"input":{},"tool":"t"}');
  });

  it('writes canonical JSON with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}');
  });

  it('is the hash the hand-written canonical JSON gave before the RFC 8785 package, so stored keys still replay', () => {
    // Both values were computed by the implementation this package replaced.
    expect(
      requestHash({
        tool: 'slack.post_message',
        connectionId: 'c1',
        onBehalfOf: 'user-1',
        input: { text: 'é 😀 "hi"', blocks: [{ b: 1.5, a: [null, true] }], n: 1e21, ch: 'C1' },
      }),
    ).toBe('5255201794b85e89b2b86300de8151f54017615fcd67ad74c4e309c3404de987');
    expect(requestHash({ tool: 'jira.create_issue', input: {} })).toBe('9d75932c859b1c187e03f199134fc1babebce024a62d37f7521b4beb133869ca');
  });
});
