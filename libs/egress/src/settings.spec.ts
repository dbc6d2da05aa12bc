import { z } from 'zod';
import { ConfigError, loadConfig } from '@causeway/config';
import { defaultEgressSettings, egressEnvShape, egressSettingsFromEnv, loadEgressSettings, LOOPBACK_ALLOW_LIST } from './settings';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('egress settings from the environment', () => {
  it('defaults to the strict settings: nothing private, five redirects, 10 MiB caps', () => {
    const settings = loadEgressSettings({});
    expect(settings.allowPrivate.isEmpty).toBe(true);
    expect(settings).toMatchObject({ plainHttp: 'allowed_private', maxRedirects: 5, maxResponseBytes: 10 * 1024 * 1024, deadlineMs: 60_000 });
    expect({ ...settings, allowPrivate: undefined }).toEqual({ ...defaultEgressSettings, allowPrivate: undefined });
  });

  it('reads the embedded default allow-list and every number', () => {
    const settings = loadEgressSettings({
      EGRESS_ALLOW_PRIVATE: LOOPBACK_ALLOW_LIST,
      EGRESS_PLAIN_HTTP: 'never',
      EGRESS_MAX_REDIRECTS: '2',
      EGRESS_MAX_REQUEST_BYTES: '1000',
      EGRESS_MAX_RESPONSE_BYTES: '2000',
      EGRESS_CONNECT_TIMEOUT_MS: '100',
      EGRESS_HEADERS_TIMEOUT_MS: '200',
      EGRESS_BODY_TIMEOUT_MS: '300',
      EGRESS_DEADLINE_MS: '400',
    });
    expect(settings.allowPrivate.toString()).toBe('127.0.0.1/32,::1/128');
    expect(settings).toMatchObject({
      plainHttp: 'never',
      maxRedirects: 2,
      maxRequestBytes: 1000,
      maxResponseBytes: 2000,
      connectTimeoutMs: 100,
      headersTimeoutMs: 200,
      bodyTimeoutMs: 300,
      deadlineMs: 400,
    });
  });

  it('stops the start with a message naming the variable and the bad entry', () => {
    const error = configError(() => loadEgressSettings({ EGRESS_ALLOW_PRIVATE: '127.0.0.1/32,10.0.0.0/33', EGRESS_MAX_REDIRECTS: 'many' }, 'data-plane'));
    expect(error.message).toContain('data-plane: invalid configuration');
    expect(error.message).toContain('EGRESS_ALLOW_PRIVATE: entry "10.0.0.0/33": prefix length must be between 0 and 32');
    expect(error.problems.map((p) => p.variable)).toEqual(['EGRESS_ALLOW_PRIVATE', 'EGRESS_MAX_REDIRECTS']);
  });

  it('refuses an unknown plain-http rule', () => {
    expect(configError(() => loadEgressSettings({ EGRESS_PLAIN_HTTP: 'sometimes' })).problems[0].variable).toBe('EGRESS_PLAIN_HTTP');
  });

  it('spreads into an app schema so one check covers the app and egress variables', () => {
    const schema = z.object({ PORT: z.coerce.number().default(4100), ...egressEnvShape });
    const config = loadConfig('data-plane', schema, { EGRESS_ALLOW_PRIVATE: '127.0.0.1:5100' });
    expect(config.PORT).toBe(4100);
    expect(egressSettingsFromEnv(config).allowPrivate.toString()).toBe('127.0.0.1:5100');
  });
});
