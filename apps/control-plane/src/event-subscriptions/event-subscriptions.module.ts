import { Module } from '@nestjs/common';
import { EventSubscriptionsResolver } from './event-subscriptions.resolver';
import { EventSubscriptionsService } from './event-subscriptions.service';

@Module({
  providers: [EventSubscriptionsService, EventSubscriptionsResolver],
  exports: [EventSubscriptionsService],
})
export class EventSubscriptionsModule {}
