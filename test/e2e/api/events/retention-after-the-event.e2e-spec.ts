import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventJobs } from '../../../../src/events/event-jobs.js';
import { expectErrorShape } from '../../../support/http.js';
import { loadForm, postForm } from '../../../support/pages.js';
import { bookWithoutEmail } from '../../../support/proof-of-work.js';
import { QaFactory } from '../../../support/questions.js';
import { booked, rsvp, rsvpBody, startMailedApp, stopMailedApp } from '../../../support/rsvps.js';
import type { SmtpSink } from '../../../support/smtp-sink.js';
import type { SignedUp, TestApp } from '../../../support/test-app.js';
import { endedDaysAgo } from '../../../support/event-factory.js';

/** Everything personal the database holds about an event, as retention sees it. */
async function personalLeftovers(t: TestApp, eventId: string) {
  const [row] = await t.sql(
    `SELECT (SELECT count(*)::int FROM rsvps WHERE event_id = $1 AND (erased_at IS NULL OR name IS NOT NULL OR email IS NOT NULL
                OR accessibility_needs IS NOT NULL OR check_in_code IS NOT NULL)) AS rsvps,
            (SELECT count(*)::int FROM rsvp_manage_tokens m JOIN rsvps r ON r.id = m.rsvp_id WHERE r.event_id = $1) AS "manageTokens",
            (SELECT count(*)::int FROM questions WHERE event_id = $1 AND author_name IS NOT NULL) AS "authorNames"`,
    [eventId],
  );
  return row;
}

const NONE = { rsvps: 0, manageTokens: 0, authorNames: 0 };

