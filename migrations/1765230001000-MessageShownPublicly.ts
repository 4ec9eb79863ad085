import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a message is shown on its forum's public page is decided when it is sent, as its
 * preview said, and kept: a later switch of the forum to "email optional" publishes nothing
 * written as a private email. Earlier messages take what the forum's booking form asks now,
 * the best record there is of what their preview said.
 */
export class MessageShownPublicly1765230001000 implements MigrationInterface {
  name = 'MessageShownPublicly1765230001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE event_messages ADD COLUMN shown_publicly boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      UPDATE event_messages m SET shown_publicly = true FROM events e
      WHERE e.id = m.event_id AND m.audience <> 'panel' AND e.rsvp_contact <> 'email-required'`);
    await queryRunner.query(`ALTER TABLE event_messages ALTER COLUMN shown_publicly DROP DEFAULT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE event_messages DROP COLUMN shown_publicly`);
  }
}
