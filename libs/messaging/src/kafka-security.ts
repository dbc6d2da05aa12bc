import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { ConfigError, kafkaSecuritySchema, loadConfig, type KafkaSecurityConfig } from '@causeway/config';

/** What kafkajs needs to reach a broker over TLS and SASL; empty for a plaintext broker. */
export interface KafkaSecurity {
  ssl?: ConnectionOptions | true;
  sasl?: SASLOptions;
}

/**
 * Reads the KAFKA_SSL_* and KAFKA_SASL_* variables (see kafkaSecuritySchema) and the files they
 * name. A wrong variable or an unreadable file stops the start with a ConfigError naming the
 * variable. The password is read once; an OAUTHBEARER token file at every authentication, so a
 * sidecar or a projected Secret can refresh it.
 */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecurity {
  return kafkaSecurity(loadConfig('kafka', kafkaSecuritySchema, env));
}

export function kafkaSecurity(config: KafkaSecurityConfig): KafkaSecurity {
  const security: KafkaSecurity = {};
  const tls = config.KAFKA_SSL ?? Boolean(config.KAFKA_SSL_CA_FILE || config.KAFKA_SSL_CERT_FILE);
  if (tls) {
    const options: ConnectionOptions = {};
    if (config.KAFKA_SSL_CA_FILE) options.ca = read('KAFKA_SSL_CA_FILE', config.KAFKA_SSL_CA_FILE);
    if (config.KAFKA_SSL_CERT_FILE) options.cert = read('KAFKA_SSL_CERT_FILE', config.KAFKA_SSL_CERT_FILE);
    if (config.KAFKA_SSL_KEY_FILE) options.key = read('KAFKA_SSL_KEY_FILE', config.KAFKA_SSL_KEY_FILE);
    // Node verifies the certificate and the host name by default; nothing here turns that off.
    security.ssl = Object.keys(options).length > 0 ? options : true;
  }
  const mechanism = config.KAFKA_SASL_MECHANISM;
  if (mechanism === 'oauthbearer') {
    const file = config.KAFKA_SASL_OAUTHBEARER_TOKEN_FILE!;
    security.sasl = {
      mechanism,
      oauthBearerProvider: async () => ({ value: read('KAFKA_SASL_OAUTHBEARER_TOKEN_FILE', file).trim() }),
    };
  } else if (mechanism) {
    const password = config.KAFKA_SASL_PASSWORD_FILE
      ? read('KAFKA_SASL_PASSWORD_FILE', config.KAFKA_SASL_PASSWORD_FILE).replace(/\r?\n$/, '')
      : config.KAFKA_SASL_PASSWORD!;
    security.sasl = { mechanism, username: config.KAFKA_SASL_USERNAME!, password };
  }
  return security;
}

/** A short description for the start-up log: never a credential. */
export function describeKafkaSecurity(security: KafkaSecurity): { tls: boolean; sasl: string } {
  return { tls: Boolean(security.ssl), sasl: security.sasl?.mechanism ?? 'none' };
}

function read(variable: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError('kafka', [{ variable, message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` }]);
  }
}
