import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The checksums of the living SQL files (functions kept beside their feature, `src/<feature>/sql/*.sql`),
 * so the migration runner applies a file again only when it changed.
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
  }
}
