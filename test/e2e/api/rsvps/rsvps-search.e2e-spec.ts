import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConsoleClient } from '../../../support/console.js';
import { newPublishedEvent } from '../../../support/event-factory.js';
import { rsvp, rsvpBody } from '../../../support/rsvps.js';
import { type SignedUp, TEST_PASSWORD, TestApp } from '../../../support/test-app.js';

/** Names typed on a phone without accents or capitals still find the people who wrote them with. */
describe('attendee search, as people type names', () => {
  let t: TestApp;
  let org: SignedUp;
  let event: { id: string };
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization('Lower East Side Tenants');
    event = await newPublishedEvent(t, org.token, { capacity: 20 });
    // "Ñ" decomposed (N + combining tilde), as some keyboards send it.
    for (const name of ['Carmen Núñez', 'Anders Ångström', 'Lucía Martín', 'Tom Nunn', 'Ana Ordo\u0301n\u0303ez']) {
      expect((await rsvp(t, event.id, rsvpBody(t, { name, partySize: 1 }))).status).toBe(202);
    }
  }, 120_000);
  afterAll(() => t.close());

  const apiNames = async (q: string) =>
    (await t.api.get(`/api/events/${event.id}/rsvps?q=${encodeURIComponent(q)}`, { token: org.token })).body.items.map(
      (item: { name: string }) => item.name,
    );

  it('finds Núñez by "nunez", Ångström by "angstrom" and Martín by "MARTIN" in the API', async () => {
    expect(await apiNames('nunez')).toEqual(['Carmen Núñez']);
    expect(await apiNames('angstrom')).toEqual(['Anders Ångström']);
    expect(await apiNames('MARTIN')).toEqual(['Lucía Martín']);
    expect(await apiNames('ordonez')).toEqual(['Ana Ordo\u0301n\u0303ez']);
    // Typed with the accents, it still finds them, and no one else.
    expect(await apiNames('ÚÑE')).toEqual(['Carmen Núñez']);
    expect(await apiNames('nun')).toEqual(['Carmen Núñez', 'Tom Nunn']);
  });

  it('finds them alike in the CSV export and the console list', async () => {
    const csv = await fetch(`${t.baseUrl}/api/events/${event.id}/rsvps?format=csv&q=angstrom`, {
      headers: { authorization: `Bearer ${org.token}` },
    });
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',Anders Ångström,');

    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const page = await client.get(`/console/events/${event.id}/attendees?q=nunez`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Carmen Núñez');
    expect(page.html).not.toContain('Tom Nunn');
  });
});
