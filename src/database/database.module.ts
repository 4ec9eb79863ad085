import { Global, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { servingDataSourceOptions } from './data-source-options.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { migrateDatabase } from './migrations.js';

/** The database URL (DATABASE_URL, or an embedded server under var/postgres), migrated before use. */
export class DatabaseServer implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseServer.name);
  private embedded: EmbeddedPostgres | undefined;
  private ready: Promise<string> | undefined;

  constructor(private readonly config: AppConfig) {}

  url(): Promise<string> {
    this.ready ??= this.prepare();
    return this.ready;
  }

  private async prepare(): Promise<string> {
    let url = this.config.databaseUrl;
    if (!url) {
      this.embedded = new EmbeddedPostgres(join(this.config.varDir, 'postgres'));
      url = await this.embedded.start();
    }
    const applied = await migrateDatabase(url);
    if (applied.length > 0) this.logger.log(`Applied migrations: ${applied.join(', ')}`);
    return url;
  }

  /** Nest closes the TypeORM pool first; the embedded server stops last. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    await this.embedded.stop();
    this.embedded = undefined;
    this.logger.log('Embedded PostgreSQL stopped');
  }
}

@Global()
@Module({
  providers: [{ provide: DatabaseServer, inject: [AppConfig], useFactory: (config: AppConfig) => new DatabaseServer(config) }],
  exports: [DatabaseServer],
})
export class DatabaseServerModule {}

export const DatabaseModule = TypeOrmModule.forRootAsync({
  imports: [DatabaseServerModule],
  inject: [DatabaseServer],
  useFactory: async (server: DatabaseServer) => ({ ...servingDataSourceOptions(await server.url()), autoLoadEntities: true }),
});
