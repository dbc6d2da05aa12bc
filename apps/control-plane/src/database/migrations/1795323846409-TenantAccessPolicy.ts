import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantAccessPolicy1795323846409 implements MigrationInterface {
  name = 'TenantAccessPolicy1795323846409';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "control_plane"."tenants" ADD "access_policy" jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "control_plane"."tenants" DROP COLUMN "access_policy"`);
  }
}
