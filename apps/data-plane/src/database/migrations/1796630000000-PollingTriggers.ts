import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PollingTriggers1796630000000 implements MigrationInterface {
  name = 'PollingTriggers1796630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_plane"."polling_triggers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "connection_id" text NOT NULL, "kind" text NOT NULL, "params" jsonb NOT NULL DEFAULT '{}', "cursor" TIMESTAMP WITH TIME ZONE, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_polling_triggers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "polling_triggers_connection" ON "data_plane"."polling_triggers" ("tenant_id", "connection_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "data_plane"."polling_triggers_connection"`);
    await queryRunner.query(`DROP TABLE "data_plane"."polling_triggers"`);
  }
}
