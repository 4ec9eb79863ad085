import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live Q&A. Participants are anonymous (a token hash, or the RSVP they stand for); votes are a
 * primary key so each participant counts once; question_events is the per-event change log the
 * live streams read, numbered by question_streams so that numbers follow commit order.
 */
export class Questions1763900004000 implements MigrationInterface {
  name = 'Questions1763900004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        token_hash text,
        rsvp_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT participants_token_hash_key UNIQUE (token_hash),
        CONSTRAINT participants_rsvp_key UNIQUE (rsvp_id),
        CONSTRAINT participants_one_credential CHECK ((token_hash IS NULL) <> (rsvp_id IS NULL))
      )`);
    await queryRunner.query(`
      CREATE TABLE questions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        participant_id uuid REFERENCES participants(id) ON DELETE SET NULL,
        panelist_id uuid REFERENCES panelists(id) ON DELETE SET NULL,
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 1000),
        body_key text NOT NULL,
        author_name text CHECK (char_length(author_name) BETWEEN 1 AND 200),
        source text NOT NULL CHECK (source IN ('app', 'card')),
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'answered')),
        pinned boolean NOT NULL DEFAULT false,
        votes integer NOT NULL DEFAULT 0 CHECK (votes >= 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        answered_at timestamptz(3),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // The same question twice from one participant is the same question.
    await queryRunner.query(`CREATE UNIQUE INDEX questions_participant_body_key ON questions (participant_id, body_key)`);
    await queryRunner.query(`
      CREATE INDEX questions_public_order_idx ON questions (event_id, (NOT pinned), (-votes), created_at, id)
      WHERE status IN ('approved', 'answered')`);
    await queryRunner.query(`CREATE INDEX questions_event_status_idx ON questions (event_id, status)`);
    await queryRunner.query(`
      CREATE TABLE question_votes (
        question_id uuid NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        PRIMARY KEY (question_id, participant_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE question_streams (
        event_id uuid PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        last_seq bigint NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE question_events (
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        question_id uuid NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('created', 'approved', 'voted', 'answered', 'pinned', 'removed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, seq)
      )`);
    await queryRunner.query(`CREATE INDEX question_events_created_idx ON question_events (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE question_events`);
    await queryRunner.query(`DROP TABLE question_streams`);
    await queryRunner.query(`DROP TABLE question_votes`);
    await queryRunner.query(`DROP TABLE questions`);
    await queryRunner.query(`DROP TABLE participants`);
  }
}
