import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventChangeNotifier, type EventChangeListener } from '../events/event-changes.js';
import { MemberChangeNotifier, type MemberChangeListener } from '../accounts/member-changes.js';
import type { Panelist } from '../events/panelist.entity.js';
import { QuestionSignals } from './question-signals.js';

/**
 * A panelist who declines, is removed, changes role or gets a new link (the old one stops
 * working) loses the streams their link opened, on every instance, once the change commits:
 * reconnecting checks the link again, so a former moderator no longer receives pending questions.
 * The same for a member removed from the organization or whose sessions ended.
 */
@Injectable()
export class StreamRevocations implements EventChangeListener, MemberChangeListener, OnModuleInit {
  constructor(
    private readonly notifier: EventChangeNotifier,
    private readonly memberChanges: MemberChangeNotifier,
    private readonly signals: QuestionSignals,
  ) {}

  onModuleInit(): void {
    this.notifier.register(this);
    this.memberChanges.register(this);
  }

  /** A removed member, or one whose password changed: the streams their token opened end too. */
  memberRevoked(manager: EntityManager, memberId: string): Promise<void> {
    return this.signals.revoke(manager, memberId);
  }

  /** A first invitation has no stream yet; a new one (resent, or to a corrected address) replaces the link. */
  panelistInvited(manager: EntityManager, panelist: Panelist): Promise<void> {
    return this.signals.revoke(manager, panelist.id);
  }

  panelistDeclined(manager: EntityManager, panelist: Panelist): Promise<void> {
    return this.signals.revoke(manager, panelist.id);
  }

  panelistRemoved(manager: EntityManager, panelist: Panelist): Promise<void> {
    return this.signals.revoke(manager, panelist.id);
  }

  panelistRoleChanged(manager: EntityManager, panelist: Panelist): Promise<void> {
    return this.signals.revoke(manager, panelist.id);
  }
}
