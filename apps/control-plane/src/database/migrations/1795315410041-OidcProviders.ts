import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OidcProviders1795315410041 implements MigrationInterface {
  name = 'OidcProviders1795315410041';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "control_plane"."oidc_providers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "issuer" text NOT NULL, "client_id" text NOT NULL, "client_secret_path" text NOT NULL, "allowed_domains" text array, "default_role" text, "enabled" boolean NOT NULL DEFAULT true, CONSTRAINT "oidc_providers_tenant_uq" UNIQUE ("tenant_id"), CONSTRAINT "PK_7e80d1ff5af72ef3fdfba897fd2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1404fac3341a3849d801b0222b" ON "control_plane"."oidc_providers"  ("tenant_id") `);
    await queryRunner.query(
      `CREATE TABLE "control_plane"."oidc_sign_in_states" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "state_hash" text NOT NULL, "browser_hash" text NOT NULL, "provider_id" uuid NOT NULL, "code_verifier" text NOT NULL, "nonce" text NOT NULL, "redirect_uri" text NOT NULL, "return_to" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c0c595ad05c5abfd9057f296914" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d7f4e50de888ab7af07dc673c6" ON "control_plane"."oidc_sign_in_states"  ("tenant_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_363294edf39b333e8db320bb5e" ON "control_plane"."oidc_sign_in_states"  ("state_hash") `);
    await queryRunner.query(`CREATE INDEX "IDX_c8b2d93cf2f4414bdcd654b05f" ON "control_plane"."oidc_sign_in_states"  ("expires_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_c8b2d93cf2f4414bdcd654b05f"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_363294edf39b333e8db320bb5e"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_d7f4e50de888ab7af07dc673c6"`);
    await queryRunner.query(`DROP TABLE "control_plane"."oidc_sign_in_states"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_1404fac3341a3849d801b0222b"`);
    await queryRunner.query(`DROP TABLE "control_plane"."oidc_providers"`);
  }
}
