import { Module } from '@nestjs/common';
import { AgentEventSubscriptionsController } from './agent-event-subscriptions.controller';
import { EventSubscriptionsResolver } from './event-subscriptions.resolver';
import { EventSubscriptionsService } from './event-subscriptions.service';

@Module({
  controllers: [AgentEventSubscriptionsController],
  providers: [EventSubscriptionsService, EventSubscriptionsResolver],
  exports: [EventSubscriptionsService],
})
export class EventSubscriptionsModule {}
