import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An event's optional Spanish title, summary and description, shown to Spanish readers in pages and emails. */
export class EventSpanishTexts1764920001000 implements MigrationInterface {
  name = 'EventSpanishTexts1764920001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events ADD COLUMN title_es text, ADD COLUMN summary_es text, ADD COLUMN description_es text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events DROP COLUMN title_es, DROP COLUMN summary_es, DROP COLUMN description_es`);
  }
}
