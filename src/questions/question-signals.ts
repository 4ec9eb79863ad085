import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { DatabaseServer } from '../database/database.module.js';

const CHANNEL = 'questions';
/** Carries the id of a credential (a panelist, a member) whose open streams must end. */
const REVOKED_CHANNEL = 'question_streams_revoked';
/** Each NOTIFY takes a global lock at commit: at most one per event in this window, per process. */
const COALESCE_MS = 200;
const RECONNECT_MS = 1000;

/** Called with an event id whose questions changed, or with none after a reconnect (anything may have). */
export type SignalListener = (eventId?: string) => void;
export type RevocationListener = (holderId: string) => void;

interface Window {
  timer: NodeJS.Timeout;
  dirty: boolean;
}

/**
 * Tells every server instance that an event's questions changed: PostgreSQL NOTIFY carrying
 * the event id only, heard on one dedicated LISTEN connection per process. The same connection
 * hears revocations, so a credential's streams end on whichever instance holds them.
 */
@Injectable()
export class QuestionSignals implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(QuestionSignals.name);
  private readonly windows = new Map<string, Window>();
  private readonly listeners: SignalListener[] = [];
  private readonly revocationListeners: RevocationListener[] = [];
  private listener: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly database: DatabaseServer,
  ) {}

  onSignal(listener: SignalListener): void {
    this.listeners.push(listener);
  }

  onRevoked(listener: RevocationListener): void {
    this.revocationListeners.push(listener);
  }

  /** Inside the transaction that revokes the credential: NOTIFY is delivered if and only if it commits. */
  async revoke(manager: EntityManager, holderId: string): Promise<void> {
    await manager.query(`SELECT pg_notify($1, $2)`, [REVOKED_CHANNEL, holderId]);
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    // Changes still waiting for their window are told now, or other instances would miss them.
    const pending = [...this.windows].map(([eventId, window]) => {
      clearTimeout(window.timer);
      return window.dirty ? this.notify(eventId) : undefined;
    });
    this.windows.clear();
    await Promise.all([...pending, this.listener?.end().catch(() => undefined)]);
  }

  /** After a commit: notify now, or once at the end of the event's current window. */
  changed(eventId: string): void {
    const window = this.windows.get(eventId);
    if (window) {
      window.dirty = true;
      return;
    }
    void this.notify(eventId);
    this.openWindow(eventId);
  }

  private openWindow(eventId: string): void {
    const window: Window = {
      dirty: false,
      timer: setTimeout(() => {
        this.windows.delete(eventId);
        if (window.dirty) this.changed(eventId);
      }, COALESCE_MS),
    };
    this.windows.set(eventId, window);
  }

  private notify(eventId: string): Promise<void> {
    return this.dataSource
      .query(`SELECT pg_notify($1, $2)`, [CHANNEL, eventId])
      .then(
        () => undefined,
        (error: Error) => this.logger.error(`NOTIFY failed: ${error.message}`),
      );
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: await this.database.url(), application_name: 'townhall-questions' });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (!message.payload) return;
      if (message.channel === CHANNEL) this.emit(message.payload);
      if (message.channel === REVOKED_CHANNEL) for (const listener of this.revocationListeners) listener(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}; LISTEN ${REVOKED_CHANNEL}`);
    } catch (error) {
      void client.end().catch(() => undefined);
      throw error;
    }
    if (this.closing) await client.end();
    else this.listener = client;
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.listener !== client || this.closing) return;
    this.listener = undefined;
    this.logger.warn(`The questions LISTEN connection was lost${error ? `: ${error.message}` : ''}; reconnecting.`);
    void client.end().catch(() => undefined);
    this.reconnectSoon();
  }

  /** Notifications sent while disconnected are gone, so every stream re-reads its log once back. */
  private reconnectSoon(): void {
    this.reconnectTimer = setTimeout(() => {
      this.listen().then(
        () => this.emit(undefined),
        (error: Error) => {
          if (this.closing) return;
          this.logger.warn(`Reconnecting the questions LISTEN connection failed: ${error.message}`);
          this.reconnectSoon();
        },
      );
    }, RECONNECT_MS);
  }

  private emit(eventId: string | undefined): void {
    for (const listener of this.listeners) listener(eventId);
  }
}
