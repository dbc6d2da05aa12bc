import { Readable } from 'node:stream';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseInput } from '@causeway/platform';
import { tenantParams } from '../http/tenant-params';
import { ExportStream } from './export-stream';

const exportQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** `GET /v1/tenants/:tenantId/export?from&to`: NDJSON with the chain fields (export-format.ts). */
@Controller('v1/tenants/:tenantId/export')
export class ExportController {
  constructor(private readonly exports: ExportStream) {}

  @Get()
  async export(@Param() params: unknown, @Query() query: unknown, @Res() reply: FastifyReply) {
    const { tenantId } = parseInput(tenantParams, params);
    const { from, to } = parseInput(exportQuery, query);
    const lines = this.exports.lines(tenantId, from, to);
    // Pull the first line before answering, so a database error still becomes an error body.
    const first = await lines.next();
    const body = Readable.from(
      (async function* () {
        if (!first.done) yield first.value;
        yield* lines;
      })(),
    );
    return reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${tenantId.replace(/[^A-Za-z0-9_-]/g, '_')}.ndjson"`)
      .send(body);
  }
}
