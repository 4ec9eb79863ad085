import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * RSVPs and their manage tokens. Seats are counted on events.seats_taken (kept within capacity
 * by its CHECK); events.waitlisted is kept by a trigger so the public seat view needs no count.
 * Personal columns are nullable because retention erases them while the row (and counts) stay.
 */
export class Rsvps1763900003000 implements MigrationInterface {
  name = 'Rsvps1763900003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rsvps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        arrival bigint GENERATED ALWAYS AS IDENTITY,
        name text CHECK (char_length(name) BETWEEN 1 AND 200),
        email text CHECK (char_length(email) BETWEEN 3 AND 254),
        party_size integer NOT NULL CHECK (party_size BETWEEN 1 AND 20),
        language text NOT NULL CHECK (language IN ('en', 'es')),
        accessibility_needs text CHECK (char_length(accessibility_needs) <= 1000),
        status text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
        check_in_code text,
        checked_in_at timestamptz(3),
        invite_uid uuid NOT NULL DEFAULT gen_random_uuid(),
        invite_sequence integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        cancelled_at timestamptz(3),
        erased_at timestamptz(3),
        CONSTRAINT rsvps_invite_uid_key UNIQUE (invite_uid)
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX rsvps_event_email_key ON rsvps (event_id, lower(email))
      WHERE status <> 'cancelled' AND email IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX rsvps_event_code_key ON rsvps (event_id, check_in_code) WHERE check_in_code IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX rsvps_event_arrival_idx ON rsvps (event_id, arrival)`);
    await queryRunner.query(`CREATE INDEX rsvps_waitlist_idx ON rsvps (event_id, arrival) WHERE status = 'waitlisted'`);
    await queryRunner.query(`
      CREATE TABLE rsvp_manage_tokens (
        token_hash text PRIMARY KEY,
        rsvp_id uuid NOT NULL REFERENCES rsvps(id) ON DELETE CASCADE,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX rsvp_manage_tokens_rsvp_idx ON rsvp_manage_tokens (rsvp_id)`);

    await queryRunner.query(`ALTER TABLE events ADD COLUMN waitlisted integer NOT NULL DEFAULT 0 CHECK (waitlisted >= 0)`);
    await queryRunner.query(`ALTER TABLE events ADD COLUMN personal_data_erased_at timestamptz(3)`);
    await queryRunner.query(`
      CREATE FUNCTION rsvps_count_waitlisted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'waitlisted' THEN
          UPDATE events SET waitlisted = waitlisted - 1 WHERE id = OLD.event_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'waitlisted' THEN
          UPDATE events SET waitlisted = waitlisted + 1 WHERE id = NEW.event_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER rsvps_count_waitlisted AFTER INSERT OR DELETE OR UPDATE OF status ON rsvps
      FOR EACH ROW EXECUTE FUNCTION rsvps_count_waitlisted()`);

    // One row per event and start time whose reminders were queued: never twice, and a new time reminds again.
    await queryRunner.query(`
      CREATE TABLE event_reminders (
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        sent_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, starts_at)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE event_reminders`);
    await queryRunner.query(`DROP TABLE rsvp_manage_tokens`);
    await queryRunner.query(`DROP TABLE rsvps`);
    await queryRunner.query(`DROP FUNCTION rsvps_count_waitlisted()`);
    await queryRunner.query(`ALTER TABLE events DROP COLUMN personal_data_erased_at, DROP COLUMN waitlisted`);
  }
}
