import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { TestApp } from '../../support/test-app.js';

interface DatabaseColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}

/** `table.column: type [null]`, in the words PostgreSQL uses, so a mismatch reads plainly. */
const describeColumn = (table: string, column: string, type: string, nullable: boolean) =>
  `${table}.${column}: ${type}${nullable ? ' null' : ''}`;

/**
 * The schema comes from migrations only, and the entities describe the same columns. Entities do
 * not declare indexes, checks, keys, defaults or timestamp precision (migrations own those, and
 * the functions, triggers and pg-boss's schema), so TypeORM's own schema diff would list those
 * too: this compares what entities do declare, each column's type and nullability, and that no
 * required column is left out of an entity (its inserts would fail).
 */
describe('schema', () => {
  it('of a freshly migrated database is what the entities the app registers describe', async () => {
    const t = await TestApp.start();
    const dataSource = t.app.get(DataSource);
    try {
      const rows: DatabaseColumn[] = await dataSource.query(
        `SELECT table_name AS table, column_name AS column,
                CASE WHEN data_type = 'ARRAY' THEN substr(udt_name, 2) || '[]' ELSE data_type END AS type,
                is_nullable = 'YES' AS nullable, column_default IS NOT NULL OR is_identity = 'YES' AS "hasDefault"
           FROM information_schema.columns WHERE table_schema = 'public'`,
      );
      const tables = new Set(dataSource.entityMetadatas.map((entity) => entity.tableName));
      const migrated = rows.filter((row) => tables.has(row.table));
      const described = dataSource.entityMetadatas.flatMap((entity) =>
        entity.columns.map((column) => {
          const type = dataSource.driver.normalizeType(column);
          return describeColumn(entity.tableName, column.databaseName, column.isArray ? `${type}[]` : type, column.isNullable);
        }),
      );
      const columnsOfMigrated = migrated.map((row) => describeColumn(row.table, row.column, normalizeArray(row.type), row.nullable));
      const required = migrated.filter((row) => !row.nullable && !row.hasDefault).map((row) => `${row.table}.${row.column}`);

      expect(described.filter((column) => !columnsOfMigrated.includes(column))).toEqual([]);
      expect(required.filter((column) => !described.some((line) => line.startsWith(`${column}:`)))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

/** information_schema names array elements by their internal names (`int4`, `text`). */
function normalizeArray(type: string): string {
  const element: Record<string, string> = { 'int4[]': 'integer[]', 'int8[]': 'bigint[]', 'bool[]': 'boolean[]' };
  return element[type] ?? type;
}
