import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MANAGERS, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { decodeSequenceCursor } from '../common/time-cursor.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { countByStatus } from '../common/status-counts.js';
import { hashToken, isWellFormedToken, newSecretToken } from '../common/tokens.js';
import { EventChangeNotifier } from '../events/event-changes.js';
import { EventCancelledError, EventOverError } from '../events/event-errors.js';
import { Event } from '../events/event.entity.js';
import { isOver } from '../events/event-rules.js';
import { EventsService } from '../events/events.service.js';
import { MailAllowances } from '../accounts/mail-allowances.js';
import type { CreatePanelistDto, UpdatePanelistDto } from './dto/panelist.dto.js';
import { PanelistPublicView } from '../events/dto/panelist-public.views.js';
import { PanelistView } from './dto/panelist.views.js';
import { Panelist, PANELIST_STATUSES, type PanelistStatus } from '../events/panelist.entity.js';
import { PanelistsRepository } from './panelists.repository.js';
import { InvitationAnsweredError, PanelClosedError, PanelistEmailTakenError } from './panelist-errors.js';

/** A panel event's panelists; their private link token is stored only as a hash. */
@Injectable()
export class PanelistsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly notifier: EventChangeNotifier,
    private readonly allowances: MailAllowances,
    private readonly clock: Clock,
    private readonly repository: PanelistsRepository,
  ) {}

  /** For the event's stats: invitations by their answer. */
  countsByStatus(eventId: string): Promise<Record<PanelistStatus, number>> {
    return countByStatus(this.dataSource, Panelist, eventId, PANELIST_STATUSES);
  }

  /** `sender`: the member whose invitation this is, counted against their and their organization's mail allowance. */
  add(sender: AuthenticatedOrganizer, eventId: string, fields: CreatePanelistDto): Promise<Panelist> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.events.findOwned(sender.organizationId, eventId, manager);
      await this.allowances.invitationSent(sender, manager);
      return this.invite(manager, event, fields);
    });
  }

  /** Adds the panelist and hands the invitation (with the only copy of the token) to the mail hook. */
  async invite(manager: EntityManager, event: Event, fields: CreatePanelistDto): Promise<Panelist> {
    if (event.status === 'cancelled') throw new PanelClosedError();
    const token = newSecretToken();
    const panelist = manager.create(Panelist, {
      eventId: event.id,
      name: fields.name,
      email: fields.email,
      affiliation: fields.affiliation || null,
      bio: fields.bio || null,
      role: fields.role,
      language: fields.language ?? 'en',
      status: 'invited',
      tokenHash: hashToken(token),
    });
    const saved = await this.saveChecked(manager, panelist);
    await this.notifier.panelistInvited(manager, saved, event, token);
    return saved;
  }

  /** Owners and organizers see everyone with email and status; anyone else the confirmed panel only. */
  async list(
    eventId: string,
    viewer: AuthenticatedOrganizer | undefined,
    { limit, cursor }: PageQuery,
  ): Promise<Page<PanelistView | PanelistPublicView>> {
    const event = await this.events.findVisible(eventId, viewer);
    const managing = viewer?.organizationId === event.organizationId && MANAGERS.includes(viewer.role);
    const after = decodeSequenceCursor(cursor);
    const rows = await this.repository.page(this.dataSource.manager, event.id, { everyone: managing, after, limit: limit + 1 });
    return toPage(rows, limit, (row) => [row.position], managing ? PanelistView.of : PanelistPublicView.of);
  }

  /** How each event's panel has answered, for the organizers' list of forums. */
  answerCounts(eventIds: string[]): Promise<Map<string, Record<PanelistStatus, number>>> {
    return this.repository.answerCounts(this.dataSource.manager, eventIds);
  }

  update(sender: AuthenticatedOrganizer, eventId: string, panelistId: string, fields: UpdatePanelistDto): Promise<Panelist> {
    return this.dataSource.transaction(async (manager) => {
      const { panelist, event } = await this.findOwned(manager, sender.organizationId, eventId, panelistId);
      const readdressed = fields.email !== undefined && fields.email.toLowerCase() !== panelist.email.toLowerCase();
      const previousRole = panelist.role;
      if (fields.name !== undefined) panelist.name = fields.name;
      if (fields.email !== undefined) panelist.email = fields.email;
      if (fields.affiliation !== undefined) panelist.affiliation = fields.affiliation || null;
      if (fields.bio !== undefined) panelist.bio = fields.bio || null;
      if (fields.role !== undefined) panelist.role = fields.role;
      if (fields.language !== undefined) panelist.language = fields.language;
      // The old address was somebody else's: its holder hears nothing more, the new one is invited afresh.
      if (readdressed) {
        await this.allowances.invitationSent(sender, manager);
        return this.reinvite(manager, panelist, event);
      }
      const saved = await this.saveChecked(manager, panelist);
      if (saved.role !== previousRole) await this.notifier.panelistRoleChanged(manager, saved, event);
      return saved;
    });
  }

  /** A new invitation with a new private link (the earlier link stops working), e.g. when the first email was lost. */
  resendInvitation(sender: AuthenticatedOrganizer, eventId: string, panelistId: string): Promise<Panelist> {
    return this.dataSource.transaction(async (manager) => {
      const { panelist, event } = await this.findOwned(manager, sender.organizationId, eventId, panelistId);
      if (panelist.status !== 'invited') throw new InvitationAnsweredError(panelist.status);
      await this.allowances.invitationSent(sender, manager);
      return this.reinvite(manager, panelist, event);
    });
  }

  private async reinvite(manager: EntityManager, panelist: Panelist, event: Event): Promise<Panelist> {
    if (event.status === 'cancelled') throw new PanelClosedError();
    const token = newSecretToken();
    panelist.tokenHash = hashToken(token);
    panelist.status = 'invited';
    panelist.respondedAt = null;
    const saved = await this.saveChecked(manager, panelist);
    await this.notifier.panelistInvited(manager, saved, event, token);
    return saved;
  }

  remove(organizationId: string, eventId: string, panelistId: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const { panelist, event } = await this.findOwned(manager, organizationId, eventId, panelistId);
      await this.notifier.panelistRemoved(manager, panelist, event);
      await manager.delete(Panelist, { id: panelist.id });
    });
  }

  /** The panelist behind a private link, and their event whatever its status. */
  byToken(token: string): Promise<{ panelist: Panelist; event: Event }> {
    return this.findByToken(this.dataSource.manager, token, false);
  }

  /**
   * Accepting twice changes nothing; a panelist who declined may still accept (people change
   * their minds) and one who accepted may decline, while the event is neither cancelled nor over.
   */
  respond(token: string, answer: 'confirmed' | 'declined'): Promise<{ panelist: Panelist; event: Event }> {
    return this.dataSource.transaction(async (manager) => {
      const { panelist, event } = await this.findByToken(manager, token, true);
      if (panelist.status === answer) return { panelist, event };
      if (event.status === 'cancelled') throw new EventCancelledError('The event was cancelled.');
      if (isOver(event, this.clock.now())) throw new EventOverError();
      const wasConfirmed = panelist.status === 'confirmed';
      panelist.status = answer;
      panelist.respondedAt = this.clock.now();
      const saved = await manager.save(panelist);
      if (answer === 'confirmed') await this.notifier.panelistAccepted(manager, saved, event);
      else await this.notifier.panelistDeclined(manager, saved, event, wasConfirmed);
      return { panelist: saved, event };
    });
  }

  /**
   * With `lock`, the event is locked (shared) before the panelist, the order every change of an
   * event and its panel takes: an answer then waits for a change of the event in progress and
   * sees it, instead of deadlocking with it (the mail hooks update the panelist row again, and
   * that second update checks the event's foreign key).
   */
  private async findByToken(manager: EntityManager, token: string, lock: boolean) {
    const found = isWellFormedToken(token) ? await manager.findOneBy(Panelist, { tokenHash: hashToken(token) }) : null;
    if (!found) throw new NotFoundError('The invitation');
    if (!lock) return { panelist: found, event: await manager.findOneByOrFail(Event, { id: found.eventId }) };
    const event = await manager.findOneOrFail(Event, { where: { id: found.eventId }, lock: { mode: 'pessimistic_read' } });
    const panelist = await manager.findOne(Panelist, { where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
    // Removed while this waited for the event.
    if (!panelist) throw new NotFoundError('The invitation');
    return { panelist, event };
  }

  private async findOwned(manager: EntityManager, organizationId: string, eventId: string, panelistId: string) {
    const event = await this.events.findOwned(organizationId, eventId, manager);
    const panelist = isUuid(panelistId)
      ? await manager.findOne(Panelist, { where: { id: panelistId, eventId: event.id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!panelist) throw new NotFoundError('The panelist');
    return { panelist, event };
  }

  private async saveChecked(manager: EntityManager, panelist: Panelist): Promise<Panelist> {
    try {
      return await manager.transaction((inner) => inner.save(panelist));
    } catch (error) {
      if (isUniqueViolation(error, 'panelists_event_email_key')) throw new PanelistEmailTakenError();
      throw error;
    }
  }
}
