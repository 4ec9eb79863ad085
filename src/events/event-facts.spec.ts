import { describe, expect, it } from '@jest/globals';
import type { Organization } from '../accounts/organization.entity.js';
import { EventPublicView } from './dto/event.views.js';
import type { Event } from './event.entity.js';
import { eventFacts, letterFacts } from './event-facts.js';

const event = {
  id: 'e1',
  slug: 'housing-forum',
  title: 'Housing forum',
  summary: null,
  description: null,
  titleEs: 'Foro de vivienda',
  summaryEs: null,
  descriptionEs: null,
  startsAt: new Date('2030-12-05T23:30:00Z'),
  endsAt: new Date('2030-12-06T01:30:00Z'),
  timezone: 'America/New_York',
  venueName: 'Library',
  venueRoom: 'Room 2',
  venueAddress: '1 Main St, Springfield',
  venueAccessibilityNotes: 'Step-free entrance',
  onlineUrl: null,
  capacity: 40,
  seatsTaken: 0,
  waitlisted: 0,
  waitlistEnabled: true,
  maxPartySize: 4,
  rsvpContact: 'email-required',
  languages: ['en'],
  interpretation: 'ASL',
  questionsEnabled: true,
  questionsModeration: 'post',
  questionsAllowAnonymous: true,
  status: 'published',
  sequence: 0,
  cancellationReason: null,
} as unknown as Event;
const organization = { name: 'Springfield Neighbors', slug: 'springfield' } as Organization;

describe("an event's facts", () => {
  it('are the same on its page and in a letter, which links to the page and names the Spanish title to a Spanish reader', () => {
    const page = eventFacts(EventPublicView.of(event, organization, []));
    const english = letterFacts(event, organization, 'https://townhall.example', 'en');
    const spanish = letterFacts(event, organization, 'https://townhall.example', 'es');
    expect(english).toEqual({ ...page, url: 'https://townhall.example/events/housing-forum' });
    expect(page).toMatchObject({
      title: 'Housing forum',
      organizationName: 'Springfield Neighbors',
      place: 'Library, Room 2, 1 Main St, Springfield',
      mapUrl: 'https://www.openstreetmap.org/search?query=1%20Main%20St%2C%20Springfield',
      accessibilityNotes: 'Step-free entrance',
      url: '/events/housing-forum',
    });
    expect(spanish.title).toBe('Foro de vivienda');
  });

  it('give a draft no link: its page answers 404 outside the organization', () => {
    expect(letterFacts({ ...event, status: 'draft' } as Event, organization, 'https://townhall.example', 'en').url).toBeNull();
  });

  it('give an online-only event no place and no map', () => {
    const online = {
      ...event,
      venueName: null,
      venueRoom: null,
      venueAddress: null,
      venueAccessibilityNotes: null,
      onlineUrl: 'https://stream.example',
    } as unknown as Event;
    expect(letterFacts(online, organization, '', 'en')).toMatchObject({
      venue: null,
      place: null,
      mapUrl: null,
      accessibilityNotes: null,
      onlineUrl: 'https://stream.example',
    });
  });
});
