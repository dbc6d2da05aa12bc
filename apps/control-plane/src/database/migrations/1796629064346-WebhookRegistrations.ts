import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookRegistrations1796629064346 implements MigrationInterface {
  name = 'WebhookRegistrations1796629064346';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "control_plane"."webhook_registrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "connection_id" uuid NOT NULL, "provider" text NOT NULL, "status" text NOT NULL, "target" text, "provider_hook_id" text, "url" text NOT NULL, "reason" text, CONSTRAINT "PK_d3d89adeebf03a0acfa7e74c8e5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_48797f548ae4b0a424c3f601a3" ON "control_plane"."webhook_registrations"  ("tenant_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "webhook_registrations_connection_idx" ON "control_plane"."webhook_registrations"  ("tenant_id", "connection_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "control_plane"."webhook_registrations_connection_idx"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_48797f548ae4b0a424c3f601a3"`);
    await queryRunner.query(`DROP TABLE "control_plane"."webhook_registrations"`);
  }
}
