import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The zone the forum editor starts in; null until an owner sets it or the first forum is created. */
export class OrganizationTimezone1764700000000 implements MigrationInterface {
  name = 'OrganizationTimezone1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE organizations ADD COLUMN timezone text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE organizations DROP COLUMN timezone`);
  }
}
