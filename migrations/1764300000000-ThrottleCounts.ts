import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The throttles' counts, shared by every instance. Keys are keyed hashes (never an address in
 * plain form) and rows expire with their window. UNLOGGED: counts lost in a crash cost nothing,
 * and every request that is counted writes here.
 */
export class ThrottleCounts1764300000000 implements MigrationInterface {
  name = 'ThrottleCounts1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNLOGGED TABLE throttle_counts (
         key bytea PRIMARY KEY,
         hits integer NOT NULL,
         resets_at timestamptz NOT NULL
       )`,
    );
    await queryRunner.query(`CREATE INDEX throttle_counts_resets_at_idx ON throttle_counts (resets_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE throttle_counts`);
  }
}
