import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server-side console sessions (a cookie names one by its token; only the hash is stored),
 * the revocation instant that ends every access token issued before it, and the
 * single-use password reset link (a newer request overwrites the earlier one).
 */
export class ConsoleSessions1764100000000 implements MigrationInterface {
  name = 'ConsoleSessions1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE console_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organizer_id uuid NOT NULL REFERENCES organizers(id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        CONSTRAINT console_sessions_token_hash_key UNIQUE (token_hash)
      )`);
    await queryRunner.query(`CREATE INDEX console_sessions_organizer_idx ON console_sessions (organizer_id)`);
    await queryRunner.query(`
      ALTER TABLE organizers
        ADD COLUMN sessions_revoked_at timestamptz(3),
        ADD COLUMN password_reset_token_hash text,
        ADD COLUMN password_reset_expires_at timestamptz(3),
        ADD CONSTRAINT organizers_password_reset_token_hash_key UNIQUE (password_reset_token_hash)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE organizers
        DROP COLUMN password_reset_expires_at,
        DROP COLUMN password_reset_token_hash,
        DROP COLUMN sessions_revoked_at`);
    await queryRunner.query(`DROP TABLE console_sessions`);
  }
}
