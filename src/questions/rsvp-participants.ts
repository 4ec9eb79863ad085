/**
 * The seam to RSVPs: an attendee's manage token also works as their participant token.
 * The RSVP module provides the real lookup under this token, e.g. in QuestionsModule:
 * `{ provide: RSVP_PARTICIPANTS, useExisting: RsvpParticipantLookup }` (importing RsvpsModule);
 * until then no manage token is known here.
 */
export const RSVP_PARTICIPANTS = Symbol('RSVP_PARTICIPANTS');

export interface RsvpParticipants {
  /**
   * The id of the event's RSVP whose manage token this is, or null (unknown token, another
   * event's RSVP, or one whose link no longer works). Q&A keeps one participant per RSVP id.
   */
  rsvpIdOf(eventId: string, manageToken: string): Promise<string | null>;
}

export const noRsvpParticipants: RsvpParticipants = { rsvpIdOf: async () => null };
