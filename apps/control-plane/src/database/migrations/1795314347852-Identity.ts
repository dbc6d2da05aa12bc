import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1795314347852 implements MigrationInterface {
  name = 'Identity1795314347852';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "control_plane"."api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "prefix" text NOT NULL, "secret_hash" text NOT NULL, "previous_secret_hash" text, "previous_valid_until" TIMESTAMP WITH TIME ZONE, "scopes" jsonb NOT NULL, "created_by" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "allowed_connections" jsonb, "allowed_tools" jsonb, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3ac18429c8d27858d79432e0dd" ON "control_plane"."api_keys"  ("tenant_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6f6105c8efe05b310d046cbdb3" ON "control_plane"."api_keys"  ("prefix") `);
    await queryRunner.query(
      `CREATE TABLE "control_plane"."refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" text NOT NULL, "family_id" uuid NOT NULL, "user_id" uuid NOT NULL, "tenant_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a7838d2ba25be1342091b6695f" ON "control_plane"."refresh_tokens"  ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "IDX_d5e27da0cd39bc3bb2811fc8ba" ON "control_plane"."refresh_tokens"  ("family_id") `);
    await queryRunner.query(
      `CREATE TABLE "control_plane"."sign_in_throttle" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT '0', "expire" bigint, CONSTRAINT "PK_f838c82d37e24773fc7984a7649" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "control_plane"."memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "role_id" uuid NOT NULL, CONSTRAINT "memberships_tenant_user_uq" UNIQUE ("tenant_id", "user_id"), CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a9c14741084d57ac0ec0cb52af" ON "control_plane"."memberships"  ("tenant_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_7c1e2fdfed4f6838e0c05ae505" ON "control_plane"."memberships"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "control_plane"."roles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "builtIn" boolean NOT NULL DEFAULT false, "permissions" jsonb NOT NULL, CONSTRAINT "roles_tenant_name_uq" UNIQUE ("tenant_id", "name"), CONSTRAINT "PK_c1433d71a4838793a49dcad46ab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e59a01f4fe46ebbece575d9a0f" ON "control_plane"."roles"  ("tenant_id") `);
    await queryRunner.query(
      `CREATE TABLE "control_plane"."users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "password_hash" text, "is_operator" boolean NOT NULL DEFAULT false, "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "control_plane"."users"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_e59a01f4fe46ebbece575d9a0f"`);
    await queryRunner.query(`DROP TABLE "control_plane"."roles"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_7c1e2fdfed4f6838e0c05ae505"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_a9c14741084d57ac0ec0cb52af"`);
    await queryRunner.query(`DROP TABLE "control_plane"."memberships"`);
    await queryRunner.query(`DROP TABLE "control_plane"."sign_in_throttle"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_d5e27da0cd39bc3bb2811fc8ba"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_a7838d2ba25be1342091b6695f"`);
    await queryRunner.query(`DROP TABLE "control_plane"."refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_6f6105c8efe05b310d046cbdb3"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_3ac18429c8d27858d79432e0dd"`);
    await queryRunner.query(`DROP TABLE "control_plane"."api_keys"`);
  }
}
