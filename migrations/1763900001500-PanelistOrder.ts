import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Panelists invited in one transaction share created_at; a position keeps the panel in invitation order. */
export class PanelistOrder1763900001500 implements MigrationInterface {
  name = 'PanelistOrder1763900001500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE panelists ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY`);
    await queryRunner.query(`DROP INDEX panelists_event_idx`);
    await queryRunner.query(`CREATE INDEX panelists_event_position_idx ON panelists (event_id, position)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX panelists_event_position_idx`);
    await queryRunner.query(`CREATE INDEX panelists_event_idx ON panelists (event_id, created_at, id)`);
    await queryRunner.query(`ALTER TABLE panelists DROP COLUMN position`);
  }
}
