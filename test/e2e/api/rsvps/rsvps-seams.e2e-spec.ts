import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newPublishedEvent } from '../../../support/event-factory.js';
import { expectErrorShape } from '../../../support/http.js';
import { documentedRoutes } from '../../../support/openapi.js';
import { booked, rsvpBody, startMailedApp, stopMailedApp } from '../../../support/rsvps.js';
import type { SmtpSink } from '../../../support/smtp-sink.js';
import type { SignedUp, TestApp } from '../../../support/test-app.js';

describe('RSVPs: the manage token in Q&A, and the documented routes', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => ({ sink, t, org } = await startMailedApp()));
  afterAll(() => stopMailedApp({ t, sink }));

  it('accepts a manage token as the participant token of its own event only, until the data is erased', async () => {
    const event = await newPublishedEvent(t, org.token, { questions: { enabled: true, moderation: 'post', allowAnonymous: true } });
    const other = await newPublishedEvent(t, org.token, { questions: { enabled: true, moderation: 'post', allowAnonymous: true } });
    const [token] = await booked(t, sink, event.id, [rsvpBody(t)]);
    const ask = (eventId: string, body: string) =>
      t.api.post(`/api/events/${eventId}/questions`, { body }, { headers: { 'x-participant-token': token! } });
    expect((await ask(event.id, 'Where can families get legal help?')).status).toBe(201);
    expectErrorShape(await ask(other.id, 'A question for another event'), 401);
    await t.api.delete(`/api/rsvps/${token}?erase=true`);
    expectErrorShape(await ask(event.id, 'Still me after erasure?'), 401);
  });

  it('documents every RSVP route in OpenAPI with a tag, a summary and a typed answer', async () => {
    const routes = await documentedRoutes(t, /rsvps|rsvp-challenge|check-in|erase-personal-data/);
    expect(routes.map(({ route }) => route).sort()).toEqual([
      'delete /api/events/{id}/rsvps/{rsvpId}',
      'delete /api/events/{id}/rsvps/{rsvpId}/check-in',
      'delete /api/rsvps/{token}',
      'get /api/events/{id}/check-ins/conflicts',
      'get /api/events/{id}/rsvps',
      'get /api/rsvp-challenge',
      'get /api/rsvps/{token}',
      'get /api/rsvps/{token}/calendar.ics',
      'patch /api/rsvps/{token}',
      'post /api/events/{id}/check-in',
      'post /api/events/{id}/check-ins/sync',
      'post /api/events/{id}/erase-personal-data',
      'post /api/events/{id}/rsvps',
      'post /api/events/{id}/rsvps/release',
      'post /api/events/{id}/rsvps/{rsvpId}/check-in',
    ]);
    for (const route of routes) expect(route).toEqual({ route: route.route, tags: ['rsvps'], summary: true, typed: true });
  });
});
