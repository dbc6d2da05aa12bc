import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { expandPermissions, generateApiKey, hashApiKeySecret, isPermission, scopesBeyondCreator } from '@causeway/authz';
import type { AuditActor } from '@causeway/contracts';
import { createdAtKey, decodeCursor, encodeCursor, type Page } from '../common/pagination';
import { API_KEY_PEPPER, DATA_SOURCE, OUTBOX_NUDGE } from '../database/tokens';
import { Connection } from '../connections/connection.entity';
import { recordChange } from '../events/record-change';
import { ApiKey } from './api-key.entity';
import { parseInput } from '@causeway/platform';
import { ApiKeysError, ApiKeysErrorCode } from './api-keys.errors';

const MAX_OVERLAP_SECONDS = 7 * 24 * 3600;

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.string()).min(1, 'at least one scope').max(50),
  expiresAt: z.date().nullish(),
  allowedConnections: z.array(z.string().min(1).max(100)).max(100).nullish(),
  allowedTools: z
    .array(z.string().regex(/^[a-z0-9_]+\.[a-z0-9_*]+$|^[a-z0-9_]+\.\*$/, 'a tool id like slack.post_message or slack.*'))
    .max(200)
    .nullish(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

/** Everything the data plane needs to authenticate the key and compute what it may do. */
export function apiKeyConfig(key: ApiKey & { secretHash?: string; previousSecretHash?: string | null }) {
  return {
    entity: 'api_key' as const,
    entityId: key.id,
    op: 'upsert' as const,
    version: Date.now(),
    data: {
      name: key.name,
      prefix: key.prefix,
      secretHash: key.secretHash,
      previousSecretHash: key.previousSecretHash ?? null,
      previousValidUntil: key.previousValidUntil?.toISOString() ?? null,
      scopes: key.scopes,
      createdBy: key.createdBy,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      allowedConnections: key.allowedConnections,
      allowedTools: key.allowedTools,
      revoked: key.revokedAt !== null,
    },
  };
}

/** What the audit trail records of a key: never the secret or its hash. */
function summary(key: ApiKey) {
  return { name: key.name, prefix: key.prefix, scopes: key.scopes, expiresAt: key.expiresAt?.toISOString() ?? null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A key may only be narrowed to the tenant's own connections: the data plane would never route
 * a call to a foreign one, but accepting the id would confirm it exists and leave a key that
 * names another tenant's row. Unknown and foreign ids get the same answer, so nothing leaks.
 */
async function assertTenantOwns(manager: EntityManager, tenantId: string, connectionIds: string[]): Promise<void> {
  const candidates = [...new Set(connectionIds.filter((id) => UUID.test(id)))];
  const rows = candidates.length ? await manager.find(Connection, { select: { id: true }, where: { tenantId, id: In(candidates) } }) : [];
  const owned = new Set(rows.map((row) => row.id.toLowerCase()));
  const foreign = connectionIds.filter((id) => !owned.has(id.toLowerCase()));
  if (foreign.length) {
    throw new ApiKeysError(
      ApiKeysErrorCode.UnknownConnection,
      `allowedConnections: no connection ${foreign.slice(0, 5).join(', ')} in this tenant`,
      'allowedConnections',
    );
  }
}

@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    @Inject(API_KEY_PEPPER) private readonly pepper: Buffer,
  ) {}

  /**
   * Creates a key whose scopes are a subset of the creator's permissions in this tenant.
   * Returns the secret once; only its keyed hash is stored.
   */
  async create(
    tenantId: string,
    creator: AuditActor & { type: 'user' },
    creatorPermissions: string[],
    input: CreateApiKeyInput,
  ): Promise<{ apiKey: ApiKey; secret: string }> {
    const { name, scopes, expiresAt, allowedConnections, allowedTools } = parseInput(createApiKeyInput, input, { whole: 'input' });
    const unknown = scopes.filter((s) => !isPermission(s) && expandPermissions([s]).length === 0);
    if (unknown.length) throw new ApiKeysError(ApiKeysErrorCode.UnknownScope, `unknown scope ${unknown.join(', ')}`, 'scopes');
    const beyond = scopesBeyondCreator(scopes, creatorPermissions);
    if (beyond.length) {
      throw new ApiKeysError(ApiKeysErrorCode.ScopeBeyondCreator, `you cannot grant ${beyond.join(', ')}: you do not hold it`, 'scopes');
    }
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new ApiKeysError(ApiKeysErrorCode.InvalidInput, 'expiresAt: must be in the future', 'expiresAt');
    }
    const generated = generateApiKey();
    const apiKey = await this.dataSource.transaction(async (manager) => {
      if (allowedConnections?.length) await assertTenantOwns(manager, tenantId, allowedConnections);
      const key = manager.create(ApiKey, {
        tenantId,
        name,
        prefix: generated.prefix,
        secretHash: hashApiKeySecret(this.pepper, generated.secret),
        previousSecretHash: null,
        previousValidUntil: null,
        scopes: expandPermissions(scopes),
        createdBy: creator.id,
        expiresAt: expiresAt ?? null,
        allowedConnections: allowedConnections ?? null,
        allowedTools: allowedTools ?? null,
        lastUsedAt: null,
        revokedAt: null,
      });
      const saved = await manager.save(key);
      await recordChange(manager, {
        tenantId,
        actor: creator,
        action: 'api_key.created',
        target: { type: 'api_key', id: saved.id },
        after: summary(saved),
        config: apiKeyConfig(saved),
      });
      return saved;
    });
    this.nudgeOutbox();
    return { apiKey, secret: generated.key };
  }

  async list(tenantId: string, first: number, after?: string | null): Promise<Page<ApiKey>> {
    const cursor = after ? decodeCursor(after) : null;
    const qb = this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .where('k.tenantId = :tenantId', { tenantId })
      .orderBy(createdAtKey('k'), 'ASC')
      .addOrderBy('k.id', 'ASC')
      .take(first + 1);
    if (cursor) qb.andWhere(`(${createdAtKey('k')}, k.id) > (:at, :id)`, { at: cursor.at, id: cursor.id });
    const rows = await qb.getMany();
    return { items: rows.slice(0, first), hasNextPage: rows.length > first, cursorOf: (k) => encodeCursor(k.createdAt, k.id) };
  }

  async revoke(tenantId: string, actor: AuditActor, id: string): Promise<ApiKey> {
    const key = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockKey(manager, tenantId, id);
      if (current.revokedAt) return current;
      current.revokedAt = new Date();
      const saved = await manager.save(current);
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'api_key.revoked',
        target: { type: 'api_key', id },
        before: summary(current),
        config: apiKeyConfig(saved),
      });
      return saved;
    });
    this.nudgeOutbox();
    return key;
  }

  /** A new secret; the old one keeps working for `overlapSeconds` so agents can switch without downtime. */
  async rotate(tenantId: string, actor: AuditActor, id: string, overlapSeconds = 0): Promise<{ apiKey: ApiKey; secret: string }> {
    if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_SECONDS) {
      throw new ApiKeysError(ApiKeysErrorCode.InvalidInput, `overlapSeconds: between 0 and ${MAX_OVERLAP_SECONDS}`, 'overlapSeconds');
    }
    const generated = generateApiKey();
    const apiKey = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockKey(manager, tenantId, id);
      if (current.revokedAt) throw new ApiKeysError(ApiKeysErrorCode.Revoked, 'a revoked key cannot be rotated', 'id');
      current.previousSecretHash = overlapSeconds > 0 ? current.secretHash : null;
      current.previousValidUntil = overlapSeconds > 0 ? new Date(Date.now() + overlapSeconds * 1000) : null;
      current.secretHash = hashApiKeySecret(this.pepper, generated.secret);
      // The prefix stays: it names the key in logs and lists across rotations.
      const saved = await manager.save(current);
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'api_key.rotated',
        target: { type: 'api_key', id },
        after: { ...summary(saved), overlapSeconds },
        config: apiKeyConfig(saved),
      });
      return saved;
    });
    this.nudgeOutbox();
    return { apiKey, secret: `cw_${apiKey.prefix}_${generated.secret}` };
  }

  private async lockKey(manager: EntityManager, tenantId: string, id: string): Promise<ApiKey> {
    const key = await manager
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .addSelect(['k.secretHash', 'k.previousSecretHash'])
      .setLock('pessimistic_write')
      .where('k.tenantId = :tenantId AND k.id = :id', { tenantId, id })
      .getOne();
    if (!key) throw new ApiKeysError(ApiKeysErrorCode.NotFound, 'API key not found', 'id');
    return key;
  }

  /** Refuses, as NOT_FOUND naming `field`, a key id that is not one of this tenant's keys. */
  async assertExists(tenantId: string, id: string, field = 'id'): Promise<void> {
    if (!(await this.dataSource.getRepository(ApiKey).exists({ where: { tenantId, id } })))
      throw new ApiKeysError(ApiKeysErrorCode.NotFound, 'API key not found', field);
  }

  /** Keys not revoked, for the config snapshot. */
  activeForSnapshot(): Promise<ApiKey[]> {
    return this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .addSelect(['k.secretHash', 'k.previousSecretHash'])
      .where({ revokedAt: IsNull() })
      .getMany();
  }
}
