import { Module } from '@nestjs/common';
import { PollingTriggersResolver } from './polling-triggers.resolver';
import { PollingTriggersService } from './polling-triggers.service';

@Module({
  providers: [PollingTriggersService, PollingTriggersResolver],
  exports: [PollingTriggersService],
})
export class PollingTriggersModule {}
