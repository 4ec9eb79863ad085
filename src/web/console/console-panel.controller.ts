import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CurrentOrganizer, type AuthenticatedOrganizer, Roles, MANAGERS } from '../../accounts/auth.decorators.js';
import { NotFoundError } from '../../common/domain-errors.js';
import { EventView } from '../../events/dto/event.views.js';
import type { Event } from '../../events/event.entity.js';
import { CreatePanelistDto, UpdatePanelistDto } from '../../panelists/dto/panelist.dto.js';
import type { PanelistView } from '../../panelists/dto/panelist.views.js';
import { PanelistsService } from '../../panelists/panelists.service.js';
import { parseForm, type FormErrors } from '../kit/form-errors.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { ConsolePages } from './console-pages.decorator.js';
import { confirmationPage } from './confirmation.js';
import { OwnedEvent } from './owned-event.guard.js';

/** A panel is a handful of people; one page shows them all. */
const PANEL_LIMIT = 200;
const NOTICES = ['added', 'saved', 'removed', 'resent'];

type Form = { values?: Record<string, unknown>; errors?: FormErrors };

function panelistValues(body: Record<string, unknown>) {
  const { name, email, affiliation, bio, role, language } = body;
  return { name, email, affiliation, bio, role, language };
}

/** The forum's panel: invite, edit, remove, resend; each through the PanelistsService as the API. */
@ConsolePages({ forEvent: true })
@Roles(...MANAGERS)
@Controller('console/events/:id/panel')
export class ConsolePanelController {
  constructor(private readonly panelists: PanelistsService) {}

  @Get()
  show(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Query() query: Record<string, string>) {
    return this.page(
      organizer,
      event,
      { values: { role: 'panelist' } },
      NOTICES.find((key) => key in query),
    );
  }

  @Post()
  async add(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Body() body: Record<string, unknown>,
  ): Promise<PageResult> {
    const values = panelistValues(body);
    const { value, errors } = await parseForm(CreatePanelistDto, values);
    if (errors) return this.page(organizer, event, { values, errors }, undefined, 400);
    await this.panelists.add(organizer, event.id, value);
    return new PageRedirect(`/console/events/${event.id}/panel?added`);
  }

  @Get(':panelistId/edit')
  async editForm(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Param('panelistId') panelistId: string,
  ) {
    const panelist = await this.find(organizer, event, panelistId);
    return this.editor(event, panelist, { values: { ...panelist } });
  }

  /** A corrected address gets a fresh invitation (the form says so beforehand). */
  @Post(':panelistId/edit')
  async update(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Param('panelistId') panelistId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<PageResult> {
    const panelist = await this.find(organizer, event, panelistId);
    const values = panelistValues(body);
    const { value, errors } = await parseForm(UpdatePanelistDto, values);
    if (errors) return this.editor(event, panelist, { values, errors }, 400);
    await this.panelists.update(organizer, event.id, panelist.id, value);
    return new PageRedirect(`/console/events/${event.id}/panel?saved`);
  }

  @Get(':panelistId/remove')
  async confirmRemove(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Param('panelistId') panelistId: string,
  ) {
    const panelist = await this.find(organizer, event, panelistId);
    // As notifications/panelist-mail.ts: one who declined hears nothing more.
    const audience = { attendees: 0, waitlisted: 0, panelists: panelist.status === 'declined' ? 0 : 1, onPages: 0 };
    return confirmationPage(
      {
        section: 'panel',
        title: { key: 'console.panel.removeTitle', values: { name: panelist.name } },
        audience,
        submit: { key: 'console.panel.remove' },
        danger: true,
        back: { href: `/console/events/${event.id}/panel` },
      },
      { event: EventView.of(event), title: panelist.name },
    );
  }

  @Post(':panelistId/remove')
  async remove(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Param('panelistId') panelistId: string) {
    await this.panelists.remove(organizer.organizationId, event.id, panelistId);
    return new PageRedirect(`/console/events/${event.id}/panel?removed`);
  }

  @Post(':panelistId/resend')
  async resend(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Param('panelistId') panelistId: string) {
    await this.panelists.resendInvitation(organizer, event.id, panelistId);
    return new PageRedirect(`/console/events/${event.id}/panel?resent`);
  }

  private async list(organizer: AuthenticatedOrganizer, event: Event): Promise<PanelistView[]> {
    const { items } = await this.panelists.list(event.id, organizer, { limit: PANEL_LIMIT });
    return items as PanelistView[];
  }

  private async find(organizer: AuthenticatedOrganizer, event: Event, panelistId: string): Promise<PanelistView> {
    const panelist = (await this.list(organizer, event)).find((member) => member.id === panelistId);
    if (!panelist) throw new NotFoundError('The panelist');
    return panelist;
  }

  private async page(organizer: AuthenticatedOrganizer, event: Event, form: Form, notice?: string, status?: number): Promise<PageView> {
    const panel = await this.list(organizer, event);
    return new PageView('console/panel', { event: EventView.of(event), panel, form, notice }, { status });
  }

  private editor(event: Event, panelist: PanelistView, form: Form, status?: number): PageView {
    return new PageView('console/panelist-edit', { event: EventView.of(event), panelist, form }, { title: panelist.name, status });
  }
}
