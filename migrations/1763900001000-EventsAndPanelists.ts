import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventsAndPanelists1763900001000 implements MigrationInterface {
  name = 'EventsAndPanelists1763900001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        slug text NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        summary text,
        description text,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        timezone text NOT NULL,
        venue_name text,
        venue_address text,
        venue_room text,
        venue_accessibility_notes text,
        online_url text,
        capacity integer CHECK (capacity IS NULL OR capacity >= 1),
        seats_taken integer NOT NULL DEFAULT 0 CHECK (seats_taken >= 0),
        waitlist_enabled boolean NOT NULL DEFAULT true,
        max_party_size integer NOT NULL DEFAULT 4 CHECK (max_party_size BETWEEN 1 AND 20),
        languages text[] NOT NULL DEFAULT '{en}',
        interpretation text,
        questions_enabled boolean NOT NULL DEFAULT true,
        questions_moderation text NOT NULL DEFAULT 'pre' CHECK (questions_moderation IN ('pre', 'post')),
        questions_allow_anonymous boolean NOT NULL DEFAULT true,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
        sequence integer NOT NULL DEFAULT 0,
        cancellation_reason text,
        published_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT events_slug_key UNIQUE (slug),
        CONSTRAINT events_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT events_seats_within_capacity CHECK (capacity IS NULL OR seats_taken <= capacity)
      )`);
    await queryRunner.query(`CREATE INDEX events_organization_idx ON events (organization_id, starts_at, id)`);
    await queryRunner.query(`CREATE INDEX events_public_idx ON events (starts_at, id) WHERE status = 'published'`);
    await queryRunner.query(`
      CREATE TABLE panelists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        email text NOT NULL,
        affiliation text,
        bio text,
        role text NOT NULL CHECK (role IN ('panelist', 'moderator')),
        language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
        status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'confirmed', 'declined')),
        token_hash text NOT NULL,
        invite_uid uuid NOT NULL DEFAULT gen_random_uuid(),
        invite_sequence integer NOT NULL DEFAULT 0,
        responded_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT panelists_token_hash_key UNIQUE (token_hash),
        CONSTRAINT panelists_invite_uid_key UNIQUE (invite_uid)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX panelists_event_email_key ON panelists (event_id, lower(email))`);
    await queryRunner.query(`CREATE INDEX panelists_event_idx ON panelists (event_id, created_at, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE panelists`);
    await queryRunner.query(`DROP TABLE events`);
  }
}
