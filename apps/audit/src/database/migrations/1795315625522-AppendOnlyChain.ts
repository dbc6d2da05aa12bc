import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AppendOnlyChain1795315625522 implements MigrationInterface {
  name = 'AppendOnlyChain1795315625522';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit"."checkpoints" ("tenant_id" text NOT NULL, "seq" bigint NOT NULL, "head_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" text NOT NULL, "signature" bytea NOT NULL, CONSTRAINT "PK_c7e3a7eaf34755eb84939b78ede" PRIMARY KEY ("tenant_id", "seq"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit"."chain_heads" ("tenant_id" text NOT NULL, "seq" bigint NOT NULL, "hash" bytea NOT NULL, "last_stored_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_25f21246a3450c3fe8d1197f3d8" PRIMARY KEY ("tenant_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit"."chain_prunes" ("tenant_id" text NOT NULL, "through_seq" bigint NOT NULL, "through_hash" bytea NOT NULL, "partition_name" text NOT NULL, "pruned_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1242940ca31be1011989a4ef2be" PRIMARY KEY ("tenant_id", "through_seq"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit"."event_ids" ("tenant_id" text NOT NULL, "id" uuid NOT NULL, CONSTRAINT "PK_849997295949de3fc42f20d722c" PRIMARY KEY ("tenant_id", "id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit"."event_ids"`);
    await queryRunner.query(`DROP TABLE "audit"."chain_prunes"`);
    await queryRunner.query(`DROP TABLE "audit"."chain_heads"`);
    await queryRunner.query(`DROP TABLE "audit"."checkpoints"`);
  }
}
