import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An event's `version`: rises with every saved change of it (not with bookings), so an editor
 * loaded before a colleague's save is told instead of silently reverting it (If-Match).
 */
export class EventVersion1765230000000 implements MigrationInterface {
  name = 'EventVersion1765230000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events DROP COLUMN version`);
  }
}
