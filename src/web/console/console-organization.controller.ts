import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CurrentOrganizer, type AuthenticatedOrganizer, Roles, MANAGERS } from '../../accounts/auth.decorators.js';
import { NotFoundError } from '../../common/domain-errors.js';
import { MailOutbox } from '../../notifications/mail-outbox.js';
import { ChangeRoleDto, InviteMemberDto, OrganizationView, UpdateOrganizationDto } from '../../accounts/dto/organization.dto.js';
import { LastOwnerError } from '../../accounts/organization-errors.js';
import { OrganizationsService } from '../../accounts/organizations.service.js';
import { ROLES } from '../../accounts/organizer.entity.js';
import { fieldErrorsOf, parseForm, refusalStatus, type FormErrors } from '../kit/form-errors.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { ConsolePages } from './console-pages.decorator.js';
import { confirmationPage } from './confirmation.js';
import { timeZoneGroups } from './event-form.js';

const LIST_LIMIT = 200;
const NOTICES = ['saved', 'invited', 'roleChanged', 'removed', 'resent', 'retried'];

type Form = { values?: Record<string, unknown>; errors?: FormErrors };

const orNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

/** The organization's settings, its members and the emails that could not be delivered. */
@ConsolePages()
@Roles(...MANAGERS)
@Controller('console/organization')
export class ConsoleOrganizationController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly outbox: MailOutbox,
  ) {}

  @Get()
  show(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Query() query: Record<string, string>): Promise<PageView> {
    return this.page(
      organizer,
      undefined,
      NOTICES.find((key) => key in query),
    );
  }

  @Post()
  @Roles('owner')
  async update(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Body() body: Record<string, unknown>): Promise<PageResult> {
    const values = { name: body.name, contactEmail: orNull(body.contactEmail), timezone: orNull(body.timezone) };
    const { value, errors } = await parseForm(UpdateOrganizationDto, values);
    if (errors) return this.page(organizer, { values, errors }, undefined, 400);
    await this.organizations.update(organizer.organizationId, value);
    return new PageRedirect('/console/organization?saved');
  }

  @Get('invite')
  @Roles('owner')
  inviteForm(): PageView {
    return this.invitePage({ values: { role: 'organizer' } });
  }

  @Post('members')
  @Roles('owner')
  async invite(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Body() body: Record<string, unknown>): Promise<PageResult> {
    const values = { name: body.name, email: body.email, role: body.role };
    const { value, errors } = await parseForm(InviteMemberDto, values);
    if (errors) return this.invitePage({ values, errors }, 400);
    try {
      await this.organizations.inviteMember(organizer, value);
    } catch (error) {
      const refused = fieldErrorsOf(error, ['email-taken']);
      if (refused) return this.invitePage({ values, errors: refused }, refusalStatus(error));
      throw error;
    }
    return new PageRedirect('/console/organization?invited');
  }

  @Post('members/:memberId/role')
  @Roles('owner')
  async changeRole(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('memberId') memberId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<PageResult> {
    const { value, errors } = await parseForm(ChangeRoleDto, { role: body.role });
    if (errors) return this.page(organizer, undefined, undefined, 400);
    try {
      await this.organizations.changeRole(organizer, memberId, value.role);
    } catch (error) {
      if (error instanceof LastOwnerError) return this.page(organizer, undefined, 'lastOwner', 409);
      throw error;
    }
    return new PageRedirect('/console/organization?roleChanged');
  }

  @Get('members/:memberId/remove')
  @Roles('owner')
  async confirmRemove(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('memberId') memberId: string): Promise<PageView> {
    const { items } = await this.organizations.listMembers(organizer.organizationId, { limit: LIST_LIMIT });
    const member = items.find((item) => item.id === memberId);
    if (!member) throw new NotFoundError('The member');
    const self = member.id === organizer.id;
    return confirmationPage(
      {
        title: { key: 'console.organization.removeTitle', values: { name: member.name } },
        lines: [{ key: self ? 'console.organization.removeSelf' : 'console.organization.removeText' }],
        submit: { key: 'console.organization.remove' },
        danger: true,
        back: { href: '/console/organization' },
      },
      { title: member.name },
    );
  }

  @Post('members/:memberId/remove')
  @Roles('owner')
  async remove(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('memberId') memberId: string): Promise<PageResult> {
    try {
      await this.organizations.removeMember(organizer, memberId);
    } catch (error) {
      if (error instanceof LastOwnerError) return this.page(organizer, undefined, 'lastOwner', 409);
      throw error;
    }
    return new PageRedirect(memberId === organizer.id ? '/console' : '/console/organization?removed');
  }

  @Post('members/:memberId/resend')
  @Roles('owner')
  async resend(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('memberId') memberId: string): Promise<PageRedirect> {
    await this.organizations.resendInvitation(organizer, memberId);
    return new PageRedirect('/console/organization?resent');
  }

  @Post('outbox/:messageId/retry')
  async retry(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('messageId', new ParseUUIDPipe()) messageId: string) {
    await this.outbox.retry(organizer.organizationId, messageId);
    return new PageRedirect('/console/organization?retried');
  }

  private invitePage(form: Form, status?: number): PageView {
    return new PageView('console/member-invite', { form, roles: ROLES }, { titleKey: 'console.organization.invite', status });
  }

  private async page(organizer: AuthenticatedOrganizer, settings?: Form, notice?: string, status?: number): Promise<PageView> {
    const organization = OrganizationView.of(await this.organizations.get(organizer.organizationId));
    const [members, failed] = await Promise.all([
      this.organizations.listMembers(organizer.organizationId, { limit: LIST_LIMIT }),
      this.outbox.list(organizer.organizationId, { status: 'failed', limit: LIST_LIMIT }),
    ]);
    return new PageView(
      'console/organization',
      {
        organization,
        members: members.items.map((member) => ({ ...member, self: member.id === organizer.id })),
        failed: failed.items,
        owner: organizer.role === 'owner',
        roles: ROLES,
        zones: timeZoneGroups(organization.timezone),
        settings: settings ?? { values: organization },
        notice,
      },
      { title: organization.name, status },
    );
  }
}
