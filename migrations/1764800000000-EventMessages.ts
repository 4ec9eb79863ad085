import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizers' messages to a forum's attendees or panel. A message holds what the organizer
 * wrote, never a recipient: who got it is in the outbox, each row tied to its message so the
 * delivery counts follow the outbox (and go with its rows when those are erased).
 */
export class EventMessages1764800000000 implements MigrationInterface {
  name = 'EventMessages1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_messages (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        author_id uuid REFERENCES organizers(id) ON DELETE SET NULL,
        audience text NOT NULL CHECK (audience IN ('confirmed', 'waitlisted', 'checked-in', 'panel')),
        subject_en text NOT NULL,
        subject_es text,
        body_en text NOT NULL,
        body_es text,
        recipients integer NOT NULL CHECK (recipients >= 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((subject_es IS NULL) = (body_es IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX event_messages_event_idx ON event_messages (event_id, created_at DESC, id DESC)`);
    await queryRunner.query(`
      CREATE TABLE event_message_deliveries (
        outbox_id uuid PRIMARY KEY REFERENCES mail_outbox(id) ON DELETE CASCADE,
        message_id uuid NOT NULL REFERENCES event_messages(id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX event_message_deliveries_message_idx ON event_message_deliveries (message_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE event_message_deliveries`);
    await queryRunner.query(`DROP TABLE event_messages`);
  }
}
