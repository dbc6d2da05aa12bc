import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OauthbearerProviderResponse, SASLOptions } from 'kafkajs';
import { ConfigError } from '@causeway/config';
import { kafkaSecurityFromEnv } from './kafka-security';

function configError(env: Record<string, string>): string {
  try {
    kafkaSecurityFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('Kafka TLS and SASL settings', () => {
  it('is plaintext when nothing is set', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it('turns TLS on with the public CAs for KAFKA_SSL=true alone', () => {
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
  });

  it('refuses PLAIN and OAUTHBEARER over a cleartext connection', () => {
    expect(configError({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toContain(
      'KAFKA_SSL: plain sends the credential as is',
    );
  });

  it('names what a mechanism is missing', () => {
    const message = configError({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512' });
    expect(message).toContain('KAFKA_SASL_USERNAME: required for scram-sha-512');
    expect(message).toContain('KAFKA_SASL_PASSWORD_FILE: set exactly one of');
    expect(configError({ KAFKA_SASL_MECHANISM: 'gssapi' })).toContain('KAFKA_SASL_MECHANISM: expected plain');
    expect(configError({ KAFKA_SASL_USERNAME: 'u' })).toContain('KAFKA_SASL_USERNAME: is set, but KAFKA_SASL_MECHANISM is not');
    expect(configError({ KAFKA_SSL_CERT_FILE: '/c' })).toContain('KAFKA_SSL_KEY_FILE: client certificate and key go together');
  });

  it('reads the OAUTHBEARER token file at every authentication, so a refreshed token is used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'causeway-kafka-oauth-'));
    try {
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, 'first\n');
      const { sasl } = kafkaSecurityFromEnv({
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'oauthbearer',
        KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: tokenFile,
      });
      const provider = (sasl as Extract<SASLOptions, { mechanism: 'oauthbearer' }>).oauthBearerProvider;
      expect(((await provider()) as OauthbearerProviderResponse).value).toBe('first');
      writeFileSync(tokenFile, 'second');
      expect(((await provider()) as OauthbearerProviderResponse).value).toBe('second');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
