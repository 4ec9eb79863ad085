import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BookingFunction1764940001000 } from './1764940001000-BookingFunction.js';

/**
 * The checksums of the living SQL files (functions kept beside their feature, `src/<feature>/sql/*.sql`),
 * so the migration runner applies a file again only when it changed. Reverting puts back the
 * functions as the migrations before left them, so their own `down()` finds what they created.
 */
export class LivingSql1765260000000 implements MigrationInterface {
  name = 'LivingSql1765260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE townhall_living_sql (
        name text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE townhall_living_sql`);
    // src/rsvps/sql/book-rsvp.sql replaced it with this signature.
    await queryRunner.query(`DROP FUNCTION IF EXISTS book_rsvp(uuid, uuid, text, text, int, text, text, uuid, text, text, text)`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS book_rsvp(uuid, uuid, text, text, int, text, text, uuid, text, text, text, jsonb)`);
    await new BookingFunction1764940001000().up(queryRunner);
  }
}
