import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import {
  approvalDecisionSchema,
  approvalListQuerySchema,
  type ApprovalAnswerWire,
  type ApprovalPageWire,
  type KeyTrustAnswerWire,
  type KeyUsageAnswerWire,
} from '@causeway/contracts';
import { AppError, parseInput, ServiceTokenGuard } from '@causeway/platform';
import { Agent } from '../agent-auth/agent-key-hook';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { ApprovalGate } from './approval-gate';
import { approvalView } from './approval-view';

const uuid = z.uuid();

function parse<T>(schema: z.ZodType<T>, value: unknown, field?: string): T {
  return parseInput(schema, value, field ? { field } : {});
}

/**
 * `GET /v1/approvals/{id}` for agents: the state of an approval their call asked for (same
 * key only), with `?waitMs=` (≤ 30000) to long-poll until it is decided, and the stored
 * result once executed.
 */
@Controller('v1/approvals')
export class AgentApprovalsController {
  constructor(private readonly gate: ApprovalGate) {}

  @Get(':id')
  async get(@Agent() principal: AgentPrincipal, @Param('id') id: string, @Query('waitMs') waitMs: string | undefined) {
    const approvalId = parse(uuid, id, 'id');
    const wait = waitMs === undefined ? 0 : parse(z.coerce.number().int().min(0).max(30_000), waitMs, 'waitMs');
    const row = await this.gate.waitFor(principal.tenantId, approvalId, wait);
    // Another key's approval (or another tenant's) is as absent as one that never existed.
    if (!row || row.keyId !== principal.keyId) throw new AppError('not_found', 'no such approval for this key', { field: 'id' });
    return { approval: approvalView(row, { withInput: false, withResult: true }) };
  }
}

function decodeCursor(after: string): { at: Date; id: string } {
  try {
    const { at, id } = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as { at: string; id: string };
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !uuid.safeParse(id).success) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new AppError('invalid_input', 'after: not a cursor from this list', { field: 'after' });
  }
}

const encodeCursor = (at: Date, id: string) => Buffer.from(JSON.stringify({ at: at.toISOString(), id }), 'utf8').toString('base64url');

/**
 * The control plane's window on approvals (its GraphQL resolvers call these), authenticated
 * with the internal service token. The tenant is always in the path and every query is
 * scoped by it; deciding checks separation of duties here, where the approval's key creator
 * is known.
 */
@Controller('internal/tenants/:tenantId')
@UseGuards(ServiceTokenGuard)
export class InternalApprovalsController {
  constructor(private readonly gate: ApprovalGate) {}

  @Get('approvals')
  async list(@Param('tenantId') tenantId: string, @Query() query: Record<string, unknown>): Promise<ApprovalPageWire> {
    const tenant = parse(uuid, tenantId, 'tenantId');
    const q = parse(approvalListQuerySchema, query);
    const page = await this.gate.list(tenant, { status: q.status, first: q.first, after: q.after ? decodeCursor(q.after) : undefined });
    return {
      edges: page.items.map((row) => ({ cursor: encodeCursor(row.requestedAt, row.id), node: approvalView(row, { withInput: true, withResult: true }) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.length ? encodeCursor(page.items.at(-1)!.requestedAt, page.items.at(-1)!.id) : null },
    };
  }

  @Get('approvals/:id')
  async get(@Param('tenantId') tenantId: string, @Param('id') id: string): Promise<ApprovalAnswerWire> {
    const row = await this.gate.get(parse(uuid, tenantId, 'tenantId'), parse(uuid, id, 'id'));
    if (!row) throw new AppError('not_found', 'no such approval in this tenant', { field: 'id' });
    return { approval: approvalView(row, { withInput: true, withResult: true }) };
  }

  @Post('approvals/:id/decision')
  async decide(@Param('tenantId') tenantId: string, @Param('id') id: string, @Body() body: unknown): Promise<ApprovalAnswerWire> {
    const d = parse(approvalDecisionSchema, body ?? {});
    const row = await this.gate.decide(
      parse(uuid, tenantId, 'tenantId'),
      parse(uuid, id, 'id'),
      d.decision,
      { userId: d.userId, ...(d.userLabel ? { label: d.userLabel } : {}) },
      d.note ?? null,
    );
    return { approval: approvalView(row, { withInput: true, withResult: true }) };
  }

  @Get('keys/:keyId/usage')
  async usage(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string, @Query('days') days: string | undefined): Promise<KeyUsageAnswerWire> {
    const n = days === undefined ? 7 : parse(z.coerce.number().int().min(1).max(90), days, 'days');
    return { usage: await this.gate.usage(parse(uuid, tenantId, 'tenantId'), parse(uuid, keyId, 'keyId'), n) };
  }

  @Get('keys/:keyId/trust')
  async trust(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string): Promise<KeyTrustAnswerWire> {
    return { trust: await this.gate.keyTrust(parse(uuid, tenantId, 'tenantId'), parse(uuid, keyId, 'keyId')) };
  }
}
