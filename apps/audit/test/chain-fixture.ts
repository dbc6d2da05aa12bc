import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { migrate } from '@causeway/database';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { uniqueId } from '@causeway/testing';
import { canonicalJson } from '@causeway/contracts';
import { CheckpointStore } from '../src/checkpoints/checkpoint-store';
import { Checkpointer } from '../src/checkpoints/checkpointer';
import { loadSigningKey, type SigningKey } from '../src/checkpoints/signing-key';
import { createAuditDataSource } from '../src/database/data-source';
import { AuditStore } from '../src/store/audit-store';
import { ensurePartitions } from '../src/store/partitions';
import { ChainVerification } from '../src/verify/chain-verification';
import { auditEvent } from './audit-test-support';

/**
 * The store, checkpointer and verifier wired straight to a database, for tests about the
 * chain itself (no consumer needed).
 */
export class ChainFixture {
  readonly key: SigningKey = loadSigningKey({});
  readonly store: AuditStore;
  readonly checkpoints: CheckpointStore;
  readonly checkpointer: Checkpointer;
  readonly verification: ChainVerification;

  private constructor(readonly db: DataSource) {
    this.store = new AuditStore(db);
    this.checkpoints = new CheckpointStore(db);
    this.checkpointer = new Checkpointer({
      store: this.checkpoints,
      key: this.key,
      logger: createLogger('audit', 'fatal'),
      registry: createServiceRegistry('audit'),
      intervalMs: 3_600_000,
    });
    this.verification = new ChainVerification(db, this.checkpoints, new Map([[this.key.keyId, this.key.publicKey]]));
  }

  static async open(url: string): Promise<ChainFixture> {
    const db = createAuditDataSource(url, 4);
    await db.initialize();
    await migrate(db);
    await ensurePartitions(db, 2);
    return new ChainFixture(db);
  }

  /** A tenant with `count` events and a signed checkpoint after each of `checkpointAt`. */
  async tenantWith(count: number, checkpointAt: number[] = [count]): Promise<string> {
    const tenantId = uniqueId('tenant');
    let stored = 0;
    for (const until of [...checkpointAt, count]) {
      const batch = Array.from({ length: until - stored }, () => auditEvent(tenantId)).map((event) => ({ event, canonical: canonicalJson(event) }));
      if (batch.length) await this.store.append(batch);
      stored = until;
      if (checkpointAt.includes(until)) await this.checkpointer.runOnce();
    }
    return tenantId;
  }

  verify(tenantId: string, range?: { fromSeq?: number; toSeq?: number; checkColumns?: boolean }) {
    return this.verification.verify(tenantId, range);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
