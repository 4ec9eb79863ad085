import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ChangeLogPruner } from '../../../../src/questions/change-log-pruner.js';
import { expectErrorShape } from '../../../support/http.js';
import { eventually } from '../../../support/eventually.js';
import { documentedRoutes } from '../../../support/openapi.js';
import { newEvent } from '../../../support/event-factory.js';
import { QaFactory } from '../../../support/questions.js';
import { TestApp, type SignedUp } from '../../../support/test-app.js';

describe('questions', () => {
  let t: TestApp;
  let org: SignedUp;
  let qa: QaFactory;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization();
    qa = new QaFactory(t, org);
  });
  afterAll(() => t.close());

  it('gives anonymous participant tokens for published events only, stored as hashes', async () => {
    const event = await qa.event();
    const token = await qa.participant(event.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const rows = await t.sql('SELECT * FROM participants WHERE event_id = $1', [event.id]);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).sort()).toEqual(['created_at', 'event_id', 'id', 'rsvp_id', 'token_hash']);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);

    const draft = await newEvent(t, org.token);
    expectErrorShape(await t.api.post(`/api/events/${draft.id}/participants`), 404);
    const off = await qa.event({ enabled: false });
    expectErrorShape(await t.api.post(`/api/events/${off.id}/participants`), 403);
  });

  it('holds questions for approval under pre-moderation and shows them at once under post-moderation', async () => {
    const pre = await qa.event({ moderation: 'pre' });
    const participant = await qa.participant(pre.id);
    const asked = await qa.ask(pre.id, participant, { body: '  Where can families find legal help?  ', authorName: 'Rosa' });
    expect(asked.status).toBe(201);
    expect(asked.body.question).toEqual({
      id: expect.any(String),
      body: 'Where can families find legal help?',
      authorName: 'Rosa',
      panelistId: null,
      source: 'app',
      status: 'pending',
      pinned: false,
      votes: 0,
      createdAt: expect.any(String),
      answeredAt: null,
    });
    expect((await t.api.get(`/api/events/${pre.id}/questions`)).body).toEqual({ items: [], nextCursor: null, rejectedCount: 0 });
    const queue = await t.api.get(`/api/events/${pre.id}/questions?status=pending`, { token: org.token });
    expect(queue.body.items.map((item: { id: string }) => item.id)).toEqual([asked.body.question.id]);
    await qa.moderate(asked.body.question.id, { status: 'approved' });
    expect((await t.api.get(`/api/events/${pre.id}/questions`)).body.items).toMatchObject([{ status: 'approved' }]);

    const post = await qa.event({ moderation: 'post' });
    const later = await qa.ask(post.id, await qa.participant(post.id), { body: 'What are our rights at a checkpoint?' });
    expect(later.body.question).toMatchObject({ status: 'approved', authorName: null });
    await qa.moderate(later.body.question.id, { status: 'rejected' });
    expect((await t.api.get(`/api/events/${post.id}/questions`)).body).toEqual({ items: [], nextCursor: null, rejectedCount: 1 });
  });

  it('validates the body and anonymity and refuses closed Q&A', async () => {
    const event = await qa.event({ allowAnonymous: false });
    const participant = await qa.participant(event.id);
    // A fresh participant each time: refused requests count toward the per-participant limit too.
    const ask = async (body: Record<string, unknown>) => qa.ask(event.id, await qa.participant(event.id), body);
    for (const [body, field] of [
      [{ body: '  ab  ', authorName: 'Ana' }, 'body'],
      [{ body: 'x'.repeat(501), authorName: 'Ana' }, 'body'],
      [{ body: 'A fine question', authorName: 'A'.repeat(81) }, 'authorName'],
      [{ body: 'A fine question' }, 'authorName'],
      [{ body: 'A fine question', authorName: '   ' }, 'authorName'],
      [{ body: 'A fine question', authorName: 'Ana', votes: 10 }, 'votes'],
      [{ body: 'A fine question', authorName: 'Ana', panelistId: '00000000-0000-4000-8000-000000000000' }, 'panelistId'],
    ] as const) {
      const error = expectErrorShape(await ask(body), 400);
      expect(error.details?.map((detail) => detail.field)).toContain(field);
    }
    expect((await ask({ body: 'x'.repeat(500), authorName: 'Ana' })).status).toBe(201);
    expect((await ask({ body: ' abc ', authorName: 'Ana' })).status).toBe(201);

    expectErrorShape(await qa.ask(event.id, 'not-a-token', { body: 'Hello there', authorName: 'Ana' }), 401);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/questions`, { body: 'Hello there' }), 401);
    const elsewhere = await qa.event();
    expectErrorShape(await qa.ask(elsewhere.id, participant, { body: 'Wrong event token' }), 401);

    const off = await qa.event();
    const offParticipant = await qa.participant(off.id);
    await t.api.patch(`/api/events/${off.id}`, { questions: { enabled: false } }, { token: org.token });
    expect(expectErrorShape(await qa.ask(off.id, offParticipant, { body: 'Still open?' }), 403).code).toBe('questions-off');
    const cancelled = await qa.event();
    const cancelledParticipant = await qa.participant(cancelled.id);
    await t.api.post(`/api/events/${cancelled.id}/cancel`, { reason: 'Storm' }, { token: org.token });
    expect(expectErrorShape(await qa.ask(cancelled.id, cancelledParticipant, { body: 'Still on?' }), 403).code).toBe('event-cancelled');
  });

  it('answers the same question twice from one participant with the first one (200)', async () => {
    const event = await qa.event();
    const participant = await qa.participant(event.id);
    const first = await qa.ask(event.id, participant, { body: 'Will there be interpretation?' });
    const again = await qa.ask(event.id, participant, { body: '  will there   be INTERPRETATION? ' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.question.id).toBe(first.body.question.id);
    const other = await qa.ask(event.id, await qa.participant(event.id), { body: 'Will there be interpretation?' });
    expect(other.status).toBe(201);
    const [{ count }] = await t.sql('SELECT count(*)::int AS count FROM questions WHERE event_id = $1', [event.id]);
    expect(count).toBe(2);
  });

  it('addresses questions to confirmed panelists only and takes paper cards from members', async () => {
    const event = await qa.event({ moderation: 'pre', allowAnonymous: false });
    const panelist = await qa.panelist(event.id);
    const participant = await qa.participant(event.id);
    const addressed = await qa.ask(event.id, participant, { body: 'For the attorney', authorName: 'Luis', panelistId: panelist.id });
    expect(addressed.body.question.panelistId).toBe(panelist.id);

    const moderator = await t.newMember(org.organization.id, 'moderator');
    const card = await t.api.post(
      `/api/events/${event.id}/questions`,
      { body: 'From a card', authorName: 'Card', source: 'card' },
      { token: moderator.token },
    );
    expect(card.status).toBe(201);
    expect(card.body.question).toMatchObject({ source: 'card', status: 'approved' });
    expectErrorShape(
      await t.api.post(`/api/events/${event.id}/questions`, { body: 'Anonymous card', source: 'card' }, { token: moderator.token }),
      400,
    );
    expectErrorShape(await t.api.post(`/api/events/${event.id}/questions`, { body: 'No login', source: 'card' }), 401);
    const other = await t.newOrganization('Other');
    expectErrorShape(
      await t.api.post(`/api/events/${event.id}/questions`, { body: 'Not ours', authorName: 'X', source: 'card' }, { token: other.token }),
      404,
    );
  });

  it('lets members of the organization moderate, and nobody else', async () => {
    const event = await qa.event();
    const asked = await qa.ask(event.id, await qa.participant(event.id), { body: 'Who funds this forum?' });
    const id = asked.body.question.id;
    const moderator = await t.newMember(org.organization.id, 'moderator');
    const pinned = await t.api.patch(`/api/questions/${id}`, { status: 'approved', pinned: true }, { token: moderator.token });
    expect(pinned.body.question).toMatchObject({ status: 'approved', pinned: true });
    const answered = await t.api.patch(`/api/questions/${id}`, { status: 'answered' }, { token: moderator.token });
    expect(answered.body.question.answeredAt).toEqual(expect.any(String));
    const other = await t.newOrganization('Nosy');
    expectErrorShape(await t.api.patch(`/api/questions/${id}`, { status: 'rejected' }, { token: other.token }), 404);
    expectErrorShape(await t.api.patch(`/api/questions/${id}`, { status: 'rejected' }), 401);
    expectErrorShape(await t.api.patch(`/api/questions/${id}`, { status: 'pending' }, { token: org.token }), 400);
    expectErrorShape(await t.api.patch(`/api/questions/not-a-uuid`, { status: 'approved' }, { token: org.token }), 404);
    expectErrorShape(await t.api.get(`/api/events/${event.id}/questions?status=pending`), 401);
    expectErrorShape(await t.api.get(`/api/events/${event.id}/questions?status=pending`, { token: other.token }), 404);
    const stats = await t.api.get(`/api/events/${event.id}/stats`, { token: moderator.token });
    expect(stats.body.questions).toEqual({ pending: 0, approved: 0, rejected: 0, answered: 1 });
  });

  it('lets a plain panelist mark answered only, and a moderator panelist moderate', async () => {
    const event = await qa.event();
    const plain = await qa.panelist(event.id, 'panelist');
    const moderator = await qa.panelist(event.id, 'moderator');
    const pending = await qa.ask(event.id, await qa.participant(event.id), { body: 'A pending one', panelistId: plain.id });
    const approved = await qa.approvedQuestion(event.id, 'An approved one');

    const plainQueue = await t.api.get(`/api/panel/${plain.token}/questions`);
    expect(plainQueue.body.items.map((item: { id: string }) => item.id)).toEqual([approved.id]);
    expect(expectErrorShape(await t.api.get(`/api/panel/${plain.token}/questions?status=pending`), 403).code).toBe('moderator-only');
    expectErrorShape(await t.api.patch(`/api/panel/${plain.token}/questions/${approved.id}`, { status: 'rejected' }), 403);
    expectErrorShape(await t.api.patch(`/api/panel/${plain.token}/questions/${approved.id}`, { pinned: true }), 403);
    expectErrorShape(await t.api.patch(`/api/panel/${plain.token}/questions/${pending.body.question.id}`, { status: 'answered' }), 404);
    expectErrorShape(await t.api.post(`/api/panel/${plain.token}/questions`, { body: 'A card' }), 403);
    const answered = await t.api.patch(`/api/panel/${plain.token}/questions/${approved.id}`, { status: 'answered' });
    expect(answered.status).toBe(200);
    expect(answered.body.question.status).toBe('answered');

    const modQueue = await t.api.get(`/api/panel/${moderator.token}/questions`);
    expect(modQueue.body.items.map((item: { id: string; addressedToMe: boolean }) => [item.id, item.addressedToMe])).toEqual([
      [pending.body.question.id, false],
      [approved.id, false],
    ]);
    const addressed = await t.api.get(`/api/panel/${plain.token}/questions?status=answered`);
    expect(addressed.body.items[0].addressedToMe).toBe(false);
    const rejected = await t.api.patch(`/api/panel/${moderator.token}/questions/${pending.body.question.id}`, { status: 'rejected' });
    expect(rejected.body.question.status).toBe('rejected');
    const card = await t.api.post(`/api/panel/${moderator.token}/questions`, { body: 'From the floor', authorName: 'Card' });
    expect(card.status).toBe(201);
    expect(card.body.question).toMatchObject({ source: 'card', status: 'approved' });
    expectErrorShape(await t.api.get(`/api/panel/not-a-token/questions`), 404);
    const elsewhere = await qa.event();
    const outsider = await qa.approvedQuestion(elsewhere.id, 'Elsewhere');
    expectErrorShape(await t.api.patch(`/api/panel/${moderator.token}/questions/${outsider.id}`, { status: 'rejected' }), 404);
  });

  it('throttles asking per participant with Retry-After', async () => {
    const event = await qa.event();
    const participant = await qa.participant(event.id);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await qa.ask(event.id, participant, { body: `Question number ${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const throttled = await qa.ask(event.id, participant, { body: 'One more' });
    expectErrorShape(throttled, 429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await qa.ask(event.id, await qa.participant(event.id), { body: 'Someone else' })).status).toBe(201);
  });

  it('never shows who asked, a token or an email publicly', async () => {
    const event = await qa.event({ moderation: 'post' });
    const participant = await qa.participant(event.id);
    const panelist = await qa.panelist(event.id);
    await qa.ask(event.id, participant, { body: 'Public question', panelistId: panelist.id });
    const list = await t.api.get(`/api/events/${event.id}/questions`, { headers: { 'x-participant-token': participant } });
    const [row] = await t.sql('SELECT participant_id FROM questions WHERE event_id = $1', [event.id]);
    for (const secret of [participant, row.participant_id, panelist.token, '@']) expect(list.text).not.toContain(secret);
  });

  it("has no event-wide question budget: many participants ask at once, and a member's paper card still goes in", async () => {
    const event = await qa.event();
    const participants = await Promise.all(Array.from({ length: 25 }, () => qa.participant(event.id)));
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        participants.map((participant, i) => qa.ask(event.id, participant, { body: `Question ${round}-${i}` })),
      );
      statuses.push(...answers.map((answer) => answer.status));
    }
    expect(statuses).toEqual(Array(125).fill(201));
    const card = await t.api.post(`/api/events/${event.id}/questions`, { body: 'From a paper card', source: 'card' }, { token: org.token });
    expect(card.status).toBe(201);
    expect((await qa.ask(event.id, await qa.participant(event.id), { body: 'A newcomer asks too' })).status).toBe(201);
  });

  it('refuses null status or pinned with a 400, from members and panelists alike', async () => {
    const event = await qa.event();
    const moderator = await qa.panelist(event.id, 'moderator');
    const question = await qa.approvedQuestion(event.id, 'Can null be a status?');
    for (const patch of [{ status: null }, { pinned: null }, { status: null, pinned: true }, { status: 'answered', pinned: null }]) {
      const member = expectErrorShape(await t.api.patch(`/api/questions/${question.id}`, patch, { token: org.token }), 400);
      const panel = expectErrorShape(await t.api.patch(`/api/panel/${moderator.token}/questions/${question.id}`, patch), 400);
      const field = patch.status === null ? 'status' : 'pinned';
      expect(member.details?.map((detail) => detail.field)).toContain(field);
      expect(panel.details?.map((detail) => detail.field)).toContain(field);
    }
    const [row] = await t.sql('SELECT status, pinned FROM questions WHERE id = $1', [question.id]);
    expect(row).toEqual({ status: 'approved', pinned: false });
    expect((await t.api.patch(`/api/questions/${question.id}`, { pinned: true }, { token: org.token })).body.question).toMatchObject({
      status: 'approved',
      pinned: true,
    });
  });

  it('counts only real participants toward the per-event limit: junk tokens cannot lock the hall out', async () => {
    const event = await qa.event();
    const junk = Array.from({ length: 130 }, (_, i) => (i % 10 === 0 ? `junk-${i}` : randomBytes(32).toString('base64url')));
    const answers = await Promise.all(junk.map((token, i) => qa.ask(event.id, token, { body: `Flood ${i}` })));
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([401]));
    const asked = await qa.ask(event.id, await qa.participant(event.id), { body: 'A real question after the flood' });
    expect(asked.status).toBe(201);
  });

  it('gives the public list to an unknown or stale participant token, without votedByMe, but refuses it for asking and voting', async () => {
    const event = await qa.event();
    const question = await qa.approvedQuestion(event.id, 'Who may read the list?');
    const participant = await qa.participant(event.id);
    await qa.vote(question.id, participant);
    const mine = await t.api.get(`/api/events/${event.id}/questions`, { headers: { 'x-participant-token': participant } });
    expect(mine.body.items).toMatchObject([{ id: question.id, votedByMe: true }]);

    const elsewhere = await qa.event();
    const stale = [randomBytes(32).toString('base64url'), 'not-a-token', await qa.participant(elsewhere.id)];
    for (const token of stale) {
      const list = await t.api.get(`/api/events/${event.id}/questions`, { headers: { 'x-participant-token': token } });
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([question.id]);
      expect(list.body.items[0]).not.toHaveProperty('votedByMe');
      expectErrorShape(await qa.ask(event.id, token, { body: 'Asking with a stale token' }), 401);
      expectErrorShape(await qa.vote(question.id, token), 401);
    }
  });

  it('checks a panelist against the locked question: a rejection just before "answered" stands', async () => {
    const event = await qa.event();
    const plain = await qa.panelist(event.id, 'panelist');
    const question = await qa.approvedQuestion(event.id, 'Rejected while being answered');
    // A moderator's rejection holds the row while the panelist's "answered" arrives, then commits.
    const moderator = new pg.Client({ connectionString: t.databaseUrl });
    await moderator.connect();
    try {
      await moderator.query('BEGIN');
      await moderator.query('SELECT id FROM questions WHERE id = $1 FOR UPDATE', [question.id]);
      const answering = t.api.patch(`/api/panel/${plain.token}/questions/${question.id}`, { status: 'answered' });
      await eventually(
        async () => {
          const [{ waiting }] = await t.sql(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return waiting > 0 ? true : undefined;
        },
        10_000,
        "the panelist's update to wait for the row lock",
      );
      await moderator.query(`UPDATE questions SET status = 'rejected' WHERE id = $1`, [question.id]);
      await moderator.query('COMMIT');
      expectErrorShape(await answering, 404);
    } finally {
      await moderator.end();
    }
    const [row] = await t.sql('SELECT status, answered_at FROM questions WHERE id = $1', [question.id]);
    expect(row).toEqual({ status: 'rejected', answered_at: null });
  });

  it('prunes the change log after a day, keeping recent changes', async () => {
    const event = await qa.event({ moderation: 'post' });
    await qa.ask(event.id, await qa.participant(event.id), { body: 'Old news' });
    await qa.ask(event.id, await qa.participant(event.id), { body: 'Fresh news' });
    await t.sql(`UPDATE question_events SET created_at = now() - interval '25 hours' WHERE event_id = $1 AND seq = 1`, [event.id]);
    await t.app.get(ChangeLogPruner).prune();
    expect(await t.sql('SELECT seq::int FROM question_events WHERE event_id = $1', [event.id])).toEqual([{ seq: 2 }]);
  });

  it('documents every Q&A route in OpenAPI with a tag, a summary and a typed answer', async () => {
    const routes = await documentedRoutes(t, /questions|participants/);
    expect(routes.map(({ route }) => route).sort()).toEqual([
      'delete /api/questions/{id}/vote',
      'get /api/events/{id}/questions',
      'get /api/events/{id}/questions/stream',
      'get /api/panel/{token}/questions',
      'get /api/panel/{token}/questions/stream',
      'patch /api/panel/{token}/questions/{id}',
      'patch /api/questions/{id}',
      'post /api/events/{id}/participants',
      'post /api/events/{id}/questions',
      'post /api/panel/{token}/questions',
      'post /api/questions/{id}/vote',
    ]);
    for (const route of routes) expect(route).toEqual({ route: route.route, tags: ['questions'], summary: true, typed: true });
  });
});
