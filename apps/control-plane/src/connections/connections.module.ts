import { Module } from '@nestjs/common';
import { ConnectionsResolver } from './connections.resolver';
import { ConnectionsService } from './connections.service';
import { CredentialAgeMetric } from './credential-age.metric';
import { InternalConnectionsController } from './internal-connections.controller';
import { OAuthCallbackController } from './oauth-callback.controller';
import { OAuthFlowService } from './oauth-flow.service';
import { ProvidersResolver } from './providers.resolver';
import { WebhookRegistrationResolver } from './webhook-registration.resolver';
import { WebhookRegistrationService } from './webhook-registration';

@Module({
  controllers: [OAuthCallbackController, InternalConnectionsController],
  providers: [
    ConnectionsService,
    OAuthFlowService,
    ConnectionsResolver,
    ProvidersResolver,
    CredentialAgeMetric,
    WebhookRegistrationService,
    WebhookRegistrationResolver,
  ],
  exports: [ConnectionsService, OAuthFlowService],
})
export class ConnectionsModule {}
