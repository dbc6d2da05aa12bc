import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { auditActorSchema, auditOutcomeSchema } from '@causeway/contracts';
import { parseInput } from '@causeway/platform';
import { tenantParams } from '../http/tenant-params';
import { decodeCursor, encodeCursor } from './cursor';
import { EventsQuery } from './events-query';

const text = z.string().min(1).max(200);

export const listEventsQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    actor: text.optional(),
    actorType: auditActorSchema.shape.type.optional(),
    tool: text.optional(),
    connectionId: text.optional(),
    outcome: auditOutcomeSchema.optional(),
    correlationId: text.optional(),
    action: text.optional(),
    workflowRunId: text.optional(),
    first: z.coerce.number().int().min(1).max(500).default(50),
    after: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'must be after from', path: ['to'] });

/** `GET /v1/tenants/:tenantId/events`: the control plane's `auditEvents(filter, first, after)`. */
@Controller('v1/tenants/:tenantId/events')
export class EventsController {
  constructor(private readonly events: EventsQuery) {}

  @Get()
  async list(@Param() params: unknown, @Query() query: unknown) {
    const { tenantId } = parseInput(tenantParams, params);
    const { first, after, ...filter } = parseInput(listEventsQuery, query);
    const beforeSeq = after === undefined ? undefined : decodeCursor(after);
    const { items, hasMore } = await this.events.page(tenantId, filter, first, beforeSeq);
    const last = items.at(-1);
    return {
      data: items,
      pageInfo: { hasNextPage: hasMore, endCursor: last ? encodeCursor(last.seq) : null },
    };
  }
}
