import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795312813901 implements MigrationInterface {
  name = 'Init1795312813901';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "control_plane"."outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "key" text NOT NULL, "payload" jsonb NOT NULL, "headers" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(`CREATE INDEX "outbox_pending_idx" ON "control_plane"."outbox"  ("seq") WHERE published_at IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "control_plane"."tenants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "name" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_2310ecc5cb8be427097154b18fc" UNIQUE ("slug"), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "control_plane"."tenants"`);
    await queryRunner.query(`DROP INDEX "control_plane"."outbox_pending_idx"`);
    await queryRunner.query(`DROP TABLE "control_plane"."outbox"`);
  }
}
