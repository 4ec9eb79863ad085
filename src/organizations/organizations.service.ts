import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/domain-errors.js';
import { decodeTimeCursor } from '../common/time-cursor.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { randomSuffix, slugify } from '../common/slugs.js';
import { hashToken, newSecretToken } from '../common/tokens.js';
import { AppConfig } from '../config/app-config.js';
import { MailOutbox } from '../notifications/mail-outbox.service.js';
import type { AuthenticatedOrganizer } from '../auth/auth.decorators.js';
import { Organization } from './organization.entity.js';
import { Organizer, type Role } from './organizer.entity.js';
import { OrganizerView, type InviteMemberDto, type UpdateOrganizationDto } from './dto/organization.dto.js';

const INVITATION_DAYS = 7;

export class EmailTakenError extends ConflictError {
  constructor() {
    super('An account with this email already exists. Sign in instead, or use another address.');
  }
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectRepository(Organizer) private readonly organizers: Repository<Organizer>,
    private readonly outbox: MailOutbox,
    private readonly config: AppConfig,
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
    values: { organizationId: string; name: string; email: string; role: Role; passwordHash: string | null },
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
    const query = this.organizers
      .createQueryBuilder('member')
      .where('member.organization_id = :organizationId', { organizationId })
      .orderBy('member.created_at', 'ASC')
      .addOrderBy('member.id', 'ASC')
      .take(limit + 1);
    if (after) query.andWhere('(member.created_at, member.id) > (:at, :id)', after);
    const rows = await query.getMany();
    return toPage(rows, limit, (member) => [member.createdAt.toISOString(), member.id], OrganizerView.of);
  }

  /**
   * Adds a member without a password and emails them the link, in the same transaction. The
   * link's token is what POST /api/auth/accept-invitation takes with the new password.
   */
  async inviteMember(
    inviter: AuthenticatedOrganizer,
    invitation: InviteMemberDto,
  ): Promise<{ member: Organizer; token: string }> {
    const token = newSecretToken();
    const member = await this.dataSource.transaction(async (manager) => {
      const created = await this.addOrganizer(manager, {
        organizationId: inviter.organizationId,
        name: invitation.name,
        email: invitation.email,
        role: invitation.role,
        passwordHash: null,
      });
      created.invitationTokenHash = hashToken(token);
      created.invitationExpiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000);
      const saved = await manager.save(created);
      const organization = await manager.findOneByOrFail(Organization, { id: inviter.organizationId });
      const sender = await manager.findOneByOrFail(Organizer, { id: inviter.id });
      await this.outbox.enqueue(manager, {
        to: { name: saved.name, address: saved.email },
        language: 'en',
        template: 'member-invitation',
        data: {
          organizationName: organization.name,
          inviterName: sender.name,
          memberName: saved.name,
          role: saved.role,
          link: `${this.config.appUrl}/join/${token}`,
          expiresInDays: INVITATION_DAYS,
        },
        idempotencyKey: `member-invitation:${saved.id}`,
        organizationId: organization.id,
        replyTo: organization.contactEmail ?? undefined,
      });
      return saved;
    });
    return { member, token };
  }
}
