import type { DataSource } from 'typeorm';
import type { EgressGuard } from '@causeway/egress';
import type { Logger } from '@causeway/observability';
import type { SecretStore } from '@causeway/secrets';
import type { EngineFor } from '../actions/engine-for';
import type { CallAuditSink } from '../call-audit/call-audit';
import type { DataPlaneConfig } from '../config';
import type { ConfigView } from '../config-view/config-view';
import type { CredentialProvider } from '../credentials/credential-provider';
import { ApprovalGate } from './approval-gate';
import { ApprovalNotifier } from './approval-notifier';
import { ApprovalStore } from './approval-store';
import type { Registry } from 'prom-client';

export interface ApprovalsDeps {
  config: DataPlaneConfig;
  logger: Logger;
  dataSource: DataSource;
  secretStore: SecretStore;
  egress: EgressGuard;
  configView: ConfigView;
  auditSink: CallAuditSink;
  credentials: CredentialProvider;
  engineFor: EngineFor;
  registry?: Registry;
}

const SWEEP_MS = 15_000;

/** The approvals feature's composition: policy view, store, notifier, gate, and the expiry sweep. */
export function startApprovals(deps: ApprovalsDeps) {
  const notifier = new ApprovalNotifier({
    secretStore: deps.secretStore,
    egress: deps.egress,
    logger: deps.logger,
    configView: deps.configView,
    engineFor: deps.engineFor,
    credentials: deps.credentials,
    attempts: deps.config.APPROVAL_WEBHOOK_ATTEMPTS,
    backoffBaseMs: deps.config.APPROVAL_WEBHOOK_BACKOFF_MS,
    registry: deps.registry,
  });
  const gate = new ApprovalGate(new ApprovalStore(deps.dataSource), deps.configView, deps.auditSink, notifier, deps.logger, deps.registry);
  const sweep = setInterval(
    () =>
      void gate
        .expire()
        .then(() => gate.abandonStale())
        .catch((error) => deps.logger.warn({ err: String(error) }, 'approval sweep failed')),
    SWEEP_MS,
  ).unref();
  return {
    gate,
    notifier,
    async close() {
      clearInterval(sweep);
      // A webhook being retried may take minutes; shutdown waits a little, not for it.
      await Promise.race([notifier.drain(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    },
  };
}
