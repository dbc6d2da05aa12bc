import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '@causeway/platform';
import { tenantParams } from '../http/tenant-params';
import { decodeCursor, encodeCursor } from '../query/cursor';
import { CheckpointStore } from './checkpoint-store';
import type { SigningKey } from './signing-key';

export const SIGNING_KEY = Symbol('SIGNING_KEY');

const pageQuery = z.object({ first: z.coerce.number().int().min(1).max(500).default(50), after: z.string().min(1).max(200).optional() }).strict();

@Controller('v1')
export class CheckpointsController {
  constructor(
    private readonly checkpoints: CheckpointStore,
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
  ) {}

  /** The key to verify checkpoints and exports with; auditors keep a copy outside Causeway. */
  @Get('audit/public-key')
  publicKey() {
    return { algorithm: 'Ed25519', keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }

  /** A tenant's signed checkpoints, newest first. */
  @Get('tenants/:tenantId/checkpoints')
  async list(@Param() params: unknown, @Query() query: unknown) {
    const { tenantId } = parseInput(tenantParams, params);
    const { first, after } = parseInput(pageQuery, query);
    const items = await this.checkpoints.page(tenantId, first + 1, after === undefined ? undefined : decodeCursor(after));
    const page = items.slice(0, first);
    return {
      data: page,
      pageInfo: { hasNextPage: items.length > first, endCursor: page.length ? encodeCursor(page[page.length - 1].seq) : null },
    };
  }
}
