import { describe, expect, it } from '@jest/globals';
import type { RsvpStatus } from './rsvp.entity.js';
import { feedSequence } from './rsvp-feed.js';

/** A place's life as its feed sees it: each step is one change the feed must show with a higher SEQUENCE. */
type Step = { event: number; invite: number; status: RsvpStatus };

const lives: Record<string, Step[]> = {
  'waiting, promoted, moved, event cancelled': [
    { event: 0, invite: 0, status: 'waitlisted' },
    { event: 1, invite: 0, status: 'waitlisted' }, // moved while waiting
    { event: 1, invite: 0, status: 'confirmed' }, // promoted: nothing else changes
    { event: 2, invite: 1, status: 'confirmed' }, // moved again (the invite's own sequence rises with it)
    { event: 3, invite: 2, status: 'confirmed' }, // the event is cancelled
  ],
  'seated, party changed, cancelled by the attendee': [
    { event: 0, invite: 0, status: 'confirmed' },
    { event: 0, invite: 1, status: 'confirmed' },
    { event: 0, invite: 2, status: 'cancelled' },
  ],
  'waiting, passed over': [
    { event: 0, invite: 0, status: 'waitlisted' },
    { event: 0, invite: 0, status: 'cancelled' },
  ],
};

describe("the SEQUENCE of an attendee's feed", () => {
  it.each(Object.entries(lives))('rises strictly with every change: %s', (_name, steps) => {
    const sequences = steps.map(({ event, invite, status }) => feedSequence({ sequence: event }, { inviteSequence: invite, status }));
    for (let i = 1; i < sequences.length; i++) expect(sequences[i]).toBeGreaterThan(sequences[i - 1]!);
  });
});
