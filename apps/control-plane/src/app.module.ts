import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { EventBus } from '@causeway/messaging';
import { HealthModule, METRICS_REGISTRY } from '@causeway/observability';
import type { SecretStore } from '@causeway/secrets';
import type { EgressGuard } from '@causeway/egress';
import { ApiKeysResolver } from './api-keys/api-keys.resolver';
import { ApprovalsModule } from './approvals/approvals.module';
import { DATA_PLANE_SERVICE, DataPlaneClient, type DataPlaneSettings } from './approvals/data-plane-client';
import { ApiKeysService } from './api-keys/api-keys.service';
import { Public } from './auth/access-levels';
import { AuthGuard } from './auth/auth.guard';
import { AuthResolver } from './auth/auth.resolver';
import { AuthService, type ControlPlaneSettings } from './auth/auth.service';
import { AccessTokens } from './auth/tokens';
import { PasswordResets } from './auth/password-resets';
import { ACCOUNT_NOTIFIER, HandOverNotifier, WebhookNotifier } from './invitations/account-notifier';
import { AcceptPageController } from './invitations/accept-page.controller';
import { InvitationsResolver } from './invitations/invitations.resolver';
import { InvitationsService } from './invitations/invitations.service';
import { AUDIT_SERVICE, AuditClient, type AuditServiceSettings } from './audit-trail/audit-client';
import { AuditTrailModule } from './audit-trail/audit-trail.module';
import { ConfigChangesController } from './config-snapshot/config-changes.controller';
import { ConfigSnapshotController } from './config-snapshot/config-snapshot.controller';
import { ConnectionsModule } from './connections/connections.module';
import { TenantConnectorsModule } from './tenant-connectors/tenant-connectors.module';
import { EventSubscriptionsModule } from './event-subscriptions/event-subscriptions.module';
import { PollingTriggersModule } from './polling-triggers/polling-triggers.module';
import { PROVIDER_EGRESS, UPSTREAM_OVERRIDES_ALLOWED } from './connections/tokens';
import { ConsoleModule, consoleLandingPagePlugin } from './console/console.module';
import { ACCESS_TOKENS, API_KEY_PEPPER, CONTROL_PLANE_SETTINGS, DATA_SOURCE, OUTBOX_NUDGE, SECRET_STORE } from './database/tokens';
import { formatGraphqlError } from './graphql/format-error';
import { GRAPHQL_LIMITS, depthLimitRule } from './graphql/operation-limits';
import { queryLimitsPlugin } from './graphql/query-limits.plugin';
import { tracingPlugin } from './graphql/tracing.plugin';
import { MembershipsResolver } from './memberships/memberships.resolver';
import { MembershipsService } from './memberships/memberships.service';
import { OidcModule } from './oidc/oidc.module';
import { RolesResolver } from './roles/roles.resolver';
import { RolesService } from './roles/roles.service';
import { TenantsResolver } from './tenants/tenants.resolver';
import { TenantsService } from './tenants/tenants.service';
import { UsersService } from './users/users.service';

export interface ControlPlaneModuleDeps {
  dataSource: DataSource;
  bus: EventBus;
  registry: Registry;
  secretStore: SecretStore;
  nudgeOutbox: () => void;
  jwtSecret: Uint8Array;
  apiKeyPepper: Buffer;
  accessTokenTtlSeconds: number;
  settings: ControlPlaneSettings;
  allowUpstreamOverrides: boolean;
  audit: AuditServiceSettings;
  /** The data plane's internal API (approvals); the object may get its url after start. */
  dataPlane?: DataPlaneSettings;
  /** Outbound calls to providers go through it. */
  egress: EgressGuard;
  /** Production mode: schema introspection only for signed-in callers. */
  productionMode?: boolean;
}

const graphqlLogger = new Logger('GraphQL');

