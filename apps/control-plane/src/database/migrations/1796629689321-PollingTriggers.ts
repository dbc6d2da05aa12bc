import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PollingTriggers1796629689321 implements MigrationInterface {
  name = 'PollingTriggers1796629689321';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "control_plane"."polling_triggers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "connection_id" text NOT NULL, "kind" text NOT NULL, "params" jsonb NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "created_by" text NOT NULL, CONSTRAINT "PK_3a0b213411bc27dcf0c80ab0fc0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_0c40a42ead2a72c5f174c7d3b0" ON "control_plane"."polling_triggers"  ("tenant_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_0c40a42ead2a72c5f174c7d3b0"`);
    await queryRunner.query(`DROP TABLE "control_plane"."polling_triggers"`);
  }
}
