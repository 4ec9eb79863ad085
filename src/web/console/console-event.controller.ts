import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { StaleVersionError } from '../../common/domain-errors.js';
import { CurrentOrganizer, type AuthenticatedOrganizer, Roles, MANAGERS } from '../../accounts/auth.decorators.js';
import { CancelEventDto } from '../../events/dto/event.dto.js';
import { EventView } from '../../events/dto/event.views.js';
import type { Event } from '../../events/event.entity.js';
import { EventNotOverError } from '../../events/event-errors.js';
import { applyEventFields, erasableNow, erasureOf, isOver } from '../../events/event-rules.js';
import { EventViewsService } from '../../events/event-views.service.js';
import { EventsService } from '../../events/events.service.js';
import { AppConfig } from '../../config/app-config.js';
import { RsvpOrganizerService } from '../../rsvps/rsvp-organizer.service.js';
import { StatsService } from '../../stats/stats.service.js';
import { codeOf, formInteger, parseForm, type FormErrors } from '../kit/form-errors.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { audienceOf, reachesAnyone, type Audience, type AudienceAct } from './audiences.js';
import { confirmationPage } from './confirmation.js';
import { ConsolePages } from './console-pages.decorator.js';
import { EVENT_PREVIEW, type EventPreview } from './event-preview.js';
import { editorErrorsOf, editorPage, loadedForm, parseEventForm, staleEditorPage } from './event-editor.js';
import type { EventFormValues } from './event-form.js';
import { OwnedEvent } from './owned-event.guard.js';

const NOTICES = ['created', 'saved', 'published', 'cancelled', 'erased'];

/** One forum at a glance, its editor, and its publish, cancel and delete steps, each confirmed first. */
@ConsolePages({ forEvent: true })
@Controller('console/events/:id')
export class ConsoleEventController {
  constructor(
    private readonly events: EventsService,
    private readonly views: EventViewsService,
    private readonly stats: StatsService,
    private readonly rsvps: RsvpOrganizerService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(EVENT_PREVIEW) private readonly publicPage: EventPreview,
  ) {}

  @Get()
  async overview(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Query() query: Record<string, string>,
  ) {
    const stats = await this.stats.forEvent(organizer.organizationId, event.id);
    const notice = NOTICES.find((key) => key in query);
    const view = EventView.of(event);
    const now = this.clock.now();
    const ended = isOver(event, now);
    const erasure = erasureOf(view, this.config.retentionDays, now);
    return new PageView(
      'console/event',
      { event: view, stats, notice, ended, erasure, erasableLater: !erasableNow(event, now) },
      { title: event.title },
    );
  }

  @Get('erase')
  @Roles('owner')
  confirmErase(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event): Promise<PageView> {
    return this.erasePage(organizer, event);
  }

  /** The owner's "erase now": the same erasure as retention, through the same service as the API; refused before the end. */
  @Post('erase')
  @Roles('owner')
  async erase(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event): Promise<PageResult> {
    try {
      await this.rsvps.eraseEvent(organizer.organizationId, event.id);
    } catch (error) {
      if (error instanceof EventNotOverError) return this.erasePage(organizer, event, 409);
      throw error;
    }
    return new PageRedirect(`/console/events/${event.id}?erased`);
  }

  /** The confirmation with the count of bookings, or, before the end of a forum still on, why it must wait. */
  private async erasePage(organizer: AuthenticatedOrganizer, event: Event, status?: number): Promise<PageView> {
    const stats = await this.stats.forEvent(organizer.organizationId, event.id);
    const bookings = stats.rsvps.confirmed + stats.rsvps.waitlisted + stats.rsvps.cancelled;
    const notYet = !erasableNow(event, this.clock.now());
    return confirmationPage(
      {
        section: 'overview',
        title: { key: 'console.erasure.title', values: { title: event.title } },
        lines: [{ key: 'console.erasure.text', values: { count: bookings } }],
        refusal: notYet ? { text: { key: 'console.erasure.notYet' }, back: { key: 'console.erasure.back' } } : undefined,
        submit: { key: 'console.erasure.submit' },
        danger: true,
        back: { href: `/console/events/${event.id}` },
      },
      { event: EventView.of(event), title: event.title, status },
    );
  }

  /** The public page as it will look, while only the organization can see it. */
  @Get('preview')
  async preview(@OwnedEvent() event: Event): Promise<PageView> {
    return this.publicPage(await this.views.publicView(event), this.clock.now());
  }

  @Get('edit')
  @Roles(...MANAGERS)
  editForm(@OwnedEvent() event: Event): PageView {
    const view = EventView.of(event);
    return editorPage(view, loadedForm(view));
  }

