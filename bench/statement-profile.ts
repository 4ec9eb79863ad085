import { writeFile } from 'node:fs/promises';
import type pg from 'pg';

const TOP = 15;

/**
 * PostgreSQL's side of a profiled bench run: the statements that took the most time, from
 * pg_stat_statements (loaded by the embedded cluster when BENCH_PROFILE is set; on a cluster of
 * BENCH_DATABASE_URL only if its administrator loaded it).
 */
export class StatementProfile {
  private constructor(private readonly admin: pg.Client) {}

  static async start(admin: pg.Client): Promise<StatementProfile | undefined> {
    try {
      await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await admin.query('SELECT pg_stat_statements_reset()');
      return new StatementProfile(admin);
    } catch (error) {
      console.warn(`No statement profile: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Writes the top statements by total time to `file`; returns the file's name. */
  async write(file: string): Promise<string> {
    const { rows } = await this.admin.query(
      `SELECT calls, round(total_exec_time)::int AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
              round(mean_plan_time::numeric, 3) AS plan_ms,
              regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT ${TOP}`,
    );
    const total = rows.reduce((sum, row) => sum + row.total_ms, 0);
    const lines = rows.map(
      (row) =>
        `${String(row.total_ms).padStart(7)} ms ${String(Math.round((100 * row.total_ms) / total)).padStart(3)}%  ` +
        `${String(row.calls).padStart(7)} calls  ${String(row.mean_ms).padStart(8)} ms each (+${row.plan_ms} ms planning)  ${String(row.query).slice(0, 400)}`,
    );
    await writeFile(
      file,
      `Top ${TOP} statements by total execution time (percent of these; execution includes waiting for locks):\n${lines.join('\n')}\n`,
    );
    return file;
  }
}
