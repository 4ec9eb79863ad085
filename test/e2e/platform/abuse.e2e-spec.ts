import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../../support/eventually.js';
import { expectErrorShape, type ApiResponse } from '../../support/http.js';
import { QaFactory } from '../../support/questions.js';
import { rsvpBody } from '../../support/rsvps.js';
import { SseClient, type SseMessage } from '../../support/sse.js';
import { TestApp, type SignedUp } from '../../support/test-app.js';

/** Runs `work` for each item with at most `parallel` in flight: real concurrent requests, bounded. */
async function inParallel<T, R>(items: T[], parallel: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index]!, index);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

const range = (length: number) => Array.from({ length }, (_, index) => index);
const count = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((tally, status) => ({ ...tally, [status]: (tally[status] ?? 0) + 1 }), {});

/**
 * One server behind a trusted proxy, so each test chooses the address a request comes from: the
 * hall's Wi-Fi, or a script's. Nothing in the outcomes depends on who anyone is.
 */
describe('abuse resistance: a hall on one address is never throttled, one scripted source gets no further than a hall', () => {
  let t: TestApp;
  let org: SignedUp;
  let qa: QaFactory;
  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: 'true' });
    org = await t.newOrganization('Broome Residents Coalition');
    qa = new QaFactory(t, org);
  });
  /** Streams are closed even when a test fails, so that one test's load never slows the next. */
  const afterThisTest: (() => void)[] = [];
  afterEach(() => afterThisTest.splice(0).forEach((close) => close()));
  afterAll(() => t.close());

  const from = (address: string) => ({ 'x-forwarded-for': address });
  const join = (eventId: string, address: string) =>
    t.api.post(`/api/events/${eventId}/participants`, undefined, { headers: from(address) });
  const ask = (eventId: string, token: string, address: string, body: string) =>
    t.api.post(`/api/events/${eventId}/questions`, { body }, { headers: { ...from(address), 'x-participant-token': token } });
  const vote = (questionId: string, token: string, address: string) =>
    t.api.post(`/api/questions/${questionId}/vote`, undefined, { headers: { ...from(address), 'x-participant-token': token } });
  const card = (eventId: string, body: string) =>
    t.api.post(`/api/events/${eventId}/questions`, { body, source: 'card' }, { token: org.token });

  it('lets a hall of 300 on one Wi-Fi book, join, ask twice, vote ten times, watch and reload, with no 429', async () => {
    const hall = '198.51.100.20';
    // Pre-moderated, as the demo forum: the hall's own questions wait for the moderators.
    const event = await qa.event({ moderation: 'pre' });
    await t.api.patch(`/api/events/${event.id}`, { capacity: 400 }, { token: org.token });
    const ballot = await Promise.all(range(10).map((index) => card(event.id, `Question from the floor number ${index}`)));
    const statuses: number[] = [];
    const streams: SseClient[] = [];
    afterThisTest.push(() => streams.forEach((stream) => stream.close()));

    await inParallel(range(300), 60, async (person) => {
      const got = (response: ApiResponse) => (statuses.push(response.status), response);
      got(await t.api.get(`/events/${event.slug}`, { headers: from(hall) }));
      got(await t.api.post(`/api/events/${event.id}/rsvps`, rsvpBody(t), { headers: from(hall) }));
      const participant = got(await join(event.id, hall)).body.participantToken as string;
      const stream = await SseClient.open(`${t.baseUrl}/api/events/${event.id}/questions/stream`, from(hall));
      statuses.push(stream.status);
      streams.push(stream);
      for (const round of [1, 2]) got(await ask(event.id, participant, hall, `Person ${person} asks, take ${round}`));
      for (const { body } of ballot) got(await vote(body.question.id, participant, hall));
      got(await t.api.get(`/events/${event.slug}/questions`, { headers: from(hall) }));
    });

    expect(count(statuses)).toEqual({ 200: 300 * 13, 201: 300 * 3, 202: 300 });
    const [seats] = await t.sql(`SELECT seats_taken FROM events WHERE id = $1`, [event.id]);
    expect(seats.seats_taken).toBe(300);
    const votes = await t.sql(`SELECT votes FROM questions WHERE id = ANY($1)`, [ballot.map(({ body }) => body.question.id)]);
    expect(votes.map((row) => row.votes)).toEqual(Array(10).fill(300));
    // Every phone watching saw the votes arrive live.
    const last = ballot.at(-1)!.body.question.id as string;
    const finalCount = (message: SseMessage) =>
      message.event === 'question.voted' && message.data.includes(last) && message.data.includes('"votes":300');
    for (const stream of streams) await stream.next(finalCount, 30_000);
  }, 300_000);

  it('lets one scripted source mint no more participants than a hall would, so it cannot stuff votes', async () => {
    const script = '203.0.113.66';
    const event = await qa.event({ moderation: 'post' });
    const target = await qa.approvedQuestion(event.id, 'Push me to the top');
    const minted = await inParallel(range(430), 40, () => join(event.id, script));
    expect(count(minted.map((response) => response.status))).toEqual({ 201: 400, 429: 30 });
    const refused = expectErrorShape(
      minted.find((response) => response.status === 429)!,
      429,
    );
    expect(refused.message).toMatch(/too many/i);
    expect(Number(minted.find((response) => response.status === 429)!.headers.get('retry-after'))).toBeGreaterThan(0);

    const tokens = minted.filter((response) => response.status === 201).map((response) => response.body.participantToken as string);
    await inParallel(tokens, 40, (token) => vote(target.id, token, script));
    // Voting twice with one token changes nothing; more tokens cannot be had.
    await inParallel(tokens.slice(0, 50), 25, (token) => vote(target.id, token, script));
    const [row] = await t.sql(`SELECT votes FROM questions WHERE id = $1`, [target.id]);
    expect(row.votes).toBe(400);

    // The same allowance holds on the Q&A page, which mints a participant on a first vote.
    const page = await t.api.get(`/events/${event.slug}/questions`, { headers: from(script) });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const cookie = page.headers
      .getSetCookie()
      .map((entry) => entry.split(';')[0])
      .join('; ');
    const pageVote = await fetch(`${t.baseUrl}/events/${event.slug}/questions/${target.id}/vote`, {
      method: 'POST',
      headers: { ...from(script), cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
      redirect: 'manual',
    });
    expect(pageVote.status).toBe(429);
    expect(pageVote.headers.get('retry-after')).toMatch(/^\d+$/);

    // Someone on another address is not affected.
    expect((await join(event.id, '198.51.100.21')).status).toBe(201);
  }, 120_000);

  it("lets no scripted source spend the forum's Q&A: every attendee and every paper card still gets in", async () => {
    const script = '203.0.113.67';
    const event = await qa.event({ moderation: 'pre' });
    const moderator = await qa.panelist(event.id, 'moderator');
    const bots = await Promise.all(range(40).map(async () => (await join(event.id, script)).body.participantToken as string));
    const flood = await inParallel(range(240), 40, (index) => ask(event.id, bots[index % 40]!, script, `Flood question ${index}`));
    expect(count(flood.map((response) => response.status))).toEqual({ 201: 200, 429: 40 });

    const cards = await Promise.all(range(20).map((index) => card(event.id, `Paper card ${index}`)));
    expect(cards.map((response) => response.status)).toEqual(Array(20).fill(201));
    const panelCard = await t.api.post(`/api/panel/${moderator.token}/questions`, { body: 'A card typed by the moderator' });
    expect(panelCard.status).toBe(201);
    const attendee = '198.51.100.22';
    const newcomer = (await join(event.id, attendee)).body.participantToken as string;
    expect((await ask(event.id, newcomer, attendee, 'Will there be interpretation?')).status).toBe(201);
  }, 120_000);

  it('lets one scripted source ask for no more seats than a hall would, and its 429 tells nothing about an address', async () => {
    const script = '203.0.113.68';
    const event = await qa.event();
    await t.api.patch(`/api/events/${event.id}`, { capacity: 2000, maxPartySize: 4 }, { token: org.token });
    const known = rsvpBody(t);
    expect((await t.api.post(`/api/events/${event.id}/rsvps`, known, { headers: from('198.51.100.23') })).status).toBe(202);

    const burst = await inParallel(range(110), 40, () =>
      t.api.post(`/api/events/${event.id}/rsvps`, rsvpBody(t, { partySize: 4 }), { headers: from(script) }),
    );
    expect(count(burst.map((response) => response.status))).toEqual({ 202: 100, 429: 10 });
    const [seats] = await t.sql(`SELECT seats_taken FROM events WHERE id = $1`, [event.id]);
    expect(seats.seats_taken).toBe(1 + 400);

    const forKnown = await t.api.post(`/api/events/${event.id}/rsvps`, known, { headers: from(script) });
    const forNew = await t.api.post(`/api/events/${event.id}/rsvps`, rsvpBody(t), { headers: from(script) });
    const withoutSeconds = (response: ApiResponse) => ({
      ...expectErrorShape(response, 429),
      message: response.body.message.replace(/\d+/g, 'N'),
    });
    expect(withoutSeconds(forKnown)).toEqual(withoutSeconds(forNew));
    expect(forKnown.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await t.api.post(`/api/events/${event.id}/rsvps`, rsvpBody(t), { headers: from('198.51.100.24') })).status).toBe(202);
  }, 120_000);

  it("opens 1,000 streams from one address (three full halls' worth), and refuses that address the next one only", async () => {
    const address = '198.51.100.25';
    const event = await qa.event({ moderation: 'post' });
    const streams = await inParallel(range(1001), 100, () =>
      SseClient.open(`${t.baseUrl}/api/events/${event.id}/questions/stream`, from(address)),
    );
    afterThisTest.push(() => streams.forEach((stream) => stream.close()));
    expect(count(streams.map((stream) => stream.status))).toEqual({ 200: 1000, 429: 1 });
    const elsewhere = await SseClient.open(`${t.baseUrl}/api/events/${event.id}/questions/stream`, from('198.51.100.26'));
    streams.push(elsewhere);
    expect(elsewhere.status).toBe(200);
    const open = streams.filter((stream) => stream.status === 200);
    const question = await qa.approvedQuestion(event.id, 'Does everyone hear this?');
    await eventually(
      async () => (open.every((stream) => stream.messages.some((message) => message.data.includes(question.id))) ? true : undefined),
      20_000,
      'every stream',
    );
  }, 120_000);
});
