import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { hashToken, isWellFormedToken, newSecretToken } from '../common/tokens.js';
import { AccountsRepository } from './accounts.repository.js';
import type { AuthenticatedOrganizer } from './auth.decorators.js';

/** A session ends after this long without a request… */
export const CONSOLE_SESSION_IDLE = '8 hours';
/** …and this long after sign-in at the latest, however busy. */
export const CONSOLE_SESSION_MAX_AGE = '30 days';
/** A page polling every few seconds records its activity at most this often. */
const LAST_SEEN_RESOLUTION = '1 minute';

/**
 * The organizer console's cookie sessions, kept in PostgreSQL so that every instance sees a
 * sign-out at once. The cookie carries the token; only its hash is stored.
 */
@Injectable()
export class ConsoleSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
  ) {}

  /** A new session for the organizer; the returned token goes into the cookie. */
  async start(organizerId: string): Promise<string> {
    const token = newSecretToken();
    await this.dataSource.transaction((manager) =>
      this.accounts.insertSession(manager, organizerId, hashToken(token), CONSOLE_SESSION_IDLE),
    );
    return token;
  }

  /** The signed-in organizer, or undefined for an unknown, expired or ended session or a removed or password-less account. */
  async resolve(token: string | undefined): Promise<AuthenticatedOrganizer | undefined> {
    if (!isWellFormedToken(token)) return undefined;
    const session = await this.accounts.liveSession(this.dataSource.manager, hashToken(token), LAST_SEEN_RESOLUTION);
    if (!session) return undefined;
    if (session.stale) await this.accounts.touchSession(this.dataSource.manager, session.id, CONSOLE_SESSION_IDLE, CONSOLE_SESSION_MAX_AGE);
    return { id: session.organizer_id, organizationId: session.organization_id, role: session.role };
  }

  /** Signs out: the session ends on every instance. */
  async end(token: string): Promise<void> {
    if (!isWellFormedToken(token)) return;
    await this.accounts.deleteSession(this.dataSource.manager, hashToken(token));
  }

  /** Ends every console session of the organizer, but the one named by `except`. */
  async endAll(organizerId: string, options: { except?: string } = {}): Promise<void> {
    await this.endAllIn(this.dataSource.manager, organizerId, options.except);
  }

  /** endAll inside the caller's transaction, so it commits with the password change that asks for it. */
  async endAllIn(manager: EntityManager, organizerId: string, except?: string): Promise<void> {
    await this.accounts.deleteSessionsOf(manager, organizerId, except === undefined ? null : hashToken(except));
  }
}
