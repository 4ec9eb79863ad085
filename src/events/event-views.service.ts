import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import type { Page, PageQuery } from '../common/pagination.js';
import { ReadCache, type Cached } from '../database/read-cache.js';
import { Organization } from '../accounts/organization.entity.js';
import type { PublicEventsQuery } from './dto/event.dto.js';
import { EventPublicView, EventView } from './dto/event.views.js';
import type { Event } from './event.entity.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

/** Reading events: the public view with its organization and panel, lists and counts. */
@Injectable()
export class EventViewsService {
  constructor(
    private readonly events: EventsService,
    private readonly repository: EventsRepository,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly cache: ReadCache,
  ) {}

  async publicView(event: Event): Promise<EventPublicView> {
    const [view] = await this.publicViews([event]);
    return view!;
  }

  async publicViews(events: Event[]): Promise<EventPublicView[]> {
    const organizationIds = [...new Set(events.map((event) => event.organizationId))];
    const organizations = new Map((await this.organizations.findBy({ id: In(organizationIds) })).map((row) => [row.id, row]));
    const panelists = await this.repository.confirmedPanelists(events.map((event) => event.id));
    return events.map((event) => EventPublicView.of(event, organizations.get(event.organizationId)!, panelists.get(event.id) ?? []));
  }

  /**
   * A draft is visible to its organization only, so a viewer's read never goes through the
   * cache; members of the event's organization get its version too, to edit with.
   */
  async getPublic(idOrSlug: string, viewer?: AuthenticatedOrganizer): Promise<EventPublicView> {
    if (!viewer) return (await this.getPublicCached(idOrSlug)).value;
    const event = await this.events.findVisible(idOrSlug, viewer);
    const view = await this.publicView(event);
    return event.organizationId === viewer.organizationId ? { ...view, version: event.version } : view;
  }

  /** The public view from the read cache: any change to the event, its panel or its organization drops it. */
  getPublicCached(idOrSlug: string): Promise<Cached<EventPublicView>> {
    let organizationId = '';
    return this.cache.read(
      `event:${idOrSlug}`,
      async () => {
        const event = await this.events.findVisible(idOrSlug);
        organizationId = event.organizationId;
        return this.publicView(event);
      },
      (view) => [`event:${view.id}`, `organization:${organizationId}`],
    );
  }

  /** The event a projector's join code names, for those who may see it. */
  async getByJoinCode(code: string): Promise<EventPublicView> {
    return this.publicView(await this.events.findByJoinCode(code));
  }

  joinCode(event: Pick<Event, 'id'>): Promise<string> {
    return this.events.joinCode(event);
  }

  async listPublic({ when, ...page }: PublicEventsQuery): Promise<Page<EventPublicView>> {
    const { items, nextCursor } = await this.repository.listPublished(when, page);
    return { items: await this.publicViews(items), nextCursor };
  }

  async listForOrganization(organizationId: string, page: PageQuery): Promise<Page<EventView>> {
    const { items, nextCursor } = await this.repository.listForOrganization(organizationId, page);
    return { items: items.map(EventView.of), nextCursor };
  }
}
