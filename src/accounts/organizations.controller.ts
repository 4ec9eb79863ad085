import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrganizer, MANAGERS, Roles, type AuthenticatedOrganizer } from './auth.decorators.js';
import { PageQuery, type Page } from '../common/pagination.js';
import { OrganizationsService } from './organizations.service.js';
import { ChangeRoleDto, InviteMemberDto, OrganizationView, OrganizerView, UpdateOrganizationDto } from './dto/organization.dto.js';

@ApiTags('organization')
@ApiBearerAuth()
@Controller('api/organization')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Patch()
  @Roles('owner')
  @ApiOperation({ summary: 'Rename the organization or set its public contact address' })
  @ApiOkResponse({ type: OrganizationView })
  async update(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Body() body: UpdateOrganizationDto): Promise<OrganizationView> {
    return OrganizationView.of(await this.organizations.update(organizer.organizationId, body));
  }

  @Get('members')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: "The organization's members and their roles" })
  members(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Query() page: PageQuery): Promise<Page<OrganizerView>> {
    return this.organizations.listMembers(organizer.organizationId, page);
  }

  @Post('members')
  @Roles('owner')
  @ApiOperation({ summary: 'Invite a colleague, who sets a password through the emailed link' })
  @ApiConflictResponse({ description: '`email-taken`: an account with this email already exists.' })
  @ApiCreatedResponse({ type: OrganizerView })
  async invite(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Body() body: InviteMemberDto): Promise<OrganizerView> {
    const { member } = await this.organizations.inviteMember(organizer, body);
    return OrganizerView.of(member);
  }

  @Patch('members/:id')
  @Roles('owner')
  @ApiOperation({ summary: "Change a member's role (409 if the organization would be left without an owner)" })
  @ApiConflictResponse({ description: '`last-owner`: the organization would be left without an owner.' })
  @ApiOkResponse({ type: OrganizerView })
  async changeRole(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') id: string,
    @Body() body: ChangeRoleDto,
  ): Promise<OrganizerView> {
    return OrganizerView.of(await this.organizations.changeRole(organizer, id, body.role));
  }

  @Delete('members/:id')
  @HttpCode(204)
  @Roles('owner')
  @ApiOperation({ summary: 'Remove a member; their sessions end at once (409 for the last owner)' })
  @ApiConflictResponse({ description: "`last-owner`: the member is the organization's last owner." })
  @ApiNoContentResponse()
  removeMember(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id') id: string): Promise<void> {
    return this.organizations.removeMember(organizer, id);
  }

  @Post('members/:id/resend-invitation')
  @HttpCode(200)
  @Roles('owner')
  @ApiOperation({ summary: 'Email an invited member a fresh seven-day link; the earlier link stops working' })
  @ApiConflictResponse({ description: '`member-active`: the member has already set a password.' })
  @ApiOkResponse({ type: OrganizerView })
  async resendInvitation(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id') id: string): Promise<OrganizerView> {
    return OrganizerView.of(await this.organizations.resendInvitation(organizer, id));
  }
}
