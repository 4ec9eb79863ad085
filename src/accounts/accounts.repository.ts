import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Organizer, type Role } from './organizer.entity.js';

/** A live console session with its member; `stale`: its last activity is older than the resolution asked for. */
export interface SessionRow {
  id: string;
  organizer_id: string;
  organization_id: string;
  role: Role;
  stale: boolean;
}

/** The account queries that need a name: lookups by address, claiming an invitation, members in order, locked owners, console sessions. */
@Injectable()
export class AccountsRepository {
  /** Addresses are unique whatever their case. */
  findByEmail(manager: EntityManager, email: string): Promise<Organizer | null> {
    return manager
      .getRepository(Organizer)
      .createQueryBuilder('organizer')
      .where('lower(organizer.email) = lower(:email)', { email })
      .getOne();
  }

  /**
   * Sets the password of the member invited with this link if it is still unexpired and unused,
   * in one statement so that of two accepts the second finds it used; the member's id, or
   * undefined. The link reached them: the address counts as confirmed.
   */
  async claimInvitation(manager: EntityManager, tokenHash: string, passwordHash: string, now: Date): Promise<string | undefined> {
    const { raw } = await manager
      .createQueryBuilder()
      .update(Organizer)
      .set({
        passwordHash,
        invitationTokenHash: null,
        invitationExpiresAt: null,
        emailConfirmedAt: () => 'COALESCE(email_confirmed_at, :now)',
      })
      .where('invitation_token_hash = :tokenHash AND invitation_expires_at > :now AND password_hash IS NULL', { tokenHash, now })
      .returning('id')
      .execute();
    return (raw as { id: string }[])[0]?.id;
  }

  /** Up to `limit` members of the organization after the cursor, oldest first. */
  membersPage(
    manager: EntityManager,
    organizationId: string,
    limit: number,
    after: { at: string; id: string } | undefined,
  ): Promise<Organizer[]> {
    const query = manager
      .getRepository(Organizer)
      .createQueryBuilder('member')
      .where('member.organization_id = :organizationId', { organizationId })
      .orderBy('member.created_at', 'ASC')
      .addOrderBy('member.id', 'ASC')
      .take(limit);
    if (after) query.andWhere('(member.created_at, member.id) > (:at, :id)', after);
    return query.getMany();
  }

  /** Locks the organization's owner rows in id order (so that concurrent lockers queue, not deadlock); `active`: has signed in. */
  lockOwners(manager: EntityManager, organizationId: string): Promise<{ id: string; active: boolean }[]> {
    return manager.query(
      `SELECT id, password_hash IS NOT NULL AS active FROM organizers
        WHERE organization_id = $1 AND role = 'owner' ORDER BY id FOR UPDATE`,
      [organizationId],
    );
  }

  /** A session for the organizer, `idle` long, after pruning the organizer's expired ones (sign-ins are rare: it keeps the table small). */
  async insertSession(manager: EntityManager, organizerId: string, tokenHash: string, idle: string): Promise<void> {
    await manager.query(`DELETE FROM console_sessions WHERE organizer_id = $1 AND expires_at <= now()`, [organizerId]);
    await manager.query(
      `INSERT INTO console_sessions (organizer_id, token_hash, expires_at)
       VALUES ($1, $2, now() + $3::interval)`,
      [organizerId, tokenHash, idle],
    );
  }

  /** The unexpired session of this token whose member can still sign in (a password, not removed). */
  async liveSession(manager: EntityManager, tokenHash: string, resolution: string): Promise<SessionRow | undefined> {
    const [session] = (await manager.query(
      `SELECT s.id, s.organizer_id, o.organization_id, o.role,
              s.last_seen_at < now() - $2::interval AS stale
         FROM console_sessions s JOIN organizers o ON o.id = s.organizer_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND o.password_hash IS NOT NULL`,
      [tokenHash, resolution],
    )) as SessionRow[];
    return session;
  }

  /** Records activity: the session lasts `idle` from now, but never past `maxAge` after sign-in. */
  async touchSession(manager: EntityManager, id: string, idle: string, maxAge: string): Promise<void> {
    await manager.query(
      `UPDATE console_sessions
          SET last_seen_at = now(),
              expires_at = least(now() + $2::interval, created_at + $3::interval)
        WHERE id = $1`,
      [id, idle, maxAge],
    );
  }

  async deleteSession(manager: EntityManager, tokenHash: string): Promise<void> {
    await manager.query(`DELETE FROM console_sessions WHERE token_hash = $1`, [tokenHash]);
  }

  /** Every session of the organizer but the one of `exceptHash` (null: every one). */
  async deleteSessionsOf(manager: EntityManager, organizerId: string, exceptHash: string | null): Promise<void> {
    await manager.query(`DELETE FROM console_sessions WHERE organizer_id = $1 AND token_hash IS DISTINCT FROM $2`, [
      organizerId,
      exceptHash,
    ]);
  }
}