  /**
   * A change of time or place that someone will be emailed about goes through a confirmation
   * that counts them; the form comes back with `confirmed` and is applied then. The form
   * names the version it was loaded at: if a colleague saved since, nothing is saved and the
   * editor shows what they changed.
   */
  @Post('edit')
  @Roles(...MANAGERS)
  async update(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Body() body: EventFormValues,
  ): Promise<PageResult> {
    const current = EventView.of(event);
    const version = formInteger(body.version);
    const loadedAt = typeof version === 'number' ? version : undefined;
    if (loadedAt !== undefined && loadedAt !== event.version) return staleEditorPage(current, body);
    const { value, errors } = await parseEventForm(body);
    if (errors) return editorPage(current, { values: body, errors }, 400);
    try {
      if (body.confirmed !== 'true') {
        // The same rule the change itself applies, on a copy: which facts of the invites move.
        const changed = applyEventFields({ ...event }, value);
        const audience = await this.audience('reschedule', organizer, event);
        if (changed.length > 0 && reachesAnyone(audience)) {
          return new PageView('console/confirm-change', { event: current, audience, changed, values: body }, { title: event.title });
        }
      }
      await this.events.update(organizer.organizationId, event.id, value, loadedAt);
    } catch (error) {
      if (error instanceof StaleVersionError) {
        return staleEditorPage(EventView.of(await this.events.findOwned(organizer.organizationId, event.id)), body);
      }
      const fieldErrors = editorErrorsOf(error);
      if (fieldErrors) return editorPage(current, { values: body, errors: fieldErrors }, 400);
      throw error;
    }
    return new PageRedirect(`/console/events/${event.id}?saved`);
  }

  @Get('publish')
  @Roles(...MANAGERS)
  confirmPublish(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event): Promise<PageView> {
    return this.confirmation('publish', organizer, event);
  }

  @Post('publish')
  @Roles(...MANAGERS)
  async publish(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event): Promise<PageResult> {
    try {
      await this.events.publish(organizer.organizationId, event.id);
    } catch (error) {
      // The address chosen for the draft was claimed meanwhile by another forum: the page says so, with the way to the editor.
      if (codeOf(error) === 'slug-taken') return this.confirmation('publish', organizer, event, { errors: { slug: 'slugTaken' } }, 409);
      throw error;
    }
    return new PageRedirect(`/console/events/${event.id}?published`);
  }

  @Get('cancel')
  @Roles(...MANAGERS)
  confirmCancel(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event): Promise<PageView> {
    return this.confirmation('cancel', organizer, event);
  }

  @Post('cancel')
  @Roles(...MANAGERS)
  async cancel(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Body() body: Record<string, unknown>) {
    const { value, errors } = await parseForm(CancelEventDto, { reason: body.reason });
    if (errors) return this.confirmation('cancel', organizer, event, { values: { reason: body.reason }, errors }, 400);
    await this.events.cancel(organizer.organizationId, event.id, value.reason);
    return new PageRedirect(`/console/events/${event.id}?cancelled`);
  }

  @Get('delete')
  @Roles(...MANAGERS)
  confirmDelete(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event): Promise<PageView> {
    return this.confirmation('delete', organizer, event);
  }

  @Post('delete')
  @Roles(...MANAGERS)
  async remove(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event): Promise<PageRedirect> {
    await this.events.remove(organizer.organizationId, event.id);
    return new PageRedirect('/console?deleted');
  }

  private async audience(act: AudienceAct, organizer: AuthenticatedOrganizer, event: Event): Promise<Audience> {
    const { organizationId } = organizer;
    return audienceOf(act, await this.stats.forEvent(organizationId, event.id), await this.rsvps.reach(organizationId, event.id));
  }

  private async confirmation(
    act: 'publish' | 'cancel' | 'delete',
    organizer: AuthenticatedOrganizer,
    event: Event,
    form: { values?: object; errors?: FormErrors } = {},
    status?: number,
  ) {
    const audience = await this.audience(act, organizer, event);
    const view = EventView.of(event);
    if (act === 'cancel') return new PageView('console/confirm-cancel', { event: view, audience, form }, { title: event.title, status });
    const slugTaken = form.errors?.slug !== undefined;
    return confirmationPage(
      {
        section: 'overview',
        title: { key: `console.confirm.${act}Title`, values: { title: event.title } },
        lines: [{ key: `console.confirm.${act}Text` }],
        audience,
        alert: slugTaken
          ? {
              key: 'console.confirm.slugTaken',
              values: { slug: view.requestedSlug },
              link: { href: `/console/events/${event.id}/edit`, label: { key: 'console.eventNav.edit' } },
            }
          : undefined,
        submit: { key: `console.event.${act}` },
        danger: act === 'delete',
        back: { href: `/console/events/${event.id}`, label: act === 'publish' ? { key: 'console.confirm.back' } : undefined },
      },
      { event: view, title: event.title, status },
    );
  }
}
