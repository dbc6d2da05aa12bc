import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { METRIC_NAMES, METRICS_REGISTRY } from '@causeway/observability';
import { ConnectionsService } from './connections.service';

/** Connections past their tenant's maximum credential age, counted at scrape time (no tenant label). */
@Injectable()
export class CredentialAgeMetric implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly connections: ConnectionsService,
  ) {}

  onModuleInit() {
    const connections = this.connections;
    new Gauge({
      name: METRIC_NAMES.credentialsOverMaxAge,
      help: "Connections whose credential is older than their tenant's maximum credential age",
      registers: [this.registry],
      async collect() {
        try {
          this.set(await connections.countTooOld());
        } catch {
          // The database being down is reported by /readyz; keep the last value.
        }
      },
    });
  }
}
