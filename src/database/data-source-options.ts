import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations/index.js';

/**
 * A connection cut by the server reports it more than once (its FATAL message, then the closed
 * socket), and the pool and TypeORM stop listening after the first: a later 'error' with nobody
 * listening would end the process. The statement that was running has its own rejection, so the
 * connection itself keeps this listener and nothing more.
 */
class OutageProofClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** Connections for requests and workers; with pg-boss's 4 and the LISTEN connection, about 26 per instance (docs/operations.md). */
export const POOL_SIZE = 20;

/**
 * Backstops, so that no request waits for ever on the database. A request that waited this long
 * for a free connection is answered 503 with Retry-After (DatabaseBusyError): in a burst a
 * connection is free within a second or two, so ten means the pool is stuck or far overloaded.
 */
export const ACQUIRE_TIMEOUT_MS = 10_000;
/** No statement of a request or a job runs for half a minute (the slowest, an export's page, takes milliseconds). */
export const STATEMENT_TIMEOUT_MS = 30_000;
/** A transaction that waits a minute between statements is stuck: the server ends its session and frees its locks. */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * One definition for the migrations (which may run long, so without the timeouts), the TypeORM CLI
 * and the tests. No entities: each feature registers its own (TypeOrmModule.forFeature, loaded by
 * the app's module), so database/ knows no feature.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsRun: false,
    synchronize: false,
    migrationsTransactionMode: 'each',
    logging: false,
    extra: { max: POOL_SIZE, application_name: 'townhall', Client: OutageProofClient },
  };
}

/** The running server's pool: the same, with the backstops (set per connection, at its start). */
export function servingDataSourceOptions(url: string): DataSourceOptions {
  const options = dataSourceOptions(url);
  return {
    ...options,
    extra: {
      ...options.extra,
      connectionTimeoutMillis: ACQUIRE_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  };
}
