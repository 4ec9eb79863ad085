import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectErrorShape } from '../../../support/http.js';
import { QaFactory } from '../../../support/questions.js';
import { TestApp, type SignedUp } from '../../../support/test-app.js';

describe('questions: votes and the public order', () => {
  let t: TestApp;
  let qa: QaFactory;
  beforeAll(async () => {
    t = await TestApp.start();
    const org: SignedUp = await t.newOrganization();
    qa = new QaFactory(t, org);
  });
  afterAll(() => t.close());

  it('counts one vote per participant under 50 parallel voters, and repeats and unvotes are harmless', async () => {
    const event = await qa.event();
    const question = await qa.approvedQuestion(event.id, 'Can the county stop cooperating with ICE?');
    const voters = await Promise.all(Array.from({ length: 50 }, () => qa.participant(event.id)));
    const results = await Promise.all(voters.map((voter) => qa.vote(question.id, voter)));
    expect(results.map((result) => result.status)).toEqual(voters.map(() => 200));
    // Each vote moved the count by exactly one: the answers are 1 to 50, each once.
    expect(results.map((result) => result.body.votes as number).sort((a, b) => a - b)).toEqual(voters.map((_, i) => i + 1));
    const repeats = await Promise.all(voters.slice(0, 10).map((voter) => qa.vote(question.id, voter)));
    expect(repeats.map((result) => result.body.votes)).toEqual(repeats.map(() => 50));
    const [{ stored }] = await t.sql('SELECT votes AS stored FROM questions WHERE id = $1', [question.id]);
    expect(stored).toBe(50);

    expect((await qa.vote(question.id, voters[0]!, 'DELETE')).body).toEqual({ votes: 49 });
    expect((await qa.vote(question.id, voters[0]!, 'DELETE')).body).toEqual({ votes: 49 });
    const list = await t.api.get(`/api/events/${event.id}/questions`, { headers: { 'x-participant-token': voters[1]! } });
    expect(list.body.items[0]).toMatchObject({ votes: 49, votedByMe: true });
    const mine = await t.api.get(`/api/events/${event.id}/questions`, { headers: { 'x-participant-token': voters[0]! } });
    expect(mine.body.items[0].votedByMe).toBe(false);
    expect((await t.api.get(`/api/events/${event.id}/questions`)).body.items[0].votedByMe).toBeUndefined();
  });

  it('takes votes only on approved questions', async () => {
    const event = await qa.event();
    const participant = await qa.participant(event.id);
    const pending = await qa.ask(event.id, participant, { body: 'Not yet approved' });
    expectErrorShape(await qa.vote(pending.body.question.id, participant), 404);
    const answered = await qa.approvedQuestion(event.id, 'Answered already');
    await qa.moderate(answered.id, { status: 'answered' });
    expect(expectErrorShape(await qa.vote(answered.id, participant), 409).code).toBe('question-answered');
    const open = await qa.approvedQuestion(event.id, 'Open one');
    expectErrorShape(await qa.vote(open.id, 'forged-token-forged-token-forged'), 401);
    expectErrorShape(await t.api.post(`/api/questions/${open.id}/vote`), 401);
  });

  it('orders pinned first, then most votes, then oldest, across pages', async () => {
    const event = await qa.event();
    const questions: { id: string }[] = [];
    for (const body of ['First asked', 'Second asked', 'Third asked', 'Fourth asked', 'Fifth asked']) {
      questions.push(await qa.approvedQuestion(event.id, body));
    }
    const voters = await Promise.all(Array.from({ length: 3 }, () => qa.participant(event.id)));
    const votesFor = async (index: number, count: number) => {
      for (const voter of voters.slice(0, count)) await qa.vote(questions[index]!.id, voter);
    };
    await votesFor(2, 3);
    await votesFor(3, 1);
    await votesFor(1, 1);
    await qa.moderate(questions[4]!.id, { pinned: true });
    const expected = ['Fifth asked', 'Third asked', 'Second asked', 'Fourth asked', 'First asked'];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.api.get(`/api/events/${event.id}/questions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { body: string }) => item.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    const forged = Buffer.from(JSON.stringify([true, 'x', 'y', 'z'])).toString('base64url');
    expectErrorShape(await t.api.get(`/api/events/${event.id}/questions?cursor=${forged}`), 400);
  });
});
