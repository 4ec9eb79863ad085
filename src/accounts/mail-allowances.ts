import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedOrganizer } from './auth.decorators.js';
import { ThrottleCounts, type Allowance } from '../common/throttle-counts.js';
import { TooManyRequestsError } from '../common/throttling.js';
import { OwnerUnconfirmedError } from './organization-errors.js';

const HOUR = 3600_000;

/**
 * Emails to addresses a member types in (invitations to the panel and to the organization, and
 * their resends) each account and each organization may cause in an hour. Open sign-up must not
 * make the server a relay: a new organization sends little until an owner confirms their address.
 */
export const INVITATIONS_PER_ACCOUNT: Allowance = { limit: 100, ttlMs: HOUR };
export const INVITATIONS_PER_ORGANIZATION: Allowance = { limit: 300, ttlMs: HOUR };
export const INVITATIONS_PER_NEW_ORGANIZATION: Allowance = { limit: 10, ttlMs: HOUR };
/** Links to confirm one's own address, per account. */
const CONFIRMATIONS_PER_ACCOUNT: Allowance = { limit: 5, ttlMs: HOUR };

@Injectable()
export class MailAllowances {
  constructor(
    private readonly counts: ThrottleCounts,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** For pages saying what waits for the confirmation. */
  mayReachStrangers(organizationId: string): Promise<boolean> {
    return hasConfirmedOwner(this.dataSource.manager, organizationId);
  }

  /**
   * Counts one invitation email `sender` is about to cause; 429 with Retry-After once the hour's
   * allowance is spent. Counted in the invitation's own transaction: an invitation that fails
   * costs nothing, and parallel ones queue on the count's row instead of overtaking it.
   */
  async invitationSent(sender: Pick<AuthenticatedOrganizer, 'id' | 'organizationId'>, manager: EntityManager): Promise<void> {
    const confirmed = await hasConfirmedOwner(manager, sender.organizationId);
    try {
      await this.counts.spend('mail-invitations-account', sender.id, 1, INVITATIONS_PER_ACCOUNT, manager);
      await this.counts.spend(
        'mail-invitations-organization',
        sender.organizationId,
        1,
        confirmed ? INVITATIONS_PER_ORGANIZATION : INVITATIONS_PER_NEW_ORGANIZATION,
        manager,
      );
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      const until = confirmed ? '' : ` (${INVITATIONS_PER_NEW_ORGANIZATION.limit} an hour until an owner confirms their email address)`;
      throw new TooManyRequestsError(error.retryAfterSeconds, `This hour's invitation emails are spent${until}.`);
    }
  }

  confirmationRequested(organizerId: string): Promise<void> {
    return this.counts.spend('mail-email-confirmations', organizerId, 1, CONFIRMATIONS_PER_ACCOUNT);
  }
}

/** Whether one of the organization's owners has shown the address is theirs (a confirmation, invitation or reset link). */
export async function hasConfirmedOwner(manager: EntityManager, organizationId: string): Promise<boolean> {
  const [row] = await manager.query(
    `SELECT EXISTS (SELECT 1 FROM organizers WHERE organization_id = $1 AND role = 'owner' AND email_confirmed_at IS NOT NULL) AS confirmed`,
    [organizationId],
  );
  return row.confirmed === true;
}

/**
 * 403 `email-unconfirmed` until an owner has confirmed their address: publishing (which lets
 * anyone book, and mails each booking) and messages (mailed to everyone booked) reach
 * strangers, so an organization made in a minute by anyone cannot use them as a relay.
 */
export async function assertMayReachStrangers(manager: EntityManager, organizationId: string): Promise<void> {
  if (!(await hasConfirmedOwner(manager, organizationId))) throw new OwnerUnconfirmedError();
}
