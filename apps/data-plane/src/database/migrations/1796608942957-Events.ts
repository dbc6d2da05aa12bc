import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Events1796608942957 implements MigrationInterface {
  name = 'Events1796608942957';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_plane"."outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "key" text NOT NULL, "payload" jsonb NOT NULL, "headers" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(`CREATE INDEX "outbox_pending_idx" ON "data_plane"."outbox"  ("seq") WHERE published_at IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "data_plane"."inbound_events" ("seq" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "tenant_id" text NOT NULL, "connection_id" text NOT NULL, "delivery_id" text NOT NULL, "type" text NOT NULL, "subject" text, "event" jsonb NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_b76e26fa0121da742b191b7ded0" UNIQUE ("id"), CONSTRAINT "PK_b3bb7ff9276f2dd0190d8913650" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(`CREATE INDEX "inbound_events_tenant_seq" ON "data_plane"."inbound_events"  ("tenant_id", "seq") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "inbound_events_delivery" ON "data_plane"."inbound_events"  ("tenant_id", "connection_id", "delivery_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "data_plane"."inbound_events_delivery"`);
    await queryRunner.query(`DROP INDEX "data_plane"."inbound_events_tenant_seq"`);
    await queryRunner.query(`DROP TABLE "data_plane"."inbound_events"`);
    await queryRunner.query(`DROP INDEX "data_plane"."outbox_pending_idx"`);
    await queryRunner.query(`DROP TABLE "data_plane"."outbox"`);
  }
}
