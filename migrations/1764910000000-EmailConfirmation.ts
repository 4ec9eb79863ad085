import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether an organizer has shown they read their address (a confirmation link, an invitation or
 * a password reset): a new organization's mail allowance waits on an owner's. Accounts that
 * existed before count as confirmed, as they were vouched for by how they were made until now.
 */
export class EmailConfirmation1764910000000 implements MigrationInterface {
  name = 'EmailConfirmation1764910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE organizers
        ADD COLUMN email_confirmed_at timestamptz,
        ADD COLUMN email_confirmation_token_hash text,
        ADD COLUMN email_confirmation_expires_at timestamptz`);
    await queryRunner.query(`UPDATE organizers SET email_confirmed_at = created_at WHERE password_hash IS NOT NULL`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX organizers_email_confirmation_token_key ON organizers (email_confirmation_token_hash)
      WHERE email_confirmation_token_hash IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX organizers_email_confirmation_token_key`);
    await queryRunner.query(`
      ALTER TABLE organizers
        DROP COLUMN email_confirmation_expires_at,
        DROP COLUMN email_confirmation_token_hash,
        DROP COLUMN email_confirmed_at`);
  }
}
