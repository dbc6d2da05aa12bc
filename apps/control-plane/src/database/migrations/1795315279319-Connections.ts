import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Connections1795315279319 implements MigrationInterface {
  name = 'Connections1795315279319';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "control_plane"."connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "provider" text NOT NULL, "name" text NOT NULL, "auth_mode" text NOT NULL, "kind" text NOT NULL, "owner_user_id" uuid, "external_user_ref" text, "status" text NOT NULL DEFAULT 'active', "status_reason" text, "params" jsonb NOT NULL DEFAULT '{}', "server_overrides" jsonb, "scopes" jsonb NOT NULL DEFAULT '[]', "created_by" uuid NOT NULL, "credential_created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "credential_rotated_at" TIMESTAMP WITH TIME ZONE, "credential_expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0a1f844af3122354cbd487a8d03" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2e37e3b97bf0ae3c7575a39fd4" ON "control_plane"."connections"  ("tenant_id") `);
    await queryRunner.query(`CREATE INDEX "connections_tenant_owner_idx" ON "control_plane"."connections"  ("tenant_id", "owner_user_id") `);
    await queryRunner.query(
      `CREATE TABLE "control_plane"."oauth_apps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "provider" text NOT NULL, "client_id" text NOT NULL, "endpoint_overrides" jsonb, "configured_by" uuid NOT NULL, CONSTRAINT "oauth_apps_tenant_provider_uq" UNIQUE ("tenant_id", "provider"), CONSTRAINT "PK_8871ea4a8e0f9f551e53908e0f1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6df6ee650e9e4b09f29e2cf86c" ON "control_plane"."oauth_apps"  ("tenant_id") `);
    await queryRunner.query(
      `CREATE TABLE "control_plane"."oauth_states" ("state_hash" text NOT NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "provider" text NOT NULL, "auth_mode" text NOT NULL, "draft" jsonb NOT NULL, "code_verifier" text, "redirect_uri" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5defe4681c33ccfc0f935f51398" PRIMARY KEY ("state_hash"))`,
    );
    await queryRunner.query(`ALTER TABLE "control_plane"."tenants" ADD "max_credential_age_days" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "control_plane"."tenants" DROP COLUMN "max_credential_age_days"`);
    await queryRunner.query(`DROP TABLE "control_plane"."oauth_states"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_6df6ee650e9e4b09f29e2cf86c"`);
    await queryRunner.query(`DROP TABLE "control_plane"."oauth_apps"`);
    await queryRunner.query(`DROP INDEX "control_plane"."connections_tenant_owner_idx"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_2e37e3b97bf0ae3c7575a39fd4"`);
    await queryRunner.query(`DROP TABLE "control_plane"."connections"`);
  }
}
