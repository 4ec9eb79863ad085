import { Global, Injectable, Logger, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { DatabaseServer } from './database.module.js';

const RECONNECT_MS = 1000;

export type NotificationHandler = (payload: string) => void;

/**
 * The one LISTEN connection of this process: features subscribe to a channel (before start-up
 * ends) and hear every NOTIFY on it, from whichever instance. Notifications sent while it is
 * disconnected are lost, so after a reconnect `onReconnect` handlers assume anything changed.
 */
@Injectable()
export class DatabaseListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DatabaseListener.name);
  private readonly handlers = new Map<string, NotificationHandler[]>();
  private readonly reconnectHandlers: (() => void)[] = [];
  private client: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly database: DatabaseServer) {}

  /** `channel` is a constant identifier of ours, never user input. */
  on(channel: string, handler: NotificationHandler): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  /** False while the connection is down: what it would have told may have been missed. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: await this.database.url(), application_name: 'townhall-listen' });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.payload) for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload);
    });
    try {
      await client.connect();
      await client.query([...this.handlers.keys()].map((channel) => `LISTEN ${channel};`).join(' '));
    } catch (error) {
      void client.end().catch(() => undefined);
      throw error;
    }
    if (this.closing) await client.end();
    else this.client = client;
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.client !== client || this.closing) return;
    this.client = undefined;
    this.logger.warn(`The LISTEN connection was lost${error ? `: ${error.message}` : ''}; reconnecting.`);
    void client.end().catch(() => undefined);
    this.reconnectSoon();
  }

  private reconnectSoon(): void {
    this.reconnectTimer = setTimeout(() => {
      this.listen().then(
        () => {
          for (const handler of this.reconnectHandlers) handler();
        },
        (error: Error) => {
          if (this.closing) return;
          this.logger.warn(`Reconnecting the LISTEN connection failed: ${error.message}`);
          this.reconnectSoon();
        },
      );
    }, RECONNECT_MS);
  }
}

@Global()
@Module({ providers: [DatabaseListener], exports: [DatabaseListener] })
export class DatabaseListenerModule {}
