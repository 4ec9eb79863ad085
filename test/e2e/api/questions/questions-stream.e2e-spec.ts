import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { expectErrorShape } from '../../../support/http.js';
import { newEvent } from '../../../support/event-factory.js';
import { QaFactory } from '../../../support/questions.js';
import { SseClient, type SseMessage } from '../../../support/sse.js';
import { TEST_PASSWORD, TestApp, type SignedUp } from '../../../support/test-app.js';

const about = (event: string, id: string) => (message: SseMessage) =>
  message.event === event && (JSON.parse(message.data) as { id: string }).id === id;

describe('questions: live streams', () => {
  let t: TestApp;
  let org: SignedUp;
  let qa: QaFactory;
  const clients: SseClient[] = [];
  const open = async (url: string, headers?: Record<string, string>) => {
    const client = await SseClient.open(url, headers);
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization();
    qa = new QaFactory(t, org);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => t.close());

  it('streams approvals, votes, pins, answers and removals to the public, nothing pending or personal', async () => {
    const event = await qa.event({ moderation: 'pre' });
    const stream = await open(`${t.baseUrl}/api/events/${event.id}/questions/stream`);
    expect(stream.status).toBe(200);
    expect(stream.header('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.header('x-content-type-options')).toBe('nosniff');
    // Ends with its connection: no chunk framing around each of the many small messages.
    expect(stream.header('transfer-encoding')).toBeUndefined();

    const participant = await qa.participant(event.id);
    const asked = await qa.ask(event.id, participant, { body: 'Pending and private for now', authorName: 'Marisol' });
    const id = asked.body.question.id;
    await qa.moderate(id, { status: 'approved' });
    const approved = await stream.next(about('question.approved', id));
    expect(JSON.parse(approved.data)).toEqual({ ...asked.body.question, status: 'approved' });
    expect(approved.id).toMatch(/^\d+$/);

    await qa.vote(id, participant);
    expect(JSON.parse((await stream.next(about('question.voted', id))).data).votes).toBe(1);
    await qa.moderate(id, { pinned: true });
    expect(JSON.parse((await stream.next(about('question.pinned', id))).data).pinned).toBe(true);
    await qa.moderate(id, { status: 'answered' });
    expect(JSON.parse((await stream.next(about('question.answered', id))).data).answeredAt).toEqual(expect.any(String));
    await qa.moderate(id, { status: 'rejected' });
    expect(JSON.parse((await stream.next(about('question.removed', id))).data)).toEqual({ id });

    const hidden = await qa.ask(event.id, participant, { body: 'Never approved secret text' });
    await qa.moderate(hidden.body.question.id, { status: 'rejected' });
    await stream.next(about('question.removed', hidden.body.question.id));
    const ids = stream.messages.map((message) => Number(message.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (const secret of ['Never approved secret text', participant, '@', 'participant']) expect(stream.raw).not.toContain(secret);
    expect(stream.messages.some((message) => message.event === 'question.created')).toBe(false);
  });

  it('tells moderator panelists and members about pending questions, a plain panelist only what the public sees', async () => {
    const event = await qa.event({ moderation: 'pre' });
    const moderator = await qa.panelist(event.id, 'moderator');
    const plain = await qa.panelist(event.id, 'panelist');
    const moderatorStream = await open(`${t.baseUrl}/api/panel/${moderator.token}/questions/stream`);
    const plainStream = await open(`${t.baseUrl}/api/panel/${plain.token}/questions/stream`);
    const member = await open(`${t.baseUrl}/api/events/${event.slug}/questions/stream`, { authorization: `Bearer ${org.token}` });
    const asked = await qa.ask(event.id, await qa.participant(event.id), { body: 'Waiting for a moderator' });
    const id = asked.body.question.id;
    const created = await moderatorStream.next(about('question.created', id));
    expect(JSON.parse(created.data)).toMatchObject({ body: 'Waiting for a moderator', status: 'pending' });
    await member.next(about('question.created', id));
    await t.api.patch(`/api/panel/${moderator.token}/questions/${id}`, { status: 'approved' });
    await plainStream.next(about('question.approved', id));
    expect(plainStream.messages.map((message) => message.event)).toEqual(['question.approved']);
    expectErrorShape(await t.api.get(`/api/panel/not-a-token/questions/stream`), 404);
  });

  it("ends a moderator panelist's stream when they are removed, decline, become a plain panelist or get a new link: no more pending questions", async () => {
    const event = await qa.event({ moderation: 'pre' });
    const [removed, declining, demoted, relinked] = await Promise.all([1, 2, 3, 4].map(() => qa.panelist(event.id, 'moderator')));
    const panelStream = (token: string) => open(`${t.baseUrl}/api/panel/${token}/questions/stream`);
    const streams = await Promise.all([removed, declining, demoted, relinked].map((panelist) => panelStream(panelist!.token)));
    const participant = await qa.participant(event.id);
    const first = (await qa.ask(event.id, participant, { body: 'Seen by every moderator' })).body.question.id;
    for (const stream of streams) await stream.next(about('question.created', first));

    expect((await t.api.delete(`/api/events/${event.id}/panelists/${removed!.id}`, { token: org.token })).status).toBe(204);
    await streams[0]!.end();
    expect((await t.api.post(`/api/panel/${declining!.token}/decline`)).status).toBe(200);
    await streams[1]!.end();
    expect((await t.api.patch(`/api/events/${event.id}/panelists/${demoted!.id}`, { role: 'panelist' }, { token: org.token })).status).toBe(
      200,
    );
    await streams[2]!.end();
    expect(
      (await t.api.patch(`/api/events/${event.id}/panelists/${relinked!.id}`, { email: t.uniqueEmail('corrected') }, { token: org.token }))
        .status,
    ).toBe(200);
    await streams[3]!.end();

    // Reconnecting checks the link again: gone, declined, or only what the public sees.
    expect((await panelStream(removed!.token)).status).toBe(404);
    expect((await panelStream(declining!.token)).status).toBe(403);
    expect((await panelStream(relinked!.token)).status).toBe(404);
    const publicOnly = await panelStream(demoted!.token);
    const member = await open(`${t.baseUrl}/api/events/${event.id}/questions/stream`, { authorization: `Bearer ${org.token}` });
    const second = (await qa.ask(event.id, participant, { body: 'Pending, for moderators only' })).body.question.id;
    await member.next(about('question.created', second));
    await qa.moderate(second, { status: 'approved' });
    await publicOnly.next(about('question.approved', second));
    expect(publicOnly.messages.filter((message) => message.event === 'question.created')).toEqual([]);
  });

  it("ends a member's stream when they are removed or change their password, and the old token opens none", async () => {
    const event = await qa.event({ moderation: 'pre' });
    const removed = await t.newMember(org.organization.id, 'moderator');
    const reset = await t.newMember(org.organization.id, 'moderator');
    const memberStream = (token: string) =>
      open(`${t.baseUrl}/api/events/${event.id}/questions/stream`, { authorization: `Bearer ${token}` });
    const [removedStream, resetStream] = await Promise.all([memberStream(removed.token), memberStream(reset.token)]);
    const participant = await qa.participant(event.id);
    const pending = (await qa.ask(event.id, participant, { body: 'Pending, for members only' })).body.question.id;
    await removedStream.next(about('question.created', pending));
    await resetStream.next(about('question.created', pending));

    expect((await t.api.delete(`/api/organization/members/${removed.id}`, { token: org.token })).status).toBe(204);
    await removedStream.end();
    // A new password ends every earlier session, streams included.
    const changed = await t.api.post(
      '/api/auth/change-password',
      { currentPassword: TEST_PASSWORD, password: 'a brand new password' },
      { token: reset.token },
    );
    expect(changed.status).toBe(200);
    await resetStream.end();
    expect((await memberStream(removed.token)).status).toBe(401);
    expect((await memberStream(reset.token)).status).toBe(401);
  });

  it('answers 404 for a draft and closes streams when the server stops', async () => {
    const draft = await newEvent(t, org.token);
    expectErrorShape(await t.api.get(`/api/events/${draft.id}/questions/stream`), 404);

    const other = await TestApp.start({ DATABASE_URL: t.databaseUrl });
    const event = await qa.event();
    const stream = await SseClient.open(`${other.baseUrl}/api/events/${event.id}/questions/stream`);
    const started = Date.now();
    await other.close();
    await stream.end(5000);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('resumes after Last-Event-ID with what was missed, in order', async () => {
    const event = await qa.event({ moderation: 'post' });
    const participant = await qa.participant(event.id);
    const first = await qa.ask(event.id, participant, { body: 'Seen before the drop' });
    const before = await open(`${t.baseUrl}/api/events/${event.id}/questions/stream`);
    await qa.vote(first.body.question.id, participant);
    const seen = await before.next(about('question.voted', first.body.question.id));
    before.close();

    const missed = await qa.ask(event.id, participant, { body: 'Asked while away' });
    await qa.moderate(first.body.question.id, { pinned: true });
    const resumed = await open(`${t.baseUrl}/api/events/${event.id}/questions/stream`, { 'last-event-id': seen.id! });
    await resumed.next(about('question.pinned', first.body.question.id));
    expect(resumed.messages.map((message) => [message.event, JSON.parse(message.data).id])).toEqual([
      ['question.approved', missed.body.question.id],
      ['question.pinned', first.body.question.id],
    ]);
    const fresh = await open(`${t.baseUrl}/api/events/${event.id}/questions/stream`);
    await qa.moderate(missed.body.question.id, { status: 'answered' });
    await fresh.next(about('question.answered', missed.body.question.id));
    expect(fresh.messages).toHaveLength(1);
  });

  it('sends first what changed since the position a page was rendered at, so nothing made while it loads is lost', async () => {
    const event = await qa.event({ moderation: 'pre' });
    const page = await t.api.get(`/events/${event.slug}/questions`);
    // As the browser reads the attribute (handlebars writes `=` as `&#x3D;`).
    const streamUrl = /data-live="([^"]+)"/.exec(page.text)![1]!.replaceAll('&#x3D;', '=');
    expect(streamUrl).toMatch(/\?since=\d+$/);

    // Approved after the page was read, before its script connected.
    const participant = await qa.participant(event.id);
    const asked = await qa.ask(event.id, participant, { body: 'Approved while the page loaded' });
    await qa.moderate(asked.body.question.id, { status: 'approved' });
    const late = await open(`${t.baseUrl}${streamUrl}`);
    expect(JSON.parse((await late.next(about('question.approved', asked.body.question.id))).data).body).toBe(
      'Approved while the page loaded',
    );

    expectErrorShape(await t.api.get(`/api/events/${event.id}/questions/stream?since=yesterday`), 400);
  });

  it('reaches the clients of another server instance on the same database', async () => {
    const second = await TestApp.start({ DATABASE_URL: t.databaseUrl });
    try {
      const event = await qa.event({ moderation: 'post' });
      const participant = await qa.participant(event.id);
      const question = await qa.ask(event.id, participant, { body: 'Heard across instances?' });
      const elsewhere = await open(`${second.baseUrl}/api/events/${event.id}/questions/stream`);
      const started = Date.now();
      expect((await qa.vote(question.body.question.id, participant)).status).toBe(200);
      const voted = await elsewhere.next(about('question.voted', question.body.question.id), 3000);
      expect(JSON.parse(voted.data).votes).toBe(1);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      for (const client of clients.splice(0)) client.close();
      await second.close();
    }
  });

  it('catches up after its LISTEN connection is cut', async () => {
    const event = await qa.event({ moderation: 'post' });
    const participant = await qa.participant(event.id);
    const question = await qa.ask(event.id, participant, { body: 'Still live after a database blip?' });
    const stream = await open(`${t.baseUrl}/api/events/${event.id}/questions/stream`);
    await t.sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'townhall-listen' AND datname = current_database()`,
    );
    await qa.vote(question.body.question.id, participant);
    const voted = await stream.next(about('question.voted', question.body.question.id), 5000);
    expect(JSON.parse(voted.data).votes).toBe(1);
  });
});
