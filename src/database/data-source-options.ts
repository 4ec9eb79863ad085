import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { entities } from './entities.js';

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

/** One definition for the app, the migration CLI and the tests; the schema comes from migrations only. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    migrationsTransactionMode: 'each',
    logging: false,
    extra: { max: 20, application_name: 'townhall', Client: OutageProofClient },
  };
}
