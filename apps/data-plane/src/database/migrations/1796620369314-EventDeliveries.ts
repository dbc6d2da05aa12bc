import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventDeliveries1796620369314 implements MigrationInterface {
  name = 'EventDeliveries1796620369314';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_plane"."event_deliveries" ("id" BIGSERIAL NOT NULL, "subscription_id" uuid NOT NULL, "tenant_id" text NOT NULL, "event_id" uuid NOT NULL, "event_seq" bigint NOT NULL, "subject_key" text NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "last_status" integer, "last_error" text, CONSTRAINT "PK_ca0ffb54b343624dfb988080657" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "event_deliveries_by_status" ON "data_plane"."event_deliveries"  ("subscription_id", "status", "event_seq") `);
    await queryRunner.query(
      `CREATE INDEX "event_deliveries_heads" ON "data_plane"."event_deliveries"  ("subscription_id", "subject_key", "event_seq") WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "event_deliveries_once" ON "data_plane"."event_deliveries"  ("subscription_id", "event_id") `);
    await queryRunner.query(
      `CREATE TABLE "data_plane"."event_delivery_cursors" ("subscription_id" uuid NOT NULL, "last_seq" bigint NOT NULL, CONSTRAINT "PK_64510d1d8dd186cfbe7250a8213" PRIMARY KEY ("subscription_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "data_plane"."event_delivery_cursors"`);
    await queryRunner.query(`DROP INDEX "data_plane"."event_deliveries_once"`);
    await queryRunner.query(`DROP INDEX "data_plane"."event_deliveries_heads"`);
    await queryRunner.query(`DROP INDEX "data_plane"."event_deliveries_by_status"`);
    await queryRunner.query(`DROP TABLE "data_plane"."event_deliveries"`);
  }
}
