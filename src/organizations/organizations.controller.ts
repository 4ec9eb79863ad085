import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer, MANAGERS, Roles, type AuthenticatedOrganizer } from '../auth/auth.decorators.js';
import { PageQuery, type Page } from '../common/pagination.js';
import { OrganizationsService } from './organizations.service.js';
import { InviteMemberDto, OrganizationView, OrganizerView, UpdateOrganizationDto } from './dto/organization.dto.js';

@ApiTags('organization')
@ApiBearerAuth()
@Controller('api/organization')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Patch()
  @Roles('owner')
  @ApiOperation({ summary: 'Rename the organization or set its public contact address' })
  @ApiOkResponse({ type: OrganizationView })
  async update(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Body() body: UpdateOrganizationDto,
  ): Promise<OrganizationView> {
    return OrganizationView.of(await this.organizations.update(organizer.organizationId, body));
  }

  @Get('members')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'The organization\'s members and their roles' })
  members(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Query() page: PageQuery,
  ): Promise<Page<OrganizerView>> {
    return this.organizations.listMembers(organizer.organizationId, page);
  }

  @Post('members')
  @Roles('owner')
  @ApiOperation({ summary: 'Invite a colleague, who sets a password through the emailed link' })
  @ApiCreatedResponse({ type: OrganizerView })
  async invite(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Body() body: InviteMemberDto,
  ): Promise<OrganizerView> {
    const { member } = await this.organizations.inviteMember(organizer, body);
    return OrganizerView.of(member);
  }
}
