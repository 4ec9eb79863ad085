import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure removes the text of an attendee's accessibility needs, but the forum's stats keep
 * counting that there were some: this flag is all that remains of them.
 */
export class AccessibilityNeedsErased1764930000000 implements MigrationInterface {
  name = 'AccessibilityNeedsErased1764930000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rsvps ADD COLUMN accessibility_needs_erased boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rsvps DROP COLUMN accessibility_needs_erased`);
  }
}
