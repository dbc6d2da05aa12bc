import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '@causeway/config';
import { loadStandaloneConfig, resolveAuditConfig } from './config';

const base = { DATABASE_URL: 'postgres://u:p@db:5432/causeway', KAFKA_BROKERS: 'kafka:9092' };

describe('audit config', () => {
  it('needs only the database and the brokers when run on its own', () => {
    expect(loadStandaloneConfig(base)).toMatchObject({ PORT: 4200, AUDIT_TOPIC: 'causeway.audit.v1', AUDIT_CHECKPOINT_INTERVAL_MS: 60_000 });
  });

  it.each([
    ['a short internal token', { AUDIT_INTERNAL_TOKEN: 'short' }, 'AUDIT_INTERNAL_TOKEN: must be at least 32 characters'],
    ['a signing key that is not a key', { AUDIT_SIGNING_KEY: 'nope' }, 'AUDIT_SIGNING_KEY: expected an Ed25519 private key as PKCS#8 PEM or base64 DER'],
    [
      'an RSA signing key',
      { AUDIT_SIGNING_KEY: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() },
      'AUDIT_SIGNING_KEY: expected an Ed25519 private key, got rsa',
    ],
    ['retention of zero months', { AUDIT_RETENTION_MONTHS: '0' }, 'AUDIT_RETENTION_MONTHS'],
  ])('stops on %s, naming the variable', (_what, env, message) => {
    expect(() => loadStandaloneConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadStandaloneConfig({ ...base, ...env })).toThrow(message);
  });

  it('fills what a caller like the embedded default leaves out with the defaults', () => {
    const resolved = resolveAuditConfig({ PORT: 1, LOG_LEVEL: 'warn', AUDIT_CONSUMER_GROUP: 'g', AUDIT_TOPIC: undefined });
    expect(resolved).toMatchObject({ PORT: 1, AUDIT_CONSUMER_GROUP: 'g', AUDIT_TOPIC: 'causeway.audit.v1', AUDIT_PARTITIONS_AHEAD: 3 });
    expect(resolved.AUDIT_INTERNAL_TOKEN).toBeUndefined();
  });
});
