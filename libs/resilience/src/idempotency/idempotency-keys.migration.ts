import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `idempotency_keys` (see IdempotencyKeyRow) in the schema of the DataSource running
 * it, so a service adds it to its own migration list, in timestamp order:
 *
 *   migrations: [Init1795..., IdempotencyKeys1795400000000, ...]
 *
 * Written by hand to match the entity exactly (the migrations check proves it).
 */
export class IdempotencyKeys1795400000000 implements MigrationInterface {
  name = 'IdempotencyKeys1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = qualified(queryRunner, 'idempotency_keys');
    await queryRunner.query(
      `CREATE TABLE ${table} ("tenant_id" uuid NOT NULL, "api_key_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "request_hash" text NOT NULL, "state" text NOT NULL, "lease_token" uuid, "lease_expires_at" TIMESTAMP WITH TIME ZONE, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("tenant_id", "api_key_id", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idempotency_keys_expires_at_idx" ON ${table} ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ${qualified(queryRunner, 'idempotency_keys_expires_at_idx')}`);
    await queryRunner.query(`DROP TABLE ${qualified(queryRunner, 'idempotency_keys')}`);
  }
}

function qualified(queryRunner: QueryRunner, name: string): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'public';
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
