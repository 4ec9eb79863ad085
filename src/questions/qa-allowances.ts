import { Injectable } from '@nestjs/common';
import { ThrottleCounts, type Allowance } from '../common/throttle-counts.js';

const MINUTE = 60_000;

/**
 * Participant tokens one source (an address, hashed) may mint for one event: a hall of 300 on one
 * Wi-Fi joins once each and stays under it; a script minting a token per vote stops here, so it
 * casts no more votes than such a hall could.
 */
const PARTICIPANTS_PER_SOURCE: Allowance = { limit: 400, ttlMs: 60 * MINUTE };
/** Questions one participant asks: enough for anyone, and no event-wide budget a flood could spend. */
const QUESTIONS_PER_PARTICIPANT: Allowance = { limit: 5, ttlMs: 10 * MINUTE };
/** Paper cards one member types in: counted on their own, never against attendees' traffic. */
const CARDS_PER_MEMBER: Allowance = { limit: 60, ttlMs: MINUTE };

/** What one source may do at a forum's Q&A, without tracking anyone. Moderator panelists' cards are limited per link on their route. */
@Injectable()
export class QaAllowances {
  constructor(private readonly counts: ThrottleCounts) {}

  participantMinted(eventId: string, source: string): Promise<void> {
    return this.counts.spend('qa-participants', `${eventId}:${source}`, 1, PARTICIPANTS_PER_SOURCE);
  }

  questionAsked(participantId: string): Promise<void> {
    return this.counts.spend('qa-questions', participantId, 1, QUESTIONS_PER_PARTICIPANT);
  }

  cardEntered(memberId: string): Promise<void> {
    return this.counts.spend('qa-cards', memberId, 1, CARDS_PER_MEMBER);
  }
}
