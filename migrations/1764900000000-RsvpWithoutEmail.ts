import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Booking without an email address: how much each forum asks, its cap on such seats, and per
 * RSVP whether it was booked without one (for the organizer's count and the cap) and when it
 * was moved from the waitlist to a seat (told on the attendee's page and feed instead of by mail).
 */
export class RsvpWithoutEmail1764900000000 implements MigrationInterface {
  name = 'RsvpWithoutEmail1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE events
        ADD COLUMN rsvp_contact text NOT NULL DEFAULT 'email-required'
          CHECK (rsvp_contact IN ('email-required', 'email-optional', 'none')),
        ADD COLUMN no_email_seat_cap integer CHECK (no_email_seat_cap BETWEEN 1 AND 100000),
        ADD COLUMN no_email_seats integer NOT NULL DEFAULT 0 CHECK (no_email_seats >= 0)`);
    await queryRunner.query(`
      ALTER TABLE rsvps
        ADD COLUMN booked_without_email boolean NOT NULL DEFAULT false,
        ADD COLUMN promoted_at timestamptz(3)`);
    // Seats held (waiting or confirmed) by bookings without an email, kept exact by every path
    // that books, cancels, releases or resizes, as events.waitlisted is.
    await queryRunner.query(`
      CREATE FUNCTION rsvps_count_no_email_seats() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.booked_without_email AND OLD.status <> 'cancelled' THEN
          UPDATE events SET no_email_seats = no_email_seats - OLD.party_size WHERE id = OLD.event_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.booked_without_email AND NEW.status <> 'cancelled' THEN
          UPDATE events SET no_email_seats = no_email_seats + NEW.party_size WHERE id = NEW.event_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER rsvps_count_no_email_seats AFTER INSERT OR DELETE OR UPDATE OF status, party_size ON rsvps
      FOR EACH ROW EXECUTE FUNCTION rsvps_count_no_email_seats()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER rsvps_count_no_email_seats ON rsvps`);
    await queryRunner.query(`DROP FUNCTION rsvps_count_no_email_seats()`);
    await queryRunner.query(`ALTER TABLE rsvps DROP COLUMN promoted_at, DROP COLUMN booked_without_email`);
    await queryRunner.query(`ALTER TABLE events DROP COLUMN no_email_seats, DROP COLUMN no_email_seat_cap, DROP COLUMN rsvp_contact`);
  }
}
