import type { MigrationInterface, QueryRunner } from 'typeorm';

/** People let in at the door without an RSVP: counts only, no personal data; a row per tap, so arrivals can be timed. */
export class WalkIns1764700001000 implements MigrationInterface {
  name = 'WalkIns1764700001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE walk_ins (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        delta int NOT NULL CHECK (delta BETWEEN -10 AND 10 AND delta <> 0),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX walk_ins_event_idx ON walk_ins (event_id, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE walk_ins`);
  }
}
