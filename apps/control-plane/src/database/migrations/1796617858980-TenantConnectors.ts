import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantConnectors1796617858980 implements MigrationInterface {
  name = 'TenantConnectors1796617858980';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "control_plane"."tenant_connectors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "slug" text NOT NULL, "provider_id" text NOT NULL, "active_version" integer NOT NULL, CONSTRAINT "PK_c7c78927fe27932875ae365340a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4610a5322c691148c05d5bdc55" ON "control_plane"."tenant_connectors"  ("tenant_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_94e8c2a7bfd5ab3e8d336a4cfa" ON "control_plane"."tenant_connectors"  ("tenant_id", "slug") `);
    await queryRunner.query(
      `CREATE TABLE "control_plane"."tenant_connector_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "connector_id" uuid NOT NULL, "version" integer NOT NULL, "definition" jsonb NOT NULL, "spec_sha256" text NOT NULL, "spec_bytes" integer NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8f54ed665b5177042daac6eb8f7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ba73b814d8569c9a15638337fe" ON "control_plane"."tenant_connector_versions"  ("tenant_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_b8bce7251199ea3be12d678159" ON "control_plane"."tenant_connector_versions"  ("connector_id", "version") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_b8bce7251199ea3be12d678159"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_ba73b814d8569c9a15638337fe"`);
    await queryRunner.query(`DROP TABLE "control_plane"."tenant_connector_versions"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_94e8c2a7bfd5ab3e8d336a4cfa"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_4610a5322c691148c05d5bdc55"`);
    await queryRunner.query(`DROP TABLE "control_plane"."tenant_connectors"`);
  }
}
