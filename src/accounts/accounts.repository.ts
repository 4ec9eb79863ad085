import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Organizer } from './organizer.entity.js';

/** The account queries that need a name: lookups by address, claiming an invitation, members in order, locked owners. */
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
}
