import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Counter } from 'prom-client';
import { z } from 'zod';
import { parseInput } from '@causeway/platform';
import { tenantParams } from '../http/tenant-params';
import { ChainVerification } from './chain-verification';

export const VERIFICATION_FAILURES = Symbol('VERIFICATION_FAILURES');

const seq = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const verifyQuery = z
  .object({
    fromSeq: seq.optional(),
    toSeq: seq.optional(),
    /** Also check the search columns against each event: slower, for a deeper audit. */
    columns: z.enum(['true', 'false']).optional(),
  })
  .strict()
  .refine((q) => q.fromSeq === undefined || q.toSeq === undefined || q.fromSeq <= q.toSeq, {
    message: 'must not be below fromSeq',
    path: ['toSeq'],
  });

/**
 * `GET /v1/tenants/:tenantId/verify?fromSeq&toSeq&columns`: the control plane's `verifyAuditTrail`.
 * Answers `{ ok: true, checkedCount, headSeq, checkpointsChecked }` or
 * `{ ok: false, brokenAt, reason }` with 200 either way: a broken chain is a finding, not an error.
 */
@Controller('v1/tenants/:tenantId/verify')
export class VerifyController {
  constructor(
    private readonly verification: ChainVerification,
    @Inject(VERIFICATION_FAILURES) private readonly failures: Counter,
  ) {}

  @Get()
  async verify(@Param() params: unknown, @Query() query: unknown) {
    const { tenantId } = parseInput(tenantParams, params);
    const { fromSeq, toSeq, columns } = parseInput(verifyQuery, query);
    const verdict = await this.verification.verify(tenantId, { fromSeq, toSeq, checkColumns: columns === 'true' });
    if (!verdict.ok) this.failures.inc();
    return verdict;
  }
}
