import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretPath, type SecretData, type SecretStore } from '@causeway/secrets';
import type { AllSimulators } from '@causeway/simulators';
import { readDemoState, reissueDemoCredentials, writeDemoState } from './demo-state';

/** A secret store in memory with versions, as the real ones count them. */
function memoryStore(initial: Record<string, SecretData>) {
  const secrets = new Map(Object.entries(initial).map(([path, data]) => [path, { data, version: 1 }]));
  return {
    secrets,
    read: async (path: string) => {
      const found = secrets.get(path);
      return found ? { ...found, metadata: { createdAt: new Date(), updatedAt: new Date() } } : null;
    },
    write: async (path: string, data: SecretData, options?: { cas?: number }) => {
      const version = secrets.get(path)?.version ?? 0;
      if (options?.cas !== undefined && options.cas !== version) throw new Error('version conflict');
      secrets.set(path, { data, version: version + 1 });
      return { version: version + 1 };
    },
  } as unknown as SecretStore & { secrets: typeof secrets };
}

const simulators = {
  slack: { control: { issueToken: () => 'xoxb-new' } },
  jira: { control: { issueToken: () => ({ accessToken: 'jira-new', refreshToken: 'jira-refresh-new' }) } },
  contentful: { control: { issuePersonalAccessToken: () => 'CFPAT-new' } },
  tokenWiring: { zendesk: { issueToken: () => 'zendesk-new' }, stripe: { issueToken: () => 'sk_test_new' } },
} as unknown as AllSimulators;

describe('the demo connections’ state across restarts', () => {
  it('reads back what it wrote, and starts empty without a file or with a damaged one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-state-'));
    const file = join(dir, 'demo-connections.json');
    expect(readDemoState(file)).toEqual({ ports: {}, connections: {} });
    writeDemoState(file, { ports: { slack: 41001 }, connections: { slack: 'c-1' } });
    expect(readDemoState(file)).toEqual({ ports: { slack: 41001 }, connections: { slack: 'c-1' } });
    writeFileSync(file, JSON.stringify({ ports: { slack: 'x' } }));
    expect(readDemoState(file)).toEqual({ ports: {}, connections: {} });
  });

  it('renews each kept connection’s credential in place with a token the restarted simulator knows', async () => {
    const slackPath = secretPath.connection('t-1', 'c-slack');
    const jiraPath = secretPath.connection('t-1', 'c-jira');
    const store = memoryStore({
      [slackPath]: {
        kind: 'token',
        authMode: 'oauth2',
        accessToken: 'xoxb-old',
        refreshToken: 'xoxe-old',
        expiresAt: '2026-01-01T00:00:00.000Z',
        previousRefreshToken: 'older',
      },
      [jiraPath]: { kind: 'token', authMode: 'oauth2', accessToken: 'jira-old', refreshToken: 'jira-refresh-old' },
    });

    const kept = await reissueDemoCredentials(store, 't-1', { slack: 'c-slack', jira: 'c-jira', contentful: 'c-gone' }, simulators);

    expect(kept).toEqual({ slack: 'c-slack', jira: 'c-jira' });
    expect(store.secrets.get(slackPath)).toEqual({ data: { kind: 'token', authMode: 'oauth2', accessToken: 'xoxb-new' }, version: 2 });
    expect(store.secrets.get(jiraPath)?.data).toEqual({ kind: 'token', authMode: 'oauth2', accessToken: 'jira-new', refreshToken: 'jira-refresh-new' });
  });

  it('renews a token provider’s API token, and a Basic credential’s password (Zendesk’s `{email}/token`)', async () => {
    const zendeskPath = secretPath.connection('t-1', 'c-zendesk');
    const stripePath = secretPath.connection('t-1', 'c-stripe');
    const store = memoryStore({
      [zendeskPath]: { kind: 'basic', authMode: 'api_token', username: 'agent@example.com/token', password: 'zendesk-old' },
      [stripePath]: { kind: 'token', authMode: 'secret_key', accessToken: 'sk_test_old' },
    });

    const kept = await reissueDemoCredentials(store, 't-1', { zendesk: 'c-zendesk', stripe: 'c-stripe' }, simulators);

    expect(kept).toEqual({ zendesk: 'c-zendesk', stripe: 'c-stripe' });
    expect(store.secrets.get(zendeskPath)?.data).toEqual({
      kind: 'basic',
      authMode: 'api_token',
      username: 'agent@example.com/token',
      password: 'zendesk-new',
    });
    expect(store.secrets.get(stripePath)?.data).toEqual({ kind: 'token', authMode: 'secret_key', accessToken: 'sk_test_new' });
  });
});
