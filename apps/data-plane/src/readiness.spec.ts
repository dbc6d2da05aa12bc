import { evaluateReadiness } from '@causeway/observability';
import { dataPlaneReadiness, type DataPlaneDependencies } from './readiness';

const up = async () => undefined;
const down = (message: string) => async () => {
  throw new Error(message);
};

function dependencies(overrides: Partial<DataPlaneDependencies> = {}): DataPlaneDependencies {
  return {
    auditSpool: { check: up },
    secretStore: { check: up },
    database: { query: async () => [{ '?column?': 1 }] },
    redis: { ping: async () => 'PONG' },
    ...overrides,
  };
}

describe('the data plane readiness', () => {
  it('checks the audit spool, the secret store, Redis and the database, and not Kafka', () => {
    expect(dataPlaneReadiness(dependencies()).map((c) => c.name)).toEqual(['audit-spool', 'secret-store', 'redis', 'database']);
  });

  it('waits for the start-up config snapshot when it is told to expect one', async () => {
    const view = { isComplete: false };
    const checks = dataPlaneReadiness(dependencies({ config: view }));

    expect((await evaluateReadiness(checks)).ready).toBe(false);
    view.isComplete = true;
    expect((await evaluateReadiness(checks)).ready).toBe(true);
  });

  it('is ready when every dependency answers', async () => {
    const report = await evaluateReadiness(dataPlaneReadiness(dependencies()));

    expect(report).toEqual({ ready: true, body: expect.objectContaining({ status: 'ready' }) });
  });

  it('reports Redis down as degraded and stays in service: limits fall back to per-replica shares', async () => {
    const report = await evaluateReadiness(dataPlaneReadiness(dependencies({ redis: { ping: down('Connection is closed.') } })));

    expect(report.ready).toBe(true);
    expect(report.body.status).toBe('degraded');
    expect(report.body.dependencies.redis).toEqual({ ok: false, error: 'Connection is closed.' });
  });

  it('is not ready when the database is down', async () => {
    const report = await evaluateReadiness(
      dataPlaneReadiness(dependencies({ database: { query: down('connect ECONNREFUSED') }, redis: { ping: down('Connection is closed.') } })),
    );

    expect(report.ready).toBe(false);
    expect(report.body.status).toBe('not_ready');
  });

  it('reports the config stream not yet joined (Kafka away) as degraded and stays in service: the snapshot and side channel stand in', async () => {
    const stream = { connected: false };
    const checks = dataPlaneReadiness(dependencies({ configStream: stream }));

    const during = await evaluateReadiness(checks);
    expect([during.ready, during.body.status]).toEqual([true, 'degraded']);
    expect(during.body.dependencies['config-stream']).toEqual({ ok: false, error: expect.stringContaining('Kafka') });
    stream.connected = true;
    expect((await evaluateReadiness(checks)).body.status).toBe('ready');
  });

  it('has no Redis check without REDIS_URL', () => {
    expect(dataPlaneReadiness(dependencies({ redis: undefined })).map((c) => c.name)).not.toContain('redis');
  });
});
