import { CheckpointRecord } from '../checkpoints/checkpoint.entity';
import { ChainHead } from '../store/chain-head.entity';
import { ChainPrune } from '../store/chain-prune.entity';
import { StoredEventId } from '../store/stored-event-id.entity';
import { migrations } from './migrations';

export const AUDIT_SCHEMA = 'audit';
/**
 * Tables TypeORM describes (and the migration drift test checks). The time-partitioned
 * `audit_events` table is deliberately not an entity: TypeORM's schema builder does not
 * understand declarative partitioning, so it is created by a hand-written migration and
 * read and written with SQL in `store/`.
 */
export const auditEntities = [ChainHead, StoredEventId, CheckpointRecord, ChainPrune];
export const auditMigrations = migrations;
