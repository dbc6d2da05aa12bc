import { Controller, Get, Param, Query } from '@nestjs/common';
import { parseInput } from '@causeway/platform';
import { tenantParams } from '../http/tenant-params';
import { EventsQuery } from './events-query';
import { keyUsageQuery } from './key-usage';

/** `GET /v1/tenants/:tenantId/key-usage?keyId=&days=`: the control plane's `apiKeyUsage(keyId, days)`. */
@Controller('v1/tenants/:tenantId/key-usage')
export class KeyUsageController {
  constructor(private readonly events: EventsQuery) {}

  @Get()
  async daily(@Param() params: unknown, @Query() query: unknown) {
    const { tenantId } = parseInput(tenantParams, params);
    const { keyId, days } = parseInput(keyUsageQuery, query);
    return { data: await this.events.dailyKeyCalls(tenantId, keyId, days) };
  }
}