@Module({})
export class ControlPlaneModule {
  static forRoot(deps: ControlPlaneModuleDeps): DynamicModule {
    const accessTokens = new AccessTokens(deps.jwtSecret, deps.accessTokenTtlSeconds);
    return {
      module: ControlPlaneModule,
      global: true,
      imports: [
        HealthModule.register({
          useFactory: () => [
            { name: 'database', check: async () => void (await deps.dataSource.query('SELECT 1')) },
            { name: 'event-bus', check: () => deps.bus.check() },
            { name: 'secret-store', check: () => deps.secretStore.check() },
          ],
          // Health routes are public by declaration, like everything else reachable without a token.
          controllerDecorators: [Public()],
        }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          // The console is served from local assets by ConsoleModule; no CDN-backed playground.
          playground: false,
          graphiql: false,
          // Open to every caller in the embedded default; in production mode the limits plugin
          // refuses it to callers without a valid token.
          introspection: true,
          csrfPrevention: true,
          // Stops a huge document in the parser, before validation walks it.
          parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
          validationRules: [depthLimitRule(GRAPHQL_LIMITS.maxDepth)],
          plugins: [
            queryLimitsPlugin({
              introspection: deps.productionMode ? { open: false, verifyToken: async (token) => (await accessTokens.verify(token)) !== null } : { open: true },
            }),
            consoleLandingPagePlugin(),
            tracingPlugin(),
          ],
          formatError: (formatted, error) =>
            formatGraphqlError(formatted, error, (err) => graphqlLogger.error(err instanceof Error ? (err.stack ?? err.message) : String(err))),
        }),
        ConsoleModule,
        ConnectionsModule,
        TenantConnectorsModule,
        EventSubscriptionsModule,
        PollingTriggersModule,
        OidcModule,
        AuditTrailModule,
        ApprovalsModule,
      ],
      controllers: [ConfigSnapshotController, ConfigChangesController, AcceptPageController],
      providers: [
        { provide: DATA_SOURCE, useValue: deps.dataSource },
        { provide: METRICS_REGISTRY, useValue: deps.registry },
        { provide: OUTBOX_NUDGE, useValue: deps.nudgeOutbox },
        { provide: API_KEY_PEPPER, useValue: deps.apiKeyPepper },
        { provide: SECRET_STORE, useValue: deps.secretStore },
        { provide: UPSTREAM_OVERRIDES_ALLOWED, useValue: deps.allowUpstreamOverrides },
        { provide: PROVIDER_EGRESS, useValue: deps.egress },
        { provide: AUDIT_SERVICE, useValue: new AuditClient(deps.audit) },
        { provide: DATA_PLANE_SERVICE, useValue: new DataPlaneClient(deps.dataPlane ?? {}) },
        { provide: CONTROL_PLANE_SETTINGS, useValue: deps.settings },
        { provide: ACCESS_TOKENS, useValue: accessTokens },
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: ACCOUNT_NOTIFIER,
          useValue: deps.settings.accountNotifierWebhookUrl
            ? new WebhookNotifier(deps.settings.accountNotifierWebhookUrl, deps.egress)
            : new HandOverNotifier(new Logger('AccountLinks')),
        },
        { provide: PasswordResets, useValue: new PasswordResets(deps.dataSource, () => deps.settings.publicUrl) },
        InvitationsService,
        InvitationsResolver,
        UsersService,
        RolesService,
        MembershipsService,
        TenantsService,
        ApiKeysService,
        AuthService,
        AuthResolver,
        TenantsResolver,
        RolesResolver,
        MembershipsResolver,
        ApiKeysResolver,
      ],
      exports: [
        DATA_SOURCE,
        METRICS_REGISTRY,
        OUTBOX_NUDGE,
        SECRET_STORE,
        CONTROL_PLANE_SETTINGS,
        ACCESS_TOKENS,
        UPSTREAM_OVERRIDES_ALLOWED,
        PROVIDER_EGRESS,
        AUDIT_SERVICE,
        DATA_PLANE_SERVICE,
        TenantsService,
        ApiKeysService,
        MembershipsService,
        AuthService,
      ],
    };
  }
}
