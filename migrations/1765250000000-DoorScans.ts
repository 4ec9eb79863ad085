import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The door's scans as devices send them, offline ones included: each keeps the device's own id
 * (so a batch sent twice is recorded once) and the device's time (so the earliest scan wins and
 * double scans can be listed). Walk-ins gain the device's id too. The code is kept, not the
 * RSVP's name; rows go with the event's personal data.
 */
export class DoorScans1765250000000 implements MigrationInterface {
  name = 'DoorScans1765250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE door_scans (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        rsvp_id uuid REFERENCES rsvps(id) ON DELETE CASCADE,
        code text NOT NULL,
        device text NOT NULL,
        at timestamptz(3) NOT NULL,
        undo boolean NOT NULL DEFAULT false,
        recorded_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX door_scans_rsvp_idx ON door_scans (rsvp_id, at)`);
    await queryRunner.query(`CREATE INDEX door_scans_event_idx ON door_scans (event_id)`);
    await queryRunner.query(`ALTER TABLE walk_ins ADD COLUMN device_item_id uuid UNIQUE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE walk_ins DROP COLUMN device_item_id`);
    await queryRunner.query(`DROP TABLE door_scans`);
  }
}
