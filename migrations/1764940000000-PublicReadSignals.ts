import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NOTIFY on `public_reads` whenever a row that public reads are built from changes (an event,
 * its seats and queue included; a panelist; an organization), carrying the tags of what went
 * stale. Every server instance drops those cached reads; being triggers, no write path can
 * forget to tell. NOTIFYs with the same payload in one transaction are sent once.
 */
export class PublicReadSignals1764940000000 implements MigrationInterface {
  name = 'PublicReadSignals1764940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION public_reads_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed record;
      BEGIN
        IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
        IF TG_TABLE_NAME = 'events' THEN
          PERFORM pg_notify('public_reads', 'event:' || changed.id || ' organization:' || changed.organization_id);
        ELSIF TG_TABLE_NAME = 'panelists' THEN
          PERFORM pg_notify('public_reads', 'event:' || changed.event_id);
        ELSE
          PERFORM pg_notify('public_reads', 'organization:' || changed.id);
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['events', 'panelists', 'organizations']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_public_reads AFTER INSERT OR UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION public_reads_changed()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['events', 'panelists', 'organizations']) await queryRunner.query(`DROP TRIGGER ${table}_public_reads ON ${table}`);
    await queryRunner.query(`DROP FUNCTION public_reads_changed()`);
  }
}
