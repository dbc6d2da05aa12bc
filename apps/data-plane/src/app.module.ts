import { type DynamicModule, Module } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { EventBus } from '@causeway/messaging';
import { HealthModule, METRICS_REGISTRY, type ReadinessCheck } from '@causeway/observability';
import { SERVICE_TOKEN } from '@causeway/platform';
import { ApprovalGate } from './approvals/approval-gate';
import { AgentApprovalsController, InternalApprovalsController } from './approvals/approvals.controller';
import { CallPipeline } from './call/call-pipeline';
import { ApiKeyAuthenticator } from './agent-auth/api-key-authenticator';
import type { EngineFor } from './actions/engine-for';
import type { CallMetrics } from './actions/call-metrics';
import type { CallAuditSink } from './call-audit/call-audit';
import type { CallIntentJournal } from './call-audit/call-intents';
import type { CallGuards } from './limits/call-guards';
import { ConfigView } from './config-view/config-view';
import type { CredentialProvider } from './credentials/credential-provider';
import { CALL_AUDIT_SINK, CALL_GUARDS, CALL_INTENTS, CALL_METRICS, CREDENTIALS, EGRESS_GUARD, ENGINE_FOR, MCP_SESSIONS } from './tokens';
import type { McpSessions } from './mcp/mcp-sessions';
import { McpController } from './mcp/mcp.controller';
import { ProtectedResourceController } from './mcp/protected-resource.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { ToolsController } from './tools/tools.controller';
import { ProxyController } from './proxy/proxy.controller';
import { ProxyService } from './proxy/proxy.service';
import type { EgressGuard } from '@causeway/egress';

export interface DataPlaneModuleDeps {
  bus: EventBus;
  registry: Registry;
  configView: ConfigView;
  apiKeyPepper: Buffer;
  engineFor: EngineFor;
  egress: EgressGuard;
  guards: CallGuards;
  metrics: CallMetrics;
  credentials: CredentialProvider;
  auditSink: CallAuditSink;
  /** Intents of calls that may reach a provider, written before they are sent. */
  intents?: CallIntentJournal;
  /** Human approval of calls; the internal token guards the control plane's window on it. */
  approvals: { gate: ApprovalGate; internalToken?: string };
  readiness: ReadinessCheck[];
  /** MCP sessions for event subscriptions; without them /mcp is stateless only. */
  mcpSessions?: McpSessions;
}

@Module({})
export class DataPlaneModule {
  static forRoot(deps: DataPlaneModuleDeps): DynamicModule {
    return {
      module: DataPlaneModule,
      global: true,
      imports: [HealthModule.register({ useFactory: () => deps.readiness })],
      controllers: [
        ToolsController,
        McpController,
        ProtectedResourceController,
        OpenApiController,
        ProxyController,
        AgentApprovalsController,
        InternalApprovalsController,
      ],
      providers: [
        { provide: METRICS_REGISTRY, useValue: deps.registry },
        { provide: ConfigView, useValue: deps.configView },
        { provide: ApiKeyAuthenticator, useValue: new ApiKeyAuthenticator(deps.configView, deps.apiKeyPepper) },
        { provide: ENGINE_FOR, useValue: deps.engineFor },
        { provide: CALL_GUARDS, useValue: deps.guards },
        { provide: CALL_METRICS, useValue: deps.metrics },
        { provide: CREDENTIALS, useValue: deps.credentials },
        { provide: CALL_AUDIT_SINK, useValue: deps.auditSink },
        { provide: CALL_INTENTS, useValue: deps.intents },
        { provide: EGRESS_GUARD, useValue: deps.egress },
        { provide: ApprovalGate, useValue: deps.approvals?.gate },
        { provide: SERVICE_TOKEN, useValue: deps.approvals?.internalToken },
        { provide: MCP_SESSIONS, useValue: deps.mcpSessions },
        CallPipeline,
        ProxyService,
      ],
      exports: [METRICS_REGISTRY, ConfigView, CallPipeline, ApiKeyAuthenticator],
    };
  }
}
