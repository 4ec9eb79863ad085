import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashToken, isWellFormedToken, newSecretToken } from '../common/tokens.js';
import type { Event } from '../events/event.entity.js';
import { RsvpParticipantLookup } from '../rsvps/rsvp-participants.js';
import { Participant } from './participant.entity.js';
import { ParticipantTokenError } from './question-errors.js';

export const PARTICIPANT_HEADER = 'x-participant-token';

/** Anonymous identities for asking and voting; the token is stored only as a hash. */
@Injectable()
export class ParticipantsService {
  constructor(
    @InjectRepository(Participant) private readonly participants: Repository<Participant>,
    private readonly rsvps: RsvpParticipantLookup,
  ) {}

  async create(event: Event): Promise<string> {
    const token = newSecretToken();
    await this.participants.insert({ eventId: event.id, tokenHash: hashToken(token) });
    return token;
  }

  /** The participant id behind a token at this event: a participant token, or an RSVP manage token. */
  async resolve(eventId: string, token: string | undefined): Promise<string> {
    if (!isWellFormedToken(token)) throw new ParticipantTokenError();
    const participant = await this.participants.findOneBy({ tokenHash: hashToken(token) });
    if (participant) {
      if (participant.eventId !== eventId) throw new ParticipantTokenError();
      return participant.id;
    }
    const rsvpId = await this.rsvps.rsvpIdOf(eventId, token);
    if (!rsvpId) throw new ParticipantTokenError();
    const known = await this.participants.findOneBy({ rsvpId });
    if (known) return known.id;
    // The first use of this manage token here; a concurrent first use gets the same row.
    const [row] = await this.participants.query(
      `INSERT INTO participants (event_id, rsvp_id) VALUES ($1, $2)
       ON CONFLICT (rsvp_id) DO UPDATE SET rsvp_id = EXCLUDED.rsvp_id RETURNING id`,
      [eventId, rsvpId],
    );
    return row.id as string;
  }

  /**
   * As resolve(), for routes where the token only adds to a public answer (marking votes): a
   * missing, unknown, stale or other event's token is as if none was sent, never a 401.
   */
  async resolveIfValid(eventId: string, token: string | undefined): Promise<string | undefined> {
    if (token === undefined) return undefined;
    try {
      return await this.resolve(eventId, token);
    } catch (error) {
      if (error instanceof ParticipantTokenError) return undefined;
      throw error;
    }
  }
}
