import { z } from 'zod';
import { ConfigError, loadConfig, redactConfig } from './load-config';
import { kafkaBrokers, port, postgresUrl } from './fields';

const schema = z.object({
  PORT: port(4000),
  DATABASE_URL: postgresUrl,
  KAFKA_BROKERS: kafkaBrokers,
});

describe('loadConfig', () => {
  it('applies defaults when variables are absent', () => {
    expect(loadConfig('svc', schema, {})).toEqual({ PORT: 4000 });
  });

  it('fails naming every variable at fault', () => {
    let error: unknown;
    try {
      loadConfig('svc', schema, { PORT: 'eighty', KAFKA_BROKERS: 'localhost' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT:');
    expect(message).toContain('KAFKA_BROKERS: expected host:port');
  });

  it('splits a broker list', () => {
    expect(loadConfig('svc', schema, { KAFKA_BROKERS: 'a:9092,b:9093' }).KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
  });
});

describe('redactConfig', () => {
  it('hides secrets and URL passwords', () => {
    expect(
      redactConfig({
        DATABASE_URL: 'postgres://u:hunter2@db:5432/x',
        CAUSEWAY_MASTER_KEY: 'abc',
        PORT: 1,
      }),
    ).toEqual({
      DATABASE_URL: 'postgres://u:redacted@db:5432/x',
      CAUSEWAY_MASTER_KEY: '[redacted]',
      PORT: 1,
    });
  });
});
