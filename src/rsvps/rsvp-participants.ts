import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashToken, isWellFormedToken } from '../common/tokens.js';

/**
 * Lets an attendee's manage token stand for them in Q&A (the API: "an RSVP manage token also
 * works"); erased RSVPs have no tokens left.
 */
@Injectable()
export class RsvpParticipantLookup {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The id of the event's RSVP whose manage token this is, or null (unknown token, another
   * event's RSVP, or one whose link no longer works). Q&A keeps one participant per RSVP id.
   */
  async rsvpIdOf(eventId: string, manageToken: string): Promise<string | null> {
    if (!isWellFormedToken(manageToken)) return null;
    const [row]: { id: string }[] = await this.dataSource.query(
      `SELECT rsvp.id FROM rsvp_manage_tokens token JOIN rsvps rsvp ON rsvp.id = token.rsvp_id
       WHERE token.token_hash = $1 AND rsvp.event_id = $2`,
      [hashToken(manageToken), eventId],
    );
    return row?.id ?? null;
  }
}
