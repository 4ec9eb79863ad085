import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { hashToken, isWellFormedToken, newSecretToken } from '../common/tokens.js';
import type { Role } from './organizer.entity.js';
import type { AuthenticatedOrganizer } from './auth.decorators.js';

/** A session ends after this long without a request… */
export const CONSOLE_SESSION_IDLE = '8 hours';
/** …and this long after sign-in at the latest, however busy. */
export const CONSOLE_SESSION_MAX_AGE = '30 days';
/** A page polling every few seconds records its activity at most this often. */
const LAST_SEEN_RESOLUTION = '1 minute';

interface SessionRow {
  id: string;
  organizer_id: string;
  organization_id: string;
  role: Role;
  stale: boolean;
}

/**
 * The organizer console's cookie sessions, kept in PostgreSQL so that every instance sees a
 * sign-out at once. The cookie carries the token; only its hash is stored.
 */
@Injectable()
export class ConsoleSessionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new session for the organizer; the returned token goes into the cookie. */
  async start(organizerId: string): Promise<string> {
    const token = newSecretToken();
    await this.dataSource.transaction(async (manager) => {
      // Sign-ins are rare; pruning the organizer's expired sessions here keeps the table small.
      await manager.query(`DELETE FROM console_sessions WHERE organizer_id = $1 AND expires_at <= now()`, [organizerId]);
      await manager.query(
        `INSERT INTO console_sessions (organizer_id, token_hash, expires_at)
         VALUES ($1, $2, now() + $3::interval)`,
        [organizerId, hashToken(token), CONSOLE_SESSION_IDLE],
      );
    });
    return token;
  }

  /** The signed-in organizer, or undefined for an unknown, expired or ended session or a removed or password-less account. */
  async resolve(token: string | undefined): Promise<AuthenticatedOrganizer | undefined> {
    if (!isWellFormedToken(token)) return undefined;
    const [session] = (await this.dataSource.query(
      `SELECT s.id, s.organizer_id, o.organization_id, o.role,
              s.last_seen_at < now() - $2::interval AS stale
         FROM console_sessions s JOIN organizers o ON o.id = s.organizer_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND o.password_hash IS NOT NULL`,
      [hashToken(token), LAST_SEEN_RESOLUTION],
    )) as SessionRow[];
    if (!session) return undefined;
    if (session.stale) {
      await this.dataSource.query(
        `UPDATE console_sessions
            SET last_seen_at = now(),
                expires_at = least(now() + $2::interval, created_at + $3::interval)
          WHERE id = $1`,
        [session.id, CONSOLE_SESSION_IDLE, CONSOLE_SESSION_MAX_AGE],
      );
    }
    return { id: session.organizer_id, organizationId: session.organization_id, role: session.role };
  }

  /** Signs out: the session ends on every instance. */
  async end(token: string): Promise<void> {
    if (!isWellFormedToken(token)) return;
    await this.dataSource.query(`DELETE FROM console_sessions WHERE token_hash = $1`, [hashToken(token)]);
  }

  /** Ends every console session of the organizer, but the one named by `except`. */
  async endAll(organizerId: string, options: { except?: string } = {}): Promise<void> {
    await this.endAllIn(this.dataSource.manager, organizerId, options.except);
  }

  /** endAll inside the caller's transaction, so it commits with the password change that asks for it. */
  async endAllIn(manager: EntityManager, organizerId: string, except?: string): Promise<void> {
    await manager.query(`DELETE FROM console_sessions WHERE organizer_id = $1 AND token_hash IS DISTINCT FROM $2`, [
      organizerId,
      except === undefined ? null : hashToken(except),
    ]);
  }
}
