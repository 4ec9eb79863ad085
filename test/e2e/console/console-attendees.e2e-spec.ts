import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../../support/browser.js';
import { ConsoleClient, lookAt, signIn } from '../../support/console.js';
import { newPublishedEvent, tonight } from '../../support/event-factory.js';
import { rsvp, rsvpBody } from '../../support/rsvps.js';
import { type SignedUp, TEST_PASSWORD, TestApp } from '../../support/test-app.js';
import { bookWithoutEmail } from '../../support/proof-of-work.js';

/** The names on one list page, in order. */
const namesIn = (html: string) =>
  [...html.matchAll(/<h2 class="card-title">(?:<span class="badge">[^<]*<\/span> )?([^<]+)<\/h2>/g)].map((match) => match[1]);

describe('the attendees page of the console', () => {
  let t: TestApp;
  let org: SignedUp;
  let browser: TestBrowser;
  let event: { id: string; slug: string };
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization('Broome Residents Coalition');
    browser = await TestBrowser.launch();
    event = await newPublishedEvent(t, org.token, { capacity: 56, maxPartySize: 4, ...tonight() });
    // 55 single guests in a known order, then two parties that no longer fit.
    for (let i = 1; i <= 55; i++) {
      expect((await rsvp(t, event.id, rsvpBody(t, { name: `Guest ${String(i).padStart(2, '0')}`, partySize: 1 }))).status).toBe(202);
    }
    await rsvp(
      t,
      event.id,
      rsvpBody(t, { name: 'Rosa Martínez', partySize: 4, language: 'es', accessibilityNeeds: 'A seat near the interpreter' }),
    );
    await rsvp(t, event.id, rsvpBody(t, { name: 'Waiting Walter', partySize: 3 }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('pages through the confirmed in arrival order, shows the waitlist in its exact order, and searches by name or email', async () => {
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const first = await client.get(`/console/events/${event.id}/attendees`);
    expect(first.status).toBe(200);
    expect(first.html).toContain('55 confirmed');
    expect(first.html).toContain('2 on the waitlist');
    expect(namesIn(first.html)).toHaveLength(50);
    expect(namesIn(first.html)[0]).toBe('Guest 01');
    const next = /<a class="button secondary" href="([^"]+)">Next page<\/a>/
      .exec(first.html)![1]!
      .replaceAll('&amp;', '&')
      .replaceAll('&#x3D;', '=');
    const second = await client.get(next);
    expect(namesIn(second.html)).toEqual(['Guest 51', 'Guest 52', 'Guest 53', 'Guest 54', 'Guest 55']);

    const waiting = await client.get(`/console/events/${event.id}/attendees?status=waitlisted`);
    expect(waiting.html).toMatch(/#1 in line<\/span> Rosa Martínez[\s\S]*#2 in line<\/span> Waiting Walter/);
    expect(waiting.html).toContain('A seat near the interpreter');

    const found = await client.get(`/console/events/${event.id}/attendees?status=waitlisted&q=mart%C3%8DN`);
    expect(namesIn(found.html)).toEqual(['Rosa Martínez']);
    const literal = await client.get(`/console/events/${event.id}/attendees?q=%25`);
    expect(literal.html).toContain('Nobody here matches “%”.');
  });

  it('checks a party in and undoes it, and the API agrees', async () => {
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const list = await t.api.get(`/api/events/${event.id}/rsvps?q=Guest%2007`, { token: org.token });
    const guest = list.body.items[0];
    const back = `/console/events/${event.id}/attendees?status=confirmed&q=Guest+07`;
    const checked = await client.post(
      `/console/events/${event.id}/attendees/${guest.id}/check-in?back=${encodeURIComponent(back)}`,
      {},
      back,
    );
    expect(checked.location).toBe(back);
    expect((await t.api.get(`/api/events/${event.id}/rsvps?q=Guest%2007`, { token: org.token })).body.items[0].checkedInAt).not.toBeNull();
    expect((await client.get(back)).html).toMatch(/Checked in at \d/);
    const undone = await client.post(
      `/console/events/${event.id}/attendees/${guest.id}/undo-check-in?back=https%3A%2F%2Fevil.example`,
      {},
      back,
    );
    expect(undone.location).toBe(`/console/events/${event.id}/attendees`);
    expect((await t.api.get(`/api/events/${event.id}/rsvps?q=Guest%2007`, { token: org.token })).body.items[0].checkedInAt).toBeNull();
    const again = await t.api.delete(`/api/events/${event.id}/rsvps/${guest.id}/check-in`, { token: org.token });
    expect(again.status).toBe(200);
    expect(again.body.checkedInAt).toBeNull();
  });

  it('lists a code two doors scanned without signal, with the name for organizers', async () => {
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const guest = (await t.api.get(`/api/events/${event.id}/rsvps?q=Guest%2012`, { token: org.token })).body.items[0];
    const scan = (device: string, at: string) =>
      t.api.post(
        `/api/events/${event.id}/check-ins/sync`,
        { device, checkIns: [{ id: randomUUID(), code: guest.checkInCode, at }], walkIns: [] },
        { token: org.token },
      );
    const earlier = new Date(Date.now() - 120_000).toISOString();
    expect((await scan('north-door', earlier)).status).toBe(200);
    expect((await scan('south-door', new Date(Date.now() - 60_000).toISOString())).status).toBe(200);
    const page = (await client.get(`/console/events/${event.id}/attendees`)).html;
    expect(page).toContain('Scanned twice');
    const listed = /<ul class="double-scans">([\s\S]*?)<\/ul>/.exec(page)![1]!;
    expect(listed).toContain(guest.checkInCode);
    expect(listed).toContain('Guest 12');
    expect(listed).toMatch(/north-door[\s\S]*south-door/);
  });

  it('offers check-in only on the day, and says when the door opens', async () => {
    const later = await newPublishedEvent(t, org.token, { capacity: 10 });
    await rsvp(t, later.id, rsvpBody(t, { name: 'Early Ellen', partySize: 2 }));
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const page = (await client.get(`/console/events/${later.id}/attendees`)).html;
    expect(page).toContain('Early Ellen');
    expect(page).toMatch(/Check-in opens on [^<]+ at \d/);
    expect(page).not.toContain('/check-in?back=');
    // On the day itself the buttons are there (the list of tonight's forum above).
    expect((await client.get(`/console/events/${event.id}/attendees`)).html).toContain('/check-in?back=');
  });

  it('cancels a booking for someone who phoned: told by email, and the waitlist keeps its strict order', async () => {
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const [guest] = (await t.api.get(`/api/events/${event.id}/rsvps?q=Guest%2055`, { token: org.token })).body.items;
    const confirm = await client.get(`/console/events/${event.id}/attendees/${guest.id}/cancel`);
    expect(confirm.html).toContain('1 confirmed attendee');
    const cancelled = await client.post(
      `/console/events/${event.id}/attendees/${guest.id}/cancel`,
      {},
      `/console/events/${event.id}/attendees/${guest.id}/cancel`,
    );
    expect(cancelled.location).toBe(`/console/events/${event.id}/attendees?status=cancelled`);
    const { items } = (await t.api.get(`/api/events/${event.id}/rsvps?status=cancelled`, { token: org.token })).body;
    expect(items.map((item: { name: string }) => item.name)).toEqual(['Guest 55']);
    expect(
      (
        await t.sql(`SELECT count(*)::int AS n FROM mail_outbox WHERE recipient_address = $1 AND template = 'rsvp-cancelled'`, [
          guest.email,
        ])
      )[0].n,
    ).toBe(1);
    // Two seats are free now, but Rosa's party of 4 at the head still does not fit: nobody overtakes her.
    expect(
      (await t.api.get(`/api/events/${event.id}/rsvps?status=waitlisted`, { token: org.token })).body.items.map(
        (item: { name: string }) => item.name,
      ),
    ).toEqual(['Rosa Martínez', 'Waiting Walter']);
  });

  it("downloads the list as the API's CSV, and never shows it to a moderator", async () => {
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const response = await fetch(`${t.baseUrl}/console/events/${event.id}/attendees.csv?status=waitlisted`, {
      headers: { cookie: client.cookieHeader },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await response.text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(csv).toContain('Rosa Martínez');

    const moderator = await t.newMember(org.organization.id, 'moderator');
    const modClient = new ConsoleClient(t);
    await modClient.signIn(moderator.email, TEST_PASSWORD);
    expect((await modClient.get(`/console/events/${event.id}/attendees`)).status).toBe(403);
    expect((await modClient.get(`/console/events/${event.id}/attendees.csv`)).status).toBe(403);
    expect((await modClient.get(`/console/events/${event.id}`)).html).not.toContain('/attendees');
  });

  it("heads the console's CSV in the reader's language, while the API's keeps the field names", async () => {
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const headerOf = async (url: string, headers: Record<string, string>) =>
      (await (await fetch(`${t.baseUrl}${url}`, { headers })).text()).replace(/^\uFEFF/, '').split('\r\n')[0];
    const consoleCsv = `/console/events/${event.id}/attendees.csv`;
    expect(await headerOf(consoleCsv, { cookie: client.cookieHeader, 'accept-language': 'en' })).toBe(
      'Booking,Name,Email,People,Status,Language,Accessibility needs,Place on the waitlist,Check-in code,Checked in at,Booked at',
    );
    expect(await headerOf(consoleCsv, { cookie: client.cookieHeader, 'accept-language': 'es-MX,es;q=0.9' })).toBe(
      'Reserva,Nombre,Correo electrónico,Personas,Estado,Idioma,Necesidades de accesibilidad,Puesto en la lista de espera,Código de entrada,Entrada registrada,Reservado el',
    );
    expect(await headerOf(consoleCsv, { cookie: `${client.cookieHeader}; lang=es`, 'accept-language': 'en' })).toMatch(/^Reserva,Nombre,/);
    expect(
      await headerOf(`/api/events/${event.id}/rsvps?format=csv`, { authorization: `Bearer ${org.token}`, 'accept-language': 'es' }),
    ).toBe('id,name,email,partySize,status,language,accessibilityNeeds,waitlistPosition,checkInCode,checkedInAt,createdAt');
  });

  it('releases a burst without an email only after a confirmation that counts it, "to" including its whole minute', async () => {
    const burst = await newPublishedEvent(t, org.token, { capacity: 10, rsvpContact: 'email-optional' });
    const booked = [
      ['Early Fake', 1, '19:04:30'],
      ['Late Fake', 2, '19:05:59.5'],
      ['After Fake', 1, '19:06:10'],
    ] as const;
    for (const [name, partySize, at] of booked) {
      const made = await bookWithoutEmail(t, burst.id, { name, partySize });
      await t.sql(`UPDATE rsvps SET created_at = ($2::timestamp AT TIME ZONE 'America/New_York') WHERE id = $1`, [
        made.body.rsvp.id,
        `2027-01-14 ${at}`,
      ]);
    }
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const list = `/console/events/${burst.id}/attendees`;
    expect((await client.get(list)).html).toMatch(/Late Fake<\/h2>[\s\S]*?Booked Thu, Jan 14, 7:05\sPM/);

    const window = { from: '2027-01-14T19:04', to: '2027-01-14T19:05' };
    const confirm = await client.post(`${list}/release`, window, list);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('2 bookings will be released.');
    expect(confirm.html).toContain('They hold 3 seats, waiting or confirmed.');
    expect(confirm.html).toContain('None of them is emailed');
    const active = async () =>
      (
        await t.sql<{ name: string }>(`SELECT name FROM rsvps WHERE event_id = $1 AND status <> 'cancelled' ORDER BY arrival`, [burst.id])
      ).map((row) => row.name);
    expect(await active()).toEqual(['Early Fake', 'Late Fake', 'After Fake']);

    const released = await client.post(`${list}/release`, { ...window, confirmed: 'true' }, list);
    expect(released.location).toBe(`${list}?released=2#no-email`);
    expect(await active()).toEqual(['After Fake']);
    const nothing = await client.post(`${list}/release`, window, list);
    expect(nothing.html).toContain('there is nothing to release');
  });

  it('reads well on a phone and a laptop', async () => {
    const { context, page } = await browser.newContext({ locale: 'en-US' });
    await signIn(page, t, org.organizer.email, TEST_PASSWORD);
    await page.goto(`${t.baseUrl}/console/events/${event.id}/attendees?status=waitlisted`);
    await lookAt(page, 'attendees');
    await page.goto(`${t.baseUrl}/console/events/${event.id}/attendees`);
    await page.getByRole('link', { name: /^Cancel this booking\s*: Guest 02$/ }).click();
    await lookAt(page, 'attendee-cancel');
    await page.goto(`${t.baseUrl}/console/events/${event.id}/attendees`);
    await page.getByRole('button', { name: /^Check in\s*: Guest 01$/ }).click();
    await page.waitForLoadState();
    expect(await page.innerText('main')).toMatch(/Checked in at/);
    await context.close();
  });
});
