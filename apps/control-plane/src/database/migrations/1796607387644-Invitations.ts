import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Invitations1796607387644 implements MigrationInterface {
  name = 'Invitations1796607387644';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "control_plane"."password_resets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4816377aa98211c1de34469e742" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f7a4c3bc48f24df007936d217b" ON "control_plane"."password_resets"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_323290a9239ad3d397ad78018e" ON "control_plane"."password_resets"  ("token_hash") `);
    await queryRunner.query(
      `CREATE TABLE "control_plane"."invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email" text NOT NULL, "role_id" uuid NOT NULL, "token_hash" text NOT NULL, "invited_by" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "accepted_by" uuid, CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_290e75d606ba89eb421b8b5ec4" ON "control_plane"."invitations"  ("tenant_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_872ac94a64b3d44fc4b554780c" ON "control_plane"."invitations"  ("token_hash") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_872ac94a64b3d44fc4b554780c"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_290e75d606ba89eb421b8b5ec4"`);
    await queryRunner.query(`DROP TABLE "control_plane"."invitations"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_323290a9239ad3d397ad78018e"`);
    await queryRunner.query(`DROP INDEX "control_plane"."IDX_f7a4c3bc48f24df007936d217b"`);
    await queryRunner.query(`DROP TABLE "control_plane"."password_resets"`);
  }
}
