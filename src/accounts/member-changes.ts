import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A feature that holds something a member's credentials opened (a live stream) and must close it. */
export interface MemberChangeListener {
  /** Runs in the transaction that removes the member or ends their sessions (a new password). */
  memberRevoked(manager: EntityManager, memberId: string): Promise<void>;
}

/**
 * Organizations tells of revoked members here; features above it register at start-up, so
 * organizations imports none of them (as events/event-changes.ts does for events).
 */
@Injectable()
export class MemberChangeNotifier {
  private readonly listeners: MemberChangeListener[] = [];

  register(listener: MemberChangeListener): void {
    this.listeners.push(listener);
  }

  async memberRevoked(manager: EntityManager, memberId: string): Promise<void> {
    for (const listener of this.listeners) await listener.memberRevoked(manager, memberId);
  }
}
