import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { endedDaysAgo, newPublishedEvent, panelistBody, tonight } from '../../../support/event-factory.js';
import { eventually } from '../../../support/eventually.js';
import { expectErrorShape } from '../../../support/http.js';
import { documentedRoutes } from '../../../support/openapi.js';
import { booked, manageTokenIn, rsvpBody } from '../../../support/rsvps.js';
import { type ReceivedMail, SmtpSink } from '../../../support/smtp-sink.js';
import { type SignedUp, TestApp } from '../../../support/test-app.js';

const APP_URL = 'https://townhall.example.org';
const ORGANIZATION = 'Broome Residents Coalition';
const CONTACT = 'forums@coalition.example.org';

const PARKING = {
  subject: { en: 'The parking lot is closed tonight', es: 'El estacionamiento está cerrado esta noche' },
  body: {
    en: 'Please park on Court Street.\nThe side door is open.\n\nBring <b>your</b> questions & your neighbors.',
    es: 'Por favor, estacione en Court Street.\nLa puerta lateral está abierta.\n\nTraiga sus preguntas.',
  },
};

describe('messages to attendees and the panel, received over SMTP', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  let eventId: string;
  const people: Record<string, { email: string; token: string }> = {};
  const panel: Record<string, { email: string; token: string }> = {};

  const post = (body: unknown, token = org.token, id = eventId) => t.api.post(`/api/events/${id}/messages`, body, { token });
  const list = (query = '', token = org.token, id = eventId) => t.api.get(`/api/events/${id}/messages${query}`, { token });
  const mailsWith = (subject: string) => (mail: ReceivedMail) => mail.subject.startsWith(subject);
  /** What the address received with this subject, once the message's every email is sent (so a second copy would be there too). */
  async function received(messageId: string, subject: string, address: string): Promise<ReceivedMail[]> {
    await eventually(
      async () => {
        const sent = (await list('?limit=200')).body.items.find((item: { id: string }) => item.id === messageId);
        return sent.deliveries.sent === sent.recipients ? true : undefined;
      },
      20_000,
      'every email of the message sent',
    );
    return sink.messages.filter((mail) => sink.to(address)(mail) && mailsWith(subject)(mail));
  }
  const outboxRows = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM mail_outbox'))[0]!.n;
  const messageRows = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM event_messages'))[0]!.n;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ SMTP_URL: sink.url, APP_URL });
    org = await t.newOrganization(ORGANIZATION);
    expect((await t.api.patch('/api/organization', { contactEmail: CONTACT }, { token: org.token })).status).toBe(200);
    eventId = (await newPublishedEvent(t, org.token, { title: 'Know your rights', capacity: 4, ...tonight() })).id;

    const book = async (names: [string, 'en' | 'es'][]) => {
      const bodies = names.map(([name, language]) => rsvpBody(t, { name, language, email: t.uniqueEmail(name.toLowerCase()) }));
      const tokens = await booked(t, sink, eventId, bodies);
      names.forEach(([name], index) => (people[name] = { email: String(bodies[index]!.email), token: tokens[index]! }));
    };
    await book([
      ['Ana', 'en'],
      ['Beto', 'es'],
      ['Carla', 'en'],
      ['Ivan', 'es'],
    ]);
    // Carla cancels and erases her data; Ivan only cancels. Their seats go to Dan and Eva; Fer and Gus wait.
    expect((await t.api.delete(`/api/rsvps/${people.Carla!.token}?erase=true`)).status).toBe(200);
    expect((await t.api.delete(`/api/rsvps/${people.Ivan!.token}`)).status).toBe(200);
    await book([
      ['Dan', 'es'],
      ['Eva', 'en'],
      ['Fer', 'es'],
      ['Gus', 'en'],
    ]);
    const rsvps = (await t.api.get(`/api/events/${eventId}/rsvps`, { token: org.token })).body.items as {
      id: string;
      email: string;
      status: string;
    }[];
    expect(rsvps.filter((rsvp) => rsvp.status === 'waitlisted').map((rsvp) => rsvp.email)).toEqual([people.Fer!.email, people.Gus!.email]);
    for (const name of ['Ana', 'Beto']) {
      const { id } = rsvps.find((rsvp) => rsvp.email === people[name]!.email)!;
      expect((await t.api.post(`/api/events/${eventId}/rsvps/${id}/check-in`, undefined, { token: org.token })).status).toBe(200);
    }

    for (const [name, language] of [
      ['Paz', 'es'],
      ['Quinn', 'en'],
      ['Ruth', 'en'],
    ] as const) {
      const body = panelistBody(t, { name, language, email: t.uniqueEmail(name.toLowerCase()) });
      expect((await t.api.post(`/api/events/${eventId}/panelists`, body, { token: org.token })).status).toBe(201);
      const invitation = await sink.waitFor(sink.to(String(body.email)));
      panel[name] = { email: String(body.email), token: /\/panel\/([A-Za-z0-9_-]{43,})/.exec(invitation.parsed.text ?? '')![1]! };
    }
    expect((await t.api.post(`/api/panel/${panel.Quinn!.token}/accept`)).status).toBe(200);
    expect((await t.api.post(`/api/panel/${panel.Ruth!.token}/decline`)).status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('reaches every confirmed attendee once, in their language, never the cancelled or the erased', async () => {
    const response = await post({ audience: 'confirmed', ...PARKING });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      audience: 'confirmed',
      recipients: 4,
      subject: PARKING.subject,
      body: PARKING.body,
      authorName: 'Olivia Owner',
    });
    expect(response.body.deliveries.pending + response.body.deliveries.sent + response.body.deliveries.failed).toBe(4);

    for (const [name, language] of [
      ['Ana', 'en'],
      ['Eva', 'en'],
      ['Beto', 'es'],
      ['Dan', 'es'],
    ] as const) {
      const mails = await received(response.body.id, PARKING.subject[language], people[name]!.email);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail!.subject).toBe(`${PARKING.subject[language]} · ${ORGANIZATION}`);
      expect(mail!.parsed.html).toContain(`<html lang="${language}">`);
      expect(mail!.parsed.replyTo?.text).toBe(CONTACT);
      // Each reader's own manage link, which works.
      const token = manageTokenIn(mail!, APP_URL)!;
      expect((await t.api.get(`/api/rsvps/${token}`)).body.rsvp.status).toBe('confirmed');
    }
    const english = (await received(response.body.id, PARKING.subject.en, people.Ana!.email))[0]!;
    expect(english.parsed.text).toContain(
      'Please park on Court Street.\nThe side door is open.\n\nBring <b>your</b> questions & your neighbors.',
    );
    // The organizer's text is shown as written: escaped, its lines and paragraphs kept.
    expect(english.parsed.html).toContain('Please park on Court Street.<br>The side door is open.</p>');
    expect(english.parsed.html).toContain('Bring &lt;b&gt;your&lt;/b&gt; questions &amp; your neighbors.');
    expect(english.parsed.text).toContain('Know your rights');
    expect(english.parsed.text).toContain(`A message from ${ORGANIZATION}`);
    const spanish = (await received(response.body.id, PARKING.subject.es, people.Beto!.email))[0]!;
    expect(spanish.parsed.text).toContain('Por favor, estacione en Court Street.');
    expect(spanish.parsed.text).toContain(`Un mensaje de ${ORGANIZATION}`);

    for (const name of ['Carla', 'Ivan', 'Fer', 'Gus']) {
      expect(sink.messages.filter((mail) => sink.to(people[name]!.email)(mail) && /parking|estacionamiento/i.test(mail.subject))).toEqual(
        [],
      );
    }
    const queued = await t.sql(
      `SELECT o.recipient_address FROM event_message_deliveries d JOIN mail_outbox o ON o.id = d.outbox_id WHERE d.message_id = $1`,
      [response.body.id],
    );
    expect(queued.map((row) => row.recipient_address).sort()).toEqual(
      ['Ana', 'Beto', 'Dan', 'Eva'].map((name) => people[name]!.email).sort(),
    );
  });

  it('gives the English to readers of Spanish when no Spanish was written, and reaches the waitlist', async () => {
    const message = { subject: { en: 'Seats may open up' }, body: { en: 'Keep an eye on your email tonight.' } };
    const response = await post({ audience: 'waitlisted', ...message });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ recipients: 2, subject: { en: 'Seats may open up', es: null } });
    for (const name of ['Fer', 'Gus']) {
      const [mail, ...more] = await received(response.body.id, 'Seats may open up', people[name]!.email);
      expect(more).toEqual([]);
      expect(mail!.parsed.html).toContain('<html lang="en">');
      expect(mail!.parsed.text).toContain('Keep an eye on your email tonight.');
      expect((await t.api.get(`/api/rsvps/${manageTokenIn(mail!, APP_URL)}`)).body.rsvp.status).toBe('waitlisted');
    }
  });

  it('reaches only the attendees checked in', async () => {
    const response = await post({
      audience: 'checked-in',
      subject: { en: 'Thank you for coming', es: 'Gracias por venir' },
      body: { en: 'The recording is online.', es: 'La grabación está en línea.' },
    });
    expect(response.status).toBe(201);
    expect(response.body.recipients).toBe(2);
    expect(await received(response.body.id, 'Thank you for coming', people.Ana!.email)).toHaveLength(1);
    expect(await received(response.body.id, 'Gracias por venir', people.Beto!.email)).toHaveLength(1);
    for (const name of ['Dan', 'Eva', 'Fer', 'Gus']) {
      expect(
        sink.messages.filter((mail) => sink.to(people[name]!.email)(mail) && /Thank you for coming|Gracias por venir/.test(mail.subject)),
      ).toEqual([]);
    }
  });

  it('reaches the panelists who have not declined, in their language, without an attendee link', async () => {
    const response = await post({
      audience: 'panel',
      subject: { en: 'Green room at 6', es: 'Sala de espera a las 6' },
      body: { en: 'Come early.', es: 'Venga temprano.' },
    });
    expect(response.status).toBe(201);
    expect(response.body.recipients).toBe(2);
    const [paz] = await received(response.body.id, 'Sala de espera a las 6', panel.Paz!.email);
    expect(paz!.parsed.text).toContain('Venga temprano.');
    expect(paz!.parsed.text).not.toContain('/rsvp/');
    expect(await received(response.body.id, 'Green room at 6', panel.Quinn!.email)).toHaveLength(1);
    expect(sink.messages.filter((mail) => sink.to(panel.Ruth!.email)(mail) && /Green room|Sala de espera/.test(mail.subject))).toEqual([]);
  });

  it('lists the messages newest first, page by page, with their delivery counts', async () => {
    const first = await list('?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { audience: string }) => item.audience)).toEqual(['panel', 'checked-in']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list(`?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: { audience: string }) => item.audience)).toEqual(['waitlisted', 'confirmed']);
    expect(second.body.nextCursor).toBeNull();
    const confirmed = second.body.items[1];
    expect(confirmed).toMatchObject({ recipients: 4, deliveries: { pending: 0, sent: 4, failed: 0 }, authorName: 'Olivia Owner' });
    expect(confirmed.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00$/);
    expectErrorShape(await list('?cursor=not-a-cursor'), 400);
  });

  it('refuses bad input with a 400 in the error shape, and writes and sends nothing', async () => {
    const [messagesBefore, outboxBefore] = [await messageRows(), await outboxRows()];
    const cases: [unknown, string][] = [
      [{ audience: 'everyone', ...PARKING }, 'audience'],
      [{ audience: 'confirmed', subject: { en: '' }, body: { en: 'Hi' } }, 'subject.en'],
      [{ audience: 'confirmed', subject: { en: 'Hi' } }, 'body'],
      [{ audience: 'confirmed', subject: { en: 'x'.repeat(201) }, body: { en: 'Hi' } }, 'subject.en'],
      [{ audience: 'confirmed', subject: { en: 'Hi' }, body: { en: 'x'.repeat(5001) } }, 'body.en'],
      [{ audience: 'confirmed', subject: { en: 'Hi', es: 'Hola' }, body: { en: 'Hi' } }, 'body.es'],
      [{ audience: 'confirmed', subject: { en: 'Hi' }, body: { en: 'Hi', es: 'Hola' } }, 'subject.es'],
      [{ audience: 'confirmed', subject: { en: 'Hi', fr: 'Salut' }, body: { en: 'Hi' } }, 'subject.fr'],
      [{ audience: 'confirmed', subject: 'Hi', body: { en: 'Hi' } }, 'subject'],
    ];
    for (const [body, field] of cases) {
      const error = expectErrorShape(await post(body), 400);
      expect(error.details?.map((detail) => detail.field)).toContain(field);
      // Half a translation is the service's rule; the rest are the DTO's.
      expect(error.code).toBe(field === 'body.es' || field === 'subject.es' ? 'translation-incomplete' : 'validation-failed');
    }
    expectErrorShape(
      await t.api.request('POST', `/api/events/${eventId}/messages`, {
        token: org.token,
        raw: '{"audience":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    expect(await messageRows()).toBe(messagesBefore);
    expect(await outboxRows()).toBe(outboxBefore);
  });

  it("is for owners and organizers of the event's own organization only", async () => {
    const other = await t.newOrganization('Another group');
    expectErrorShape(await post({ audience: 'confirmed', ...PARKING }, other.token), 404);
    expectErrorShape(await list('', other.token), 404);
    expectErrorShape(await post({ audience: 'confirmed', ...PARKING }, org.token, '00000000-0000-4000-8000-000000000000'), 404);
    expectErrorShape(await list('', org.token, 'not-an-id'), 404);
    const moderator = await t.newMember(org.organization.id, 'moderator');
    expectErrorShape(await post({ audience: 'checked-in', ...PARKING }, moderator.token), 403);
    expectErrorShape(await list('', moderator.token), 403);
    expectErrorShape(await t.api.get(`/api/events/${eventId}/messages`), 401);
    const organizer = await t.newMember(org.organization.id, 'organizer');
    const sent = await post({ audience: 'panel', subject: { en: 'From an organizer' }, body: { en: 'Hello.' } }, organizer.token);
    expect(sent.status).toBe(201);
    expect(sent.body.authorName).toBe('Test organizer');
    expect((await list('', organizer.token)).body.items[0].id).toBe(sent.body.id);
  });

  it('documents both routes in OpenAPI with a tag, a summary and a typed answer', async () => {
    expect(await documentedRoutes(t, /\/messages$/)).toEqual([
      { route: 'post /api/events/{id}/messages', tags: ['messages'], summary: true, typed: true },
      { route: 'get /api/events/{id}/messages', tags: ['messages'], summary: true, typed: true },
    ]);
  });

  it("keeps the message but not who got it once the forum's personal data is erased, and then reaches nobody", async () => {
    const erased = await newPublishedEvent(t, org.token, { title: 'Erased forum' });
    const attendee = rsvpBody(t);
    await booked(t, sink, erased.id, [attendee]);
    const sent = await post({ audience: 'confirmed', subject: { en: 'Before erasure' }, body: { en: 'Hello.' } }, org.token, erased.id);
    expect(sent.body.recipients).toBe(1);
    await eventually(
      async () => ((await list('', org.token, erased.id)).body.items[0].deliveries.sent === 1 ? true : undefined),
      20_000,
      'the email sent',
    );
    await endedDaysAgo(t, erased.id, 1); // "erase now" waits for the end
    expect((await t.api.post(`/api/events/${erased.id}/erase-personal-data`, undefined, { token: org.token })).status).toBe(200);
    expect(await t.sql('SELECT 1 FROM mail_outbox WHERE recipient_address = $1', [attendee.email])).toEqual([]);
    expect((await list('', org.token, erased.id)).body.items).toEqual([
      expect.objectContaining({
        id: sent.body.id,
        subject: { en: 'Before erasure', es: null },
        recipients: 1,
        deliveries: { pending: 0, sent: 0, failed: 0 },
      }),
    ]);
    const outboxBefore = await outboxRows();
    const refused = expectErrorShape(await post({ audience: 'confirmed', ...PARKING }, org.token, erased.id), 409);
    expect(refused.message).toMatch(/erased/);
    expect(refused.code).toBe('audience-empty');
    expect(await outboxRows()).toBe(outboxBefore);
  });

  it('stays private when sent as email: a later switch to "email optional" does not show it on the forum page', async () => {
    const forum = await newPublishedEvent(t, org.token, { title: 'Private notes forum' });
    await booked(t, sink, forum.id, [rsvpBody(t, { email: t.uniqueEmail('private-notes') })]);
    const page = async () => (await fetch(`${t.baseUrl}/events/${forum.slug}`, { headers: { 'accept-language': 'en' } })).text();
    const emailed = {
      audience: 'confirmed',
      subject: { en: 'Your neighbor’s address for the carpool' },
      body: { en: 'Meet at 12 Elm Street.' },
    };
    expect((await post(emailed, org.token, forum.id)).status).toBe(201);

    expect((await t.api.patch(`/api/events/${forum.id}`, { rsvpContact: 'email-optional' }, { token: org.token })).status).toBe(200);
    const shown = { audience: 'confirmed', subject: { en: 'Doors open at six' }, body: { en: 'Come early.' } };
    expect((await post(shown, org.token, forum.id)).status).toBe(201);
    const html = await page();
    expect(html).toContain('Doors open at six');
    expect(html).not.toContain('carpool');
  });
});
