import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QaFactory } from '../../../support/questions.js';
import { TestApp, type SignedUp } from '../../../support/test-app.js';

/**
 * Whether a vote counts is decided in one place, the vote statement (it writes only when the
 * rules allow); the service only tells why it did not. Every refusal is driven through both: the
 * answer is a success exactly when the statement wrote the vote.
 */
describe('questions: the vote statement and the answer agree', () => {
  let t: TestApp;
  let qa: QaFactory;
  beforeAll(async () => {
    t = await TestApp.start();
    const org: SignedUp = await t.newOrganization();
    qa = new QaFactory(t, org);
  });
  afterAll(() => t.close());

  const cases: { name: string; event?: string; question?: 'answered' | 'rejected'; pending?: boolean; status: number }[] = [
    { name: 'an approved question of an open event', status: 200 },
    { name: 'a draft event', event: `status = 'draft'`, status: 404 },
    { name: 'a cancelled event', event: `status = 'cancelled'`, status: 403 },
    { name: 'an event over', event: `starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour'`, status: 409 },
    { name: 'questions turned off', event: 'questions_enabled = false', status: 403 },
    { name: 'a pending question', pending: true, status: 404 },
    { name: 'an answered question', question: 'answered', status: 409 },
    { name: 'a rejected question', question: 'rejected', status: 404 },
  ];

  it.each(cases)('for $name: $status', async ({ event: state, question: moderated, pending, status }) => {
    const event = await qa.event();
    const participant = await qa.participant(event.id);
    const questionId = pending
      ? (await qa.ask(event.id, participant, { body: 'Not yet approved' })).body.question.id
      : (await qa.approvedQuestion(event.id, 'Will the clinic stay open?')).id;
    if (moderated) await qa.moderate(questionId, { status: moderated });
    if (state) await t.sql(`UPDATE events SET ${state} WHERE id = $1`, [event.id]);

    const answer = await qa.vote(questionId, participant);
    const [{ written }] = await t.sql(`SELECT count(*)::int AS written FROM question_votes WHERE question_id = $1`, [questionId]);
    expect(answer.status).toBe(status);
    expect(written).toBe(status === 200 ? 1 : 0);
  });
});
