import { getConstructionPlans } from 'pg-boss';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** pg-boss keeps its jobs here; src/notifications/mail-queue.ts uses the same name. */
export const PG_BOSS_SCHEMA = 'pgboss';

export class MailOutbox1763900002000 implements MigrationInterface {
  name = 'MailOutbox1763900002000';
  // pg-boss's construction script carries its own BEGIN and COMMIT, so this migration manages its transactions.
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    // Installs the pg-boss release in node_modules; pg-boss migrates its own schema on later upgrades.
    const [{ installed }] = await queryRunner.query(`SELECT to_regclass('${PG_BOSS_SCHEMA}.version') IS NOT NULL AS installed`);
    if (!installed) await queryRunner.query(getConstructionPlans(PG_BOSS_SCHEMA));
    await queryRunner.startTransaction();
    try {
      await queryRunner.query(`
        CREATE TABLE mail_outbox (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
          idempotency_key text NOT NULL UNIQUE,
          message_id text NOT NULL,
          template text NOT NULL,
          language text NOT NULL CHECK (language IN ('en', 'es')),
          recipient_name text,
          recipient_address text NOT NULL,
          reply_to text,
          subject text NOT NULL,
          text_body text,
          html_body text,
          calendar_method text CHECK (calendar_method IN ('REQUEST', 'CANCEL', 'PUBLISH')),
          calendar_ics text,
          status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
          attempts int NOT NULL DEFAULT 0,
          last_error text,
          created_at timestamptz(3) NOT NULL DEFAULT now(),
          sent_at timestamptz
        )`);
      await queryRunner.query(
        `CREATE INDEX mail_outbox_organization_idx ON mail_outbox (organization_id, status, created_at DESC, id DESC)`,
      );
      await queryRunner.commitTransaction();
    } catch (error) {
      await queryRunner.rollbackTransaction();
      throw error;
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE mail_outbox`);
    await queryRunner.query(`DROP SCHEMA ${PG_BOSS_SCHEMA} CASCADE`);
  }
}
