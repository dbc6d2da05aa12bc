import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Approvals1795400000001 implements MigrationInterface {
  name = 'Approvals1795400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_plane"."approvals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "key_id" text NOT NULL, "key_name" text NOT NULL, "key_created_by" text, "tool" text NOT NULL, "connection_id" text NOT NULL, "on_behalf_of" text, "input_hash" text NOT NULL, "input" jsonb NOT NULL, "status" text NOT NULL, "reason" text NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" text, "note" text, "executed_at" TIMESTAMP WITH TIME ZONE, "execution_outcome" text, "result" jsonb, "callback_url" text, "correlation_id" text, CONSTRAINT "PK_690417aaefa84d18b1a59e2a499" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "approvals_trust_lookup" ON "data_plane"."approvals"  ("tenant_id", "key_id", "tool", "executed_at") `);
    await queryRunner.query(`CREATE INDEX "approvals_tenant_status_requested" ON "data_plane"."approvals"  ("tenant_id", "status", "requested_at") `);
    await queryRunner.query(
      `CREATE TABLE "data_plane"."approval_trust" ("tenant_id" uuid NOT NULL, "key_id" text NOT NULL, "tool" text NOT NULL, "graduated_at" TIMESTAMP WITH TIME ZONE, "last_incident_at" TIMESTAMP WITH TIME ZONE, "last_incident" text, CONSTRAINT "PK_c79692f9fb49e03d8f158d93dae" PRIMARY KEY ("tenant_id", "key_id", "tool"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "data_plane"."budget_usage" ("tenant_id" uuid NOT NULL, "key_id" text NOT NULL, "day" date NOT NULL, "tool" text NOT NULL, "calls" integer NOT NULL DEFAULT '0', "cost_units" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_12e46c7f7be7f89803cb813529e" PRIMARY KEY ("tenant_id", "key_id", "day", "tool"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "data_plane"."budget_usage"`);
    await queryRunner.query(`DROP TABLE "data_plane"."approval_trust"`);
    await queryRunner.query(`DROP INDEX "data_plane"."approvals_tenant_status_requested"`);
    await queryRunner.query(`DROP INDEX "data_plane"."approvals_trust_lookup"`);
    await queryRunner.query(`DROP TABLE "data_plane"."approvals"`);
  }
}
