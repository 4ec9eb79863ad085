import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DatabaseListener } from '../database/database-listener.js';

const CHANNEL = 'questions';
/** Carries the id of a credential (a panelist, a member) whose open streams must end. */
const REVOKED_CHANNEL = 'question_streams_revoked';
/**
 * Each NOTIFY takes a global lock at commit: at most one per event in this window, per process
 * (40 a second, far below what PostgreSQL sustains), short enough not to be seen on a phone.
 */
const COALESCE_MS = 25;

/** Called with an event id whose questions changed, or with none after a reconnect (anything may have). */
export type SignalListener = (eventId?: string) => void;
export type RevocationListener = (holderId: string) => void;

interface Window {
  timer: NodeJS.Timeout;
  dirty: boolean;
}

/**
 * Tells every server instance that an event's questions changed: PostgreSQL NOTIFY carrying
 * the event id (and the sender's tag), heard on the process's LISTEN connection, which also
 * hears revocations, so a credential's streams end on whichever instance holds them.
 */
@Injectable()
export class QuestionSignals implements OnModuleDestroy {
  private readonly logger = new Logger(QuestionSignals.name);
  private readonly windows = new Map<string, Window>();
  private readonly listeners: SignalListener[] = [];
  private readonly revocationListeners: RevocationListener[] = [];
  /** Tags this process's NOTIFYs: its own streams were woken at once and need not read again. */
  private readonly instance = randomUUID();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    listener: DatabaseListener,
  ) {
    listener.on(CHANNEL, (payload) => {
      const [eventId, from] = payload.split(' ');
      if (from !== this.instance) this.emit(eventId);
    });
    listener.on(REVOKED_CHANNEL, (holderId) => {
      for (const revoked of this.revocationListeners) revoked(holderId);
    });
    // Notifications sent while disconnected are gone, so every stream re-reads its log once back.
    listener.onReconnect(() => this.emit(undefined));
  }

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

  async onModuleDestroy(): Promise<void> {
    // Changes still waiting for their window are told now, or other instances would miss them.
    const pending = [...this.windows].map(([eventId, window]) => {
      clearTimeout(window.timer);
      return window.dirty ? this.notify(eventId) : Promise.resolve();
    });
    this.windows.clear();
    await Promise.all(pending);
  }

  /** After a commit: wakes this process's streams at once, and notifies the others now or at the end of the event's current window. */
  changed(eventId: string): void {
    this.emit(eventId);
    this.notifyOthers(eventId);
  }

  private notifyOthers(eventId: string): void {
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
        if (window.dirty) this.notifyOthers(eventId);
      }, COALESCE_MS),
    };
    this.windows.set(eventId, window);
  }

  private notify(eventId: string): Promise<void> {
    return this.dataSource.query(`SELECT pg_notify($1, $2)`, [CHANNEL, `${eventId} ${this.instance}`]).then(
      () => undefined,
      (error: Error) => this.logger.error(`NOTIFY failed: ${error.message}`),
    );
  }

  private emit(eventId: string | undefined): void {
    for (const listener of this.listeners) listener(eventId);
  }
}
