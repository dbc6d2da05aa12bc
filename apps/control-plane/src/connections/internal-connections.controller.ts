import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { InternalOnly } from '../auth/access-levels';
import { parseId } from '../common/ids';
import { parseInput } from '@causeway/platform';
import { ConnectionsService } from './connections.service';

const reportSchema = z.object({
  tenantId: z.uuid(),
  status: z.enum(['needs_reauth', 'error']),
  reason: z.string().min(1).max(300),
});

/**
 * Data-plane replicas report what they learn about a connection while calling it (a refresh
 * answered invalid_grant). The control plane owns the status, so the change flows back out
 * through the outbox like any other.
 */
@Controller('internal/connections')
export class InternalConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @InternalOnly()
  @Post(':id/status')
  @HttpCode(204)
  async report(@Param('id') id: string, @Body() body: unknown): Promise<void> {
    const report = parseInput(reportSchema, body);
    await this.connections.setStatus(report.tenantId, { type: 'system', id: 'data-plane' }, parseId(id), report.status, report.reason);
  }
}
