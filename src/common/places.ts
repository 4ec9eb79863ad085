/** Where a forum takes place, as its rows hold it. */
export interface Venue {
  venueName: string | null;
  venueRoom: string | null;
  venueAddress: string | null;
}

/** "Hall, Room, Address", or null when the event has no physical venue: how emails and invites name the place. */
export function placeOf(venue: Venue): string | null {
  return [venue.venueName, venue.venueRoom, venue.venueAddress].filter(Boolean).join(', ') || null;
}
