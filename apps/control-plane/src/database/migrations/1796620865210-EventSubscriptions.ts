import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventSubscriptions1796620865210 implements MigrationInterface {
  name = 'EventSubscriptions1796620865210';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "control_plane"."event_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "url" text NOT NULL, "types" jsonb NOT NULL, "connection_ids" jsonb, "subject_prefix" text, "redact" jsonb NOT NULL, "paused" boolean NOT NULL DEFAULT false, "rotating_secret" boolean NOT NULL DEFAULT false, "created_by" text NOT NULL, CONSTRAINT "PK_9e4944140dfbdb8a75c8f3d9bce" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_0b92bdea6358fb2aad402b1244" ON "control_plane"."event_subscriptions"  ("tenant_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_0b92bdea6358fb2aad402b1244"`);
    await queryRunner.query(`DROP TABLE "control_plane"."event_subscriptions"`);
  }
}
