import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventsReplicasRetention1796640000000 implements MigrationInterface {
  name = 'EventsReplicasRetention1796640000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_plane"."work_leases" ("name" text NOT NULL, "owner" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5f165dc8e2510227e973ab3e87c" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(`ALTER TABLE "data_plane"."event_deliveries" ADD "claimed_by" text`);
    await queryRunner.query(`ALTER TABLE "data_plane"."event_deliveries" ADD "claimed_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "event_deliveries_event" ON "data_plane"."event_deliveries"  ("event_seq") `);
    await queryRunner.query(`CREATE INDEX "inbound_events_received" ON "data_plane"."inbound_events"  ("received_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "data_plane"."inbound_events_received"`);
    await queryRunner.query(`DROP INDEX "data_plane"."event_deliveries_event"`);
    await queryRunner.query(`ALTER TABLE "data_plane"."event_deliveries" DROP COLUMN "claimed_until"`);
    await queryRunner.query(`ALTER TABLE "data_plane"."event_deliveries" DROP COLUMN "claimed_by"`);
    await queryRunner.query(`DROP TABLE "data_plane"."work_leases"`);
  }
}
