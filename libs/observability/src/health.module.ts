import { Controller, Get, Headers, HttpCode, Inject, Module, Res, ServiceUnavailableException, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { METRIC_NAMES } from './metric-names';
import { renderMetrics } from './metrics-exposition';

/** A dependency the service needs to do useful work; `/readyz` reports each one. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
  /**
   * false: a failure is reported (in the body and as causeway_dependency_up 0) but leaves the
   * replica in service (`degraded`), for a dependency the service has a fallback for. Taking
   * every replica out of the Service because of it would turn a degradation into an outage.
   */
  required?: boolean;
}

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export interface ReadinessReport {
  /** false: the replica should get no traffic (a required check failed). */
  ready: boolean;
  body: { status: 'ready' | 'degraded' | 'not_ready'; dependencies: Record<string, { ok: boolean; error?: string }> };
}

/** Runs every check at once; `degraded` when only checks marked `required: false` failed. */
export async function evaluateReadiness(checks: ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map(async (c) => [c, await runCheck(c)] as const));
  const ready = results.every(([c, r]) => r.ok || c.required === false);
  const degraded = results.some(([, r]) => !r.ok);
  const dependencies = Object.fromEntries(results.map(([c, r]) => [c.name, r]));
  return { ready, body: { status: ready ? (degraded ? 'degraded' : 'ready') : 'not_ready', dependencies } };
}

@Controller()
class HealthController {
  private readonly dependencyUp: Gauge<'dependency'>;

  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {
    this.dependencyUp = new Gauge({
      name: METRIC_NAMES.dependencyUp,
      help: '1 when the last readiness check of a dependency passed',
      labelNames: ['dependency'],
      registers: [registry],
    });
  }

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HttpCode(200)
  async readyz() {
    const { ready, body } = await evaluateReadiness(this.checks);
    for (const [name, result] of Object.entries(body.dependencies)) this.dependencyUp.set({ dependency: name }, result.ok ? 1 : 0);
    if (!ready) throw new ServiceUnavailableException(body);
    return body;
  }

  @Get('metrics')
  async metrics(@Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown }) {
    const { contentType, body } = await renderMetrics(this.registry, accept);
    reply.header('content-type', contentType);
    return body;
  }
}

export interface HealthModuleOptions {
  /** Builds the readiness checks from the app's own providers. */
  useFactory: (...deps: never[]) => ReadinessCheck[];
  inject?: InjectionToken[];
  /** Applied to the health controller, e.g. an app's own "public route" marker for its auth guard. */
  controllerDecorators?: ClassDecorator[];
}

/** `GET /healthz` (alive), `GET /readyz` (each dependency), `GET /metrics` (Prometheus text, or OpenMetrics with exemplars when asked). */
@Module({})
export class HealthModule {
  static register(options: HealthModuleOptions): DynamicModule {
    for (const decorate of options.controllerDecorators ?? []) decorate(HealthController);
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_CHECKS,
          useFactory: options.useFactory as (...deps: unknown[]) => ReadinessCheck[],
          inject: options.inject ?? [],
        },
      ],
    };
  }
}
