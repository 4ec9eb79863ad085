import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { QuestionStream, STREAM_LIMITS } from '../../../../src/questions/question-stream.js';
import { ConsoleClient } from '../../../support/console.js';
import { eventually } from '../../../support/eventually.js';
import { QaFactory } from '../../../support/questions.js';
import { SseClient } from '../../../support/sse.js';
import { TEST_PASSWORD, TestApp, type SignedUp } from '../../../support/test-app.js';

/**
 * The live Q&A streams are shared out per client address, with a part kept for members and
 * panelists. Over real HTTP behind a trusted proxy (X-Forwarded-For names the client), with the
 * instance's limits scaled down from thousands to a dozen: the rules are the same.
 */
describe('live streams: one client address cannot take them from everyone', () => {
  let t: TestApp;
  let org: SignedUp;
  let qa: QaFactory;
  let event: { id: string };
  let stream: QuestionStream;
  const open: SseClient[] = [];
  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: 'true' });
    org = await t.newOrganization('Shared Streams Society');
    qa = new QaFactory(t, org);
    event = await qa.event({ moderation: 'post' });
    stream = t.app.get(QuestionStream);
    // 9 for the public, 3 kept for members and panelists; 4 per address, 2 per credential.
    Object.assign(stream.limits, { total: 12, reserved: 3, perAddress: 4, perCredential: 2 });
  });
  afterEach(async () => {
    open.splice(0).forEach((client) => client.close());
    await eventually(async () => (totalOpen() === 0 ? true : undefined), 10_000, 'every stream to be given back');
  });
  afterAll(() => t.close());

  const totalOpen = () => Object.values(stream.openStreams()).reduce((sum, count) => sum + count, 0);
  const watch = async (path: string, headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${t.baseUrl}${path}`, headers);
    open.push(client);
    return client;
  };
  const publicStream = (address: string) => watch(`/api/events/${event.id}/questions/stream`, { 'x-forwarded-for': address });
  const body = async (client: SseClient) => {
    await client.end();
    return JSON.parse(client.raw) as { code: string };
  };

  it('keeps the production shares: well above a hall on one Wi-Fi, a tenth of an instance for one address', () => {
    expect(STREAM_LIMITS).toEqual({ total: 10_000, reserved: 1_000, perAddress: 1_000, perCredential: 20 });
  });

  it('answers one address beyond its share with 429 and Retry-After, while another address still gets a stream', async () => {
    const script = '203.0.113.66';
    for (let index = 0; index < 4; index++) expect((await publicStream(script)).status).toBe(200);
    const refused = await publicStream(script);
    expect(refused.status).toBe(429);
    expect(refused.header('retry-after')).toBe('30');
    expect(await body(refused)).toMatchObject({ statusCode: 429, code: 'too-many-streams' });

    const hall = await publicStream('198.51.100.20');
    expect(hall.status).toBe(200);
    // The stream works: a new question reaches it.
    const asked = await qa.ask(event.id, await qa.participant(event.id), { body: 'Will the library stay open late?' });
    expect(asked.status).toBe(201);
    expect((await hall.next((message) => message.event === 'question.approved')).data).toContain('library');

    // A page closed gives its place back to its address.
    open.find((client) => client.status === 200 && client !== hall)!.close();
    const again = await eventually(async () => {
      const client = await publicStream(script);
      return client.status === 200 ? client : undefined;
    });
    expect(again.status).toBe(200);
  });

  it("still opens a member's and panelists' streams when the public took its whole part, then says the instance is full", async () => {
    for (const address of ['203.0.113.1', '203.0.113.2']) for (let index = 0; index < 4; index++) await publicStream(address);
    await publicStream('203.0.113.3');
    expect(open.map((client) => client.status)).toEqual(Array(9).fill(200));
    const full = await publicStream('198.51.100.20');
    expect(full.status).toBe(503);
    expect(full.header('retry-after')).toBe('10');
    expect(await body(full)).toMatchObject({ code: 'unavailable' });

    // A panelist on the script's own address, twice (a laptop and a phone); a third is beyond their share.
    const panelist = await qa.panelist(event.id, 'panelist');
    const panel = `/api/panel/${panelist.token}/questions/stream`;
    expect((await watch(panel, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await watch(panel, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await watch(panel)).status).toBe(429);

    // The moderator's console.
    const member = new ConsoleClient(t);
    await member.signIn(org.organizer.email, TEST_PASSWORD);
    const console = await watch(`/console/events/${event.id}/questions/stream`, { cookie: member.cookieHeader });
    expect(console.status).toBe(200);
    expect(console.header('content-type')).toBe('text/event-stream; charset=utf-8');

    // Now every place of the instance is taken, for anyone.
    const moderator = await qa.panelist(event.id, 'moderator');
    expect((await watch(`/api/panel/${moderator.token}/questions/stream`)).status).toBe(503);
    expect(stream.openStreams()).toEqual({ public: 11, moderator: 1 });
  });

  it('gives every place back when the clients leave, whoever held it', async () => {
    const panelist = await qa.panelist(event.id, 'moderator');
    for (let round = 0; round < 2; round++) {
      for (let index = 0; index < 4; index++) expect((await publicStream('203.0.113.9')).status).toBe(200);
      for (let index = 0; index < 2; index++) expect((await watch(`/api/panel/${panelist.token}/questions/stream`)).status).toBe(200);
      expect(totalOpen()).toBe(6);
      open.splice(0).forEach((client) => client.close());
      await eventually(async () => (totalOpen() === 0 ? true : undefined), 10_000, 'the closed streams to be given back');
    }
  });
});