describe('Retention cannot be outrun: an ended event takes nothing personal, and erasure catches what arrived anyway', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  let qa: QaFactory;
  let retention: EventJobs;
  beforeAll(async () => {
    ({ sink, t, org } = await startMailedApp({ RETENTION_DAYS: '30' }));
    qa = new QaFactory(t, org);
    retention = t.app.get(EventJobs);
  });
  afterAll(() => stopMailedApp({ t, sink }));

  it('refuses every way of attaching personal data to an erased event with 409, and the database keeps none', async () => {
    const event = await qa.event({ moderation: 'post' });
    expect((await t.api.patch(`/api/events/${event.id}`, { rsvpContact: 'email-optional' }, { token: org.token })).status).toBe(200);
    const moderatorPanelist = await qa.panelist(event.id, 'moderator');
    const [manageToken] = await booked(t, sink, event.id, [rsvpBody(t, { accessibilityNeeds: 'Wheelchair' })]);
    const participant = await qa.participant(event.id);
    const before = await qa.ask(event.id, participant, { body: 'Asked during the forum', authorName: 'Rosa Residente' });
    expect(before.status).toBe(201);
    const participantsBefore = (await t.sql(`SELECT count(*)::int AS n FROM participants WHERE event_id = $1`, [event.id]))[0].n;

    await endedDaysAgo(t, event.id, 31);
    expect(await retention.eraseExpired()).toBe(1);
    expect(await personalLeftovers(t, event.id)).toEqual(NONE);

    const attempts = {
      rsvp: await rsvp(t, event.id, rsvpBody(t, { name: 'Late Larry', accessibilityNeeds: 'Interpreter' })),
      rsvpWithoutEmail: await bookWithoutEmail(t, event.id, { name: 'Late Larry', accessibilityNeeds: 'Interpreter' }),
      participant: await t.api.post(`/api/events/${event.id}/participants`),
      question: await qa.ask(event.id, participant, { body: 'A question after the end', authorName: 'Late Larry' }),
      card: await t.api.post(
        `/api/events/${event.id}/questions`,
        { body: 'A card after the end', authorName: 'Late Larry', source: 'card' },
        { token: org.token },
      ),
      panelCard: await t.api.post(`/api/panel/${moderatorPanelist.token}/questions`, {
        body: 'A panel card after the end',
        authorName: 'Late Larry',
      }),
      vote: await qa.vote(before.body.question.id, participant),
    };
    for (const [way, response] of Object.entries(attempts)) {
      expect([way, response.status]).toEqual([way, 409]);
      expectErrorShape(response, 409);
    }
    expect(attempts.question.body.message).toMatch(/over/);
    // The erased manage token neither opens the RSVP nor makes its holder a participant.
    expectErrorShape(await t.api.patch(`/api/rsvps/${manageToken}`, { accessibilityNeeds: 'Ramp' }), 404);
    expectErrorShape(await qa.ask(event.id, manageToken!, { body: 'Through my old link', authorName: 'Rosa Residente' }), 409);

    // The public Q&A page says the forum has ended, and takes nothing either.
    const closedPage = await fetch(`${t.baseUrl}/events/${event.slug}/questions`);
    expect(await closedPage.text()).toContain('This forum has ended');
    // A form loaded elsewhere (the page itself has none now) carries a valid CSRF pair.
    const form = await loadForm(t, '/console');
    const page = await postForm(
      t,
      `/events/${event.slug}/questions`,
      { _csrf: form.token, body: 'From the page after the end', authorName: 'Late Larry' },
      { cookie: form.cookieValue },
    );
    expect(page.status).toBe(409);

    expect(await personalLeftovers(t, event.id)).toEqual(NONE);
    expect((await t.sql(`SELECT count(*)::int AS n FROM participants WHERE event_id = $1`, [event.id]))[0].n).toBe(participantsBefore);
    expect(await t.sql(`SELECT 1 FROM rsvps WHERE name = 'Late Larry' OR email IS NOT NULL AND event_id = $1`, [event.id])).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM questions WHERE event_id = $1 AND body LIKE '%after the end%'`, [event.id])).toEqual([]);
  });

  it('erases again whatever reached an erased event, however it got there, and is idempotent', async () => {
    // An owner erases as soon as one instance's clock says the forum ended; another instance,
    // its clock a little behind, still takes an RSVP and a named question.
    const event = await qa.event({ moderation: 'post' });
    await booked(t, sink, event.id, [rsvpBody(t)]);
    t.clock.advance(Date.parse(event.endsAt) - Date.now() + 60_000);
    const early = await t.api.post(`/api/events/${event.id}/erase-personal-data`, undefined, { token: org.token });
    t.clock.reset();
    expect(early.body).toEqual({ rsvpsErased: 1 });
    const [lateToken] = await booked(t, sink, event.id, [rsvpBody(t, { accessibilityNeeds: 'Large print' })]);
    expect(
      (await qa.ask(event.id, await qa.participant(event.id), { body: 'After the early erasure', authorName: 'Nadia Nombre' })).status,
    ).toBe(201);
    expect(await personalLeftovers(t, event.id)).toEqual({ rsvps: 1, manageTokens: 1, authorNames: 1 });

    // Not ended yet: nothing is taken from a forum still running.
    expect(await retention.eraseExpired()).toBe(0);
    expect((await t.api.get(`/api/rsvps/${lateToken}`)).status).toBe(200);

    // Ended yesterday, long before RETENTION_DAYS: the earlier erasure already covers it.
    await endedDaysAgo(t, event.id, 1);
    // A write that raced the end (committed just as the forum ended) lands on the erased event too.
    await t.sql(
      `INSERT INTO questions (event_id, body, body_key, author_name, source, status, pinned, votes)
       VALUES ($1, 'Raced the end', 'raced the end', 'Ramón Racer', 'card', 'approved', false, 0)`,
      [event.id],
    );
    expect(await retention.eraseExpired()).toBe(1);
    expect(await personalLeftovers(t, event.id)).toEqual(NONE);
    expectErrorShape(await t.api.get(`/api/rsvps/${lateToken}`), 404);
    expect(await retention.eraseExpired()).toBe(0);

    const erasedAt = await t.sql(`SELECT personal_data_erased_at FROM events WHERE id = $1`, [event.id]);
    expect(erasedAt[0].personal_data_erased_at).not.toBeNull();
    // Counts remain.
    expect((await t.api.get(`/api/events/${event.id}/stats`, { token: org.token })).body).toMatchObject({ rsvps: { confirmed: 2 } });
  });
});
