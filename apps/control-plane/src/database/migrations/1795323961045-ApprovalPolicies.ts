import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApprovalPolicies1795323961045 implements MigrationInterface {
  name = 'ApprovalPolicies1795323961045';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "control_plane"."approval_policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "policy" jsonb NOT NULL, CONSTRAINT "PK_09d33ba3a56c2f804ef511eb680" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cfc6d77679666fac406cd76ed5" ON "control_plane"."approval_policies"  ("tenant_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "approval_policies_tenant_unique" ON "control_plane"."approval_policies"  ("tenant_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "control_plane"."approval_policies_tenant_unique"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_cfc6d77679666fac406cd76ed5"`);
    await queryRunner.query(`DROP TABLE "control_plane"."approval_policies"`);
  }
}
