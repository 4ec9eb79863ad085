import { DataSource, type EntityManager } from 'typeorm';
import { MailOutbox, type OutgoingMail } from '../../src/notifications/mail-outbox.js';
import { eventually } from './eventually.js';
import type { TestApp } from './test-app.js';

export const INVITATION_DATA = {
  organizationName: 'Broome Residents Coalition',
  inviterName: 'Olivia Owner',
  memberName: 'Marisol Vega',
  role: 'organizer',
  link: 'https://townhall.example.org/join/abc',
  expiresInDays: 7,
};

/** A member-invitation message to `address`, unique by its idempotency key. */
export function invitationTo(address: string, overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: { name: 'Marisol Vega', address },
    language: 'en',
    template: 'member-invitation',
    data: INVITATION_DATA,
    idempotencyKey: `test:${address}`,
    ...overrides,
  };
}

/** Enqueues through the app's own MailOutbox, in a transaction that also runs `alsoInside`. */
export function enqueue(
  t: TestApp,
  message: OutgoingMail,
  alsoInside?: (manager: EntityManager, id: string) => Promise<void>,
): Promise<string> {
  return t.app.get(DataSource).transaction(async (manager) => {
    const id = await t.app.get(MailOutbox).enqueue(manager, message);
    await alsoInside?.(manager, id);
    return id;
  });
}

export interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  message_id: string;
}

export function outboxRow(t: TestApp, id: string): Promise<OutboxRow> {
  return t.sql<OutboxRow>('SELECT id, status, attempts, last_error, message_id FROM mail_outbox WHERE id = $1', [id]).then(([row]) => row!);
}

/** Waits until the outbox row satisfies `done`. */
export function outboxRowWhen(t: TestApp, id: string, done: (row: OutboxRow) => boolean, timeoutMs = 15_000): Promise<OutboxRow> {
  return eventually(
    async () => {
      const row = await outboxRow(t, id);
      return done(row) ? row : undefined;
    },
    timeoutMs,
    `outbox message ${id}`,
  );
}
