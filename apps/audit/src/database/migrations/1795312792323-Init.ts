import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795312792323 implements MigrationInterface {
  name = 'Init1795312792323';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit"."audit_events" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "action" text NOT NULL, "outcome" text NOT NULL, "actor_type" text NOT NULL, "actor_id" text NOT NULL, "tool" text, "connection_id" text, "correlation_id" text, "event" jsonb NOT NULL, "stored_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_events_tenant_time_idx" ON "audit"."audit_events"  ("tenant_id", "occurred_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "audit"."audit_events_tenant_time_idx"`);
    await queryRunner.query(`DROP TABLE "audit"."audit_events"`);
  }
}
