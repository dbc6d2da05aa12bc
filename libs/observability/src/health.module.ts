import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Module,
  ServiceUnavailableException,
  type DynamicModule,
  type InjectionToken,
} from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { METRIC_NAMES } from './metric-names';

/** A dependency the service needs to do useful work; `/readyz` reports each one. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
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
    const results = await Promise.all(this.checks.map(async (c) => [c.name, await runCheck(c)] as const));
    const dependencies = Object.fromEntries(results);
    for (const [name, result] of results) this.dependencyUp.set({ dependency: name }, result.ok ? 1 : 0);
    const ready = results.every(([, r]) => r.ok);
    const body = { status: ready ? 'ready' : 'not_ready', dependencies };
    if (!ready) throw new ServiceUnavailableException(body);
    return body;
  }

  @Get('metrics')
  async metrics() {
    return this.registry.metrics();
  }
}

export interface HealthModuleOptions {
  /** Builds the readiness checks from the app's own providers. */
  useFactory: (...deps: never[]) => ReadinessCheck[];
  inject?: InjectionToken[];
  /** Applied to the health controller, e.g. an app's own "public route" marker for its auth guard. */
  controllerDecorators?: ClassDecorator[];
}

/** `GET /healthz` (alive), `GET /readyz` (each dependency), `GET /metrics` (Prometheus text). */
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
