import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A draft claims no address: slugs are one event's for good across organizations, so a draft
 * holding one told another organization of an unannounced forum (a 409, or a `-2`). A draft
 * keeps the address its organizer asked for in `requested_slug` and claims it when published;
 * drafts give back what they held.
 */
export class DraftsClaimNoAddress1765230002000 implements MigrationInterface {
  name = 'DraftsClaimNoAddress1765230002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events ADD COLUMN requested_slug text, ALTER COLUMN slug DROP NOT NULL`);
    await queryRunner.query(`DELETE FROM event_slugs s USING events e WHERE e.id = s.event_id AND e.status = 'draft'`);
    await queryRunner.query(`
      UPDATE events SET requested_slug = CASE WHEN slug_chosen THEN slug END, slug = NULL WHERE status = 'draft'`);
    await queryRunner.query(`ALTER TABLE events ADD CONSTRAINT events_announced_have_slug CHECK (status = 'draft' OR slug IS NOT NULL)`);
  }

  /** Drafts get a placeholder address of their id (the one asked for may be taken by now), which they claim again. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events DROP CONSTRAINT events_announced_have_slug`);
    await queryRunner.query(`UPDATE events SET slug = 'draft-' || id, slug_chosen = false WHERE slug IS NULL`);
    await queryRunner.query(`INSERT INTO event_slugs (slug, event_id) SELECT slug, id FROM events WHERE status = 'draft'`);
    await queryRunner.query(`ALTER TABLE events DROP COLUMN requested_slug, ALTER COLUMN slug SET NOT NULL`);
  }
}
