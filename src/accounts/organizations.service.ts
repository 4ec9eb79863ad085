import { Injectable } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository.js';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ForbiddenError, NotFoundError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { decodeTimeCursor } from '../common/time-cursor.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { randomSuffix, slugify } from '../common/slugs.js';
import { hashToken, newSecretToken } from '../common/tokens.js';
import { AppConfig } from '../config/app-config.js';
import { MailOutbox } from '../notifications/mail-outbox.js';
import { EmailTakenError, LastOwnerError, MemberAlreadyActiveError, MemberNotFoundError } from './organization-errors.js';
import { MailAllowances } from './mail-allowances.js';
import type { AuthenticatedOrganizer } from './auth.decorators.js';
import { MemberChangeNotifier } from './member-changes.js';
import { Organization } from './organization.entity.js';
import { Organizer, type Role } from './organizer.entity.js';
import { OrganizerView, type InviteMemberDto, type UpdateOrganizationDto } from './dto/organization.dto.js';

const INVITATION_DAYS = 7;

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectRepository(Organizer) private readonly organizers: Repository<Organizer>,
    private readonly outbox: MailOutbox,
    private readonly allowances: MailAllowances,
    private readonly config: AppConfig,
    private readonly memberChanges: MemberChangeNotifier,
    private readonly clock: Clock,
  ) {}

  /** Creates an organization with a unique readable slug, retrying on the rare collision. */
  async create(manager: EntityManager, name: string): Promise<Organization> {
    const base = slugify(name, 48);
    for (let attempt = 0; ; attempt++) {
      const slug = attempt === 0 ? base : `${base}-${randomSuffix()}`;
      try {
        return await manager.transaction((inner) =>
          inner.save(inner.create(Organization, { name, slug, contactEmail: null, timezone: null })),
        );
      } catch (error) {
        if (!isUniqueViolation(error, 'organizations_slug_key') || attempt >= 5) throw error;
      }
    }
  }

  async addOrganizer(
    manager: EntityManager,
    values: { organizationId: string; name: string; email: string; role: Role; passwordHash: string | null; emailConfirmedAt?: Date },
  ): Promise<Organizer> {
    try {
      return await manager.transaction((inner) => inner.save(inner.create(Organizer, values)));
    } catch (error) {
      if (isUniqueViolation(error, 'organizers_email_key')) throw new EmailTakenError();
      throw error;
    }
  }

  async get(id: string): Promise<Organization> {
    const organization = await this.organizations.findOneBy({ id });
    if (!organization) throw new NotFoundError('The organization');
    return organization;
  }

  async getOrganizer(id: string): Promise<Organizer> {
    const organizer = await this.organizers.findOneBy({ id });
    if (!organizer) throw new NotFoundError('The organizer');
    return organizer;
  }

  async update(organizationId: string, changes: UpdateOrganizationDto): Promise<Organization> {
    const organization = await this.get(organizationId);
    if (changes.name !== undefined) organization.name = changes.name;
    if (changes.contactEmail !== undefined) organization.contactEmail = changes.contactEmail;
    if (changes.timezone !== undefined) organization.timezone = changes.timezone;
    return this.organizations.save(organization);
  }

  async listMembers(organizationId: string, { limit, cursor }: PageQuery): Promise<Page<OrganizerView>> {
    const after = decodeTimeCursor(cursor);
    const rows = await this.accounts.membersPage(this.dataSource.manager, organizationId, limit + 1, after);
    return toPage(rows, limit, (member) => [member.createdAt.toISOString(), member.id], OrganizerView.of);
  }

  /**
   * Adds a member without a password and emails them the link, in the same transaction. The
   * link's token is what POST /api/auth/accept-invitation takes with the new password.
   */
  async inviteMember(inviter: AuthenticatedOrganizer, invitation: InviteMemberDto): Promise<{ member: Organizer; token: string }> {
    return this.dataSource.transaction(async (manager) => {
      await this.allowances.invitationSent(inviter, manager);
      const member = await this.addOrganizer(manager, {
        organizationId: inviter.organizationId,
        name: invitation.name,
        email: invitation.email,
        role: invitation.role,
        passwordHash: null,
      });
      return { member, token: await this.sendInvitation(manager, inviter, member) };
    });
  }

  /** A fresh seven-day link for a member who has not set a password yet; the earlier link stops working. */
  async resendInvitation(actor: AuthenticatedOrganizer, memberId: string): Promise<Organizer> {
    return this.dataSource.transaction(async (manager) => {
      const member = await this.findMember(manager, actor, memberId, { lock: true });
      if (member.passwordHash) throw new MemberAlreadyActiveError();
      await this.allowances.invitationSent(actor, manager);
      await this.sendInvitation(manager, actor, member);
      return member;
    });
  }

  /** Changes a member's role; 409 if that would leave the organization without an owner. */
  async changeRole(actor: AuthenticatedOrganizer, memberId: string, role: Role): Promise<Organizer> {
    return this.dataSource.transaction(async (manager) => {
      const otherOwners = await this.lockOwners(manager, actor, memberId);
      const member = await this.findMember(manager, actor, memberId);
      if (member.role === 'owner' && role !== 'owner' && otherOwners === 0) throw new LastOwnerError();
      await manager.update(Organizer, { id: member.id }, { role });
      member.role = role;
      return member;
    });
  }

  /**
   * Removes a member; their access tokens stop working at once (the guard loads the organizer
   * on every request), their console sessions go with the row, and the streams they opened
   * end. 409 for the last owner.
   */
  async removeMember(actor: AuthenticatedOrganizer, memberId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const otherOwners = await this.lockOwners(manager, actor, memberId);
      const member = await this.findMember(manager, actor, memberId);
      if (member.role === 'owner' && otherOwners === 0) throw new LastOwnerError();
      await this.memberChanges.memberRevoked(manager, member.id);
      await manager.delete(Organizer, { id: member.id });
    });
  }

  /**
   * Locks the organization's owner rows (in id order), so that owners demoting or removing
   * each other at the same time run one after the other and cannot leave none. Returns how
   * many owners who have signed in would remain besides the member; 403 if the actor is no
   * longer an owner.
   */
  private async lockOwners(manager: EntityManager, actor: AuthenticatedOrganizer, memberId: string): Promise<number> {
    const owners = await this.accounts.lockOwners(manager, actor.organizationId);
    if (!owners.some((owner) => owner.id === actor.id)) throw new ForbiddenError();
    return owners.filter((owner) => owner.active && owner.id !== memberId).length;
  }

  /** A member of the actor's organization; another organization's member is 404, as if absent. */
  private async findMember(
    manager: EntityManager,
    actor: AuthenticatedOrganizer,
    memberId: string,
    { lock = false } = {},
  ): Promise<Organizer> {
    const member = isUuid(memberId)
      ? await manager.findOne(Organizer, {
          where: { id: memberId, organizationId: actor.organizationId },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!member) throw new MemberNotFoundError();
    return member;
  }

  /** A new invitation link for the member (replacing any earlier one), emailed in the caller's transaction. */
  private async sendInvitation(manager: EntityManager, inviter: AuthenticatedOrganizer, member: Organizer): Promise<string> {
    const token = newSecretToken();
    member.invitationTokenHash = hashToken(token);
    member.invitationExpiresAt = new Date(this.clock.now().getTime() + INVITATION_DAYS * 24 * 3600 * 1000);
    await manager.update(
      Organizer,
      { id: member.id },
      {
        invitationTokenHash: member.invitationTokenHash,
        invitationExpiresAt: member.invitationExpiresAt,
      },
    );
    const organization = await manager.findOneByOrFail(Organization, { id: inviter.organizationId });
    const sender = await manager.findOneByOrFail(Organizer, { id: inviter.id });
    await this.outbox.enqueue(manager, {
      to: { name: member.name, address: member.email },
      language: 'en',
      template: 'member-invitation',
      data: {
        organizationName: organization.name,
        inviterName: sender.name,
        memberName: member.name,
        role: member.role,
        link: `${this.config.appUrl}/join/${token}`,
        expiresInDays: INVITATION_DAYS,
      },
      idempotencyKey: `member-invitation:${member.id}:${member.invitationTokenHash}`,
      organizationId: organization.id,
      replyTo: organization.contactEmail ?? undefined,
    });
    return token;
  }
}
