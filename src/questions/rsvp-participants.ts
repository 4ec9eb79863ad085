/**
 * The seam to RSVPs: an attendee's manage token also works as their participant token.
 * QuestionsModule provides RsvpsModule's RsvpParticipantLookup under this token.
 */
export const RSVP_PARTICIPANTS = Symbol('RSVP_PARTICIPANTS');

export interface RsvpParticipants {
  /**
   * The id of the event's RSVP whose manage token this is, or null (unknown token, another
   * event's RSVP, or one whose link no longer works). Q&A keeps one participant per RSVP id.
   */
  rsvpIdOf(eventId: string, manageToken: string): Promise<string | null>;
}
