import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { McpSessions, type McpSession } from './mcp-sessions';

const feed = { after: async () => [], latest: async () => [], byId: async () => undefined, head: async () => '0' };
const watch = { watch: async () => () => undefined, close: () => undefined };
const alice = { tenantId: 't1', keyId: 'alice' };
const bob = { tenantId: 't1', keyId: 'bob' };

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'spec', version: '1' } },
};

/** Opens a session as the controller does: a transport, then the client's initialize through it. */
async function opened(sessions: McpSessions, owner: { tenantId: string; keyId: string }): Promise<string> {
  const session = (await sessions.open(
    owner,
    () => new Server({ name: 's', version: '1' }, { capabilities: { resources: { subscribe: true } } }),
  )) as McpSession;
  const response = await session.transport.handleRequest(
    new Request('http://causeway.internal/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    }),
    { parsedBody: initialize },
  );
  expect(response.status).toBe(200);
  return session.transport.sessionId!;
}

describe('MCP sessions for event subscriptions', () => {
  let clock = 0;
  let sessions: McpSessions;
  const make = (limits: ConstructorParameters<typeof McpSessions>[2]) => (sessions = new McpSessions(feed, watch, limits, () => clock));

  afterEach(() => sessions?.closeAll());

  it('is found only by the key that opened it', async () => {
    make({});
    const id = await opened(sessions, alice);
    expect(sessions.find(id, alice)).toBeDefined();
    expect(sessions.find(id, bob)).toBeUndefined();
    expect(sessions.find(id, { tenantId: 't2', keyId: 'alice' })).toBeUndefined();
    expect(sessions.find('made-up', alice)).toBeUndefined();
  });

  it('closes a key’s least recently used session when it opens one past its limit; other keys keep theirs', async () => {
    make({ perKey: 2 });
    const first = await opened(sessions, alice);
    clock += 1;
    const second = await opened(sessions, alice);
    const bobs = await opened(sessions, bob);
    clock += 1;
    sessions.find(first, alice); // used again: the second is now the least recent
    clock += 1;
    const third = await opened(sessions, alice);

    expect(sessions.find(second, alice)).toBeUndefined();
    expect([first, third].map((id) => sessions.find(id, alice))).toEqual([expect.anything(), expect.anything()]);
    expect(sessions.find(bobs, bob)).toBeDefined();
  });

  it('refuses a new session when the replica holds as many as it may', async () => {
    make({ total: 1 });
    await opened(sessions, alice);
    expect(await sessions.open(bob, () => new Server({ name: 's', version: '1' }, { capabilities: {} }))).toBe('full');
  });

  it('closes a session idle past the limit, but not one whose stream is open', async () => {
    make({ idleMs: 1000 });
    const idle = await opened(sessions, alice);
    const listening = await opened(sessions, bob);
    sessions.find(listening, bob)!.openStreams = 1;
    clock += 1001;
    await sessions.sweep();
    expect(sessions.find(idle, alice)).toBeUndefined();
    expect(sessions.find(listening, bob)).toBeDefined();
  });

  it('forgets a session the client deletes', async () => {
    make({});
    const id = await opened(sessions, alice);
    const session = sessions.find(id, alice)!;
    const response = await session.transport.handleRequest(
      new Request('http://causeway.internal/mcp', { method: 'DELETE', headers: { 'mcp-session-id': id } }),
    );
    expect(response.status).toBe(200);
    expect(sessions.find(id, alice)).toBeUndefined();
  });
});
