import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every address an event has answered to, current and former, so a former one can redirect
 * to the current one forever. The primary key makes a slug one event's for good: no later
 * event can take an address that printed flyers still carry. The foreign key is checked at
 * commit, so a new event can claim its slug before its own row is written.
 * `slug_chosen` says the organizer typed the slug; until then it follows the title and date.
 */
export class EventSlugHistory1764920000000 implements MigrationInterface {
  name = 'EventSlugHistory1764920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_slugs (
        slug text PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX event_slugs_event_idx ON event_slugs (event_id)`);
    await queryRunner.query(`INSERT INTO event_slugs (slug, event_id, created_at) SELECT slug, id, created_at FROM events`);
    await queryRunner.query(`ALTER TABLE events ADD COLUMN slug_chosen boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events DROP COLUMN slug_chosen`);
    await queryRunner.query(`DROP TABLE event_slugs`);
  }
}
